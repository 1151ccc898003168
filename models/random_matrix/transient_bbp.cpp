#include "models/random_matrix/transient_bbp.hpp"

#include "models/random_matrix/transient_bbp_flow.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "lib/rmt/laws.hpp"

#include <Eigen/LU>
#include <boost/math/tools/minima.hpp>

#include <algorithm>
#include <limits>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace summit::random_matrix {

const char* to_string(Regime r) {
  switch (r) {
    case Regime::Never: return "never";
    case Regime::Transient: return "transient";
    case Regime::Persistent: return "persistent";
  }
  return "?";
}

TransientBBPParams paper_setting() {
  TransientBBPParams p;
  p.theta = 3;
  p.phi = 0.5;
  p.c1 = 1;
  p.c2 = 0.1 * 0.1;  // lambda_minus = 0.1
  p.s = 1;
  p.sigma0 = 1;  // assumed (docs/random_matrix.md): with W0 = 0 the outlier cannot emerge at t > 0
  p.symmetric = true;
  p.v1 = p.u1 = p.phi;
  return p;
}

namespace {
void require(bool ok, const std::string& name, double value, const std::string& allowed) {
  if (!ok)
    throw std::invalid_argument("parameter '" + name + "' = " + format_real(value) + ": must be " +
                                allowed);
}
}  // namespace

TransientBBP::TransientBBP(const TransientBBPParams& p) : p_(p) {
  auto finite = [](double x) { return std::isfinite(x); };
  require(finite(p.theta) && p.theta >= 0, "theta", p.theta, "finite and >= 0");
  require(finite(p.phi) && p.phi > 0 && p.phi < 1, "phi", p.phi, "in (0, 1)");
  require(finite(p.c1) && p.c1 > 0, "c1", p.c1, "finite and > 0");
  require(finite(p.c2) && p.c2 > 0, "c2", p.c2, "finite and > 0");
  require(finite(p.s) && p.s > 0, "s", p.s,
          "finite and > 0 (without label noise there is no bulk at late times)");
  require(finite(p.sigma0) && (p.sigma0 == 0 || p.sigma0 >= 1e-100), "sigma0", p.sigma0,
          "0 or in [1e-100, 1e100] (below 1e-100 its square underflows and the bulk vanishes)");
  require(finite(p.v1) && p.v1 >= 0 && p.v1 <= 1, "v_block1", p.v1, "in [0, 1]");
  require(finite(p.u1) && p.u1 >= 0 && p.u1 <= 1, "u_block1", p.u1, "in [0, 1]");
  if (p_.symmetric) p_.u1 = p_.v1;
  analyse();
}

Eigen::Vector2d TransientBBP::gain(double t) const {
  if (!(t >= 0)) throw std::invalid_argument("transient-bbp: time t = " + format_real(t) + " must be >= 0");
  return {-std::expm1(-t * p_.c1), -std::expm1(-t * p_.c2)};
}

Eigen::Vector2d TransientBBP::k(double t) const {
  const Eigen::Vector2d g = gain(t);
  const double c[2] = {p_.c1, p_.c2};
  Eigen::Vector2d kk;
  for (int a = 0; a < 2; ++a) {
    const double e = std::isinf(t) ? 0.0 : std::exp(-2 * t * c[a]);
    kk[a] = p_.sigma0 * p_.sigma0 * e + p_.s * p_.s * g[a] * g[a] / c[a];
  }
  return kk;
}

Eigen::Matrix2d TransientBBP::profile(double t) const {
  const Eigen::Vector2d kk = k(t);
  Eigen::Matrix2d S;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) S(a, b) = (kk[a] + kk[b]) / 4;
  return S;
}

