// Gaussian quadrature rules and Gaussian expectations by quadrature (docs/single_index.md,
// "lib/gauss additions").
//
//  * Rules (computed once by Golub-Welsch and cached; thread-safe):
//      gauss_hermite(n)      nodes/weights for E[f(z)], z ~ N(0,1) (weights sum to 1);
//      gauss_legendre(n)     on [-1, 1] (weights sum to 2);
//      half_line_gauss(n, p) for the weight t^p e^{-t^2/2} on [0, inf), p = 0 or 1 (weights sum
//                            to the integral of the weight: sqrt(pi/2) for p = 0, 1 for p = 1),
//                            from the discretised Stieltjes procedure on a composite
//                            Gauss-Legendre grid.
//  * gauss_expectation(mu, Sigma, g, n): tensor Gauss-Hermite for E[g(u)], u ~ N(mu, Sigma), through
//    a square root of Sigma (eigen-decomposition; singular Sigma allowed). For smooth g. The
//    error estimate compares n and n + n/2 + 1 nodes per dimension.
//  * polar_expectation(c11, c12, c22, g, kinks, ...): E[g(u1, u2)] for a zero-mean 2-D Gaussian
//    whose integrand is smooth except across lines through the origin a.u = 0 (ReLU, sign, step
//    of linear combinations of the fields). In polar coordinates of the whitened variables the
//    kinks are rays: the angle is split at them (Gauss-Legendre per sector, or the periodic
//    trapezoidal rule without kinks) and the radius uses half_line_gauss(n, 1). Piecewise
//    polynomial integrands are integrated exactly up to the degree of the rules. Templated on the
//    scalar (double or Ceres Jets, see scalar.hpp): derivatives with respect to the covariance
//    include the motion of the sector boundaries (Leibniz rule), so d/dC of E[sign(u1) sign(u2)]
//    is right although sign' = 0 almost everywhere.
#pragma once

#include "lib/gauss/monte_carlo.hpp"
#include "lib/gauss/scalar.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace summit::gauss {

struct Rule {
  std::vector<double> x, w;
  int size() const { return static_cast<int>(x.size()); }
};

const Rule& gauss_hermite(int n);            // weight phi(z) on R, sum w = 1
const Rule& gauss_legendre(int n);           // weight 1 on [-1, 1]
const Rule& half_line_gauss(int n, int p);   // weight t^p e^{-t^2/2} on [0, inf), p in {0, 1}

struct QuadEstimate {
  double value = 0;
  double error = 0;  // |value(n) - value(n')| for the finer rule n': an a-posteriori estimate
};

namespace detail {
template <class G>
double tensor_gh(const Eigen::VectorXd& mu, const Eigen::MatrixXd& L, G& g, int n) {
  const Rule& r = gauss_hermite(n);
  const int dim = static_cast<int>(mu.size());
  std::vector<int> idx(dim, 0);
  Eigen::VectorXd v(dim), u(dim);
  double acc = 0;
  while (true) {
    double w = 1;
    for (int i = 0; i < dim; ++i) {
      v[i] = r.x[idx[i]];
      w *= r.w[idx[i]];
    }
    for (int i = 0; i < dim; ++i) {  // u = mu + L v (plain loop: no temporaries per node)
      double a = mu[i];
      for (int j = 0; j < dim; ++j) a += L(i, j) * v[j];
      u[i] = a;
    }
    acc += w * g(static_cast<const Eigen::VectorXd&>(u));
    int k = 0;
    while (k < dim && ++idx[k] == n) idx[k++] = 0;
    if (k == dim) break;
  }
  return acc;
}
}  // namespace detail

// E[g(u)], u ~ N(mu, Sigma), by tensor Gauss-Hermite with n nodes per dimension (n^dim
// evaluations; meant for dim <= 4). g: const Eigen::VectorXd& -> double.
template <class G>
QuadEstimate gauss_expectation(const Eigen::VectorXd& mu, const Eigen::MatrixXd& Sigma, G&& g,
                               int n = 24) {
  const Eigen::MatrixXd L = psd_sqrt(Sigma);
  QuadEstimate e;
  e.value = detail::tensor_gh(mu, L, g, n);
  e.error = std::abs(detail::tensor_gh(mu, L, g, n + n / 2 + 1) - e.value);
  return e;
}

