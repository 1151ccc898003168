// The single-index model (docs/single_index.md): population loss, the SGD drift with its O(lr^2)
// term for spherical and unconstrained online SGD, Hermite coefficients and the information
// exponent, and the registry entry.
#include "models/single_index/single_index.hpp"

#include "lib/gauss/hermite.hpp"
#include "lib/gauss/quadrature.hpp"
#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "models/single_index/single_index_impl.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <type_traits>

namespace summit::single_index {

using gauss::lift;
using gauss::value;

// ---------------------------------------------------------------------------------------------
// Links

double Link::f(double z) const {
  switch (kind) {
    case Kind::Linear: return z;
    case Kind::Hermite: return gauss::hermite_h(order, z);
    case Kind::Relu: return z > 0 ? z : 0.0;
    case Kind::Tanh: return std::tanh(z);
    case Kind::Sign: return z > 0 ? 1.0 : (z < 0 ? -1.0 : 0.0);
    case Kind::Erf: return std::erf(z / std::numbers::sqrt2);
    case Kind::Coeffs: return gauss::hermite_series(coeffs, z);
  }
  return 0;
}

double Link::df(double z) const {
  switch (kind) {
    case Kind::Linear: return 1.0;
    case Kind::Hermite:
      return order == 0 ? 0.0 : std::sqrt(double(order)) * gauss::hermite_h(order - 1, z);
    case Kind::Relu: return z > 0 ? 1.0 : (z < 0 ? 0.0 : 0.5);
    case Kind::Tanh: {
      const double t = std::tanh(z);
      return 1 - t * t;
    }
    case Kind::Sign: return 0.0;
    case Kind::Erf: return std::sqrt(2.0 / std::numbers::pi) * std::exp(-0.5 * z * z);
    case Kind::Coeffs: return gauss::hermite_series_derivative(coeffs, z);
  }
  return 0;
}

int Link::degree() const {
  switch (kind) {
    case Kind::Linear: return 1;
    case Kind::Hermite: return order;
    case Kind::Coeffs: {
      int d = 0;
      for (std::size_t k = 0; k < coeffs.size(); ++k)
        if (coeffs[k] != 0.0) d = static_cast<int>(k);
      return d;
    }
    default: return -1;
  }
}

std::vector<double> Link::hermite(int K) const {
  gauss::HermiteOptions o;
  if (kinked()) o.breakpoints = {0.0};
  return gauss::hermite_coefficients([this](double z) { return f(z); }, K, o).c;
}

Link parse_link(const std::string& text, const std::vector<double>& coeffs, const std::string& param) {
  Link l;
  l.name = text;
  if (text == "linear") l.kind = Link::Kind::Linear;
  else if (text == "relu") l.kind = Link::Kind::Relu;
  else if (text == "tanh") l.kind = Link::Kind::Tanh;
  else if (text == "sign") l.kind = Link::Kind::Sign;
  else if (text == "erf") l.kind = Link::Kind::Erf;
  else if (text == "coeffs") {
    l.kind = Link::Kind::Coeffs;
    l.coeffs = coeffs;
    if (coeffs.empty())
      throw std::invalid_argument("parameter '" + param + "' = 'coeffs' needs the list '" + param +
                                  "_coeffs' (Hermite coefficients c_0,c_1,... of h_k)");
    if (coeffs.size() > 31)
      throw std::invalid_argument("parameter '" + param + "_coeffs' has " +
                                  std::to_string(coeffs.size()) + " entries; at most 31 (degree 30)");
  } else if (text.size() == 2 && text[0] == 'h' && text[1] >= '0' && text[1] <= '9') {
    l.kind = Link::Kind::Hermite;
    l.order = text[1] - '0';
  } else {
    throw std::invalid_argument("parameter '" + param + "' = '" + text +
                                "': allowed linear, h0..h9, relu, tanh, sign, erf, coeffs");
  }
  return l;
}

namespace {

// Templated link evaluation for the quadrature (double or Jets). Kinked links branch on value().
template <class T>
T link_f(const Link& l, const T& z) {
  using std::erf;
  using std::tanh;
  switch (l.kind) {
    case Link::Kind::Linear: return z;
    case Link::Kind::Hermite: return gauss::hermite_h(l.order, z);
    case Link::Kind::Relu: return value(z) > 0 ? z : lift<T>(0.0);
    case Link::Kind::Tanh: return tanh(z);
    case Link::Kind::Sign: return lift<T>(l.f(value(z)));
    case Link::Kind::Erf: return erf(z * lift<T>(1.0 / std::numbers::sqrt2));
    case Link::Kind::Coeffs: return gauss::hermite_series(l.coeffs, z);
  }
  return lift<T>(0.0);
}

template <class T>
T link_df(const Link& l, const T& z) {
  using std::exp;
  using std::tanh;
  switch (l.kind) {
    case Link::Kind::Linear: return lift<T>(1.0);
    case Link::Kind::Hermite:
      return l.order == 0 ? lift<T>(0.0)
                          : lift<T>(std::sqrt(double(l.order))) * gauss::hermite_h(l.order - 1, z);
    case Link::Kind::Relu:
    case Link::Kind::Sign: return lift<T>(l.df(value(z)));
    case Link::Kind::Tanh: {
      const T t = tanh(z);
      return lift<T>(1.0) - t * t;
    }
    case Link::Kind::Erf:
      return lift<T>(std::sqrt(2.0 / std::numbers::pi)) * exp(lift<T>(-0.5) * z * z);
    case Link::Kind::Coeffs: return gauss::hermite_series_derivative(l.coeffs, z);
  }
  return lift<T>(0.0);
}

// Piecewise degree for choosing exact rule sizes: relu 1, sign 0; -1 for tanh/erf.
int piece_degree(const Link& l) {
  if (l.kind == Link::Kind::Relu) return 1;
  if (l.kind == Link::Kind::Sign) return 0;
  return l.degree();
}

constexpr int kHermiteOrder = 30;  // coefficients kept for the information exponent
// Relative gap to the degenerate boundary m^2 = Q below which Jet derivatives are taken at an
// interior point (see moments_safe).
constexpr double kBoundaryGap = 1e-8;

class SingleIndex final : public JetModel<SingleIndex, ModelBase> {
 public:
  SingleIndex(const ParamValues& pv, Config c, double m0, double Q0, int nodes)
      : JetModel("single-index", pv), c_(std::move(c)), m0_(m0), Q0_(Q0) {
    layout_.add_scalar("m");
    if (!c_.spherical) layout_.add_scalar("Q");
    if (c_.target.kinked()) kinks_.push_back({1.0, 0.0});
    if (c_.student.kinked()) kinks_.push_back({0.0, 1.0});
    const int df = piece_degree(c_.target), ds = piece_degree(c_.student);
    if (df >= 0 && ds >= 0) {
      // every integrand is (piecewise) a polynomial of degree <= D in (z*, s): exact rule sizes
      const int dsp = std::max(ds - 1, 0);
      const int dg = std::max(df, ds) + dsp;
      const int D = std::max({2 * dg, dg + 1, 2 * std::max(df, ds), 2 * dsp});
      n_rad_ = D / 2 + 2;
      n_ang_ = kinks_.empty() ? D + 2 : D + 16;
    } else {
      // tanh/erf: root-exponential convergence radially (poles at +-i pi/2); with kinks each of
      // the 4 angular sectors needs about half the nodes of the periodic rule over the full
      // circle (measured for tanh/relu: 40 per sector vs 80: 4e-13).
      n_rad_ = nodes;
      n_ang_ = kinks_.empty() ? nodes : std::max((nodes + 1) / 2, 8);
    }
    cstar_ = c_.target.hermite(kHermiteOrder);
    cstu_ = c_.student.hermite(kHermiteOrder);
    info_exponent_ = gauss::information_exponent(cstar_, cstu_, 1e-10);
    // m -> -m is a symmetry of loss and drift when f* or sigma is even (flip z* or s).
    auto even = [](const std::vector<double>& c) {
      for (std::size_t k = 1; k < c.size(); k += 2)
        if (std::abs(c[k]) > 1e-12) return false;
      return true;
    };
    flip_symmetric_ = even(cstar_) || even(cstu_);
  }
  std::string time_unit() const override { return "t = SGD steps / d (samples per dimension)"; }

