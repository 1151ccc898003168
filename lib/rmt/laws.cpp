#include "lib/rmt/laws.hpp"

#include <Eigen/Eigenvalues>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace summit::rmt {

namespace {
constexpr double kPi = std::numbers::pi;

// sqrt(z - a) sqrt(z - b) with principal square roots: analytic on C minus [a, b], ~ z at
// infinity. It selects the Stieltjes branch of the quadratic equations on the whole plane,
// including the real axis outside the support (a smaller-modulus rule fails there when there is
// an atom at 0).
cplx branch_sqrt(cplx z, double a, double b) { return std::sqrt(z - a) * std::sqrt(z - b); }

// int_a^b f(x) sqrt((b - x)(x - a)) dx by second-kind Gauss-Chebyshev:
// x = c + r cos t, nodes t_k = k pi/(n+1), weights pi/(n+1) sin^2 t_k, times r^2.
double chebyshev2(const std::function<double(double)>& f, double a, double b, int n) {
  const double c = 0.5 * (a + b), r = 0.5 * (b - a);
  double s = 0;
  for (int k = 1; k <= n; ++k) {
    const double t = k * kPi / (n + 1), st = std::sin(t);
    s += st * st * f(c + r * std::cos(t));
  }
  return s * kPi / (n + 1) * r * r;
}
}  // namespace

std::pair<double, double> Semicircle::edges() const {
  const double e = 2 * std::sqrt(sigma2);
  return {-e, e};
}
double Semicircle::density(double x) const {
  const double e = 4 * sigma2 - x * x;
  return e > 0 ? std::sqrt(e) / (2 * kPi * sigma2) : 0.0;
}
cplx Semicircle::stieltjes(cplx z) const {
  // sigma2 m^2 + z m + 1 = 0:  m = (-z + sqrt(z - 2 sigma) sqrt(z + 2 sigma)) / (2 sigma2)
  const auto [a, b] = edges();
  return (-z + branch_sqrt(z, a, b)) / (2 * sigma2);
}
double Semicircle::integrate(const std::function<double(double)>& f, int n) const {
  const auto [a, b] = edges();
  return chebyshev2(f, a, b, n) / (2 * kPi * sigma2);
}

std::pair<double, double> MarchenkoPastur::edges() const {
  const double s = std::sqrt(q);
  return {sigma2 * (1 - s) * (1 - s), sigma2 * (1 + s) * (1 + s)};
}
double MarchenkoPastur::density(double x) const {
  const auto [a, b] = edges();
  if (x <= a || x >= b) return 0.0;
  return std::sqrt((b - x) * (x - a)) / (2 * kPi * sigma2 * q * x);
}
cplx MarchenkoPastur::stieltjes(cplx z) const {
  // q sigma2 z m^2 + (z - sigma2 (1 - q)) m + 1 = 0:
  // m = (sigma2 (1 - q) - z + sqrt(z - a) sqrt(z - b)) / (2 q sigma2 z); at z -> 0 this carries
  // the atom -(1 - 1/q)/z when q > 1.
  const auto [a, b] = edges();
  return (sigma2 * (1 - q) - z + branch_sqrt(z, a, b)) / (2 * q * sigma2 * z);
}
double MarchenkoPastur::integrate(const std::function<double(double)>& f, int n) const {
  const auto [a, b] = edges();
  double cont;
  if (a <= 1e-14 * b) {
    // q = 1: the density ~ x^{-1/2} at 0. With x = u^2: int_0^b f(x) sqrt((b - x) x)/x dx =
    // int_{-sqrt b}^{sqrt b} f(u^2) sqrt(b - u^2) du, again a second-kind Chebyshev integral.
    const double rb = std::sqrt(b);
    cont = chebyshev2([&](double u) { return f(u * u); }, -rb, rb, n) / (2 * kPi * sigma2 * q);
  } else {
    cont = chebyshev2([&](double x) { return f(x) / x; }, a, b, n) / (2 * kPi * sigma2 * q);
  }
  return cont + atom() * (atom() > 0 ? f(0.0) : 0.0);
}

