#include "solvers/minimize.hpp"

#include <ceres/ceres.h>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace summit {

namespace {
class FreeLoss final : public ceres::FirstOrderFunction {
 public:
  explicit FreeLoss(const Model& m) : m_(m) {}
  bool Evaluate(const double* p, double* cost, double* grad) const override {
    const Vec u = Eigen::Map<const Vec>(p, m_.free_dim());
    Vec g;
    *cost = m_.free_loss_gradient(u, grad ? &g : nullptr);
    if (grad) std::copy(g.data(), g.data() + g.size(), grad);
    return std::isfinite(*cost) && (!grad || g.allFinite());
  }
  int NumParameters() const override { return m_.free_dim(); }

 private:
  const Model& m_;
};
}  // namespace

MinimizeResult minimize(const Model& model, const MinimizeOptions& o) {
  MinimizeResult res;
  if (model.free_dim() == 0) {
    res.status = Status::Unsupported;
    res.message = "model '" + model.name() + "' has no realisable parameterisation to minimise over";
    return res;
  }
  std::vector<NamedPoint> starts = o.starts;
  if (o.special_points)
    for (auto& p : model.special_points()) starts.push_back(p);
  std::mt19937_64 rng(o.seed);
  for (int i = 0; i < o.random_starts; ++i)
    starts.push_back({"random#" + std::to_string(i + 1), model.random_state(rng), ""});
  std::normal_distribution<double> N(0.0, 1e-3);

  for (auto& s : starts) {
    ++res.starts;
    if (!model.realisable(s.x, nullptr)) continue;
    Vec u = model.to_free(s.x);
    // A tiny random kick so that starts on a symmetric saddle (where the gradient vanishes
    // exactly) can leave it; minima are unaffected.
    for (int i = 0; i < u.size(); ++i) u[i] += N(rng);
    ceres::GradientProblem problem(new FreeLoss(model));
    ceres::GradientProblemSolver::Options so;
    so.line_search_direction_type = ceres::LBFGS;
    so.max_num_iterations = o.max_iterations;
    so.function_tolerance = 1e-16;
    so.gradient_tolerance = 1e-14;
    so.parameter_tolerance = 1e-16;
    so.logging_type = ceres::SILENT;
    ceres::GradientProblemSolver::Summary summary;
    ceres::Solve(so, problem, u.data(), &summary);
    Vec g;
    const double L = model.free_loss_gradient(u, &g);
    const double gn = g.lpNorm<Eigen::Infinity>();
    if (!std::isfinite(L) || !(gn <= o.gradient_tol)) continue;
    ++res.converged;
    const Vec x = model.from_free(u);
    bool merged = false;
    for (auto& m : res.minima) {
      const double scale = std::max(1.0, m.x.lpNorm<Eigen::Infinity>());
      if (model.symmetry_distance(m.x, x) <= o.merge_tol * scale) {
        ++m.hits;
        merged = true;
        break;
      }
    }
    if (merged) continue;
    Minimum m;
    m.x = x;
    m.loss = L;
    m.gradient_norm = gn;
    m.origin = s.name;
    Mat H;
    model.loss_hessian(x, H);
    if (H.allFinite()) {
      Eigen::SelfAdjointEigenSolver<Mat> es(H, Eigen::EigenvaluesOnly);
      m.hessian_eigenvalues = es.eigenvalues();
    }
    res.minima.push_back(std::move(m));
  }
  std::sort(res.minima.begin(), res.minima.end(),
            [](const Minimum& a, const Minimum& b) { return a.loss < b.loss; });
  if (res.minima.empty()) {
    res.status = Status::NoConvergence;
    res.message = "no start reached gradient norm <= " + format_real(o.gradient_tol);
  }
  return res;
}

}  // namespace summit