// E[g(u1, u2)] for (u1, u2) ~ N(0, [[c11, c12], [c12, c22]]) with kinks of g only on the lines
// a_j . u = 0 (kinks: the normals a_j), for N integrands at once: g(const T& u1, const T& u2,
// std::array<T, N>& out) fills out[0..N-1]. n_ang nodes per angular sector (or in total without
// kinks), n_rad radial nodes. Requires c11 > 0 (u1 is the pivot of the Cholesky factor);
// c22 - c12^2/c11 <= 0 is treated as exactly singular (its square root is the constant 0).
template <int N, class T, class G>
std::array<T, N> polar_expectations(const T& c11, const T& c12, const T& c22, G&& g,
                                    const std::vector<std::array<double, 2>>& kinks,
                                    int n_ang = 24, int n_rad = 24) {
  using std::atan2;
  using std::cos;
  using std::sin;
  using std::sqrt;
  // u = L v, L = [[l11, 0], [l21, l22]].
  const T l11 = sqrt(c11);
  const T l21 = c12 / l11;
  const T l22 = detail::safe_sqrt(c22 - l21 * l21);
  const double two_pi = detail::kTwoPi;
  const Rule& rr = half_line_gauss(n_rad, 1);
  std::array<T, N> acc, sec, out;
  auto zero = [](std::array<T, N>& a) {
    for (auto& v : a) v = lift<T>(0.0);
  };
  // adds wt * (sum over radii at angle th, radial weight r e^{-r^2/2}) to a
  auto add_ray = [&](const T& th, const T& wt, std::array<T, N>& a) {
    const T ct = cos(th), st = sin(th);
    const T d1 = l11 * ct, d2 = l21 * ct + l22 * st;
    for (int j = 0; j < rr.size(); ++j) {
      const T r = lift<T>(rr.x[j]);
      g(r * d1, r * d2, out);
      const T wj = wt * lift<T>(rr.w[j]);
      for (int k = 0; k < N; ++k) a[k] += wj * out[k];
    }
  };
  zero(acc);
  // Kink angles: a.u = (L^T a).v = 0, i.e. v perpendicular to b = L^T a: th = atan2(b2, b1) +- pi/2.
  std::vector<T> th;
  for (const auto& a : kinks) {
    const T b1 = l11 * lift<T>(a[0]) + l21 * lift<T>(a[1]);
    const T b2 = l22 * lift<T>(a[1]);
    if (std::abs(value(b1)) + std::abs(value(b2)) == 0.0) continue;  // a.u = 0 identically
    const T t0 = atan2(b2, b1) + lift<T>(0.5 * detail::kPi);
    th.push_back(t0);
    th.push_back(t0 + lift<T>(detail::kPi));
  }
  if (th.empty()) {  // periodic trapezoidal rule: exact for trigonometric polynomials
    const T wt = lift<T>(1.0 / n_ang);
    for (int i = 0; i < n_ang; ++i) add_ray(lift<T>(two_pi * (i + 0.5) / n_ang), wt, acc);
    return acc;
  }
  // Wrap into [th0, th0 + 2 pi) with th0 the first angle, then sort by value.
  const T base = th[0];
  for (auto& t : th) {
    while (value(t) < value(base)) t += lift<T>(two_pi);
    while (value(t) >= value(base) + two_pi) t -= lift<T>(two_pi);
  }
  std::sort(th.begin(), th.end(), [](const T& a, const T& b) { return value(a) < value(b); });
  th.push_back(base + lift<T>(two_pi));
  const Rule& gl = gauss_legendre(n_ang);
  for (std::size_t s = 0; s + 1 < th.size(); ++s) {
    const T half = lift<T>(0.5) * (th[s + 1] - th[s]);
    if (value(half) == 0.0) continue;  // coincident kinks
    const T mid = lift<T>(0.5) * (th[s + 1] + th[s]);
    zero(sec);
    for (int i = 0; i < gl.size(); ++i)
      add_ray(mid + half * lift<T>(gl.x[i]), lift<T>(gl.w[i]), sec);
    for (int k = 0; k < N; ++k) acc[k] += half * sec[k];
  }
  for (int k = 0; k < N; ++k) acc[k] /= lift<T>(two_pi);
  return acc;
}

// The single-integrand form: g(const T& u1, const T& u2) -> T.
template <class T, class G>
T polar_expectation(const T& c11, const T& c12, const T& c22, G&& g,
                    const std::vector<std::array<double, 2>>& kinks, int n_ang = 24,
                    int n_rad = 24) {
  auto g1 = [&g](const T& a, const T& b, std::array<T, 1>& out) { out[0] = g(a, b); };
  return polar_expectations<1>(c11, c12, c22, g1, kinks, n_ang, n_rad)[0];
}

}  // namespace summit::gauss
