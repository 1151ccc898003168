#include "models/spectral/gamp_se_exact.hpp"

#include "lib/gauss/quadrature.hpp"
#include "models/spectral/gamp_se_model.hpp"

#include <Eigen/Dense>

#include <boost/math/special_functions/bessel.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

namespace summit::spectral {

namespace {

// Generalised Gauss-Laguerre rule for the Gamma(a + 1) law, weight u^a e^{-u} / Gamma(a + 1) on
// [0, inf) (weights sum to 1), by Golub-Welsch: the monic Laguerre recurrence has diagonal
// 2k + a + 1 and off-diagonal sqrt(k (k + a)). Cached per (n, a).
const gauss::Rule& gamma_rule(int n, double a) {
  static std::mutex mu;
  static std::map<std::pair<int, double>, std::unique_ptr<gauss::Rule>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = cache[{n, a}];
  if (!slot) {
    Eigen::VectorXd d(n), e(std::max(n - 1, 0));
    for (int k = 0; k < n; ++k) d[k] = 2 * k + a + 1;
    for (int k = 1; k < n; ++k) e[k - 1] = std::sqrt(k * (k + a));
    auto r = std::make_unique<gauss::Rule>();
    if (n == 1) {
      r->x = {a + 1};
      r->w = {1};
    } else {
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
      es.computeFromTridiagonal(d, e, Eigen::ComputeEigenvectors);
      for (int i = 0; i < n; ++i) {
        r->x.push_back(es.eigenvalues()[i]);
        const double v = es.eigenvectors()(0, i);
        r->w.push_back(v * v);
      }
    }
    slot = std::move(r);
  }
  return *slot;
}

// Sum of the Hankel asymptotic series of e^{-k} sqrt(2 pi k) I_nu(k):
// sum_j (-1)^j a_j(nu) / k^j, a_j = prod_{i <= j} (4 nu^2 - (2i - 1)^2) / (j! 8^j).
double hankel_series(double nu, double k) {
  const double mu = 4 * nu * nu;
  double term = 1, sum = 1;
  for (int j = 1; j < 200; ++j) {
    const double next = -term * (mu - (2.0 * j - 1) * (2.0 * j - 1)) / (8.0 * j * k);
    if (std::abs(next) >= std::abs(term) && j > 2 * nu + 2) break;  // the series starts to grow
    term = next;
    sum += term;
    if (std::abs(term) < 1e-17 * std::abs(sum)) break;
  }
  return sum;
}

}  // namespace

bool gamp_exact_supported(const std::string& channel) {
  return channel == "norm2" || channel == "z1z2" || channel == "abs-z1z2";
}

double bessel_ratio(double nu, double k) {
  if (!(nu >= 0.5) || !(k >= 0))
    throw std::invalid_argument("bessel_ratio: need nu >= 1/2 and k >= 0");
  if (nu == 0.5) return std::tanh(k);
  if (k == 0) return 0;
  if (k <= 50) {
    // I_{nu-1}/I_nu = 2 nu / k + I_{nu+1}/I_nu: A_nu = 1/(b_0 + 1/(b_1 + ...)), b_j = 2(nu+j)/k
    // (Gauss's continued fraction), by the modified Lentz algorithm.
    const double tiny = 1e-300;
    double f = tiny, C = f, D = 0;
    for (int j = 0; j < 10000; ++j) {
      const double b = 2 * (nu + j) / k;
      D = b + D;
      if (D == 0) D = tiny;
      C = b + 1 / C;
      if (C == 0) C = tiny;
      D = 1 / D;
      const double delta = C * D;
      f *= delta;
      if (std::abs(delta - 1) < 1e-16) break;
    }
    return f;
  }
  if (k <= 600)
    return boost::math::cyl_bessel_i(nu, k) / boost::math::cyl_bessel_i(nu - 1, k);
  return hankel_series(nu, k) / hankel_series(nu - 1, k);
}

double norm2_qhat_over_alpha(int p, double q, int n) {
  if (p < 1) throw std::invalid_argument("norm2 state evolution: p must be >= 1");
  if (!(q >= 0 && q < 1)) throw std::invalid_argument("norm2 state evolution: q must be in [0, 1)");
  const double v = 1 - q, sv = std::sqrt(v), sq = std::sqrt(q), nu = 0.5 * p;
  // |xi|^2/2 ~ Gamma(p/2): rule for u^{p/2-1} e^{-u}. The eta_1 sum is over a symmetric rule, and
  // (xi, eta_1) -> (-xi, -eta_1) leaves the integrand unchanged, so the inner sum is an even,
  // smooth function of |xi|: a polynomial-friendly function of |xi|^2.
  const gauss::Rule& Rx = gamma_rule(n, nu - 1);
  const gauss::Rule& Re = gauss::gauss_hermite(n);
  const gauss::Rule* Rp = p >= 2 ? &gamma_rule(n, 0.5 * (p - 1) - 1) : nullptr;
  double e = 0;
  for (int i = 0; i < n; ++i) {
    const double t = sq * std::sqrt(2 * Rx.x[i]);  // |omega|
    double ei = 0;
    for (int j = 0; j < n; ++j) {
      const double a = t + sv * Re.x[j];
      const int nk = Rp ? n : 1;
      double ej = 0;
      for (int k = 0; k < nk; ++k) {
        const double r = Rp ? std::sqrt(a * a + 2 * v * Rp->x[k]) : std::abs(a);
        const double g = r * bessel_ratio(nu, r * t / v) - t;
        ej += (Rp ? Rp->w[k] : 1.0) * g * g;
      }
      ei += Re.w[j] * ej;
    }
    e += Rx.w[i] * ei;
  }
  return e / (p * v * v);
}

double norm2_step(int p, double alpha, double q, int n) {
  if (q >= 1 - 1e-12) return 1;
  // Memo of recent evaluations (the map is alpha times an alpha-independent quadrature).
  static std::mutex mu;
  static std::map<std::tuple<int, double, int>, double> memo;
  static std::vector<std::tuple<int, double, int>> order;
  const std::tuple<int, double, int> key{p, q, n};
  double e = 0;
  bool hit = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = memo.find(key); it != memo.end()) {
      e = it->second;
      hit = true;
    }
  }
  if (!hit) {
    e = norm2_qhat_over_alpha(p, q, n);
    std::lock_guard<std::mutex> lock(mu);
    if (memo.emplace(key, e).second) {
      order.push_back(key);
      if (order.size() > 256) {
        memo.erase(order.front());
        order.erase(order.begin());
      }
    }
  }
  const double qhat = alpha * e;
  return qhat / (1 + qhat);
}