TransientBBP::Reduced TransientBBP::reduced(double t) const {
  Reduced r;
  if (p_.sigma0 > 0 || !(t < 1)) {
    r.k = k(t);
    r.g = gain(t);
    return r;
  }
  // sigma0 = 0 and small t: H and P are both O(t); divide them by lambda = t (F is invariant),
  // g/t = -expm1(-t c)/t -> c and k/t^2 = s^2 (g/t)^2 / c, exact down to (and at) t = 0+.
  if (!(t >= 0)) throw std::invalid_argument("transient-bbp: time t = " + format_real(t) + " must be >= 0");
  const double c[2] = {p_.c1, p_.c2};
  for (int a = 0; a < 2; ++a) {
    r.g[a] = t > 0 ? -std::expm1(-t * c[a]) / t : c[a];
    r.k[a] = p_.s * p_.s * r.g[a] * r.g[a] / c[a];
  }
  r.lambda = t;
  return r;
}

namespace {
// Brent's minimiser (Boost.Math) on -fn(e^x) over [a, b] in x = log t: (argmax x, max value).
template <class Fn>
std::pair<double, double> maximise_in_log_t(Fn fn, double a, double b) {
  const auto r = boost::math::tools::brent_find_minima(
      [&](double x) { return -fn(std::exp(x)); }, a, b, std::numeric_limits<double>::digits / 2);
  return {r.first, -r.second};
}

Eigen::MatrixXd profile_of(const Eigen::Vector2d& kk) {
  Eigen::MatrixXd S(2, 2);
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) S(a, b) = (kk[a] + kk[b]) / 4;
  return S;
}
}  // namespace

double TransientBBP::q_at(const Reduced& r, const Eigen::Vector2d& m) const {
  const double v[2] = {p_.v1, 1 - p_.v1}, u[2] = {p_.u1, 1 - p_.u1};
  double X = 0, Y = 0, Z = 0;
  for (int a = 0; a < 2; ++a) {
    if (p_.symmetric) X += m[a] * r.g[a] * v[a];  // <P_a u, P_a v> = |P_a v|^2
    Y += m[a] * r.g[a] * r.g[a] * v[a];
    Z += m[a] * u[a];
  }
  return 0.5 * (std::abs(X) + std::sqrt(std::max(0.0, Y * Z)));
}

double TransientBBP::edge(double t) const {
  const Reduced r = reduced(t);
  if (r.lambda == 0) return 0.0;  // sigma0 = 0 at t = 0: W = 0
  return r.lambda * rmt::dyson_edge(profile_of(r.k), phi()).x;
}

double TransientBBP::f(double t) const {
  const Reduced r = reduced(t);
  const rmt::DysonEdge e = rmt::dyson_edge(profile_of(r.k), phi());
  const double q = q_at(r, e.m);
  return q * q;
}

TransientOutlier TransientBBP::outlier(double t) const {
  const Reduced r = reduced(t);
  const Eigen::MatrixXd S = profile_of(r.k);
  const Eigen::VectorXd ph = phi();
  const rmt::DysonEdge e = rmt::dyson_edge(S, ph);
  TransientOutlier o;
  o.edge = r.lambda * e.x;
  const double q = q_at(r, e.m);
  o.F = p_.theta * p_.theta * q * q;
  o.position = o.edge;
  if (!(o.F > 1) || r.lambda == 0) {
    o.present = o.F > 1 && r.lambda > 0;
    return o;
  }
  // theta q(z) decreases from sqrt(F) > 1 at the edge; |m_a(z)| <= 1/(z - E+) bounds
  // theta q(z) <= theta max_a g_a / (z - E+), so the root lies below E+ + theta max g.
  double lo = e.x, hi = e.x + p_.theta * r.g.maxCoeff() * (1 + 1e-9) + 1e-300;
  rmt::DysonRealResult rhi = rmt::solve_dyson_real(S, ph, hi);
  if (!rhi.converged) {  // no real Dyson solution above the edge: the position is not known
    o.position = std::numeric_limits<double>::quiet_NaN();  // reported as status non-finite
    return o;
  }
  while (hi - lo > 1e-14 * hi) {
    const double mid = 0.5 * (lo + hi);
    const rmt::DysonRealResult rm = rmt::solve_dyson_real(S, ph, mid, &rhi.m);
    if (!rm.converged) {  // numerically at the edge
      lo = mid;
      continue;
    }
    if (p_.theta * q_at(r, rm.m) > 1) {
      lo = mid;
    } else {
      hi = mid;
      rhi = rm;
    }
  }
  o.present = true;
  const double z = 0.5 * (lo + hi);
  o.position = r.lambda * z;
  const rmt::DysonRealResult rz = rmt::solve_dyson_real(S, ph, z, &rhi.m);
  set_overlaps(r, S, rz.converged ? Eigen::Vector2d(rz.m) : Eigen::Vector2d(rhi.m), o);
  return o;
}

