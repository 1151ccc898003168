#include "models/landscape/franz_parisi.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace summit::landscape {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string fmt(double x) { return format_real(x); }

// log sum_k w_k exp(theta (v_k - c)) and the tilted mean and variance of v - c.
struct Tilt {
  double logZ, mean, var;  // mean and var of v - c under the tilted law
};
Tilt tilt(const std::vector<double>& v, const std::vector<double>& w, double theta, double c) {
  // exponents theta (v - c) <= 0 when c is the end of the support theta points to
  double mx = -kInf;
  for (size_t k = 0; k < v.size(); ++k)
    if (w[k] > 0) mx = std::max(mx, theta * (v[k] - c));
  double Z = 0, S1 = 0;
  for (size_t k = 0; k < v.size(); ++k) {
    if (w[k] <= 0) continue;
    const double e = w[k] * std::exp(theta * (v[k] - c) - mx);
    Z += e;
    S1 += e * (v[k] - c);
  }
  const double mean = S1 / Z;
  double S2 = 0;
  for (size_t k = 0; k < v.size(); ++k) {
    if (w[k] <= 0) continue;
    const double e = w[k] * std::exp(theta * (v[k] - c) - mx);
    S2 += e * (v[k] - c - mean) * (v[k] - c - mean);
  }
  return {std::log(Z) + mx, mean, S2 / Z};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Prior

Prior Prior::rademacher() {
  Prior p;
  p.kind_ = PriorKind::Rademacher;
  p.v_ = {-1, 1};
  p.w_ = {0.5, 0.5};
  return p;
}

Prior Prior::gaussian() {
  Prior p;
  p.kind_ = PriorKind::Gaussian;
  return p;
}

Prior Prior::sparse_rademacher(double rho) {
  if (!(rho > 0 && rho <= 1))
    throw std::invalid_argument("parameter 'rho' = '" + fmt(rho) + "': must be in (0, 1]");
  Prior p;
  p.kind_ = PriorKind::SparseRademacher;
  p.rho_ = rho;
  const double r2 = rho * rho;
  if (rho == 1) {
    p.v_ = {-1, 1};
    p.w_ = {0.5, 0.5};
  } else {
    p.v_ = {-1 / rho, 0, 1 / rho};
    p.w_ = {r2 / 2, 1 - r2, r2 / 2};
  }
  return p;
}

Prior Prior::discrete(const std::vector<double>& support, const std::vector<double>& probs) {
  if (support.empty())
    throw std::invalid_argument("parameter 'support': give at least two support points of x");
  std::vector<double> p = probs;
  if (p.empty()) p.assign(support.size(), 1.0 / support.size());
  if (p.size() != support.size())
    throw std::invalid_argument("parameter 'probs': has " + std::to_string(p.size()) +
                                " values; must have one per support point (" +
                                std::to_string(support.size()) + ")");
  double tot = 0;
  for (double q : p) {
    if (!(q >= 0) || !std::isfinite(q))
      throw std::invalid_argument("parameter 'probs': every probability must be finite and >= 0 (got " +
                                  fmt(q) + ")");
    tot += q;
  }
  if (std::abs(tot - 1) > 1e-9)
    throw std::invalid_argument("parameter 'probs': must sum to 1 (sum = " + fmt(tot) + ")");
  for (double& q : p) q /= tot;
  double mean = 0, ex2 = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!std::isfinite(support[i]))
      throw std::invalid_argument("parameter 'support': every point must be finite");
    mean += p[i] * support[i];
    ex2 += p[i] * support[i] * support[i];
  }
  if (!(ex2 > 0))
    throw std::invalid_argument("parameter 'support': the prior must not be concentrated at 0");
  if (std::abs(mean) > 1e-9 * std::sqrt(ex2))
    throw std::invalid_argument("parameters 'support'/'probs': the prior must have mean 0 (E x = " +
                                fmt(mean) + "); the FP potential here is centred at m = 0");
  // The law of v = x x': products with multiplied weights, equal values merged.
  std::vector<std::pair<double, double>> vw;
  double vmax = 0;
  for (size_t i = 0; i < p.size(); ++i)
    for (size_t j = 0; j < p.size(); ++j) {
      if (p[i] * p[j] <= 0) continue;
      vw.emplace_back(support[i] * support[j], p[i] * p[j]);
      vmax = std::max(vmax, std::abs(support[i] * support[j]));
    }
  std::sort(vw.begin(), vw.end());
  Prior out;
  out.kind_ = PriorKind::Discrete;
  out.ex2_ = ex2;
  for (const auto& [v, w] : vw) {
    if (!out.v_.empty() && std::abs(v - out.v_.back()) <= 1e-12 * vmax) {
      out.w_.back() += w;
    } else {
      out.v_.push_back(v);
      out.w_.push_back(w);
    }
  }
  if (out.v_.size() < 2)
    throw std::invalid_argument("parameter 'support': the law of x x' must not be a single point");
  return out;
}

