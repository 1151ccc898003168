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

double dyson_density(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double x, double eta) {
  const DysonResult r = solve_dyson(S, phi, cplx(x, eta));
  if (!r.converged)
    throw std::runtime_error("dyson_density: the Dyson iteration did not converge at x = " +
                             std::to_string(x) + ", eta = " + std::to_string(eta) +
                             " (residual " + std::to_string(r.residual) + "); increase eta");
  double s = 0;
  for (int a = 0; a < phi.size(); ++a) s += phi[a] * r.m[a].imag();
  return s / (kPi * phi.sum());
}

double dyson_right_edge(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double tol) {
  const int k = static_cast<int>(phi.size());
  const Eigen::MatrixXd Sphi = S * phi.asDiagonal();
  // Real solution for real x beyond the edge, continued from large x (Newton on
  // g(m) = m + 1/(x + Sphi m), warm-started), and the spectral radius of diag(m^2) Sphi.
  auto radius = [&](double x, Eigen::VectorXd& m, bool& ok) {
    double res = INFINITY;
    for (int it = 0; it < 100 && res > 1e-14; ++it) {
      const Eigen::VectorXd t = (Sphi * m).array() + x;
      const Eigen::VectorXd g = m + t.cwiseInverse();
      const Eigen::MatrixXd J = Eigen::MatrixXd::Identity(k, k) -
                                t.array().square().inverse().matrix().asDiagonal() * Sphi;
      m -= J.fullPivLu().solve(g);
      const Eigen::VectorXd t2 = (Sphi * m).array() + x;
      res = (m + t2.cwiseInverse()).cwiseAbs().maxCoeff();
    }
    // Below the edge there is no real solution: Newton does not converge there.
    ok = m.allFinite() && (m.array() < 0).all() && res <= 1e-12;
    const Eigen::MatrixXd B = m.array().square().matrix().asDiagonal() * Sphi;
    return B.eigenvalues().cwiseAbs().maxCoeff();
  };
  // Bracket: at hi the real solution is stable (radius < 1); lower x towards the edge.
  double hi = 2 * std::sqrt((Sphi.cwiseAbs().rowwise().sum()).maxCoeff()) + 1.0;
  Eigen::VectorXd m = Eigen::VectorXd::Constant(k, -1.0 / hi), mhi = m;
  bool ok = true;
  radius(hi, mhi, ok);
  double lo = 0.0;
  // Walk down until the stability radius reaches 1 or the real solution is lost.
  for (double x = hi; x > -hi; x -= hi / 64) {
    Eigen::VectorXd mt = mhi;
    const double rad = radius(x, mt, ok);
    if (!ok || rad >= 1) {
      lo = x;
      break;
    }
    hi = x;
    mhi = mt;
  }
  while (hi - lo > tol * std::max(1.0, std::abs(hi))) {
    const double mid = 0.5 * (lo + hi);
    Eigen::VectorXd mt = mhi;
    const double rad = radius(mid, mt, ok);
    if (ok && rad < 1) {
      hi = mid;
      mhi = mt;
    } else {
      lo = mid;
    }
  }
  return hi;
}

}  // namespace summit::rmt