void TransientBBP::set_overlaps(const Reduced& r, const Eigen::MatrixXd& S,
                                const Eigen::Vector2d& m, TransientOutlier& o) const {
  const double v[2] = {p_.v1, 1 - p_.v1}, u[2] = {p_.u1, 1 - p_.u1};
  const double uv[2] = {p_.symmetric ? v[0] : 0.0, p_.symmetric ? v[1] : 0.0};  // <P_a u, P_a v>
  // m' = (I - diag(m^2) S diag(phi))^{-1} m^2: the derivative of -1/m_a = z + sum_b S_ab phi_b m_b.
  const Eigen::Vector2d ph = phi(), m2 = m.cwiseProduct(m);
  const Eigen::Matrix2d J = Eigen::Matrix2d::Identity() - m2.asDiagonal() * S * ph.asDiagonal();
  const Eigen::Vector2d dm = J.fullPivLu().solve(m2);
  // M = U^T diag(m) U and M' = U^T diag(m') U with U = [u, vt] (vt_a = g_a v_a).
  auto gram = [&](const Eigen::Vector2d& w) {
    Eigen::Matrix2d G = Eigen::Matrix2d::Zero();
    for (int a = 0; a < 2; ++a) {
      G(0, 0) += w[a] * u[a];
      G(0, 1) += w[a] * r.g[a] * uv[a];
      G(1, 1) += w[a] * r.g[a] * r.g[a] * v[a];
    }
    G(1, 0) = G(0, 1);
    return G;
  };
  const Eigen::Matrix2d M = gram(m), Mp = gram(dm);
  // y spans the kernel of A = D^{-1} + M (singular at the outlier): of the two rows' orthogonal
  // complements take the longer one (A is symmetric 2x2).
  const double off = 2 / p_.theta;
  const double a = M(0, 0), b = M(0, 1) + off, c = M(1, 1);
  Eigen::Vector2d y1(b, -a), y2(c, -b);
  const Eigen::Vector2d y = y1.squaredNorm() >= y2.squaredNorm() ? y1 : y2;
  const double norm2 = y.dot(Mp * y);
  if (!(norm2 > 0)) return;
  // b_e = U^T diag(m) e for e = v and e = u.
  Eigen::Vector2d bv = Eigen::Vector2d::Zero(), bu(M(0, 0), M(0, 1));
  for (int k = 0; k < 2; ++k) {
    bv[0] += m[k] * uv[k];
    bv[1] += m[k] * r.g[k] * v[k];
  }
  o.overlap = std::min(1.0, std::pow(bv.dot(y), 2) / norm2);
  o.overlap_u = std::min(1.0, std::pow(bu.dot(y), 2) / norm2);
}

double TransientBBP::density(double t, double x, double eta) const {
  const Eigen::Vector2d kk = k(t);
  if (!(kk.maxCoeff() > 0))
    throw std::invalid_argument("transient-bbp: no bulk at t = 0 with sigma0 = 0 (W(0) = 0)");
  return rmt::dyson_density(profile_of(kk), phi(), x, eta);
}

double TransientBBP::excess_test_error(double t) const {
  const Eigen::Vector2d kk = k(t);
  return p_.phi * p_.c1 * kk[0] + (1 - p_.phi) * p_.c2 * kk[1];
}