  // E[g0 z*], E[g0 s], E[g0^2], E[sigma'^2], E[(f* - sigma)^2] with g0 = (sigma - f*) sigma'
  // (g without the label noise), (z*, s) ~ N(0, [[1, m], [m, Q]]).
  template <class T>
  std::array<T, 5> moments(const T& m, const T& Q) const {
    auto g = [this](const T& z, const T& s, std::array<T, 5>& out) {
      const T f = link_f(c_.target, z), sg = link_f(c_.student, s), ds = link_df(c_.student, s);
      const T e = sg - f, g0 = e * ds;
      out[0] = g0 * z;
      out[1] = g0 * s;
      out[2] = g0 * g0;
      out[3] = ds * ds;
      out[4] = e * e;
    };
    return gauss::polar_expectations<5>(lift<T>(1.0), m, Q, g, kinks_, n_ang_, n_rad_);
  }

  // moments() with Jet derivatives taken from interior points when (m, Q) is within
  // kBoundaryGap of the degenerate boundary m^2 = Q (there sqrt(Q - m^2) has an infinite
  // derivative and the library's safe_sqrt drops it). The value is exact. The derivative D(gap)
  // at the point with Q - m'^2 = gap Q behaves like D(0) + C sqrt(gap) + O(gap) for kinked links
  // (E[relu relu] contains (1 - m^2)^{3/2}), so D(0) = 2 D(gap) - D(4 gap) + O(gap) (Richardson in
  // sqrt(gap)); for smooth links C = 0 and the same combination is also O(gap). Sign targets have
  // an infinite derivative at m^2 = Q (asin-type), which this returns as a large finite number.
  template <class T>
  std::array<T, 5> moments_safe(const T& m, const T& Q) const {
    if constexpr (!std::is_arithmetic_v<T>) {
      const double mv = value(m), qv = value(Q);
      if (qv > 0 && qv - mv * mv <= kBoundaryGap * qv && mv != 0.0) {
        auto at_gap = [&](double gap) {
          const double target = std::copysign(std::sqrt((1 - gap) * qv), mv);
          return moments<T>(m - lift<T>(mv - target), Q);
        };
        const std::array<T, 5> r1 = at_gap(kBoundaryGap), r4 = at_gap(4 * kBoundaryGap);
        const std::array<double, 5> r0 = moments<double>(mv, qv);
        std::array<T, 5> r;
        for (int k = 0; k < 5; ++k) {
          r[k] = lift<T>(2.0) * r1[k] - r4[k];
          r[k] += lift<T>(r0[k] - value(r[k]));
        }
        return r;
      }
    }
    return moments<T>(m, Q);
  }

