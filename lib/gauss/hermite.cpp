#include "lib/gauss/hermite.hpp"

#include <algorithm>
#include <numbers>
#include <stdexcept>
#include <string>

namespace summit::gauss {

namespace {

constexpr double kInvSqrt2Pi = 0.3989422804014327;  // 1/sqrt(2 pi)

std::string fmt(double v) { return std::to_string(v); }

void check_breakpoints(const std::vector<double>& b) {
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!std::isfinite(b[i]) || std::abs(b[i]) > 8.0)
      throw std::invalid_argument("breakpoint " + fmt(b[i]) +
                                  ": must be finite with |b| <= 8 (tails beyond are negligible)");
    if (i > 0 && !(b[i] > b[i - 1]))
      throw std::invalid_argument("breakpoints must be strictly increasing; got " + fmt(b[i - 1]) +
                                  " then " + fmt(b[i]));
  }
}

int auto_nodes(int K, bool pieces) { return pieces ? std::max(K + 30, 40) : std::max(2 * K + 40, 60); }

int finer(int n, bool pieces) { return pieces ? std::min(2 * n, 300) : std::min(n + n / 2 + 1, 400); }

}  // namespace

Rule normal_rule(const std::vector<double>& b, int n) {
  check_breakpoints(b);
  if (b.empty()) return gauss_hermite(n);
  Rule r;
  const Rule& hl = half_line_gauss(n, 0);
  // left tail z = b_1 - t: phi(z) = phi(b_1) e^{b_1 t} e^{-t^2/2}
  const double b1 = b.front(), bm = b.back();
  for (int j = 0; j < hl.size(); ++j) {
    const double t = hl.x[j];
    r.x.push_back(b1 - t);
    r.w.push_back(hl.w[j] * kInvSqrt2Pi * std::exp(-0.5 * b1 * b1 + b1 * t));
  }
  const Rule& gl = gauss_legendre(n);
  for (std::size_t i = 0; i + 1 < b.size(); ++i) {
    const double mid = 0.5 * (b[i] + b[i + 1]), half = 0.5 * (b[i + 1] - b[i]);
    for (int j = 0; j < gl.size(); ++j) {
      const double z = mid + half * gl.x[j];
      r.x.push_back(z);
      r.w.push_back(half * gl.w[j] * kInvSqrt2Pi * std::exp(-0.5 * z * z));
    }
  }
  for (int j = 0; j < hl.size(); ++j) {  // right tail z = b_m + t
    const double t = hl.x[j];
    r.x.push_back(bm + t);
    r.w.push_back(hl.w[j] * kInvSqrt2Pi * std::exp(-0.5 * bm * bm - bm * t));
  }
  return r;
}

double HermiteExpansion::max_error() const {
  double e = 0;
  for (double v : error) e = std::max(e, v);
  return e;
}

namespace {
std::vector<double> coeffs_with(const std::function<double(double)>& f, int K, const Rule& r) {
  std::vector<double> c(K + 1, 0.0), h(K + 1);
  for (int i = 0; i < r.size(); ++i) {
    const double z = r.x[i], fz = f(z) * r.w[i];
    double hm = 0, hk = 1;
    for (int k = 0; k <= K; ++k) {
      c[k] += fz * hk;
      const double hn = (z * hk - std::sqrt(double(k)) * hm) / std::sqrt(double(k + 1));
      hm = hk;
      hk = hn;
    }
  }
  return c;
}
}  // namespace

HermiteExpansion hermite_coefficients(const std::function<double(double)>& f, int K,
                                      const HermiteOptions& o) {
  if (K < 0 || K > 150)
    throw std::invalid_argument("hermite_coefficients: order K = " + std::to_string(K) +
                                "; allowed 0..150");
  const bool pieces = !o.breakpoints.empty();
  const int n = o.nodes > 0 ? o.nodes : auto_nodes(K, pieces);
  const std::vector<double> c1 = coeffs_with(f, K, normal_rule(o.breakpoints, n));
  const std::vector<double> c2 = coeffs_with(f, K, normal_rule(o.breakpoints, finer(n, pieces)));
  HermiteExpansion e;
  e.c = c2;
  e.error.resize(K + 1);
  for (int k = 0; k <= K; ++k) e.error[k] = std::abs(c2[k] - c1[k]);
  return e;
}

QuadEstimate normal_expectation(const std::function<double(double)>& f, const HermiteOptions& o) {
  const bool pieces = !o.breakpoints.empty();
  const int n = o.nodes > 0 ? o.nodes : auto_nodes(0, pieces);
  auto run = [&](int m) {
    const Rule r = normal_rule(o.breakpoints, m);
    double acc = 0;
    for (int i = 0; i < r.size(); ++i) acc += r.w[i] * f(r.x[i]);
    return acc;
  };
  const double v1 = run(n), v2 = run(finer(n, pieces));
  return {v2, std::abs(v2 - v1)};
}

double mehler(const std::vector<double>& a, const std::vector<double>& b, double rho) {
  const std::size_t n = std::min(a.size(), b.size());
  double acc = 0, p = 1;
  for (std::size_t k = 0; k < n; ++k) {
    acc += a[k] * b[k] * p;
    p *= rho;
  }
  return acc;
}

std::vector<double> hermite_shift(const std::vector<double>& c, double e) {
  const int n = static_cast<int>(c.size());
  std::vector<double> out(n, 0.0);
  for (int k = 0; k < n; ++k) {
    // term_j = sqrt(j!/k!) e^{j-k}/(j-k)!, built incrementally in j
    double term = 1.0;
    for (int j = k; j < n; ++j) {
      if (j > k) term *= std::sqrt(double(j)) * e / double(j - k);
      out[k] += c[j] * term;
    }
  }
  return out;
}

int information_exponent(const std::vector<double>& a, const std::vector<double>& b, double tol) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t k = 1; k < n; ++k)
    if (std::abs(a[k] * b[k]) > tol) return static_cast<int>(k);
  return 0;
}

}  // namespace summit::gauss