void TransientBBP::analyse() {
  // f on a log grid in t from 1e-3/c_max to 40/c_min (beyond, e^{-t c_min} < 5e-18: f = f(inf)),
  // 24 points per decade, plus t = 0; the maximum refined by Brent's method in log t.
  const double cmax = std::max(p_.c1, p_.c2), cmin = std::min(p_.c1, p_.c2);
  const double tlo = 1e-3 / cmax, thi = 40 / cmin;
  const int n = std::max(2, int(std::ceil(24 * std::log10(thi / tlo)))) + 1;
  std::vector<double> ts{0.0}, fs{f(0.0)};
  for (int i = 0; i < n; ++i) {
    ts.push_back(tlo * std::pow(thi / tlo, double(i) / (n - 1)));
    fs.push_back(f(ts.back()));
  }
  w_.f_inf = f(kInf);
  const int imax = int(std::max_element(fs.begin(), fs.end()) - fs.begin());
  w_.t_peak = ts[imax];
  w_.f_max = fs[imax];
  if (imax > 0 && imax + 1 < int(ts.size())) {
    const double a = imax == 1 ? std::log(ts[1]) - std::log(10.0) : std::log(ts[imax - 1]);
    const auto [lt, fp] = maximise_in_log_t([&](double t) { return f(t); }, a, std::log(ts[imax + 1]));
    const double tp = std::exp(lt);
    if (fp > w_.f_max) {
      w_.f_max = fp;
      w_.t_peak = tp;
      const auto pos = std::upper_bound(ts.begin(), ts.end(), tp) - ts.begin();
      ts.insert(ts.begin() + pos, tp);
      fs.insert(fs.begin() + pos, fp);
    }
  }
  if (w_.f_inf > w_.f_max) {  // increasing to the end: the supremum is the limit
    w_.f_max = w_.f_inf;
    w_.t_peak = thi;
  }
  w_.theta_emerge = w_.f_max > 0 ? 1 / std::sqrt(w_.f_max) : std::numeric_limits<double>::max();
  w_.theta_persist = 1 / std::sqrt(w_.f_inf);

  // Crossings of F = theta^2 f = 1 between grid points, by bisection (log t; plain from t = 0).
  const double th2 = p_.theta * p_.theta;
  auto G = [&](double t) { return th2 * f(t) - 1; };
  auto crossing = [&](double a, double b, bool up) {
    for (int it = 0; it < 200 && b - a > 1e-13 * b; ++it) {
      const double mid = a > 0 ? std::sqrt(a * b) : 0.5 * (a + b);
      if ((G(mid) > 0) == up) b = mid;
      else a = mid;
    }
    return 0.5 * (a + b);
  };
  w_.windows = 0;
  w_.t_on = w_.t_off = -1;
  if (th2 * fs[0] > 1) {
    w_.t_on = 0;
    w_.windows = 1;
  }
  double last_down = -1;
  for (size_t i = 0; i + 1 < ts.size(); ++i) {
    const bool a = th2 * fs[i] > 1, b = th2 * fs[i + 1] > 1;
    if (!a && b) {
      const double tc = crossing(ts[i], ts[i + 1], true);
      if (w_.t_on < 0) w_.t_on = tc;
      ++w_.windows;
    } else if (a && !b) {
      last_down = crossing(ts[i], ts[i + 1], false);
    }
  }
  if (!(th2 * w_.f_max > 1)) {
    w_.regime = Regime::Never;
    w_.t_on = -1;
    w_.windows = 0;
  } else if (th2 * w_.f_inf > 1) {
    w_.regime = Regime::Persistent;
    w_.t_off = -1;
    if (w_.t_on < 0) w_.t_on = 0;  // (only if F > 1 already on the whole grid)
  } else {
    w_.regime = Regime::Transient;
    w_.t_off = last_down;
  }
  find_stopping_time(ts);
}

