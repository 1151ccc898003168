#include "solvers/self_consistent.hpp"

#include <Eigen/QR>

#include <cmath>
#include <deque>

namespace summit {

namespace {

// The residual g = F(x) - x and its max-norm (infinity if anything is not finite).
double residual(const FixedPointMap& F, const Vec& x, Vec& g, int& evals) {
  Vec fx;
  F(x, fx);
  ++evals;
  if (fx.size() != x.size()) {
    g = Vec::Constant(x.size(), NAN);
    return INFINITY;
  }
  g = fx - x;
  return g.allFinite() ? g.lpNorm<Eigen::Infinity>() : INFINITY;
}

// Shared bookkeeping of the iterations: success, divergence, non-finite values, stall and
// oscillation (x_{n} returning to x_{n-2} while the residual does not decrease).
class Monitor {
 public:
  Monitor(const SelfConsistentOptions& o, SelfConsistentResult& res) : o_(o), res_(res) {}

  // Returns true when the iteration must stop (res_.status says why).
  bool stop(int it, const Vec& x, double r) {
    res_.iterations = it;
    res_.x = x;
    res_.residual = r;
    if (r <= o_.tol) {
      res_.status = Status::Ok;
      return true;
    }
    if (!std::isfinite(r) || !x.allFinite()) {
      return fail(Status::NonFinite, "non-finite value at iteration " + std::to_string(it));
    }
    if (x.lpNorm<Eigen::Infinity>() > o_.divergence_bound)
      return fail(Status::Diverged, "|x| exceeded " + format_real(o_.divergence_bound) +
                                        " at iteration " + std::to_string(it));
    if (r < 0.99 * best_) {
      best_ = r;
      best_it_ = it;
    }
    if (prev2_.size() == x.size() && it - best_it_ > 4 &&
        (x - prev2_).lpNorm<Eigen::Infinity>() <= 1e-10 * (1 + x.lpNorm<Eigen::Infinity>()) &&
        (x - prev1_).lpNorm<Eigen::Infinity>() > 1e3 * o_.tol)
      return fail(Status::Oscillating, "period-2 oscillation with residual " + format_real(r) +
                                           " at iteration " + std::to_string(it));
    if (it - best_it_ > o_.stall_window)
      return fail(Status::Stalled, "no progress for " + std::to_string(o_.stall_window) +
                                       " iterations (residual " + format_real(r) + ")");
    if (it >= o_.max_iterations)
      return fail(Status::MaxSteps, "iteration limit " + std::to_string(o_.max_iterations) +
                                        " reached (residual " + format_real(r) + ")");
    prev2_ = prev1_;
    prev1_ = x;
    return false;
  }

