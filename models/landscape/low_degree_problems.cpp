// Low-degree norms of planted dense subgraph, (multi-layer) SBM, angular and orthogonal group
// synchronisation: the contract is in low_degree_problems.hpp. Everything here is a finite sum
// (binomial / multinomial enumerations and truncated power series); no library offers these
// combinatorial sums, so they are written out.
#include "models/landscape/low_degree_problems.hpp"

#include "lib/params.hpp"
#include "models/landscape/low_degree.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace summit::landscape {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxTerms = 3e6;  // enumeration budget (class counts or angle counts)

std::string fmt(double x) { return format_real(x); }
std::string fmti(long long x) { return std::to_string(x); }

[[noreturn]] void bad(const std::string& name, const std::string& value, const std::string& allowed) {
  throw std::invalid_argument("parameter '" + name + "' = '" + value + "': " + allowed);
}

void check_common(int n, double lambda, int D) {
  if (n < 2) bad("n", fmti(n), "must be >= 2");
  if (!(lambda >= 0) || !std::isfinite(lambda)) bad("lambda", fmt(lambda), "must be finite and >= 0");
  if (D < 0) bad("D", fmti(D), "must be >= 0");
}

// C(n + m - 1, m - 1): the number of compositions of n into m non-negative parts (as a double).
double compositions(int n, int m) {
  return std::exp(std::lgamma(n + m + 0.0) - std::lgamma(n + 1.0) - std::lgamma(m + 0.0));
}

// Calls visit(counts) for every composition of n into counts.size() parts.
void for_each_composition(int n, std::vector<int>& counts, const std::function<void()>& visit,
                          size_t pos = 0) {
  if (pos + 1 == counts.size()) {
    counts[pos] = n;
    visit();
    return;
  }
  for (int c = 0; c <= n; ++c) {
    counts[pos] = c;
    for_each_composition(n - c, counts, visit, pos + 1);
  }
}

// log of the multinomial coefficient n!/prod c_i!
double log_multinomial(int n, const std::vector<int>& counts) {
  double l = std::lgamma(n + 1.0);
  for (int c : counts) l -= std::lgamma(c + 1.0);
  return l;
}

// p <- p * (1 + w t)^N, truncated at degree D = p.size() - 1.
void multiply_binomial_power(std::vector<double>& p, double w, double N) {
  const int D = static_cast<int>(p.size()) - 1;
  std::vector<double> b(D + 1, 0.0);
  b[0] = 1;
  for (int i = 1; i <= D && N - i + 1 > 0; ++i) b[i] = b[i - 1] * (N - i + 1) / i * w;
  for (int j = D; j >= 1; --j) {
    double s = 0;
    for (int i = 1; i <= j; ++i) s += b[i] * p[j - i];
    p[j] += s;
  }
}

// Truncated product of two power series (degree <= J).
std::vector<double> series_mul(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t J = a.size();
  std::vector<double> c(J, 0.0);
  for (size_t i = 0; i < J; ++i)
    for (size_t j = 0; i + j < J; ++j) c[i + j] += a[i] * b[j];
  return c;
}

// The series sum_i (t/n)^i/(i!)^2 (degree <= J): its m-th power has [t^j] = E (X_m/n)^j/(j!)^2,
// X_m = |sum_{i<=m} e^{i phi_i}|^2.
std::vector<double> circle_base_series(double n, int J) {
  std::vector<double> a(J + 1);
  a[0] = 1;
  for (int i = 1; i <= J; ++i) a[i] = a[i - 1] / (n * i * i);
  return a;
}

// E (X_m/scale)^j for j = 0..J (exact, from the m-th power of circle_base_series).
std::vector<double> scaled_circle_moments(int m, double scale, int J) {
  std::vector<double> result(J + 1, 0.0), base = circle_base_series(scale, J);
  result[0] = 1;
  for (unsigned e = static_cast<unsigned>(m); e; e >>= 1) {  // binary powering
    if (e & 1u) result = series_mul(result, base);
    if (e > 1) base = series_mul(base, base);
  }
  double f = 1;
  for (int j = 0; j <= J; ++j) {
    if (j > 0) f *= j;
    result[j] *= f * f;
  }
  return result;
}

// Central moments E (U)^i, U = Y - c, from raw moments E Y^j.
std::vector<double> shifted_moments(const std::vector<double>& raw, double c) {
  const int J = static_cast<int>(raw.size()) - 1;
  std::vector<double> out(J + 1, 0.0);
  for (int i = 0; i <= J; ++i) {
    double binom = 1, s = 0;
    for (int j = 0; j <= i; ++j) {
      s += binom * raw[j] * std::pow(-c, i - j);
      binom = binom * (i - j) / (j + 1);
    }
    out[i] = s;
  }
  return out;
}

// sum_{d<=D} E R^d/d! from the moments E R^d.
double truncated_exp_of_moments(const std::vector<double>& m) {
  double s = 0, f = 1;
  for (size_t d = 0; d < m.size(); ++d) {
    if (d > 0) f *= static_cast<double>(d);
    s += m[d] / f;
  }
  return s;
}

}  // namespace