double MarchenkoPastur::integrate_range(const std::function<double(double)>& f, double lo,
                                        double hi, double tol) const {
  const auto [a, b] = edges();
  lo = std::max(lo, a);
  hi = std::min(hi, b);
  if (!(hi > lo)) return 0.0;
  // x = c + r cos(theta), theta in [0, pi]: sqrt((b - x)(x - a)) dx = r^2 sin^2(theta) dtheta.
  const double c = 0.5 * (a + b), r = 0.5 * (b - a);
  const double t_lo = std::acos(std::clamp((hi - c) / r, -1.0, 1.0));
  const double t_hi = std::acos(std::clamp((lo - c) / r, -1.0, 1.0));
  auto g = [&](double t) {
    const double x = c + r * std::cos(t), st = std::sin(t);
    return x > 0 ? f(x) * r * r * st * st / (2 * kPi * sigma2 * q * x) : 0.0;
  };
  return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(g, t_lo, t_hi, 15, tol);
}

DysonResult solve_dyson(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, cplx z, double tol,
                        int max_iterations, const Eigen::VectorXcd* start) {
  const int k = static_cast<int>(phi.size());
  if (S.rows() != k || S.cols() != k)
    throw std::invalid_argument("solve_dyson: S must be k x k with k = size of phi");
  if (!(z.imag() > 0)) throw std::invalid_argument("solve_dyson: needs Im z > 0");
  const Eigen::MatrixXcd Sphi = (S * phi.asDiagonal()).cast<cplx>();
  DysonResult r;
  r.m = start ? *start : Eigen::VectorXcd::Constant(k, cplx(0, 1));
  for (r.iterations = 0; r.iterations < max_iterations; ++r.iterations) {
    const Eigen::VectorXcd t = (Sphi * r.m).array() + z;
    const Eigen::VectorXcd F = -t.cwiseInverse();
    r.residual = (F - r.m).cwiseAbs().maxCoeff();
    if (r.residual <= tol * std::max(1.0, r.m.cwiseAbs().maxCoeff())) {
      r.m = F;
      r.converged = true;
      return r;
    }
    r.m = 0.5 * (r.m + F);
  }
  return r;
}

namespace {
// Newton on m + 1/(z + S diag(phi) m) = 0 from `m` (complex); true if converged with Im m > 0.
bool dyson_newton(const Eigen::MatrixXcd& Sphi, cplx z, Eigen::VectorXcd& m) {
  const int k = static_cast<int>(m.size());
  for (int it = 0; it < 50; ++it) {
    const Eigen::VectorXcd t = (Sphi * m).array() + z;
    const Eigen::VectorXcd g = m + t.cwiseInverse();
    if (g.cwiseAbs().maxCoeff() <= 1e-14 * std::max(1.0, m.cwiseAbs().maxCoeff()))
      return m.allFinite() && (m.imag().array() > 0).all();
    const Eigen::MatrixXcd J = Eigen::MatrixXcd::Identity(k, k) -
                               t.array().square().inverse().matrix().asDiagonal() * Sphi;
    m -= J.fullPivLu().solve(g);
    if (!m.allFinite()) return false;
  }
  return false;
}
}  // namespace

double dyson_density(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double x, double eta) {
  DysonResult r = solve_dyson(S, phi, cplx(x, eta));
  if (!r.converged && S.size() > 0) {
    // Close to the real axis near an edge the averaged iteration is slow. Continuation in eta:
    // solve at eta0 = the spectral scale (fast), then halve eta with Newton warm-started from
    // the previous solution (the solution is analytic in z off the real axis).
    const Eigen::MatrixXd Sphi = S * phi.asDiagonal();
    const double scale = std::sqrt(std::max(Sphi.cwiseAbs().rowwise().sum().maxCoeff(), 1e-300));
    double e = std::max(eta, scale);
    DysonResult c = solve_dyson(S, phi, cplx(x, e));
    bool ok = c.converged;
    const Eigen::MatrixXcd Sc = Sphi.cast<cplx>();
    while (ok && e > eta) {
      e = std::max(eta, 0.5 * e);
      ok = dyson_newton(Sc, cplx(x, e), c.m);
    }
    if (ok) {
      r.m = c.m;
      r.converged = true;
    }
  }
  if (!r.converged)
    throw std::runtime_error("dyson_density: the Dyson iteration did not converge at x = " +
                             std::to_string(x) + ", eta = " + std::to_string(eta) +
                             " (residual " + std::to_string(r.residual) + "); increase eta");
  double s = 0;
  for (int a = 0; a < phi.size(); ++a) s += phi[a] * r.m[a].imag();
  return s / (kPi * phi.sum());
}

