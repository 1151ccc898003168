#include "models/random_matrix/transient_bbp.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "lib/rmt/laws.hpp"

#include <algorithm>
#include <limits>
#include <cmath>
#include <stdexcept>
#include <string>
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
  require(finite(p.sigma0) && p.sigma0 >= 0, "sigma0", p.sigma0, "finite and >= 0");
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
  o.position = r.lambda * 0.5 * (lo + hi);
  return o;
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
  // 24 points per decade, plus t = 0; the maximum refined by golden section in log t.
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
    double a = std::log(ts[imax - 1]), b = std::log(ts[imax + 1]);
    if (imax == 1) a = std::log(ts[1]) - std::log(10.0);
    const double gr = 0.5 * (std::sqrt(5.0) - 1);
    double x1 = b - gr * (b - a), x2 = a + gr * (b - a);
    double f1 = f(std::exp(x1)), f2 = f(std::exp(x2));
    while (b - a > 1e-10) {
      if (f1 > f2) {
        b = x2; x2 = x1; f2 = f1; x1 = b - gr * (b - a); f1 = f(std::exp(x1));
      } else {
        a = x1; x1 = x2; f1 = f2; x2 = a + gr * (b - a); f2 = f(std::exp(x2));
      }
    }
    const double tp = std::exp(0.5 * (a + b)), fp = f(tp);
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
}

namespace {

class TransientBBPModel final : public JetModel<TransientBBPModel, ModelBase> {
 public:
  TransientBBPModel(const ParamValues& pv, const TransientBBPParams& p) : JetModel("transient-bbp", pv), tb_(p) {
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
    return pts;
  }
  std::vector<std::string> observable_names() const override {
    return {"edge",        "top_eigenvalue", "outlier_present", "F",
            "F_minus_1",   "F_after_peak_minus_1", "max_F_minus_1", "theta_emerge",
            "theta_persist", "t_on", "t_off", "regime", "windows"};
  }
  Vec observables(const Vec& x) const override {
    const double t = std::max(0.0, x[0]);
    const TransientOutlier o = tb_.outlier(t);
    const auto& w = tb_.window();
    const double th2 = tb_.params().theta * tb_.params().theta;
    const double after = t < w.t_peak ? th2 * w.f_max - 1 : o.F - 1;
    Vec v(13);
    v << o.edge, o.position, o.present ? 1.0 : 0.0, o.F, o.F - 1, after, th2 * w.f_max - 1,
        w.theta_emerge, w.theta_persist, w.t_on, w.t_off, double(int(w.regime)), double(w.windows);
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
};

}  // namespace

void register_transient_bbp(Registry& registry) {
  registry.add(
      {.name = "transient-bbp",
       .summary =
           "transient BBP outlier of the symmetrised weights of an early-stopped linear flow",
       .doc =
           "Coeurdoux, Ferre & Bouchaud 2026 (arXiv:2604.18450), as RECONSTRUCTED from its abstract\n"
           "(docs/random_matrix.md). Inputs: C = diag(c1 (fraction phi), c2);\n"
           "teacher theta u v^T; W(t) = theta u (I - e^{-tC}) v^T + noise with column variances\n"
           "k_a = sigma0^2 e^{-2 t c_a} + s^2 (1 - e^{-t c_a})^2 / c_a; S = (W + W^T)/2.\n"
           "State: the time t (drift 1): `summit curve transient-bbp --t-end T` tabulates the bulk\n"
           "edge E+(t) (2x2 Dyson equation), the outlier (top_eigenvalue = outlier if present, else\n"
           "the edge), F(t) = theta^2 f(t) (outlier iff F > 1), and the constants theta_emerge =\n"
           "1/sqrt(max f), theta_persist = 1/sqrt(f(inf)), t_on, t_off (-1: none), regime (0 never,\n"
           "1 transient, 2 persistent), windows (number of intervals with F > 1).\n"
           "F_after_peak_minus_1 = F(max(t, t_peak)) - 1. `summit escape` reports the events\n"
           "emergence (F > 1) and reabsorption (F < 1 after the peak). `summit threshold` (natural:\n"
           "parameter theta, observable max_F_minus_1 = theta^2 max_t f - 1) gives theta_emerge.\n"
           "Loss: the bulk excess test error sum_a phi_a c_a k_a(t).",
       .params =
           std::vector<ParamSpec>{
               {.name = "theta",
                .type = ParamType::Real,
                .default_text = "3",
                .doc = "teacher strength theta (W* = theta u v^T; <= 1e10: the outlier's Dyson solve "
                       "failed from 1e15 on)",
                .min = 0,
                .max = 1e10},
               {.name = "phi",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc = "size fraction of block 1",
                .min = 0,
                .max = 1,
                .min_exclusive = true,
                .max_exclusive = true},
               {.name = "c1",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "input variance of block 1",
                .min = 0,
                .min_exclusive = true},
               {.name = "c2",
                .type = ParamType::Real,
                .default_text = "",
                .doc = "input variance of block 2 (default 0.02, or anisotropy * c1)",
                .min = 0,
                .min_exclusive = true},
               {.name = "anisotropy",
                .type = ParamType::Real,
                .default_text = "",
                .doc = "c2/c1 (alternative to c2; give one of them)",
                .min = 0,
                .min_exclusive = true},
               {.name = "s",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "label-noise level s (s^2 = sigma^2 N/T)",
                .min = 0,
                .min_exclusive = true},
               {.name = "sigma0",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "initial weights: entry variance sigma0^2/N",
                .min = 0},
               {.name = "teacher",
                .type = ParamType::Choice,
                .default_text = "independent",
                .doc =
                    "independent: u, v orthogonal in each block (our reconstruction); symmetric: "
                    "u = v (the paper's theta v v^T)",
                .choices = {"independent", "symmetric"}},
               {.name = "v_block1",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "|P_1 v|^2, the part of v in block 1",
                .min = 0,
                .max = 1},
               {.name = "u_block1",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc = "|P_1 u|^2, the part of u in block 1 (independent teacher only)",
                .min = 0,
                .max = 1}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         TransientBBPParams p;
         p.theta = pv.get_real("theta");
         p.phi = pv.get_real("phi");
         p.c1 = pv.get_real("c1");
         if (pv.given("c2") && pv.given("anisotropy"))
           throw std::invalid_argument("parameters 'c2' = " + pv.get_text("c2") +
                                       " and 'anisotropy' = " + pv.get_text("anisotropy") +
                                       ": give only one of them");
         p.c2 = pv.given("c2")           ? pv.get_real("c2")
                : pv.given("anisotropy") ? pv.get_real("anisotropy") * p.c1
                                         : 0.02;
         p.s = pv.get_real("s");
         p.sigma0 = pv.get_real("sigma0");
         p.symmetric = pv.get_text("teacher") == "symmetric";
         p.v1 = pv.get_real("v_block1");
         p.u1 = pv.get_real("u_block1");
         if (p.symmetric && pv.given("u_block1") && p.u1 != p.v1)
           throw std::invalid_argument("parameter 'u_block1' = " + pv.get_text("u_block1") +
                                       ": with teacher=symmetric u = v, so u_block1 must equal "
                                       "v_block1 (or be left out)");
         return std::make_unique<TransientBBPModel>(pv, p);
       }});
}

}  // namespace summit::random_matrix