Prior Prior::as_discrete() const {
  if (kind_ == PriorKind::Gaussian)
    throw std::invalid_argument("the Gaussian prior has no finite overlap law");
  Prior p = *this;
  p.kind_ = PriorKind::Discrete;
  return p;
}

double Prior::Lambda(double theta) const {
  if (kind_ == PriorKind::Gaussian) {
    if (!(std::abs(theta) < 1)) throw std::domain_error("Gaussian prior: Lambda needs |theta| < 1");
    return -0.5 * std::log1p(-theta * theta);
  }
  const double c = theta >= 0 ? v_.back() : v_.front();
  return theta * c + tilt(v_, w_, theta, c).logZ;
}
double Prior::dLambda(double theta) const {
  if (kind_ == PriorKind::Gaussian) {
    if (!(std::abs(theta) < 1)) throw std::domain_error("Gaussian prior: Lambda needs |theta| < 1");
    return theta / (1 - theta * theta);
  }
  const double c = theta >= 0 ? v_.back() : v_.front();
  return c + tilt(v_, w_, theta, c).mean;
}
double Prior::d2Lambda(double theta) const {
  if (kind_ == PriorKind::Gaussian) {
    if (!(std::abs(theta) < 1)) throw std::domain_error("Gaussian prior: Lambda needs |theta| < 1");
    const double q = 1 - theta * theta;
    return (1 + theta * theta) / (q * q);
  }
  const double c = theta >= 0 ? v_.back() : v_.front();
  return tilt(v_, w_, theta, c).var;
}

double Prior::m_lo() const { return kind_ == PriorKind::Gaussian ? -kInf : v_.front(); }
double Prior::m_hi() const { return kind_ == PriorKind::Gaussian ? kInf : v_.back(); }

double Prior::theta_discrete(double m) const {
  // Lambda' is increasing from v_min to v_max. Solve Lambda'(theta) = m with the residual
  // measured from the end of the support theta points to (no cancellation near the ends).
  const double mean0 = dLambda(0.0);
  if (m == mean0) return 0.0;
  const double sgn = m > mean0 ? 1.0 : -1.0;
  const double c = sgn > 0 ? v_.back() : v_.front();
  auto f = [&](double th) { return tilt(v_, w_, th, c).mean - (m - c); };  // increasing in th
  double lo = 0, hi = sgn;
  if (sgn < 0) std::swap(lo, hi);
  // Bracket: expand the outer end until f changes sign.
  for (int it = 0; it < 2100; ++it) {
    const double outer = sgn > 0 ? hi : lo;
    const double fo = f(outer);
    if ((sgn > 0 && fo >= 0) || (sgn < 0 && fo <= 0)) break;
    if (sgn > 0) {
      lo = hi;
      hi *= 2;
    } else {
      hi = lo;
      lo *= 2;
    }
    if (!std::isfinite(lo) || !std::isfinite(hi))
      throw std::domain_error("overlap m = " + fmt(m) + " is too close to the end of the support");
  }
  double th = 0.5 * (lo + hi);
  for (int it = 0; it < 400; ++it) {
    const Tilt t = tilt(v_, w_, th, c);
    const double fv = t.mean - (m - c);
    if (fv == 0) return th;
    if (fv > 0) hi = th;
    else lo = th;
    double next = t.var > 0 ? th - fv / t.var : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::abs(next - th) <= 2e-16 * std::max(1.0, std::abs(th)) || hi - lo <= 4e-16 * std::max(1.0, std::abs(th)))
      return next;
    th = next;
  }
  return th;
}

