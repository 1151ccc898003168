#include "solvers/fixed_points.hpp"

#include "solvers/detail/quiet_ceres.hpp"
#include "solvers/detail/starts.hpp"
#include "solvers/integrate.hpp"
#include "solvers/self_consistent.hpp"
#include "solvers/stability.hpp"

#include <ceres/ceres.h>

#include <Eigen/QR>

#include <algorithm>
#include <cmath>

namespace summit {

namespace {

// drift(x) = 0 as a Ceres least-squares problem with the model's exact Jacobian.
class DriftCost final : public ceres::CostFunction {
 public:
  explicit DriftCost(const Model& m) : m_(m) {
    set_num_residuals(m.dim());
    mutable_parameter_block_sizes()->push_back(m.dim());
  }
  bool Evaluate(double const* const* p, double* residuals, double** jacobians) const override {
    const Eigen::Map<const Vec> x(p[0], m_.dim());
    Vec dx;
    if (jacobians && jacobians[0]) {
      Mat J;
      m_.drift_jacobian(x, dx, J);
      Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
          jacobians[0], m_.dim(), m_.dim()) = J;
      if (!J.allFinite()) return false;
    } else {
      m_.drift(x, dx);
    }
    std::copy(dx.data(), dx.data() + dx.size(), residuals);
    return dx.allFinite();
  }

 private:
  const Model& m_;
};

// Flows are compared with the known attractors every kCaptureEvery accepted steps (a symmetry
// distance costs about as much as a drift evaluation; a step of dopri5 with the steady event, 7).
constexpr long kCaptureEvery = 4;

// Levenberg-Marquardt is stopped when its cost has fallen by less than a factor kStallFactor over
// the last kStallWindow iterations: such runs (most polishes of far-away random starts) creep
// towards a non-zero local minimum of |drift|^2 for the rest of max_iterations. Measured on the
// K = M = 6 ReLU committee (docs/performance.md, section D): every run that certified fell at least
// ~10x per 100 iterations; those stalled fell 1.01-3x.
constexpr int kStallWindow = 100;
constexpr double kStallFactor = 4.0;

class StallCallback final : public ceres::IterationCallback {
 public:
  ceres::CallbackReturnType operator()(const ceres::IterationSummary& s) override {
    costs_.push_back(s.cost);
    const size_t n = costs_.size();
    if (n > static_cast<size_t>(kStallWindow) &&
        s.cost * kStallFactor > costs_[n - 1 - kStallWindow])
      return ceres::SOLVER_TERMINATE_SUCCESSFULLY;
    return ceres::SOLVER_CONTINUE;
  }

 private:
  std::vector<double> costs_;
};

double max_drift(const Model& m, const Vec& x) {
  Vec dx;
  m.drift(x, dx);
  return dx.allFinite() ? dx.lpNorm<Eigen::Infinity>() : INFINITY;
}

}  // namespace

Status polish_fixed_point(const Model& model, Vec& x, const FixedPointOptions& o,
                          double* residual) {
  if (residual) *residual = INFINITY;
  if (x.size() != model.dim() || !x.allFinite()) return Status::InvalidInput;
  // Already certified (e.g. a candidate polished in a fixed-point subspace, where an equivariant
  // drift's zero is a zero of the whole drift): nothing to do. At K = M = 20 each full-space
  // Levenberg-Marquardt iteration costs a 610 x 610 QR.
  const double r0 = max_drift(model, x);
  if (r0 <= o.tol) {
    if (residual) *residual = r0;
    return model.realisable(x, nullptr) ? Status::Ok : Status::NotRealisable;
  }
  detail::quiet_ceres();
  {
    ceres::Problem problem;
    problem.AddResidualBlock(new DriftCost(model), nullptr, x.data());
    ceres::Solver::Options so;
    so.linear_solver_type = ceres::DENSE_QR;
    so.max_num_iterations = o.max_iterations;
    so.function_tolerance = 1e-20;
    so.gradient_tolerance = 1e-24;
    so.parameter_tolerance = 1e-16;
    so.logging_type = ceres::SILENT;
    so.minimizer_progress_to_stdout = false;
    StallCallback stall;
    so.callbacks.push_back(&stall);
    ceres::Solver::Summary summary;
    ceres::Solve(so, &problem, &summary);
  }
  // Least-squares Newton polish: the minimum-norm step handles the exact zero modes of
  // degenerate points (e.g. the committee's symmetric plateau, whose Jacobian has exact zero modes
  // as lr -> 0, so plain Newton is singular there).
  double r = max_drift(model, x);
  for (int it = 0; it < o.newton_iterations && r > 0; ++it) {
    Vec dx;
    Mat J;
    model.drift_jacobian(x, dx, J);
    if (!J.allFinite()) break;
    Eigen::CompleteOrthogonalDecomposition<Mat> cod(J);
    cod.setThreshold(1e-12);
    const Vec xn = x - cod.solve(dx);
    const double rn = max_drift(model, xn);
    if (!(rn < r)) break;
    x = xn;
    r = rn;
  }
  if (residual) *residual = r;
  if (!std::isfinite(r)) return Status::NonFinite;
  if (!model.realisable(x, nullptr)) return Status::NotRealisable;
  return r <= o.tol ? Status::Ok : Status::NoConvergence;
}