// ---------------------------------------------------------------------------------------------
// z1z2 and abs-z1z2

namespace {

// |z_i - omega_i| <= kBox sqrt(V_ii) inside the box: outside, N(z; omega, V) < e^{-28} of its peak.
constexpr double kBox = 7.5;
// The u = log|y| range below the top when the blob reaches an axis: the integrand carries the
// Jacobian e^u, so the part below is < e^{-28} (times a power of u) of the total.
constexpr double kTail = 28.0;

struct Blob {
  Eigen::Vector2d w;
  Eigen::Matrix2d Vi;
  double s1 = 0, s2 = 0, norm = 0;  // sqrt(V11), sqrt(V22), 1/(2 pi sqrt det V)
  double logf(double z1, double z2) const {
    const double d1 = z1 - w[0], d2 = z2 - w[1];
    return -0.5 * (Vi(0, 0) * d1 * d1 + 2 * Vi(0, 1) * d1 * d2 + Vi(1, 1) * d2 * d2);
  }
};

Blob make_blob(const Eigen::Vector2d& w, const Eigen::Matrix2d& V) {
  Blob b;
  b.w = w;
  b.Vi = V.inverse();
  b.s1 = std::sqrt(V(0, 0));
  b.s2 = std::sqrt(V(1, 1));
  b.norm = 1 / (2 * std::numbers::pi * std::sqrt(V.determinant()));
  return b;
}

// Composite Gauss-Legendre on [lo, hi] with breakpoints bps (those inside are used), m nodes per
// panel. Pieces between breakpoints are split into panels whose widths grow away from the
// nearest breakpoint, w = max(maxw, d / 2) at distance d (the integrands are smooth there and vary
// on the scale of the distance: a log-plateau or an exponential tail in the log variables).
// Appends to x, w.
void composite(double lo, double hi, std::vector<double>& bps, double maxw, int m,
               std::vector<double>& x, std::vector<double>& w) {
  if (!(hi > lo)) return;
  const gauss::Rule& R = gauss::gauss_legendre(m);
  bps.push_back(lo);
  bps.push_back(hi);
  std::sort(bps.begin(), bps.end());
  auto panel = [&](double a, double b) {
    const double c = 0.5 * (a + b), h = 0.5 * (b - a);
    for (int i = 0; i < m; ++i) {
      x.push_back(c + h * R.x[i]);
      w.push_back(h * R.w[i]);
    }
  };
  double prev = lo;
  std::vector<double> cut;
  for (double b : bps) {
    if (!(b > prev) || b > hi) continue;
    const double L = b - prev;
    if (L <= 2 * maxw) {
      const int k = static_cast<int>(std::ceil(L / maxw));
      for (int j = 0; j < k; ++j) panel(prev + j * L / k, prev + (j + 1) * L / k);
    } else {
      // graded from both ends towards the middle
      cut.clear();
      double d = 0;
      while (true) {
        const double step = std::max(maxw, 0.5 * d);
        if (d + step >= 0.5 * L) break;
        d += step;
        cut.push_back(d);
      }
      std::vector<double> pts{prev};
      for (double c : cut) pts.push_back(prev + c);
      for (std::size_t j = cut.size(); j-- > 0;) pts.push_back(b - cut[j]);
      pts.push_back(b);
      for (std::size_t j = 0; j + 1 < pts.size(); ++j)
        if (pts[j + 1] > pts[j]) panel(pts[j], pts[j + 1]);
    }
    prev = b;
  }
}

struct Quadrant {
  int s1, s2;      // signs of z1, z2
  double a1, a2;   // signed centre in the quadrant's coordinates: s_i omega_i
  double lo1, hi1, lo2, hi2;  // range of |z_i| inside the box (lo <= 0: reaches the axis)
  bool empty;
};

Quadrant make_quadrant(const Blob& b, int s1, int s2) {
  Quadrant q{s1, s2, s1 * b.w[0], s2 * b.w[1], 0, 0, 0, 0, false};
  q.lo1 = q.a1 - kBox * b.s1;
  q.hi1 = q.a1 + kBox * b.s1;
  q.lo2 = q.a2 - kBox * b.s2;
  q.hi2 = q.a2 + kBox * b.s2;
  q.empty = q.hi1 <= 0 || q.hi2 <= 0;
  if (!q.empty && (q.a1 < 0 || q.a2 < 0)) {
    // omega outside the quadrant: the smallest (z - omega)^T V^{-1} (z - omega) over it is on a
    // boundary ray (z1 = 0 or z2 = 0, at the conditional mean if that lies on the ray, else at
    // the origin). Skip the quadrant when N(z; omega, V) < e^{-28} of its peak on all of it.
    const Eigen::Matrix2d V = b.Vi.inverse();
    const double at0 = b.w.dot(b.Vi * b.w);
    double m1 = at0, m2 = at0;
    if (s2 * (b.w[1] - V(0, 1) / V(0, 0) * b.w[0]) > 0) m1 = b.w[0] * b.w[0] / V(0, 0);  // z1 = 0
    if (s1 * (b.w[0] - V(0, 1) / V(1, 1) * b.w[1]) > 0) m2 = b.w[1] * b.w[1] / V(1, 1);  // z2 = 0
    if (0.5 * std::min(m1, m2) > kBox * kBox / 2) q.empty = true;
  }
  return q;
}

// int ds N(z(s)) (without the normalisation) and int ds z(s) N(z(s)) on the branch z1 = s1 e^s,
// z2 = s2 Y e^{-s} of quadrant q, added to Z0, Z1.
void branch_integral(const Blob& b, const Quadrant& q, double Y, int m, double maxw, double& Z0,
                     Eigen::Vector2d& Z1, std::vector<double>& xs, std::vector<double>& ws,
                     std::vector<double>& bps) {
  if (q.empty) return;
  const double lY = std::log(Y);
  double lo = q.lo1 > 0 ? std::log(q.lo1) : -1e300, hi = std::log(q.hi1);
  lo = std::max(lo, lY - std::log(q.hi2));
  hi = std::min(hi, q.lo2 > 0 ? lY - std::log(q.lo2) : 1e300);
  if (!(hi > lo)) return;
  bps.clear();
  for (double c : {-5.0, -2.0, 0.0, 2.0, 5.0}) {
    if (const double t = q.a1 + c * b.s1; t > 0) bps.push_back(std::log(t));
    if (const double t = q.a2 + c * b.s2; t > 0) bps.push_back(lY - std::log(t));
  }
  bps.push_back(std::log(b.s1));
  bps.push_back(lY - std::log(b.s2));
  xs.clear();
  ws.clear();
  composite(lo, hi, bps, maxw, m, xs, ws);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double e = std::exp(xs[i]);
    const double z1 = q.s1 * e, z2 = q.s2 * Y / e;
    const double f = ws[i] * std::exp(b.logf(z1, z2));
    Z0 += f;
    Z1[0] += f * z1;
    Z1[1] += f * z2;
  }
}