void TransientBBP::find_stopping_time(const std::vector<double>& ts) {
  w_.t_stop = -1;
  w_.max_overlap = 0;
  if (w_.regime == Regime::Never) return;
  std::vector<double> ov(ts.size());
  for (size_t i = 0; i < ts.size(); ++i) ov[i] = outlier(ts[i]).overlap;
  const int imax = int(std::max_element(ov.begin(), ov.end()) - ov.begin());
  w_.max_overlap = ov[imax];
  if (!(ov[imax] > 0) || imax + 1 == int(ts.size())) return;  // no outlier / still growing
  // The overlap vanishes at t = 0 (W = 0 or no outlier) and where F < 1, so imax >= 1.
  const double a = imax == 1 ? std::log(ts[1]) - std::log(10.0) : std::log(ts[imax - 1]);
  const auto [lt, best] =
      maximise_in_log_t([&](double t) { return outlier(t).overlap; }, a, std::log(ts[imax + 1]));
  w_.t_stop = ts[imax];
  if (best > ov[imax]) {
    w_.t_stop = std::exp(lt);
    w_.max_overlap = best;
  }
}

namespace {

class TransientBBPModel final : public JetModel<TransientBBPModel, ModelBase> {
 public:
  // sims: the direct finite-N flows (one per seed) whose measurements add the *_sim observables.
  TransientBBPModel(const ParamValues& pv, const TransientBBPParams& p, std::vector<SampledFlow> sims)
      : JetModel("transient-bbp", pv), tb_(p), sims_(std::move(sims)) {
    layout_.add_scalar("t");
  }
  std::string time_unit() const override { return "gradient-flow time t (rates c1, c2)"; }