  template <class T>
  T loss_t(const T* x) const {
    const T Q = c_.spherical ? lift<T>(1.0) : x[1];
    const auto mo = moments_safe(x[0], Q);
    return lift<T>(0.5) * mo[4] + lift<T>(0.5 * c_.noise);
  }

  template <class T>
  void drift_t(const T* x, T* dx) const {
    const T m = x[0];
    const T Q = c_.spherical ? lift<T>(1.0) : x[1];
    const auto mo = moments_safe(m, Q);
    const T lr = lift<T>(c_.lr);
    // g = -(y - sigma) sigma' = g0 - sqrt(noise) xi sigma': E[g z*] = E[g0 z*], E[g s] = E[g0 s],
    // E[g^2] = E[g0^2] + noise E[sigma'^2].
    const T V = mo[2] + lift<T>(c_.noise) * mo[3];
    if (c_.spherical) {
      dx[0] = lr * (-mo[0] + m * mo[1]) - lift<T>(0.5) * lr * lr * m * V;
    } else {
      dx[0] = -lr * mo[0];
      dx[1] = lift<T>(-2.0) * lr * mo[1] + lr * lr * V;
    }
  }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    const double m = x[0], Q = c_.spherical ? 1.0 : x[1];
    if (!x.allFinite() || !(Q > 0) || m * m > Q * (1 + tol)) {
      if (why)
        *why = c_.spherical ? "the overlap m must satisfy |m| <= 1"
                            : "Q must be > 0 and the overlap m must satisfy m^2 <= Q";
      return false;
    }
    return true;
  }