// The quadrants of the class of y (z1z2: sign of y; abs-z1z2: all four).
std::vector<std::pair<int, int>> class_quadrants(bool abs_channel, int ysign) {
  if (abs_channel) return {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
  if (ysign > 0) return {{1, 1}, {-1, -1}};
  return {{1, -1}, {-1, 1}};
}

bool is_abs(const std::string& channel) {
  if (channel == "abs-z1z2") return true;
  if (channel == "z1z2") return false;
  throw std::invalid_argument("hyperbola state evolution: channel '" + channel +
                              "' (z1z2 or abs-z1z2 only)");
}

// int dy p(y | omega) [1, g g^T] over the y of one class, for the blob (omega, V).
void class_integral(const Blob& b, bool abs_channel, int ysign, int m, double maxw, double& mass,
                    Eigen::Matrix2d& E) {
  std::array<Quadrant, 4> qs;
  int nq = 0;
  double Ymax = 0, Ymin = 1e300;
  std::vector<double> ubps;
  for (auto [s1, s2] : class_quadrants(abs_channel, ysign)) {
    const Quadrant q = make_quadrant(b, s1, s2);
    qs[nq++] = q;
    if (q.empty) continue;
    Ymax = std::max(Ymax, q.hi1 * q.hi2);
    Ymin = std::min(Ymin, std::max(q.lo1, 0.0) * std::max(q.lo2, 0.0));
    // the y-peak of the blob in this quadrant: y ~ a1 a2 +- c sd_y
    const double sdy = std::sqrt(std::max(
        0.0, q.a1 * q.a1 * b.s2 * b.s2 + q.a2 * q.a2 * b.s1 * b.s1 + b.s1 * b.s1 * b.s2 * b.s2));
    for (double c : {-5.0, -2.0, 0.0, 2.0, 5.0})
      if (const double t = q.a1 * q.a2 + c * sdy; t > 0 && q.a1 > 0 && q.a2 > 0) ubps.push_back(std::log(t));
    ubps.push_back(std::log(b.s1 * b.s2));
  }
  if (Ymax <= 0) return;
  const double uhi = std::log(Ymax), ulo = Ymin > 0 ? std::log(Ymin) : uhi - kTail;
  std::vector<double> us, uw, xs, ws, bps;
  composite(ulo, uhi, ubps, maxw, m, us, uw);
  for (std::size_t k = 0; k < us.size(); ++k) {
    const double Y = std::exp(us[k]);
    double Z0 = 0;
    Eigen::Vector2d Z1 = Eigen::Vector2d::Zero();
    for (int i = 0; i < nq; ++i) branch_integral(b, qs[i], Y, m, maxw, Z0, Z1, xs, ws, bps);
    if (!(Z0 > 0)) continue;
    const double dm = uw[k] * Y * b.norm * Z0;  // p(y | omega) dy
    const Eigen::Vector2d g = b.Vi * (Z1 / Z0 - b.w);
    mass += dm;
    E += dm * g * g.transpose();
  }
}

Eigen::Matrix2d sym_sqrt(const Eigen::Matrix2d& Q) {
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(Q);
  const Eigen::Vector2d l = es.eigenvalues().cwiseMax(0).cwiseSqrt();
  return es.eigenvectors() * l.asDiagonal() * es.eigenvectors().transpose();
}

HyperbolaMoments hyperbola_moments(bool abs_channel, const Eigen::Matrix2d& Q, int n_radial,
                                   int n_angle, int m, double maxw) {
  const Eigen::Matrix2d V = Eigen::Matrix2d::Identity() - Q, L = sym_sqrt(Q);
  // xi = rho (cos phi, sin phi): rho by the Rayleigh rule (weight rho e^{-rho^2/2}), phi by the
  // periodic trapezoidal rule. The integrand is even in omega (z -> -z keeps y and flips g), so
  // phi runs over [0, pi) with weight 2 / n_angle. (Tensor Gauss-Hermite in xi converges slowly
  // here: at fixed |omega| the integrand varies sharply in the angle near the axes.)
  const gauss::Rule& R = gauss::half_line_gauss(n_radial, 1);
  HyperbolaMoments r;
  for (int j = 0; j < n_angle / 2; ++j) {
    const double phi = 2 * std::numbers::pi * (j + 0.5) / n_angle;
    const Eigen::Vector2d dir(std::cos(phi), std::sin(phi));
    for (int i = 0; i < R.size(); ++i) {
      const double w = 2.0 / n_angle * R.w[i];
      const Blob b = make_blob(L * (R.x[i] * dir), V);
      double mass = 0;
      Eigen::Matrix2d E = Eigen::Matrix2d::Zero();
      if (abs_channel) {
        class_integral(b, true, 1, m, maxw, mass, E);
      } else {
        class_integral(b, false, 1, m, maxw, mass, E);
        class_integral(b, false, -1, m, maxw, mass, E);
      }
      r.mass += w * mass;
      r.E += w * E;
    }
  }
  return r;
}

}  // namespace