  template <class T>
  T loss_t(const T* x) const {  // excess test error sum_a phi_a c_a k_a(t)
    using std::exp;
    const auto& p = tb_.params();
    const double c[2] = {p.c1, p.c2}, ph[2] = {p.phi, 1 - p.phi};
    T L = gauss::lift<T>(0.0);
    for (int a = 0; a < 2; ++a) {
      const T e = exp(-gauss::lift<T>(c[a]) * x[0]);
      const T one_minus = gauss::lift<T>(1.0) - e;
      const T ka = gauss::lift<T>(p.sigma0 * p.sigma0) * e * e +
                   gauss::lift<T>(p.s * p.s / c[a]) * one_minus * one_minus;
      L += gauss::lift<T>(ph[a] * c[a]) * ka;
    }
    return L;
  }
  template <class T>
  void drift_t(const T*, T* dx) const {
    dx[0] = gauss::lift<T>(1.0);
  }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    if (!(x.size() == 1 && std::isfinite(x[0]) && x[0] >= -tol)) {
      if (why) *why = "the time t must be finite and >= 0";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return Vec::Zero(1); }
  Vec random_state(std::mt19937_64& rng) const override {
    const auto& p = tb_.params();
    return Vec::Constant(1, std::uniform_real_distribution<double>(0, 10 / std::min(p.c1, p.c2))(rng));
  }
  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> pts{{"start", Vec::Zero(1), "t = 0 (the observables of the window do "
                                                        "not depend on t)"}};
    const auto& w = tb_.window();
    if (w.t_on >= 0) pts.push_back({"emergence", Vec::Constant(1, w.t_on), "t = t_on"});
    if (w.regime != Regime::Never && w.t_peak > 0)
      pts.push_back({"peak", Vec::Constant(1, w.t_peak), "t where F(t) is largest"});
    if (w.t_off >= 0) pts.push_back({"reabsorption", Vec::Constant(1, w.t_off), "t = t_off"});
    if (w.t_stop >= 0)
      pts.push_back({"stop", Vec::Constant(1, w.t_stop),
                     "t = t_stop, where the top eigenvector's overlap with v is largest"});
    return pts;
  }
  std::vector<std::string> observable_names() const override {
    std::vector<std::string> names{"edge",        "top_eigenvalue", "outlier_present", "F",
            "F_minus_1",   "F_after_peak_minus_1", "max_F_minus_1", "theta_emerge",
            "theta_persist", "t_on", "t_off", "regime", "windows", "overlap", "overlap_u",
            "t_stop", "max_overlap"};
    if (!sims_.empty())
      for (const char* n : {"top_eigenvalue_sim", "top_eigenvalue_sim_se", "second_eigenvalue_sim",
                            "overlap_sim", "overlap_sim_se"})
        names.push_back(n);
    return names;
  }
  Vec observables(const Vec& x) const override {
    const double t = std::max(0.0, x[0]);
    const TransientOutlier o = tb_.outlier(t);
    const auto& w = tb_.window();
    const double th2 = tb_.params().theta * tb_.params().theta;
    const double after = t < w.t_peak ? th2 * w.f_max - 1 : o.F - 1;
    Vec v(sims_.empty() ? 17 : 22);
    v.head(17) << o.edge, o.position, o.present ? 1.0 : 0.0, o.F, o.F - 1, after,
        th2 * w.f_max - 1, w.theta_emerge, w.theta_persist, w.t_on, w.t_off,
        double(int(w.regime)), double(w.windows), o.overlap, o.overlap_u, w.t_stop, w.max_overlap;
    if (!sims_.empty()) {
      // Means over the seeds and the standard errors of the means (sample sd / sqrt(seeds)).
      const int n = int(sims_.size());
      Vec top(n), second(n), ov(n);
      for (int i = 0; i < n; ++i) {
        const FlowMeasurement m = sims_[i].at(t);
        top[i] = m.top, second[i] = m.second, ov[i] = m.overlap;
      }
      auto se = [n](const Vec& x) {
        return std::sqrt((x.array() - x.mean()).square().sum() / (n - 1) / n);
      };
      v.tail(5) << top.mean(), se(top), second.mean(), ov.mean(), se(ov);
    }
    return v;
  }
  ModelHints hints() const override { return {natural_threshold(), {}, default_events(), {}}; }
  std::vector<std::string> default_events() const {
    switch (tb_.window().regime) {
      case Regime::Transient:
        return {"emergence: F_minus_1>0", "reabsorption: F_after_peak_minus_1<0"};
      default:
        return {"emergence: F_minus_1>0"};
    }
  }
  Threshold natural_threshold() const { return {"theta", 0.05, 50.0, "start", "max_F_minus_1"}; }

 private:
  TransientBBP tb_;
  std::vector<SampledFlow> sims_;
};

}  // namespace

namespace {
ParamSpec real_param(std::string name, std::string def, std::string doc, double min, bool min_excl,
                     double max = std::numeric_limits<double>::infinity(), bool max_excl = false) {
  ParamSpec p{.name = std::move(name), .type = ParamType::Real, .default_text = std::move(def),
              .doc = std::move(doc), .min = min, .min_exclusive = min_excl};
  if (std::isfinite(max)) {
    p.max = max;
    p.max_exclusive = max_excl;
  }
  return p;
}

// The parameters as given, on top of the chosen setting's defaults (docs/random_matrix.md).
TransientBBPParams params_from(const ParamValues& pv) {
  const bool paper = pv.get_text("setting") == "paper";
  TransientBBPParams p = paper ? paper_setting() : TransientBBPParams{};
  p.theta = pv.get_real("theta");
  p.phi = pv.get_real("phi");
  p.c1 = pv.get_real("c1");
  const char* aniso[3] = {"c2", "anisotropy", "lambda_minus"};
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b)
      if (pv.given(aniso[a]) && pv.given(aniso[b]))
        throw std::invalid_argument(std::string("parameters '") + aniso[a] + "' = " +
                                    pv.get_text(aniso[a]) + " and '" + aniso[b] + "' = " +
                                    pv.get_text(aniso[b]) + ": give only one of them");
  if (pv.given("c2")) p.c2 = pv.get_real("c2");
  else if (pv.given("anisotropy")) p.c2 = pv.get_real("anisotropy") * p.c1;
  else if (pv.given("lambda_minus")) p.c2 = std::pow(pv.get_real("lambda_minus"), 2) * p.c1;
  else p.c2 = (paper ? 0.01 : 0.02) * p.c1;
  p.s = pv.get_real("s");
  p.sigma0 = pv.get_real("sigma0");
  if (pv.given("teacher")) p.symmetric = pv.get_text("teacher") == "symmetric";
  p.v1 = pv.given("v_block1") ? pv.get_real("v_block1") : (paper ? p.phi : 1.0);
  p.u1 = pv.given("u_block1") ? pv.get_real("u_block1") : (p.symmetric ? p.v1 : 0.5);
  if (p.symmetric && pv.given("u_block1") && p.u1 != p.v1)
    throw std::invalid_argument("parameter 'u_block1' = " + pv.get_text("u_block1") +
                                ": with teacher=symmetric u = v, so u_block1 must equal "
                                "v_block1 (or be left out)");
  return p;
}
}  // namespace