  Vec initial_state() const override {
    Vec x(layout_.size());
    x[0] = m0_;
    if (!c_.spherical) x[1] = Q0_;
    return x;
  }
  Vec random_state(std::mt19937_64& rng) const override {
    Vec x(layout_.size());
    const double Q = c_.spherical ? 1.0 : std::uniform_real_distribution<double>(0.25, 2.0)(rng);
    x[0] = std::sqrt(Q) * std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
    if (!c_.spherical) x[1] = Q;
    return x;
  }
  std::vector<NamedPoint> special_points() const override {
    Vec o = Vec::Zero(layout_.size()), l = Vec::Zero(layout_.size());
    l[0] = 1.0;
    if (!c_.spherical) o[1] = l[1] = 1.0;
    return {{"origin", o, "m = 0: no alignment (a fixed point when the information exponent is >= 2)"},
            {"learned", l, "m = 1 (Q = 1): perfect alignment (a fixed point for student = target, noise = 0)"}};
  }

  double symmetry_distance(const Vec& a, const Vec& b) const override {
    const double d = (a - b).lpNorm<Eigen::Infinity>();
    if (!flip_symmetric_) return d;
    Vec fb = b;
    fb[0] = -fb[0];
    return std::min(d, (a - fb).lpNorm<Eigen::Infinity>());
  }

  // Free parameterisation (for `minimize`): spherical m = sin u; unconstrained (m, Q) = (a, a^2 + b^2)
  // with (a, b) the components of w along and orthogonal to w* (over sqrt d).
  int free_dim() const override { return c_.spherical ? 1 : 2; }
  Vec to_free(const Vec& x) const override {
    if (c_.spherical) return Vec::Constant(1, std::asin(std::clamp(x[0], -1.0, 1.0)));
    Vec u(2);
    u << x[0], std::sqrt(std::max(x[1] - x[0] * x[0], 0.0));
    return u;
  }
  Vec from_free(const Vec& u) const override {
    if (c_.spherical) return Vec::Constant(1, std::sin(u[0]));
    Vec x(2);
    x << u[0], u[0] * u[0] + u[1] * u[1];
    return x;
  }
  double free_loss_gradient(const Vec& u, Vec* grad) const override {
    double L;
    Vec g;
    loss_gradient(from_free(u), L, g);
    if (grad) {
      if (c_.spherical) {
        *grad = Vec::Constant(1, g[0] * std::cos(u[0]));
      } else {
        grad->resize(2);
        (*grad) << g[0] + 2 * u[0] * g[1], 2 * u[1] * g[1];
      }
    }
    return L;
  }

  std::vector<std::string> observable_names() const override {
    return {"overlap", "abs_overlap", "info_exponent", "V"};
  }
  Vec observables(const Vec& x) const override {
    const double m = x[0], Q = c_.spherical ? 1.0 : x[1];
    const double ov = Q > 0 ? m / std::sqrt(Q) : 0.0;  // Q > 0 on the realisable set
    const auto mo = moments<double>(m, Q);
    Vec o(4);
    o << ov, std::abs(ov), double(info_exponent_), mo[2] + c_.noise * mo[3];
    return o;
  }
  ModelHints hints() const override { return {natural_threshold(), escape_law(), default_events(), {}}; }
  std::vector<std::string> default_events() const {
    return {"escape: abs_overlap>0.5", "aligned: abs_overlap>0.9"};
  }

  Threshold natural_threshold() const {
    const bool matched = c_.target.name == c_.student.name && c_.target.coeffs == c_.student.coeffs;
    if (matched && c_.noise == 0.0) return {"lr", 0.01, 4.0, "learned", ""};
    if (info_exponent_ >= 2) return {"lr", 0.01, 4.0, "origin", ""};
    return {};
  }

  // Escape laws of the linearised drift (docs/single_index.md, "Escape times") from
  // m0 = c/sqrt(d), time t = steps/d at fixed lr.
  EscapeLaw escape_law() const {
    const int k = info_exponent_;
    if (k == 1) return {"const", 0, 0, "information exponent 1: t = O(1/lr), n = Theta(d)"};
    if (k == 2) {
      EscapeLaw l{"log d", 0, 1,
                  "information exponent 2: t ~ ln d / (2 r), r = 2 lr c*_2 c_2 - lr^2 V(0)/2 (the drift "
                  "Jacobian at m = 0); n ~ d log d"};
      if (c_.spherical) {
        Vec dx;
        Mat J;
        drift_jacobian(Vec::Zero(1), dx, J);
        if (J(0, 0) > 0) l.log_slope = 1 / (2 * J(0, 0));
      }
      return l;
    }
    if (k >= 3)
      return {"d^((k-2)/2)", 0.5 * (k - 2), 0,
              "information exponent " + std::to_string(k) +
                  " at fixed lr, valid while the noise term is negligible (lr << d^-(k-2)/2); with "
                  "lr ~ d^-(k-2)/2, needed to escape at all, t ~ d^(k-2) and n ~ d^(k-1)"};
    return {};
  }