HyperbolaMoments hyperbola_qhat_over_alpha(const std::string& channel, const Eigen::Matrix2d& Q,
                                           const HyperbolaQuad& o, bool with_error) {
  const bool ab = is_abs(channel);
  if (o.n_radial < 1 || o.n_angle < 2 || o.n_angle % 2 != 0 || o.n_panel < 1 || !(o.max_width > 0))
    throw std::invalid_argument("hyperbola quadrature: need n_radial >= 1, n_angle even >= 2, "
                                "n_panel >= 1, max_width > 0");
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(Q);
  if (!Q.allFinite() || std::abs(Q(0, 1) - Q(1, 0)) > 1e-12 || es.eigenvalues()[0] < -1e-12 ||
      es.eigenvalues()[1] >= 1)
    throw std::invalid_argument("hyperbola state evolution: Q must be symmetric with 0 <= Q < I");
  // Memo of recent evaluations: the map is alpha times E[g g^T], so a threshold scan over alpha
  // (the Jacobian at Q = 0 at each alpha) and the repeated calls of a fixed-point search at one
  // state reuse them.
  using Key = std::tuple<bool, double, double, double, int, int, int, double>;
  static std::mutex mu;
  static std::map<Key, HyperbolaMoments> memo;
  static std::vector<Key> order;
  const Key key{ab, Q(0, 0), Q(0, 1), Q(1, 1), o.n_radial, o.n_angle, o.n_panel, o.max_width};
  HyperbolaMoments r;
  bool hit = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = memo.find(key); it != memo.end()) {
      r = it->second;
      hit = true;
    }
  }
  if (!hit) {
    r = hyperbola_moments(ab, Q, o.n_radial, o.n_angle, o.n_panel, o.max_width);
    std::lock_guard<std::mutex> lock(mu);
    if (memo.emplace(key, r).second) {
      order.push_back(key);
      if (order.size() > 256) {
        memo.erase(order.front());
        order.erase(order.begin());
      }
    }
  }
  r.error = 0;
  if (with_error) {
    const HyperbolaMoments r2 = hyperbola_moments(ab, Q, o.n_radial + o.n_radial / 2, 2 * o.n_angle,
                                                  2 * o.n_panel, o.max_width);
    r.error = (r2.E - r.E).cwiseAbs().maxCoeff();
  }
  return r;
}