double truncated_exp_series(const std::vector<double>& g, int D) {
  if (D < 0) bad("D", fmti(D), "must be >= 0");
  std::vector<double> f(D + 1, 0.0);
  f[0] = 1;
  double total = 1;
  for (int j = 1; j <= D; ++j) {
    double s = 0;
    for (int i = 1; i <= j; ++i)
      if (i < static_cast<int>(g.size())) s += i * g[i] * f[j - i];
    f[j] = s / j;
    total += f[j];
  }
  return total;
}

double log_ld_norm_dense_subgraph(int n, double lambda, int D, double rho, double q) {
  check_common(n, lambda, D);
  if (!(rho > 0 && rho <= 1)) bad("rho", fmt(rho), "must be in (0, 1]");
  // The detection scale is 1/(rho^2 n): rho^2 must be a normal double.
  if (!(rho * rho >= std::numeric_limits<double>::min()))
    bad("rho", fmt(rho), "rho^2 underflows double precision; must be >= 1.5e-154");
  if (!(q > 0 && q < 1)) bad("q", fmt(q), "must be in (0, 1)");
  const double p = q + lambda * std::sqrt(q * (1 - q));
  if (p > 1)
    bad("lambda", fmt(lambda),
        "needs p = q + lambda sqrt(q(1 - q)) <= 1, i.e. lambda <= " + fmt(std::sqrt((1 - q) / q)));
  // Terms C(M, d) lambda^{2d} (all >= 0) summed in log space.
  LogSum terms;
  const double r2 = rho * rho, l2 = 2 * std::log(lambda);
  for (int K = 0; K <= n; ++K) {
    const double lp = log_binom_pmf(n, K, r2);
    if (lp == -kInf) continue;
    const double M = K * (K - 1.0) / 2;
    for (int d = 0; d <= D && d <= M; ++d) {
      if (d > 0 && lambda == 0) break;
      const double lc = std::lgamma(M + 1) - std::lgamma(d + 1.0) - std::lgamma(M - d + 1);
      terms.add(lp + lc + (d > 0 ? d * l2 : 0.0));
    }
  }
  return terms.log_total();
}

int sbm_max_exact_n(int k) {
  int n = 2;
  while (compositions(n + 1, k * k) <= kSbmMaxCompositions) ++n;
  return n;
}

double ld_norm_sbm(int n, int k, int layers, double snr, double degree, int D) {
  check_common(n, snr, D);
  if (k < 2) bad("k", fmti(k), "must be >= 2");
  if (layers < 1) bad("L", fmti(layers), "must be >= 1");
  if (!(degree > 0) || !std::isfinite(degree)) bad("degree", fmt(degree), "must be finite and > 0");
  const double s = std::sqrt(snr * degree);
  const double a = degree + (k - 1) * s, b = degree - s;
  if (b < 0)
    bad("lambda", fmt(snr), "needs b = d - sqrt(lambda d) >= 0, i.e. lambda <= degree = " + fmt(degree));
  if (a > n) bad("n", fmti(n), "needs a/n <= 1 (a = " + fmt(a) + ")");
  if (compositions(n, k * k) > kSbmMaxCompositions)
    bad("n", fmti(n),
        "the exact SBM sum enumerates C(n + k^2 - 1, k^2 - 1) class counts; n <= " +
            fmti(sbm_max_exact_n(k)) + " for k = " + fmti(k));
  const double q = degree / n;
  if (!(q < 1)) bad("degree", fmt(degree), "must be < n");
  const double tau2 = (a - b) * (a - b) / (double(n) * n * q * (1 - q));
  const int K2 = k * k;
  auto c = [k](int s1, int s2) { return (s1 == s2 ? 1.0 : 0.0) - 1.0 / k; };
  std::vector<std::vector<double>> w(K2, std::vector<double>(K2));
  for (int u = 0; u < K2; ++u)
    for (int v = 0; v < K2; ++v) w[u][v] = tau2 * c(u / k, v / k) * c(u % k, v % k);
  std::vector<int> counts(K2);
  const double lnorm = -2.0 * n * std::log(double(k));
  double total = 0;
  std::vector<double> poly(D + 1);
  for_each_composition(n, counts, [&] {
    std::fill(poly.begin(), poly.end(), 0.0);
    poly[0] = 1;
    for (int u = 0; u < K2; ++u)
      for (int v = u; v < K2; ++v) {
        const double pairs = u == v ? counts[u] * (counts[u] - 1.0) / 2 : double(counts[u]) * counts[v];
        if (pairs > 0 && w[u][v] != 0) multiply_binomial_power(poly, w[u][v], pairs * layers);
      }
    double e = 0;
    for (double x : poly) e += x;
    total += std::exp(log_multinomial(n, counts) + lnorm) * e;
  });
  return total;
}