  std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d, std::uint64_t seed) const override {
    return make_sgd(c_, x0, d, seed);
  }

 private:
  Config c_;
  double m0_, Q0_;
  std::vector<std::array<double, 2>> kinks_;
  int n_ang_ = 80, n_rad_ = 80;
  std::vector<double> cstar_, cstu_;
  int info_exponent_ = 0;
  bool flip_symmetric_ = false;
};

std::vector<std::string> menu(bool with_same) {
  std::vector<std::string> v;
  if (with_same) v.push_back("same");
  for (const char* s : {"linear", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9",
                        "relu", "tanh", "sign", "erf", "coeffs"})
    v.push_back(s);
  return v;
}

std::vector<ParamSpec> specs() {
  const double kHuge = 1e300;  // the bound the allowed ranges print ("<= 1e+300")
  std::vector<ParamSpec> s;
  ParamSpec t{.name = "target", .type = ParamType::Choice, .default_text = "h2",
              .doc = "teacher link f*: linear, h_k = He_k/sqrt(k!), relu, tanh, sign, erf (= erf(z/sqrt2)) "
              "or coeffs (target_coeffs)"};
  t.choices = menu(false);
  s.push_back(t);
  ParamSpec a{.name = "activation", .type = ParamType::Choice, .default_text = "same",
              .doc = "student activation sigma, same menu; 'same' = the target's link"};
  a.choices = menu(true);
  s.push_back(a);
  s.push_back({.name = "target_coeffs", .type = ParamType::RealList, .default_text = "",
               .doc = "Hermite coefficients c_0,c_1,... of f* = sum c_k h_k (target = coeffs)"});
  s.push_back({.name = "activation_coeffs", .type = ParamType::RealList, .default_text = "",
               .doc = "Hermite coefficients of sigma (activation = coeffs)"});
  s.push_back({.name = "lr", .type = ParamType::Real, .default_text = "0.1",
               .doc = "learning rate eta (O(1): the critical scaling; its square enters the drift: <= 1e100)",
               .min = 0, .max = 1e100, .min_exclusive = true});
  s.push_back({.name = "noise", .type = ParamType::Real, .default_text = "0",
               .doc = "label-noise variance Delta", .min = 0, .max = kHuge});
  ParamSpec dyn{.name = "dynamics", .type = ParamType::Choice, .default_text = "spherical",
                .doc = "spherical: w renormalised to ||w||^2 = d after each step (state m); "
                "unconstrained: plain SGD (state m, Q)"};
  dyn.choices = {"spherical", "unconstrained"};
  s.push_back(dyn);
  s.push_back({.name = "spherical", .type = ParamType::Bool, .default_text = "true",
               .doc = "same switch as dynamics (issue 4 name): true = spherical, false = unconstrained; "
               "giving both inconsistently is an error"});
  ParamSpec sim{.name = "simulation", .type = ParamType::Choice, .default_text = "full",
                .doc = "finite-d simulation (summit simulate): full = d-dimensional SGD, O(d) per step; "
                "reduced = the same process exactly in law on (w.w*, ||w_perp||), O(1) per step"};
  sim.choices = {"full", "reduced"};
  s.push_back(sim);
  s.push_back({.name = "m0", .type = ParamType::Real, .default_text = "",
               .doc = "initial overlap m(0); default c/sqrt(d)", .min = -1, .max = 1});
  s.push_back({.name = "d", .type = ParamType::Real, .default_text = "1000",
               .doc = "dimension setting the default m0 = c/sqrt(d)", .min = 1, .max = kHuge});
  s.push_back({.name = "c", .type = ParamType::Real, .default_text = "1",
               .doc = "prefactor of the default m0 = c/sqrt(d)", .min = -kHuge, .max = kHuge});
  s.push_back({.name = "Q0", .type = ParamType::Real, .default_text = "1",
               .doc = "initial Q = ||w||^2/d (unconstrained dynamics)", .min = 0,
               .max = kHuge, .min_exclusive = true});
  s.push_back({.name = "nodes", .type = ParamType::Int, .default_text = "80",
               .doc = "quadrature nodes per angular sector and radially for non-polynomial links (tanh, erf; "
               "80: ~1e-13, 40: ~1e-8 relative for tanh); "
               "polynomial and ReLU/sign links use exact rule sizes",
               .min = 8, .max = 150});
  return s;
}

}  // namespace