HyperbolaMoments hyperbola_conditional(const std::string& channel, const Eigen::Vector2d& omega,
                                       const Eigen::Matrix2d& V, const HyperbolaQuad& o) {
  const bool ab = is_abs(channel);
  const Blob b = make_blob(omega, V);
  HyperbolaMoments r;
  if (ab) {
    class_integral(b, true, 1, o.n_panel, o.max_width, r.mass, r.E);
  } else {
    class_integral(b, false, 1, o.n_panel, o.max_width, r.mass, r.E);
    class_integral(b, false, -1, o.n_panel, o.max_width, r.mass, r.E);
  }
  return r;
}

HyperbolaPosterior hyperbola_posterior(const std::string& channel, double y,
                                       const Eigen::Vector2d& omega, const Eigen::Matrix2d& V,
                                       const HyperbolaQuad& o) {
  const bool ab = is_abs(channel);
  if (y == 0 || (ab && y < 0))
    throw std::invalid_argument("hyperbola_posterior: y must be nonzero (and > 0 for abs-z1z2)");
  const Blob b = make_blob(omega, V);
  double Z0 = 0;
  Eigen::Vector2d Z1 = Eigen::Vector2d::Zero();
  std::vector<double> xs, ws, bps;
  for (auto [s1, s2] : class_quadrants(ab, y > 0 ? 1 : -1))
    branch_integral(b, make_quadrant(b, s1, s2), std::abs(y), o.n_panel, o.max_width, Z0, Z1, xs,
                    ws, bps);
  HyperbolaPosterior p;
  p.density = b.norm * Z0;
  if (Z0 > 0) p.mean = Z1 / Z0;
  return p;
}

