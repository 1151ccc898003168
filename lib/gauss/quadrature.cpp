// Gauss rules by Golub-Welsch (eigen-decomposition of the Jacobi matrix of the three-term
// recurrence), cached per (kind, n).
#include "lib/gauss/quadrature.hpp"

#include <Eigen/Eigenvalues>

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <tuple>

namespace summit::gauss {

namespace {

// Nodes = eigenvalues of the symmetric tridiagonal Jacobi matrix (diagonal a, off-diagonal b).
// Weights by the Christoffel formula w_i = 1 / sum_{k<n} p_k(x_i)^2 with the orthonormal
// polynomials p_k of the recurrence (p_0 = 1/sqrt(mu0)): unlike mu0 v_0^2 from the eigenvectors,
// this keeps the tiny weights of the outer nodes to full relative accuracy, which matters when
// they multiply fast-growing integrands such as h_k(z) for large k.
Rule golub_welsch(const Eigen::VectorXd& a, const Eigen::VectorXd& b, double mu0) {
  const int n = static_cast<int>(a.size());
  Rule r;
  r.x.resize(n);
  r.w.resize(n);
  if (n == 1) {
    r.x[0] = a[0];
    r.w[0] = mu0;
    return r;
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
  es.computeFromTridiagonal(a, b, Eigen::EigenvaluesOnly);
  for (int i = 0; i < n; ++i) {
    const double x = es.eigenvalues()[i];
    double pm = 0, p = 1.0 / std::sqrt(mu0), s = p * p;
    for (int k = 0; k + 1 < n; ++k) {
      const double pn = ((x - a[k]) * p - (k > 0 ? b[k - 1] : 0.0) * pm) / b[k];
      pm = p;
      p = pn;
      s += p * p;
    }
    r.x[i] = x;
    r.w[i] = 1.0 / s;
  }
  return r;
}

// A rule for a weight symmetric about 0 (zero diagonal recurrence, off-diagonals b, total mass),
// symmetrised: the rule is exactly symmetric, so the eigen-solver's rounding is removed.
Rule make_symmetric(const Eigen::VectorXd& b, double mass) {
  const int n = static_cast<int>(b.size()) + 1;
  Rule r = golub_welsch(Eigen::VectorXd::Zero(n), b, mass);
  for (int i = 0; i < n / 2; ++i) {
    const double x = 0.5 * (r.x[n - 1 - i] - r.x[i]), w = 0.5 * (r.w[i] + r.w[n - 1 - i]);
    r.x[i] = -x;
    r.x[n - 1 - i] = x;
    r.w[i] = r.w[n - 1 - i] = w;
  }
  if (n % 2 == 1) r.x[n / 2] = 0.0;
  return r;
}

Rule make_hermite(int n) {
  Eigen::VectorXd b(std::max(n - 1, 0));
  for (int k = 1; k < n; ++k) b[k - 1] = std::sqrt(double(k));  // He_{k+1} = z He_k - k He_{k-1}
  return make_symmetric(b, 1.0);
}

Rule make_legendre(int n) {
  Eigen::VectorXd b(std::max(n - 1, 0));
  for (int k = 1; k < n; ++k) b[k - 1] = k / std::sqrt(4.0 * k * k - 1.0);
  return make_symmetric(b, 2.0);
}

// Weight t^p e^{-t^2/2} on [0, inf): recurrence coefficients by the discretised Stieltjes
// procedure (orthonormal form) on a composite 32-point Gauss-Legendre grid over [0, T] with
// panels of width 1/2. T = sqrt(4n + 2p) + 15 puts the neglected tail of t^{2n+p} e^{-t^2/2}
// below e^{-100} of its mass, and the grid integrates the products of the recurrence exactly to
// rounding (each panel sees a smooth function of width >= 1).
Rule make_half_line(int n, int p) {
  const double T = std::sqrt(4.0 * n + 2.0 * p) + 15.0;
  const int panels = static_cast<int>(std::ceil(T / 0.5));
  const Rule& gl = gauss_legendre(32);
  std::vector<double> t, w;
  for (int k = 0; k < panels; ++k) {
    const double lo = 0.5 * k;
    for (int i = 0; i < gl.size(); ++i) {
      const double ti = lo + 0.25 * (gl.x[i] + 1.0);
      t.push_back(ti);
      w.push_back(0.25 * gl.w[i] * std::pow(ti, p) * std::exp(-0.5 * ti * ti));
    }
  }
  const std::size_t N = t.size();
  double mu0 = 0;
  for (double wi : w) mu0 += wi;
  std::vector<double> q(N, 1.0 / std::sqrt(mu0)), qp(N, 0.0), r(N);
  Eigen::VectorXd a(n), b(std::max(n - 1, 0));
  double bk = 0;
  for (int k = 0; k < n; ++k) {
    double ak = 0;
    for (std::size_t i = 0; i < N; ++i) ak += w[i] * t[i] * q[i] * q[i];
    a[k] = ak;
    if (k == n - 1) break;
    double nr = 0;
    for (std::size_t i = 0; i < N; ++i) {
      r[i] = (t[i] - ak) * q[i] - bk * qp[i];
      nr += w[i] * r[i] * r[i];
    }
    bk = std::sqrt(nr);
    b[k] = bk;
    for (std::size_t i = 0; i < N; ++i) {
      qp[i] = q[i];
      q[i] = r[i] / bk;
    }
  }
  return golub_welsch(a, b, mu0);
}

const Rule& cached(int kind, int n, int p) {
  static std::recursive_mutex mu;  // recursive: make_half_line uses gauss_legendre
  static std::map<std::tuple<int, int, int>, std::unique_ptr<Rule>> cache;
  std::lock_guard<std::recursive_mutex> lock(mu);
  auto& slot = cache[{kind, n, p}];
  if (!slot) {
    if (kind == 0) slot = std::make_unique<Rule>(make_hermite(n));
    else if (kind == 1) slot = std::make_unique<Rule>(make_legendre(n));
    else slot = std::make_unique<Rule>(make_half_line(n, p));
  }
  return *slot;
}

void check_n(int n, const char* what) {
  if (n < 1 || n > 400)
    throw std::invalid_argument(std::string(what) + ": number of nodes n = " + std::to_string(n) +
                                "; allowed 1..400");
}

}  // namespace

const Rule& gauss_hermite(int n) {
  check_n(n, "gauss_hermite");
  return cached(0, n, 0);
}

const Rule& gauss_legendre(int n) {
  check_n(n, "gauss_legendre");
  return cached(1, n, 0);
}

const Rule& half_line_gauss(int n, int p) {
  check_n(n, "half_line_gauss");
  if (p != 0 && p != 1)
    throw std::invalid_argument("half_line_gauss: power p = " + std::to_string(p) +
                                "; allowed 0 or 1");
  if (n > 300)  // the discretised Stieltjes procedure loses accuracy beyond (measured: ok at 300)
    throw std::invalid_argument("half_line_gauss: n = " + std::to_string(n) + "; allowed 1..300");
  return cached(2, n, p);
}

}  // namespace summit::gauss