void register_transient_bbp(Registry& registry) {
  registry.add(
      {.name = "transient-bbp",
       .summary =
           "transient BBP outlier of the symmetrised weights of an early-stopped linear flow",
       .doc =
           "Coeurdoux, Ferre & Bouchaud 2026 (arXiv:2604.18450), as RECONSTRUCTED from its abstract\n"
           "and public summaries (docs/random_matrix.md). setting=paper (default): inputs with\n"
           "two-block singular values 1 (fraction phi) and lambda_minus, so C = diag(1, lambda_minus^2);\n"
           "teacher theta v v^T with v spread over both blocks; W0 of entry variance sigma0^2/N;\n"
           "gradient flow on the square loss with label noise s. setting=reconstruction: our earlier\n"
           "variant (teacher theta u v^T with independent u, v in block 1, c2 = 0.02).\n"
           "W(t) = theta u (I - e^{-tC}) v^T + noise with column variances\n"
           "k_a = sigma0^2 e^{-2 t c_a} + s^2 (1 - e^{-t c_a})^2 / c_a; S = (W + W^T)/2.\n"
           "State: the time t (drift 1): `summit curve transient-bbp --t-end T` tabulates the bulk\n"
           "edge E+(t) (2x2 Dyson equation), the outlier (top_eigenvalue = outlier if present, else\n"
           "the edge), F(t) = theta^2 f(t) (outlier iff F > 1), the squared overlap of the top\n"
           "eigenvector with v (overlap; with u: overlap_u), and the constants theta_emerge =\n"
           "1/sqrt(max f), theta_persist = 1/sqrt(f(inf)), t_on, t_off (-1: none), regime (0 never,\n"
           "1 transient, 2 persistent), windows (number of intervals with F > 1), t_stop (the\n"
           "early-stopping time, where overlap is largest; -1: none) and max_overlap.\n"
           "F_after_peak_minus_1 = F(max(t, t_peak)) - 1. `summit escape` reports the events\n"
           "emergence (F > 1) and reabsorption (F < 1 after the peak). `summit threshold` (natural:\n"
           "parameter theta, observable max_F_minus_1 = theta^2 max_t f - 1) gives theta_emerge.\n"
           "Loss: the bulk excess test error sum_a phi_a c_a k_a(t).",
       .params =
           std::vector<ParamSpec>{
               {.name = "setting",
                .type = ParamType::Choice,
                .default_text = "paper",
                .doc = "defaults of the other parameters: paper (teacher theta v v^T, v spread "
                       "over both blocks, lambda_minus = 0.1) or reconstruction (independent u, v "
                       "with v in block 1, c2 = 0.02)",
                .choices = {"paper", "reconstruction"}},
               real_param("theta", "3",
                          "teacher strength theta (<= 1e10: the outlier's Dyson solve failed from "
                          "1e15 on)",
                          0, false, 1e10),
               real_param("phi", "0.5", "size fraction of block 1 (the paper's alpha)", 0, true, 1,
                          true),
               real_param("c1", "1", "input variance of block 1 (the squared singular value "
                                     "lambda_+^2 of the paper)", 0, true),
               real_param("c2", "", "input variance of block 2 (default c1 lambda_minus^2)", 0,
                          true),
               real_param("anisotropy", "", "c2/c1 (alternative to c2 and lambda_minus)", 0, true),
               real_param("lambda_minus", "",
                          "the paper's anisotropy: singular value of block 2 relative to block 1, "
                          "c2 = c1 lambda_minus^2 (default 0.1 with setting=paper)",
                          0, true, 1, false),
               real_param("s", "1",
                          "label-noise level s (s^2 = sigma^2 N/T); in [1e-100, 1e100]: beyond, "
                          "s^2 under- or overflows and the Dyson solve has no bulk",
                          1e-100, false, 1e100),
               real_param("sigma0", "1",
                          "initial weights: entry variance sigma0^2/N (an assumption: the paper's "
                          "initialisation could not be read; 0 gives W(0) = 0; at most 1e100, "
                          "beyond which sigma0^2 overflows)",
                          0, false, 1e100),
               {.name = "teacher",
                .type = ParamType::Choice,
                .default_text = "",
                .doc = "symmetric: u = v, the paper's theta v v^T (default with setting=paper); "
                       "independent: u, v orthogonal in each block (setting=reconstruction)",
                .choices = {"independent", "symmetric"}},
               real_param("v_block1", "",
                          "|P_1 v|^2, the part of v in block 1 (default phi, as for a random unit "
                          "vector, with setting=paper; 1 with setting=reconstruction)",
                          0, false, 1),
               real_param("u_block1", "",
                          "|P_1 u|^2, the part of u in block 1 (independent teacher only; default "
                          "0.5)",
                          0, false, 1),
               {.name = "sim_N",
                .type = ParamType::Int,
                .default_text = "0",
                .doc = "size N of a direct simulation of the gradient flow on sampled data (0: "
                       "none); adds the *_sim observables (cost per seed and time: one N x N "
                       "product and eigendecomposition)",
                .min = 0,
                .max = 4000},
               {.name = "sim_seeds",
                .type = ParamType::Int,
                .default_text = "4",
                .doc = "independent data sets of the simulation",
                .min = 2,
                .max = 1000},
               real_param("sim_ratio", "4", "T/N, samples per dimension of the simulation", 1,
                          true, 1000),
               {.name = "sim_data",
                .type = ParamType::Choice,
                .default_text = "two-block",
                .doc = "inputs of the simulation: two-block (the paper's prescribed singular "
                       "values, X X^T/T = C exactly) or gaussian (x ~ N(0, C))",
                .choices = {"two-block", "gaussian"}},
               {.name = "seed",
                .type = ParamType::Int,
                .default_text = "1",
                .doc = "random seed of the simulation",
                .min = 0,
                .max = 2147483647}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         const TransientBBPParams p = params_from(pv);
         std::vector<SampledFlow> sims;
         if (const int N = pv.get_int("sim_N"); N > 0) {
           if (N < 10)
             throw std::invalid_argument("parameter 'sim_N' = " + pv.get_text("sim_N") +
                                         ": must be 0 (no simulation) or >= 10");
           const FlowData data = pv.get_text("sim_data") == "gaussian" ? FlowData::Gaussian
                                                                         : FlowData::TwoBlock;
           const auto seed = static_cast<std::uint64_t>(pv.get_int("seed"));
           for (int i = 0; i < pv.get_int("sim_seeds"); ++i)
             sims.emplace_back(p, N, pv.get_real("sim_ratio"), data, seed * 1000003 + i);
         }
         return std::make_unique<TransientBBPModel>(pv, p, std::move(sims));
       }});
}

}  // namespace summit::random_matrix