Eigen::Matrix2d hyperbola_step(const std::string& channel, double alpha, const Eigen::Matrix2d& Q,
                               const HyperbolaQuad& o) {
  const double top = 1 - 1e-9;
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(0.5 * (Q + Q.transpose()));
  Eigen::Vector2d l = es.eigenvalues();
  if (l.minCoeff() >= top) return Eigen::Matrix2d::Identity();
  // Eigenvalues below 1e-14 (and entries below 1e-14 after the reconstruction) are set to 0: the
  // map is linear near Q = 0, so this changes it by < 1e-13, and it keeps the states a solver
  // polishes at Q = 0 (entries ~1e-30) on the memoised Q = 0.
  for (int i = 0; i < 2; ++i) l[i] = l[i] < 1e-14 ? 0.0 : std::min(l[i], top);
  Eigen::Matrix2d Qc = es.eigenvectors() * l.asDiagonal() * es.eigenvectors().transpose();
  for (int i = 0; i < 4; ++i)
    if (std::abs(Qc.data()[i]) < 1e-14) Qc.data()[i] = 0;
  const Eigen::Matrix2d Qhat = alpha * hyperbola_qhat_over_alpha(channel, 0.5 * (Qc + Qc.transpose()), o).E;
  const Eigen::Matrix2d N = Qhat * (Eigen::Matrix2d::Identity() + Qhat).inverse();
  return 0.5 * (N + N.transpose());
}