 private:
  bool fail(Status s, std::string m) {
    res_.status = s;
    res_.message = std::move(m);
    return true;
  }
  const SelfConsistentOptions& o_;
  SelfConsistentResult& res_;
  double best_ = INFINITY;
  int best_it_ = 0;
  Vec prev1_, prev2_;
};

SelfConsistentResult picard(const FixedPointMap& F, const Vec& x0, const SelfConsistentOptions& o) {
  SelfConsistentResult res;
  res.method = "picard";
  Monitor mon(o, res);
  Vec x = x0, g;
  double r = residual(F, x, g, res.evaluations);
  for (int it = 0;; ++it) {
    if (mon.stop(it, x, r)) break;
    x += o.damping * g;
    r = residual(F, x, g, res.evaluations);
  }
  return res;
}

// Anderson acceleration (type II; Walker & Ni, SIAM J. Numer. Anal. 49, 1715 (2011)): the next
// iterate mixes the last `depth` iterates so that the linearised residual is least-squares
// minimal: x+ = x + b g - (dX + b dG) gamma, gamma = argmin |g - dG gamma|.
SelfConsistentResult anderson(const FixedPointMap& F, const Vec& x0,
                              const SelfConsistentOptions& o) {
  SelfConsistentResult res;
  res.method = "anderson";
  Monitor mon(o, res);
  Vec x = x0, g, xp, gp;
  double r = residual(F, x, g, res.evaluations);
  std::deque<Vec> dX, dG;
  for (int it = 0;; ++it) {
    if (mon.stop(it, x, r)) break;
    if (it > 0) {
      dX.push_back(x - xp);
      dG.push_back(g - gp);
      if (static_cast<int>(dX.size()) > o.anderson_depth) {
        dX.pop_front();
        dG.pop_front();
      }
    }
    xp = x;
    gp = g;
    Vec step = o.damping * g;
    if (!dX.empty()) {
      const int m = static_cast<int>(dX.size());
      Mat DX(x.size(), m), DG(x.size(), m);
      for (int j = 0; j < m; ++j) {
        DX.col(j) = dX[j];
        DG.col(j) = dG[j];
      }
      Eigen::CompleteOrthogonalDecomposition<Mat> cod(DG);
      const Vec gamma = cod.solve(g);
      if (gamma.allFinite()) step -= (DX + o.damping * DG) * gamma;
    }
    x = xp + step;
    r = residual(F, x, g, res.evaluations);
  }
  return res;
}

// Newton on g(x) = F(x) - x = 0 with the exact Jacobian and a backtracking line search on |g|;
// minimum-norm steps (complete orthogonal decomposition) where J - I is singular.
SelfConsistentResult newton(const FixedPointMapJacobian& F, const Vec& x0,
                            const SelfConsistentOptions& o) {
  SelfConsistentResult res;
  res.method = "newton";
  Monitor mon(o, res);
  auto eval = [&](const Vec& x, Vec& g, Mat* J) {
    Vec fx;
    Mat Jx;
    F(x, fx, Jx);
    ++res.evaluations;
    g = fx - x;
    if (J) *J = Jx - Mat::Identity(x.size(), x.size());
    return g.allFinite() ? g.lpNorm<Eigen::Infinity>() : INFINITY;
  };
  Vec x = x0, g;
  Mat J;
  double r = eval(x, g, &J);
  for (int it = 0;; ++it) {
    if (mon.stop(it, x, r)) break;
    Eigen::CompleteOrthogonalDecomposition<Mat> cod(J);
    const Vec delta = -cod.solve(g);
    double lambda = 1;
    Vec xn, gn;
    double rn = INFINITY;
    for (int k = 0; k < 30; ++k, lambda /= 2) {
      xn = x + lambda * delta;
      rn = eval(xn, gn, nullptr);
      if (rn < (1 - 1e-4 * lambda) * r) break;
    }
    if (!(rn < r)) {
      res.status = Status::Stalled;
      res.message = "Newton line search found no decrease (residual " + format_real(r) + ")";
      break;
    }
    x = xn;
    r = eval(x, g, &J);
  }
  return res;
}

}  // namespace

SelfConsistentResult solve_fixed_point(const FixedPointMap& F, const Vec& x0,
                                       const SelfConsistentOptions& o) {
  if (o.method == SelfConsistentOptions::Method::Newton) {
    SelfConsistentResult r;
    r.status = Status::InvalidInput;
    r.message = "Newton needs the Jacobian of the map";
    return r;
  }
  if (!(o.damping > 0 && o.damping <= 1)) {
    SelfConsistentResult r;
    r.status = Status::InvalidInput;
    r.message = "damping = " + format_real(o.damping) + ": must be in (0, 1]";
    return r;
  }
  return o.method == SelfConsistentOptions::Method::Picard ? picard(F, x0, o) : anderson(F, x0, o);
}

SelfConsistentResult solve_fixed_point(const FixedPointMapJacobian& F, const Vec& x0,
                                       const SelfConsistentOptions& o) {
  const FixedPointMap f = [&](const Vec& x, Vec& fx) {
    Mat J;
    F(x, fx, J);
  };
  switch (o.method) {
    case SelfConsistentOptions::Method::Picard:
    case SelfConsistentOptions::Method::Anderson: return solve_fixed_point(f, x0, o);
    case SelfConsistentOptions::Method::Newton: return newton(F, x0, o);
    case SelfConsistentOptions::Method::Auto: break;
  }
  SelfConsistentResult r = newton(F, x0, o);
  if (r.status == Status::Ok) return r;
  SelfConsistentResult a = solve_fixed_point(f, x0, o);
  a.evaluations += r.evaluations;
  a.method = "newton, then anderson";
  return a;
}

ComplexSelfConsistentResult solve_complex_fixed_point(const ComplexFixedPointMap& F,
                                                      const Eigen::VectorXcd& z0,
                                                      const SelfConsistentOptions& o) {
  const int n = static_cast<int>(z0.size());
  auto to_complex = [n](const Vec& x) {
    Eigen::VectorXcd z(n);
    for (int i = 0; i < n; ++i) z[i] = {x[i], x[n + i]};
    return z;
  };
  const FixedPointMap f = [&](const Vec& x, Vec& fx) {
    Eigen::VectorXcd fz;
    F(to_complex(x), fz);
    fx.resize(2 * n);
    if (fz.size() != n) {
      fx.setConstant(NAN);
      return;
    }
    fx.head(n) = fz.real();
    fx.tail(n) = fz.imag();
  };
  Vec x0(2 * n);
  x0.head(n) = z0.real();
  x0.tail(n) = z0.imag();
  SelfConsistentOptions oo = o;
  if (oo.method == SelfConsistentOptions::Method::Newton ||
      oo.method == SelfConsistentOptions::Method::Auto)
    oo.method = SelfConsistentOptions::Method::Anderson;
  ComplexSelfConsistentResult res;
  res.real = solve_fixed_point(f, x0, oo);
  res.z = res.real.x.size() == 2 * n ? to_complex(res.real.x) : Eigen::VectorXcd(0);
  return res;
}

}  // namespace summit