FixedPointResult find_fixed_points(const Model& model, const FixedPointOptions& o) {
  FixedPointResult res;
  const std::vector<NamedPoint> starts =
      detail::gather_starts(model, o.starts, o.special_points, o.random_starts, o.seed);

  // Each start is polished directly and, with flow_time > 0, again after following the drift.
  // For an iteration map (drift = Phi(x) - x, the model's hints().iteration) "following" is the
  // damped iteration x <- x + damping (Phi(x) - x) (0.7: the damping of the GAMP companion codes),
  // to max|Phi(x) - x| <= 1e-9 or
  // 1000 iterations; starts that are not already fixed points (max|drift| > 1e-6, e.g. random
  // ones or the SE's initial state) are then only polished after iterating. Plain damping, not
  // Anderson: Anderson is a root finder and converges to unstable fixed points too (measured: from
  // Q0 = 0.01 I to the unstable Q = 0 of a user z1*z2 channel at alpha = 1), while the damped
  // iteration, like the flow, finds the attractors of the state evolution.
  const IterationPolicy policy = model.hints().iteration;
  const bool iterate = policy.drift_is_map_residual;
  // Stable points found so far (indices into res.points, which only grows until the final sort):
  // a flow that comes within capture_radius of one of them, up to symmetry, is stopped there.
  std::vector<int> attractors;
  auto polish_and_merge = [&](const std::string& name, const Vec& x0) {
    ++res.starts;
    Vec x = x0;
    double r;
    const Status st = polish_fixed_point(model, x, o, &r);
    if (st == Status::NotRealisable) ++res.rejected_unrealisable;
    if (st != Status::Ok) return;
    ++res.converged;
    const int k = detail::find_equivalent(model, res.points, x, o.merge_tol);
    if (k < 0) {
      res.points.push_back({x, model.loss(x), r, name, 1});
      if (o.capture_radius > 0 && !iterate && o.flow_time > 0 &&
          analyse_stability(model, x).kind == StabilityType::Stable)
        attractors.push_back(static_cast<int>(res.points.size()) - 1);
    } else {
      FixedPoint& p = res.points[k];
      ++p.hits;
      if (r < p.residual) {  // keep the better-certified representative
        p.x = x;
        p.residual = r;
      }
    }
  };
  for (const auto& s : starts) {
    if (!iterate || max_drift(model, s.x) <= 1e-6) polish_and_merge(s.name, s.x);
    if (o.flow_time <= 0 || !model.realisable(s.x, nullptr)) continue;
    if (iterate) {
      SelfConsistentOptions so;
      so.method = SelfConsistentOptions::Method::Picard;
      so.damping = policy.damping;
      so.tol = 1e-9;
      so.max_iterations = 1000;
      so.stall_window = 200;
      const FixedPointMap phi = [&model](const Vec& x, Vec& fx) {
        Vec dx;
        model.drift(x, dx);
        fx = x + dx;
      };
      const SelfConsistentResult r = solve_fixed_point(phi, s.x, so);
      if (r.x.size() == s.x.size() && r.x.allFinite()) polish_and_merge(s.name + "+iterate", r.x);
      continue;
    }
    IntegrateOptions io;
    io.times = {0.0, o.flow_time};
    io.method = o.flow_method;
    io.abs_tol = io.rel_tol = o.flow_tol;
    io.events = {parse_event(model, "steady<1e-7")};
    io.stop_when_events_found = true;
    int captured = -1;
    long step = 0;
    if (o.capture_radius > 0)
      io.stop_when = [&](double, const Vec& x) {
        if (++step % kCaptureEvery != 0) return false;
        for (int k : attractors) {
          const Vec& a = res.points[k].x;
          const double scale = std::max(1.0, a.lpNorm<Eigen::Infinity>());
          if (model.equivalent(a, x, o.capture_radius * scale)) {
            captured = k;
            return true;
          }
        }
        return false;
      };
    Trajectory tr = integrate(model, s.x, io);
    if (tr.status != Status::Ok && io.method != IntegrateOptions::Method::Dopri5) {
      // E.g. rosenbrock4 from a start where the Jacobian is not finite (collinear ReLU units):
      // follow the flow as before the stiff integrator, with dopri5 at 1e-10.
      io.method = IntegrateOptions::Method::Dopri5;
      io.abs_tol = io.rel_tol = 1e-10;
      captured = -1;
      step = 0;
      tr = integrate(model, s.x, io);
    }
    if (tr.status != Status::Ok || tr.x.empty()) continue;
    if (captured >= 0) {
      ++res.starts;
      ++res.converged;
      ++res.captured;
      ++res.points[captured].hits;
      continue;
    }
    polish_and_merge(s.name + "+flow",
                     tr.events[0].found ? tr.events[0].state : tr.x.back());
  }
  for (auto& p : res.points) p.loss = model.loss(p.x);
  std::sort(res.points.begin(), res.points.end(),
            [](const FixedPoint& a, const FixedPoint& b) { return a.loss < b.loss; });
  if (res.points.empty()) {
    res.status = Status::NoConvergence;
    res.message = "no start converged to max|drift| <= " + format_real(o.tol) + " (" +
                  std::to_string(res.starts) + " starts)";
  }
  return res;
}

}  // namespace summit