DysonRealResult solve_dyson_real(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double x,
                                 const Eigen::VectorXd* start) {
  const int k = static_cast<int>(phi.size());
  if (S.rows() != k || S.cols() != k)
    throw std::invalid_argument("solve_dyson_real: S must be k x k with k = size of phi");
  const Eigen::MatrixXd Sphi = S * phi.asDiagonal();
  DysonRealResult r;
  r.m = start ? *start : Eigen::VectorXd::Zero(k);
  for (r.iterations = 0; r.iterations < 300; ++r.iterations) {
    const Eigen::VectorXd t = (Sphi * r.m).array() + x;
    if (!(t.array() > 0).all()) return r;  // left the domain: no real solution (below the edge)
    const Eigen::VectorXd g = r.m + t.cwiseInverse();
    if (g.cwiseAbs().maxCoeff() <= 1e-15 * std::max(1.0, r.m.cwiseAbs().maxCoeff())) {
      r.converged = true;
      break;
    }
    const Eigen::MatrixXd J = Eigen::MatrixXd::Identity(k, k) -
                              t.array().square().inverse().matrix().asDiagonal() * Sphi;
    // The iterates stay above the solution, where diag(1/t^2) S diag(phi) <= diag(m*^2) S
    // diag(phi) has spectral radius < 1, i.e. J is a nonsingular M-matrix (J^{-1} >= 0). If not,
    // there is no stable real solution: x is at or below the edge. Stop early.
    const Eigen::MatrixXd Ji = J.inverse();
    if (!Ji.allFinite() || (Ji.array() < -1e-12 * Ji.cwiseAbs().maxCoeff()).any()) return r;
    const Eigen::VectorXd step = Ji * g;
    if (!step.allFinite()) return r;
    r.m -= step;
    // Monotone from a super-solution: once the step stalls at rounding level, stop.
    if (step.cwiseAbs().maxCoeff() <= 1e-16 * std::max(1.0, r.m.cwiseAbs().maxCoeff())) {
      const Eigen::VectorXd t2 = (Sphi * r.m).array() + x;
      r.converged = (t2.array() > 0).all() &&
                    (r.m + t2.cwiseInverse()).cwiseAbs().maxCoeff() <=
                        1e-12 * std::max(1.0, r.m.cwiseAbs().maxCoeff());
      break;
    }
  }
  if (!r.converged || !(r.m.array() < 0).all()) {
    r.converged = false;
    return r;
  }
  const Eigen::MatrixXd B = r.m.array().square().matrix().asDiagonal() * Sphi;
  r.radius = B.eigenvalues().cwiseAbs().maxCoeff();
  // Above the edge the physical solution is the stable one; radius >= 1 means we are at (or
  // numerically below) the edge.
  r.converged = r.radius < 1;
  return r;
}