void register_model(Registry& registry) {
  registry.add(
      {.name = "single-index",
       .summary =
           "single-index model y = f*(x.w*) learned by online SGD (spherical or unconstrained), "
           "overlap ODE with the O(lr^2) noise term",
       .doc =
           "Data x ~ N(0, I/d); y = f*(z*) + sqrt(noise) xi, z* = x.w*, ||w*||^2 = d; student sigma(x.w);\n"
           "loss (y - y^)^2/2; SGD step w <- w - lr g x, g = -(y - sigma(s)) sigma'(s); spherical: then\n"
           "w <- sqrt(d) w/||w|| (Ben Arous, Gheissari & Jagannath 2021/2022). m = w.w*/d, Q = ||w||^2/d,\n"
           "time t = steps/d. Drift (docs/single_index.md, eqs. (1)-(3)):\n"
           "  spherical:     dm/dt = lr(-E[g z*] + m E[g s]) - lr^2/2 m E[g^2]\n"
           "  unconstrained: dm/dt = -lr E[g z*], dQ/dt = -2 lr E[g s] + lr^2 E[g^2]\n"
           "with (z*, s) ~ N(0, [[1, m], [m, Q]]); E[g^2] includes noise E[sigma'^2]. Loss R = E(f* - sigma)^2/2\n"
           "+ noise/2. info_exponent = min{k >= 1: c_k(f*) c_k(sigma) != 0} (normalised Hermite\n"
           "coefficients, 0 if none up to k = 30). Escape from m0 = c/sqrt(d): t ~ 1, log d, d^((k-2)/2)/lr\n"
           "for k = 1, 2, >= 3 (n = d t samples). docs/single_index.md.",
       .params = specs(),
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         Config c;
         c.target = parse_link(
             pv.get_text("target"),
             pv.is_set("target_coeffs") ? pv.get_list("target_coeffs") : std::vector<double>{},
             "target");
         const std::string act = pv.get_text("activation");
         if (act == "same") {
           c.student = c.target;
         } else {
           c.student = parse_link(act,
                                  pv.is_set("activation_coeffs") ? pv.get_list("activation_coeffs")
                                                                 : std::vector<double>{},
                                  "activation");
         }
         c.lr = pv.get_real("lr");
         c.noise = pv.get_real("noise");
         c.spherical = pv.get_text("dynamics") == "spherical";
         if (pv.given("spherical")) {
           const bool sph = pv.get_bool("spherical");
           if (pv.given("dynamics") && sph != c.spherical)
             throw std::invalid_argument(
                 "parameters spherical = " + std::string(sph ? "true" : "false") +
                 " and dynamics = " + pv.get_text("dynamics") +
                 " contradict each other: give one of them, or spherical=true with "
                 "dynamics=spherical / spherical=false with dynamics=unconstrained");
           c.spherical = sph;
         }
         c.reduced = pv.get_text("simulation") == "reduced";
         const double Q0 = c.spherical ? 1.0 : pv.get_real("Q0");
         const double m0 =
             pv.is_set("m0") ? pv.get_real("m0") : pv.get_real("c") / std::sqrt(pv.get_real("d"));
         if (m0 * m0 > Q0)
           throw std::invalid_argument(
               std::string(pv.is_set("m0") ? "parameter 'm0'" : "parameters c, d") + ": initial overlap m0 = " +
               format_real(m0) + " (from m0, or c/sqrt(d)): needs m0^2 <= Q0 = " + format_real(Q0));
         return std::make_unique<SingleIndex>(pv, std::move(c), m0, Q0, pv.get_int("nodes"));
       }});
}

}  // namespace summit::single_index
