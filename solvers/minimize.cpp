#include "solvers/minimize.hpp"

#include "solvers/detail/free_hessian.hpp"
#include "solvers/detail/quiet_ceres.hpp"
#include "solvers/detail/starts.hpp"

#include <ceres/ceres.h>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

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
// Newton polish of grad L(u) = 0 with a central finite-difference Hessian of the exact gradient
// (the loss itself cannot resolve the minimum beyond sqrt(machine eps) in u; its gradient can).
// Least-squares steps: the parameterisation has gauge directions (rotations of the weights that
// leave the overlaps unchanged), so the Hessian is singular there. Accepts a step only if the
// gradient norm decreases.
double newton_polish(const Model& m, Vec& u, int iterations) {
  Vec g;
  m.free_loss_gradient(u, &g);
  double gn = g.lpNorm<Eigen::Infinity>();
  for (int it = 0; it < iterations && gn > 0; ++it) {
    const Mat H = detail::free_hessian(m, u);
    Eigen::CompleteOrthogonalDecomposition<Mat> cod(H);
    cod.setThreshold(1e-10);
    const Vec un = u - cod.solve(g);
    Vec gnew;
    m.free_loss_gradient(un, &gnew);
    const double gnn = gnew.lpNorm<Eigen::Infinity>();
    if (!(gnn < gn)) break;
    u = un;
    g = gnew;
    gn = gnn;
  }
  return gn;
}
}  // namespace

MinimizeResult minimize(const Model& model, const MinimizeOptions& o) {
  detail::quiet_ceres();
  MinimizeResult res;
  if (model.free_dim() == 0) {
    res.status = Status::Unsupported;
    res.message = "model '" + model.name() + "' has no realisable parameterisation to minimise over";
    return res;
  }
  const std::vector<NamedPoint> starts =
      detail::gather_starts(model, o.starts, o.special_points, o.random_starts, o.seed);
  std::mt19937_64 rng(o.seed + 1);
  std::normal_distribution<double> N(0.0, 1e-3);

  for (const auto& s : starts) {
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
    const double gn = newton_polish(model, u, 8);
    const double L = model.free_loss_gradient(u, nullptr);
    if (!std::isfinite(L) || !(gn <= o.gradient_tol)) continue;
    ++res.converged;
    const Vec x = model.from_free(u);
    const int k = detail::find_equivalent(model, res.minima, x, o.merge_tol);
    if (k >= 0) {
      ++res.minima[k].hits;
      continue;
    }
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
    const Mat Hu = detail::free_hessian(model, u);
    if (Hu.allFinite()) {
      Eigen::SelfAdjointEigenSolver<Mat> es(Hu, Eigen::EigenvaluesOnly);
      m.free_hessian_eigenvalues = es.eigenvalues();
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