namespace {
// Newton on the fold system in (m, w, x) (see dyson_edge), from a point near the edge.
bool polish_edge(const Eigen::MatrixXd& Sphi, double& x, Eigen::VectorXd& m) {
  const int k = static_cast<int>(m.size());
  const Eigen::MatrixXd B = m.array().square().matrix().asDiagonal() * Sphi;
  Eigen::EigenSolver<Eigen::MatrixXd> es(B);
  int top = 0;
  for (int i = 1; i < k; ++i)
    if (es.eigenvalues()[i].real() > es.eigenvalues()[top].real()) top = i;
  Eigen::VectorXd w = es.eigenvectors().col(top).real();
  if (w.sum() < 0) w = -w;
  const Eigen::VectorXd l = w / w.squaredNorm();
  const int n = 2 * k + 1;
  Eigen::VectorXd y(n);
  y << m, w, x;
  auto residual = [&](const Eigen::VectorXd& v, Eigen::VectorXd& F, Eigen::MatrixXd* Jac) {
    const Eigen::VectorXd mm = v.head(k), ww = v.segment(k, k);
    const double xx = v[2 * k];
    const Eigen::VectorXd t = (Sphi * mm).array() + xx;
    const Eigen::VectorXd Sw = Sphi * ww;
    F.resize(n);
    F.head(k) = mm + t.cwiseInverse();
    F.segment(k, k) = ww - mm.array().square().matrix().cwiseProduct(Sw);
    F[2 * k] = l.dot(ww) - 1;
    if (!Jac) return;
    Jac->setZero(n, n);
    const Eigen::VectorXd it2 = t.array().square().inverse();
    Jac->block(0, 0, k, k) = Eigen::MatrixXd::Identity(k, k) - it2.asDiagonal() * Sphi;
    Jac->block(0, 2 * k, k, 1) = -it2;
    Jac->block(k, 0, k, k) = (-2 * mm.cwiseProduct(Sw)).asDiagonal();
    Jac->block(k, k, k, k) =
        Eigen::MatrixXd::Identity(k, k) - mm.array().square().matrix().asDiagonal() * Sphi;
    Jac->block(2 * k, k, 1, k) = l.transpose();
  };
  Eigen::VectorXd F;
  Eigen::MatrixXd Jac;
  for (int it = 0; it < 30; ++it) {
    residual(y, F, &Jac);
    if (!F.allFinite()) return false;
    if (F.cwiseAbs().maxCoeff() <= 1e-14) {
      const Eigen::VectorXd mm = y.head(k);
      if (!(mm.array() < 0).all() || !(std::abs(y[2 * k] - x) <= 1e-4 * std::max(1.0, x)))
        return false;
      x = y[2 * k];
      m = mm;
      return true;
    }
    const Eigen::VectorXd step = Jac.fullPivLu().solve(F);
    if (!step.allFinite()) return false;
    y -= step;
  }
  return false;
}
}  // namespace

DysonEdge dyson_edge(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double tol) {
  const int k = static_cast<int>(phi.size());
  if (S.rows() != k || S.cols() != k)
    throw std::invalid_argument("dyson_edge: S must be k x k with k = size of phi");
  const Eigen::MatrixXd Sphi0 = S * phi.asDiagonal();
  if (!Sphi0.allFinite() || (Sphi0.array() < 0).any())
    throw std::invalid_argument("dyson_edge: S diag(phi) must be finite and >= 0");
  const double scale = Sphi0.rowwise().sum().maxCoeff();
  if (!(scale > 0)) throw std::invalid_argument("dyson_edge: S diag(phi) = 0 (no bulk)");
  // Normalised problem: max row sum 1, so the edge lies in (0, 2] (the norm bound).
  const Eigen::MatrixXd Sn = S / scale;
  double hi = 2.5, lo = 0.0;
  DysonRealResult rhi = solve_dyson_real(Sn, phi, hi);
  if (!rhi.converged)
    throw std::runtime_error("dyson_edge: no stable real solution at x = 2.5 (normalised)");
  while (hi - lo > tol * hi) {
    const double mid = 0.5 * (lo + hi);
    const DysonRealResult r = solve_dyson_real(Sn, phi, mid, &rhi.m);
    if (r.converged) {
      hi = mid;
      rhi = r;
    } else {
      lo = mid;
    }
  }
  DysonEdge e;
  double x = hi;
  Eigen::VectorXd m = rhi.m;
  e.polished = polish_edge(Sn * phi.asDiagonal(), x, m);
  if (!e.polished) {
    x = hi;
    m = rhi.m;
  }
  const double sq = std::sqrt(scale);
  e.x = x * sq;
  e.m = m / sq;
  return e;
}

double dyson_right_edge(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double tol) {
  return dyson_edge(S, phi, tol).x;
}

}  // namespace summit::rmt