double Prior::theta(double m) const {
  if (!(m > m_lo() && m < m_hi()))
    throw std::domain_error("overlap m = " + fmt(m) + " outside (" + fmt(m_lo()) + ", " + fmt(m_hi()) + ")");
  switch (kind_) {
    case PriorKind::Rademacher:
      return std::atanh(m);
    case PriorKind::Gaussian:
      return 2 * m / (1 + std::sqrt(1 + 4 * m * m));
    case PriorKind::SparseRademacher: {
      // Lambda'(theta) = m is a quadratic in t = exp(theta/rho) (sparse Rademacher; solved for |m|,
      // theta is odd in m).
      const double r = rho_, a = std::abs(m), q = 1 - r * r;
      const double t = (a * q + std::sqrt(a * a * q * q + r * r * (1 - a * a * r * r))) / (r * (1 - a * r));
      return std::copysign(r * std::log(t), m);
    }
    case PriorKind::Discrete:
      return theta_discrete(m);
  }
  return 0;
}

double Prior::rate(double m) const {
  if (kind_ != PriorKind::Gaussian) {
    if (!(m >= m_lo() && m <= m_hi()))
      throw std::domain_error("overlap m = " + fmt(m) + " outside [" + fmt(m_lo()) + ", " + fmt(m_hi()) + "]");
    if (m == m_hi()) return -std::log(w_.back());
    if (m == m_lo()) return -std::log(w_.front());
  }
  switch (kind_) {
    case PriorKind::Rademacher:
      return 0.5 * (1 + m) * std::log1p(m) + 0.5 * (1 - m) * std::log1p(-m);
    case PriorKind::Gaussian: {
      const double s = std::sqrt(1 + 4 * m * m);
      return 0.5 * (s - 1) - 0.5 * std::log(0.5 * (1 + s));
    }
    case PriorKind::SparseRademacher: {
      const double a = std::abs(m), th = theta(a), u = th / rho_, r2 = rho_ * rho_;
      // Lambda = log(1 - rho^2 + rho^2 cosh u) = u + log((1 - rho^2) e^-u + rho^2 (1 + e^-2u)/2)
      const double L = u + std::log((1 - r2) * std::exp(-u) + 0.5 * r2 * (1 + std::exp(-2 * u)));
      return th * a - L;
    }
    case PriorKind::Discrete: {
      const double th = theta_discrete(m);
      const double c = th >= 0 ? v_.back() : v_.front();
      return th * (m - c) - tilt(v_, w_, th, c).logZ;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Thresholds

namespace {

// 20-point Gauss-Legendre nodes and weights on [-1, 1].
constexpr double kGL20x[20] = {
    -0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188,
    -0.7463319064601508, -0.6360536807265150, -0.5108670019508271, -0.3737060887154195,
    -0.2277858511416451, -0.0765265211334973, 0.0765265211334973,  0.2277858511416451,
    0.3737060887154195,  0.5108670019508271,  0.6360536807265150,  0.7463319064601508,
    0.8391169718222188,  0.9122344282513259,  0.9639719272779138,  0.9931285991850949};
constexpr double kGL20w[20] = {
    0.0176140071391521, 0.0406014298003869, 0.0626720483341091, 0.0832767415767048,
    0.1019301198172404, 0.1181945319615184, 0.1316886384491766, 0.1420961093183820,
    0.1491729864726037, 0.1527533871307258, 0.1527533871307258, 0.1491729864726037,
    0.1420961093183820, 0.1316886384491766, 0.1181945319615184, 0.1019301198172404,
    0.0832767415767048, 0.0626720483341091, 0.0406014298003869, 0.0176140071391521};

// Minimum over (0, M] of f (M the end of the search; `end_value` the value at M if it is a limit
// that f cannot be evaluated at, NaN otherwise), with f -> f0 as m -> 0. Returns {min, argmin}.
template <class F>
std::pair<double, double> infimum(const F& f, double M, double f0, double end_value) {
  const int N = 4000;
  std::vector<double> ms, fs;
  for (int k = 1; k <= N; ++k) {
    const double m = M * 0.5 * (1 - std::cos(std::numbers::pi * k / N));
    if (m < 1e-4 * M) continue;  // near 0 the limit f0 is used (cancellation in f there)
    if (k == N) {
      if (std::isnan(end_value)) {
        ms.push_back(M);
        fs.push_back(f(M));
      }
      continue;
    }
    ms.push_back(m);
    fs.push_back(f(m));
  }
  double best = f0, arg = 0;
  if (!std::isnan(end_value) && end_value < best) {
    best = end_value;
    arg = M;
  }
  size_t kb = 0;
  for (size_t k = 1; k < fs.size(); ++k)
    if (fs[k] < fs[kb]) kb = k;
  if (fs.empty() || fs[kb] >= best) return {best, arg};
  // Golden section on the neighbouring grid interval.
  double a = kb > 0 ? ms[kb - 1] : 0.5 * ms[kb], b = kb + 1 < ms.size() ? ms[kb + 1] : ms[kb];
  const double g = (std::sqrt(5.0) - 1) / 2;
  double x1 = b - g * (b - a), x2 = a + g * (b - a), f1 = f(x1), f2 = f(x2);
  for (int it = 0; it < 200 && b - a > 1e-13 * std::max(1.0, b); ++it) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  double fm = fs[kb], am = ms[kb];
  if (f1 < fm) {
    fm = f1;
    am = x1;
  }
  if (f2 < fm) {
    fm = f2;
    am = x2;
  }
  return {fm, am};
}

}  // namespace

FpThresholds fp_thresholds(const Prior& prior, double m_cap) {
  FpThresholds r;
  r.lambda_local = prior.lambda_local();
  r.lambda_mono = r.lambda_level = r.lambda_local;
  r.m_mono = r.m_level = 0;
  if (prior.kind() == PriorKind::Gaussian && !(m_cap > 0)) {
    // theta(m)/m = 2/(1 + sqrt(1 + 4m^2)) and 2 I(m)/m^2 decrease to 0 as m -> infinity.
    r.lambda_mono = r.lambda_level = 0;
    r.m_mono = r.m_level = -1;
    return r;
  }
  // Symmetric overlap law: one side suffices.
  bool symmetric = prior.kind() != PriorKind::Discrete;
  if (!symmetric) {
    const auto& v = prior.v_values();
    const auto& w = prior.v_weights();
    symmetric = true;
    for (size_t k = 0; k < v.size(); ++k)
      symmetric = symmetric && std::abs(v[k] + v[v.size() - 1 - k]) <= 1e-12 * std::abs(v.back()) &&
                  std::abs(w[k] - w[v.size() - 1 - k]) <= 1e-15;
  }
  for (const double s : {1.0, -1.0}) {
    if (s < 0 && symmetric) break;
    const double range = s > 0 ? prior.m_hi() : -prior.m_lo();
    const bool capped = m_cap > 0 && m_cap < range;
    const double M = capped ? m_cap : range;
    auto mono = [&](double m) { return prior.theta(s * m) / (s * m); };
    // 2 I(m)/m^2 = 2 int_0^1 t g(t m) dt with g(u) = I'(u)/u (I(0) = 0, I' = theta): below
    // m = M/10 by 20-point Gauss-Legendre (theta m - Lambda(theta) cancels to O(m^2) there).
    auto level = [&](double m) {
      if (m >= 0.1 * M) return 2 * prior.rate(s * m) / (m * m);
      double q = 0;
      for (int k = 0; k < 20; ++k) {
        const double t = 0.5 * (1 + kGL20x[k]), u = s * t * m;
        q += 0.5 * kGL20w[k] * t * prior.theta(u) / u;
      }
      return 2 * q;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // At an uncapped finite end theta -> infinity: I'(m)/m -> infinity there (not a candidate);
    // the level function has the finite limit 2 I(m_max)/m_max^2.
    auto [fm, am] = infimum(mono, M, r.lambda_local, capped ? nan : kInf);
    auto [fl, al] = infimum(level, M, r.lambda_local, capped ? nan : level(M));
    if (fm < r.lambda_mono) {
      r.lambda_mono = fm;
      r.m_mono = s * am;
    }
    if (fl < r.lambda_level) {
      r.lambda_level = fl;
      r.m_level = s * al;
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// The model

namespace {

class FranzParisi final : public JetModel<FranzParisi, ModelBase> {
 public:
  FranzParisi(const ParamValues& pv, Prior prior, double lambda, double m_cap, double m0)
      : JetModel("franz-parisi", pv), prior_(std::move(prior)), lambda_(lambda), m0_(m0) {
    layout_.add_scalar("m");
    th_ = fp_thresholds(prior_, m_cap);
  }
  std::string time_unit() const override { return "gradient-ascent time of Phi (no physical time)"; }

  // I'(m) as a T: closed forms, or the root theta0 in double and one Newton step in T (exact
  // first derivative dtheta/dm = 1/Lambda''(theta0) at the root).
  template <class T>
  T theta_t(const T& m) const {
    using std::log;
    using std::sqrt;
    auto c = [](double v) { return gauss::lift<T>(v); };
    const double mv = gauss::value(m);
    switch (prior_.kind()) {
      case PriorKind::Rademacher:
        return c(0.5) * log((c(1.0) + m) / (c(1.0) - m));
      case PriorKind::Gaussian:
        return c(2.0) * m / (c(1.0) + sqrt(c(1.0) + c(4.0) * m * m));
      case PriorKind::SparseRademacher: {
        if (mv < 0) return -theta_t<T>(-m);
        const double r = prior_.rho(), q = 1 - r * r;
        const T t = (m * c(q) + sqrt(m * m * c(q * q) + c(r * r) * (c(1.0) - m * m * c(r * r)))) /
                    (c(r) * (c(1.0) - m * c(r)));
        return c(r) * log(t);
      }
      case PriorKind::Discrete: {
        const double th0 = prior_.theta(mv);
        return c(th0) + (m - c(prior_.dLambda(th0))) / c(prior_.d2Lambda(th0));
      }
    }
    return m;
  }
  template <class T>
  T rate_t(const T& m) const {
    using std::exp;
    using std::log;
    using std::sqrt;
    auto c = [](double v) { return gauss::lift<T>(v); };
    const double mv = gauss::value(m);
    switch (prior_.kind()) {
      case PriorKind::Rademacher:
        return c(0.5) * (c(1.0) + m) * log(c(1.0) + m) + c(0.5) * (c(1.0) - m) * log(c(1.0) - m);
      case PriorKind::Gaussian: {
        const T s = sqrt(c(1.0) + c(4.0) * m * m);
        return c(0.5) * (s - c(1.0)) - c(0.5) * log(c(0.5) * (c(1.0) + s));
      }
      case PriorKind::SparseRademacher: {
        if (mv < 0) return rate_t<T>(-m);
        const double r2 = prior_.rho() * prior_.rho();
        const T th = theta_t(m), u = th / c(prior_.rho());
        return th * m - u - log(c(1 - r2) * exp(-u) + c(0.5 * r2) * (c(1.0) + exp(c(-2.0) * u)));
      }
      case PriorKind::Discrete: {
        const T th = theta_t(m);
        const auto& v = prior_.v_values();
        const auto& w = prior_.v_weights();
        const double e = gauss::value(th) >= 0 ? v.back() : v.front();
        T Z = c(0.0);
        for (size_t k = 0; k < v.size(); ++k) Z += c(w[k]) * exp(th * c(v[k] - e));
        return th * (m - c(e)) - log(Z);
      }
    }
    return m;
  }
  // loss = -Phi_lambda(m) = I(m) - lambda m^2/2; drift = Phi'(m) = lambda m - I'(m).
  template <class T>
  T loss_t(const T* x) const {
    return rate_t(x[0]) - gauss::lift<T>(0.5 * lambda_) * x[0] * x[0];
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    dx[0] = gauss::lift<T>(lambda_) * x[0] - theta_t(x[0]);
  }

  bool realisable(const Vec& x, std::string* why, double) const override {
    if (!(x.size() == 1 && std::isfinite(x[0]) && x[0] > prior_.m_lo() && x[0] < prior_.m_hi())) {
      if (why)
        *why = "the overlap m must lie strictly inside (" + fmt(prior_.m_lo()) + ", " +
               fmt(prior_.m_hi()) + ") (the support of x x'; I(m) is infinite beyond)";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return Vec::Constant(1, m0_); }
  Vec random_state(std::mt19937_64& rng) const override {
    const double lo = std::isfinite(prior_.m_lo()) ? 0.999 * prior_.m_lo() : -5;
    const double hi = std::isfinite(prior_.m_hi()) ? 0.999 * prior_.m_hi() : 5;
    return Vec::Constant(1, std::uniform_real_distribution<double>(lo, hi)(rng));
  }
  std::vector<NamedPoint> special_points() const override {
    return {{"uninformative", Vec::Zero(1),
             "m = 0: the overlap of independent draws; a critical point of Phi for every lambda, a "
             "local maximum of Phi (stable) iff lambda < lambda_local"}};
  }
  std::vector<std::string> observable_names() const override {
    return {"Phi", "I", "dPhi", "theta", "lambda_local", "lambda_mono", "m_mono", "lambda_level",
            "m_level", "local_gap", "mono_gap", "level_gap"};
  }
  Vec observables(const Vec& x) const override {
    const double m = x[0], I = rate_t(m), th = theta_t(m);
    return Vec{{0.5 * lambda_ * m * m - I, I, lambda_ * m - th, th, th_.lambda_local, th_.lambda_mono,
                th_.m_mono, th_.lambda_level, th_.m_level, lambda_ - th_.lambda_local,
                lambda_ - th_.lambda_mono, lambda_ - th_.lambda_level}};
  }
  ModelHints hints() const override { return {natural_threshold(), {}, {}, {}}; }
  Threshold natural_threshold() const {
    return {"lambda", 0.0, 2.0 * th_.lambda_local, "uninformative", "mono_gap"};
  }
  bool is_gradient_flow() const override { return true; }

 private:
  Prior prior_;
  double lambda_, m0_;
  FpThresholds th_;
};

}  // namespace

void register_franz_parisi(Registry& registry) {
  registry.add(
      {.name = "franz-parisi",
       .summary = "annealed Franz-Parisi potential of spiked Wigner from the prior's overlap LDP",
       .doc =
           "Y_ij = sqrt(lambda/n) x_i x_j + Z_ij. Overlap m = x.x'/n of independent prior draws, rate\n"
           "I(m) = sup_theta [theta m - Lambda(theta)], Lambda(theta) = log E exp(theta x x'); annealed FP\n"
           "potential Phi(m) = lambda m^2/2 - I(m) (Tsirkas-Wang-Zadik 2026, arXiv:2603.20070).\n"
           "State: m. Loss: -Phi(m); drift: dPhi/dm = lambda m - I'(m) (gradient flow of the loss, i.e.\n"
           "ascent of Phi: fixed points are the critical points of Phi, stable ones its local maxima).\n"
           "Thresholds: lambda_local = I''(0); lambda_mono = inf I'(m)/m (Phi non-increasing in |m| iff\n"
           "lambda <= lambda_mono); lambda_level = inf 2I(m)/m^2 (Phi <= Phi(0) iff lambda <=\n"
           "lambda_level); m_mono, m_level: where attained (0: as m -> 0; -1: as m -> infinity).\n"
           "`summit threshold franz-parisi` locates lambda_mono as the root of mono_gap = lambda -\n"
           "lambda_mono; `summit evaluate franz-parisi` prints all three. docs/landscape.md.",
       .params =
           std::vector<ParamSpec>{
               {.name = "prior",
                .type = ParamType::Choice,
                .default_text = "rademacher",
                .doc = "prior of x_i: rademacher (+-1), gaussian N(0,1), sparse-rademacher (0 or "
                       "+-1/sqrt(rho), P(x != 0) = rho), user (support/probs)",
                .choices = {"rademacher", "gaussian", "sparse-rademacher", "user"}},
               {.name = "lambda",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc = "signal-to-noise ratio",
                .min = 0},
               {.name = "rho",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc = "sparsity of sparse-rademacher",
                .min = 0,
                .max = 1,
                .min_exclusive = true},
               {.name = "support",
                .type = ParamType::RealList,
                .default_text = "",
                .doc =
                    "user prior: support points of x (mean 0 with probs; any scale: lambda_local "
                    "= 1/(E x^2)^2)"},
               {.name = "probs",
                .type = ParamType::RealList,
                .default_text = "",
                .doc = "user prior: probabilities of the support points (default uniform)"},
               {.name = "m_cap",
                .type = ParamType::Real,
                .default_text = "0",
                .doc = "search the threshold infima over 0 < |m| <= m_cap only (0: the whole "
                       "overlap range; the untruncated Gaussian potential has lambda_mono = 0)",
                .min = 0},
               {.name = "m0",
                .type = ParamType::Real,
                .default_text = "",
                .doc =
                    "initial overlap (default: half the largest overlap, 1 for the Gaussian prior)"}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         const std::string pr = pv.get_text("prior");
         if ((pv.given("support") || pv.given("probs")) && pr != "user")
           throw std::invalid_argument(
               "parameters 'support'/'probs' are for prior=user (prior is '" + pr + "')");
         if (pv.given("rho") && pr != "sparse-rademacher")
           throw std::invalid_argument(
               "parameter 'rho' is for prior=sparse-rademacher (prior is '" + pr + "')");
         Prior prior = Prior::rademacher();
         if (pr == "gaussian")
           prior = Prior::gaussian();
         else if (pr == "sparse-rademacher")
           prior = Prior::sparse_rademacher(pv.get_real("rho"));
         else if (pr == "user") {
           if (!pv.is_set("support"))
             throw std::invalid_argument(
                 "parameter 'support': prior=user needs the support points of x");
           prior =
               Prior::discrete(pv.get_list("support"),
                               pv.is_set("probs") ? pv.get_list("probs") : std::vector<double>{});
         }
         double m0 = std::isfinite(prior.m_hi()) ? 0.5 * prior.m_hi() : 1.0;
         if (pv.is_set("m0")) {
           m0 = pv.get_real("m0");
           if (!(m0 > prior.m_lo() && m0 < prior.m_hi()))
             throw std::invalid_argument("parameter 'm0' = '" + pv.get_text("m0") +
                                         "': must lie strictly inside (" + fmt(prior.m_lo()) +
                                         ", " + fmt(prior.m_hi()) + ")");
         }
         return std::make_unique<FranzParisi>(pv, std::move(prior), pv.get_real("lambda"),
                                              pv.get_real("m_cap"), m0);
       }});
}

}  // namespace summit::landscape