namespace {

// Flat state of the symmetric 2x2 Q: (Q11, Q12, Q22) (upper triangle, row by row).
Eigen::Matrix2d unpack2(const Vec& x) {
  Eigen::Matrix2d Q;
  Q << x[0], x[1], x[1], x[2];
  return Q;
}
Vec pack2(const Eigen::Matrix2d& Q) { return Vec{{Q(0, 0), 0.5 * (Q(0, 1) + Q(1, 0)), Q(1, 1)}}; }

GampSeSpec matrix_gamp_spec(const std::string& channel, double alpha) {
  GampSeSpec s;
  s.layout.add_symmetric("Q", 2);
  s.step = [channel, alpha](const Vec& x) { return pack2(hyperbola_step(channel, alpha, unpack2(x))); };
  s.project = [](const Vec& x) {
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(unpack2(x));
    const Eigen::Vector2d l = es.eigenvalues().cwiseMax(0).cwiseMin(1);
    return pack2(es.eigenvectors() * l.asDiagonal() * es.eigenvectors().transpose());
  };
  s.inside = [](const Vec& x, double tol) {
    if (!x.allFinite()) return false;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> es(unpack2(x), Eigen::EigenvaluesOnly);
    return es.eigenvalues()[0] >= -tol && es.eigenvalues()[1] <= 1 + tol;
  };
  s.domain_text = "Q must be symmetric with 0 <= Q <= I (Q and I - Q positive semi-definite)";
  s.boundary_directions = Mat(3, 3);
  s.boundary_directions << 1, 0, 1, 0, 0, 1, 0, 1, 1;  // columns E11, E22, E11 + E22 + E12 + E21
  s.initial = Vec{{0.01, 0, 0.01}};                    // Q0 = 0.01 I (the companion code's start)
  s.random = [](std::mt19937_64& rng) {
    std::uniform_real_distribution<double> U(0, 0.99), A(0, std::numbers::pi);
    const double t = A(rng), c = std::cos(t), sn = std::sin(t);
    Eigen::Matrix2d R;
    R << c, -sn, sn, c;
    return pack2(R * Eigen::Vector2d(U(rng), U(rng)).asDiagonal() * R.transpose());
  };
  s.special = {{"trivial", Vec::Zero(3), "Q = 0, the uninformative fixed point"},
               {"perfect", Vec{{1, 0, 1}}, "Q = I, perfect recovery (a fixed point of the iteration)"}};
  // mse = E|z - E[z|...]|^2 / p = 1 - tr(Q)/2 per index; q_plus, q_minus = the overlap along
  // (1, +-1)/sqrt2 (the eigen-directions of z1z2's linear operator).
  s.observable_names = {"mse", "q_plus", "q_minus"};
  s.observables = [](const Vec& x) {
    return Vec{{1 - 0.5 * (x[0] + x[2]), 0.5 * (x[0] + x[2]) + x[1], 0.5 * (x[0] + x[2]) - x[1]}};
  };
  // Symmetries of both channels: z1 <-> z2 (Q11 <-> Q22) and z2 -> -z2 (Q12 -> -Q12; y -> -y
  // for z1z2, a relabelling of the labels, and y unchanged for abs-z1z2).
  s.symmetry_distance = [](const Vec& a, const Vec& b) {
    double d = 1e300;
    for (int sw = 0; sw < 2; ++sw)
      for (double sg : {1.0, -1.0}) {
        const Vec c{{sw ? b[2] : b[0], sg * b[1], sw ? b[0] : b[2]}};
        d = std::min(d, (a - c).lpNorm<Eigen::Infinity>());
      }
    return d;
  };
  // The SE's own start (Q0 = 0.01 I): the fixed-point search iterates the damped map from it.
  s.extra_starts = {{"initial", s.initial, "Q = 0.01 I"}};
  return s;
}

}  // namespace

std::unique_ptr<Model> make_gamp_exact_model(const ParamValues& pv, const std::string& channel,
                                             double alpha) {
  if (channel == "norm2") {
    const int p = pv.is_set("p") ? pv.get_int("p") : 2;
    GampSeSpec s = scalar_gamp_spec([p, alpha](double q) { return norm2_step(p, alpha, q); });
    s.extra_starts = {{"initial", s.initial, "q = 0.01"}};
    return make_gamp_se_model(pv, std::move(s));
  }
  is_abs(channel);  // validates the name
  return make_gamp_se_model(pv, matrix_gamp_spec(channel, alpha));
}

}  // namespace summit::spectral