double ld_norm_sbm_limit(int k, int layers, double snr, int D) {
  if (k < 2) bad("k", fmti(k), "must be >= 2");
  if (layers < 1) bad("L", fmti(layers), "must be >= 1");
  if (!(snr >= 0) || !std::isfinite(snr)) bad("lambda", fmt(snr), "must be finite and >= 0");
  const double k1 = (k - 1.0) * (k - 1.0), total_snr = layers * snr;
  std::vector<double> g(std::max(D, 2) + 1, 0.0);
  g[2] = k1 * layers * (layers - 1.0) * snr * snr / 4;  // double edges in two distinct layers
  for (int l = 3; l <= D; ++l) g[l] = k1 * std::pow(total_snr, l) / (2.0 * l);  // l-cycles
  return truncated_exp_series(g, D);
}

std::vector<double> circle_sum_moments(int n, int J) {
  if (n < 0) bad("n", fmti(n), "must be >= 0");
  std::vector<double> m = scaled_circle_moments(n, 1.0, J);
  return m;
}

double ld_norm_angular(int n, int L, double lambda, int D) {
  check_common(n, lambda, D);
  if (L < 1) bad("L", fmti(L), "must be >= 1");
  if (L == 1) {
    if (D > 40) bad("D", fmti(D), "the exact moment sum is limited to D <= 40");
    // R = lambda (Y - 1), Y = |S|^2/n
    std::vector<double> raw = scaled_circle_moments(n, double(n), D);
    std::vector<double> cm = shifted_moments(raw, 1.0);
    for (int d = 0; d <= D; ++d) cm[d] *= std::pow(lambda, d);
    return truncated_exp_of_moments(cm);
  }
  const int m = L * D + 1;  // the grid integrates frequencies up to L D exactly
  if (compositions(n, m) > kMaxTerms)
    bad("n", fmti(n),
        "the exact multi-frequency sum enumerates C(n + LD, LD) angle counts (at most 3e6); "
        "lower n, L or D");
  std::vector<int> counts(m);
  std::vector<std::complex<double>> root(m);
  for (int j = 0; j < m; ++j) root[j] = std::polar(1.0, 2 * std::numbers::pi * j / m);
  const double lnorm = -n * std::log(double(m));
  double total = 0;
  for_each_composition(n, counts, [&] {
    double R = 0;
    for (int l = 1; l <= L; ++l) {
      std::complex<double> S = 0;
      for (int j = 0; j < m; ++j)
        if (counts[j]) S += double(counts[j]) * root[(static_cast<long long>(l) * j) % m];
      R += std::norm(S) - n;
    }
    R *= lambda / n;
    total += std::exp(log_multinomial(n, counts) + lnorm) * truncated_exp(R, D);
  });
  return total;
}

double ld_norm_angular_limit(int L, double lambda, int D) {
  if (L < 1) bad("L", fmti(L), "must be >= 1");
  std::vector<double> g(D + 1, 0.0);
  for (int j = 2; j <= D; ++j) g[j] = L * std::pow(lambda, j) / j;
  return truncated_exp_series(g, D);
}

double ld_norm_orthogonal(int n, int r, double lambda, int D) {
  check_common(n, lambda, D);
  if (r == 1) return std::exp(log_ld_norm_wigner(n, lambda, D, 1.0));
  if (r != 2)
    bad("r", fmti(r), "the exact finite-n norm is implemented for r = 1 and r = 2 (finite_n=false: the limit only)");
  if (D > 40) bad("D", fmti(D), "the exact moment sum is limited to D <= 40");
  // O(2): h_i a rotation or a reflection (prob. 1/2 each) at a uniform angle; tr(h_i h_j^T) =
  // 2 cos(phi_i - phi_j) for two of the same kind, 0 otherwise, so with A the rotations and B the
  // reflections R = (2 lambda/n)(|S_A|^2 + |S_B|^2 - n) = 2 lambda (U_A + U_B), U = (|S|^2 - m)/n.
  std::vector<std::vector<double>> U(n + 1);
  for (int m = 0; m <= n; ++m)
    U[m] = shifted_moments(scaled_circle_moments(m, double(n), D), double(m) / n);
  double total = 0;
  for (int nA = 0; nA <= n; ++nA) {
    const double p = std::exp(log_binom_pmf(n, nA, 0.5));
    const auto& a = U[nA];
    const auto& b = U[n - nA];
    std::vector<double> mom(D + 1, 0.0);
    for (int d = 0; d <= D; ++d) {
      double binom = 1, s = 0;
      for (int i = 0; i <= d; ++i) {
        s += binom * a[i] * b[d - i];
        binom = binom * (d - i) / (i + 1);
      }
      mom[d] = s * std::pow(2 * lambda, d);
    }
    total += p * truncated_exp_of_moments(mom);
  }
  return total;
}

double ld_norm_orthogonal_limit(int r, double lambda, int D) {
  if (r < 1) bad("r", fmti(r), "must be >= 1");
  std::vector<double> g(D + 1, 0.0);
  for (int j = 2; j <= D; ++j) g[j] = r * r * std::pow(lambda, j) / (2.0 * j);
  return truncated_exp_series(g, D);
}

}  // namespace summit::landscape
