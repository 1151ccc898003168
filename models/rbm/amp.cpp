// AMP for the reduced RBM objective at finite alpha, k = 1: the output denoiser (proximal map of
// -eta), the state evolution in (m, q, V), its fixed points, a finite-d AMP run, and the state
// evolution as a summit model (rbm with theory = amp). Equations in rbm.hpp and docs/spectral.md
// (`rbm`, "AMP at finite alpha"); derived here, not taken from the paper's body (inaccessible).
#include "models/rbm/rbm.hpp"

#include "lib/model_base.hpp"
#include "models/rbm/expectations.hpp"
#include "models/rbm/rbm_impl.hpp"

#include <Eigen/Dense>
#include <boost/math/quadrature/gauss.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace summit::rbm {

namespace {

using detail::log_cosh;

// q' of the Gaussian-hidden step: the root of q (alpha/(1 - q) + ahat)^2 = S on the interval where
// Lambda = alpha/(1 - q) + ahat > 0 (there q Lambda^2 increases from 0 to infinity), by bisection.
double gaussian_q_next(double alpha, double ahat, double S) {
  double lo = ahat < 0 ? std::max(0.0, 1 + alpha / ahat) : 0.0, hi = 1;
  for (int it = 0; it < 200 && hi - lo > 1e-16; ++it) {
    const double mid = 0.5 * (lo + hi);
    const double L = alpha / (1 - mid) + ahat;
    (mid * L * L < S ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Expectations over omega ~ N(0, sd^2) of the +-1 output denoiser: f -> E[f(omega)] for the four
// integrands of the SE (dg, g^2, dg^2, log cosh lambda). The trapezoidal rule in z = omega/sd
// (step kTrapStep, used before) is spectrally accurate only for integrands analytic in a strip
// that is wide compared with the step. Here that strip closes as V -> 1: lambda(omega) is singular
// where d omega/d lambda = 1 - V sech^2 lambda vanishes, at lambda = +-i y*, y* = arccos(sqrt V),
// i.e. at omega = +-i d, d = y* - V tan y* ~ (2/3)(1 - V)^(3/2) (0.021 at V = 0.9, 6.7e-4 at
// V = 0.99), where the trapezoidal error is ~exp(-2 pi d/(sd kTrapStep)), O(1) there.
// Method: the integrands are even in omega, so E[f] = 2 int_0^9 f(sd z) phi(z) dz (kPm1Zmax);
// [0, 9] is cut into panels, each integrated by the 10-point Gauss-Legendre rule (Boost.Math,
// gauss<double, 10>): panels [0, dz], [dz, 2 dz], [2 dz, 4 dz], ... (dz = d/sd, geometric, each panel as long as
// its distance to the singularity) up to the outer panel length s = min(1, 2/sd), then panels of
// length s. The geometric grading keeps the singularity outside the Bernstein ellipse of parameter
// rho >= 4.6 of every inner panel (error ~rho^-20 ~ 1e-13); the outer length (<= 2 in omega, <= 1
// in z) keeps the next singularities of lambda(omega) (|Im omega| >= 3, rho >= 6) and the
// Gaussian's variation resolved. A fixed (non-adaptive) rule, so the step is a smooth function of
// (q, V) and the central-difference Jacobians of the solvers stay accurate. Measured error against
// tests/models/rbm/m0_threshold_oracle.hpp (integrals over lambda at step 0.002, itself stable to 4e-14
// against step 0.01) at m = 0, alpha = 3: <= 5e-12 in D, V' and q'/(1 + q') for V in [0.3, 0.999]
// and q in [0.3, 50] (typically 3e-14; the old rule: 1e-3 at V = 0.8, O(1) at V >= 0.9). Cost of
// one step (Release build, shared machine; old rule in parentheses): 42 (140) us at q = 1.5,
// V = 0.5; 74 (134) at q = 1.8, V = 0.95; 68 (82) at q = 8, V = 0.9; 54 (46) at q = 50, V = 0.5;
// 437 (135, but wrong) at V = 0.9999, where ~20 graded panels and slow Newton starts for the prox
// near omega = 0 add up.
struct Pm1Moments {
  double D = 0, G2 = 0, DG2 = 0, ETA = 0;
};

// The rule's cut-off in z: the integrands grow at most like |omega| = sd z, and
// 2 int_9^inf sd z phi(z) dz = 2 sd phi(9) ~ 2e-18 sd.
constexpr double kPm1Zmax = 9;

Pm1Moments pm1_moments(double sd, double V) {
  using GL = boost::math::quadrature::gauss<double, 10>;
  static const auto& xs = GL::abscissa();
  static const auto& ws = GL::weights();
  Pm1Moments r;
  auto panel = [&](double a, double b) {
    const double c = 0.5 * (a + b), hw = 0.5 * (b - a);
    for (std::size_t i = 0; i < xs.size(); ++i)
      for (int sg = -1; sg <= 1; sg += 2) {
        const double z = c + sg * hw * xs[i];
        const double w = hw * ws[i] * std::exp(-0.5 * z * z);
        const AmpOutput o = amp_output_denoiser(Hidden::rademacher, sd * z, V);
        r.D += w * o.dg;
        r.G2 += w * o.g * o.g;
        r.DG2 += w * o.dg * o.dg;
        r.ETA += w * log_cosh(o.lambda);
      }
  };
  const double ys = std::acos(std::sqrt(V));
  const double dz = std::max(ys - V * std::tan(ys), 1e-300) / sd;
  const double s = std::min(1.0, 2 / sd);
  double a = 0;
  if (dz < s) {
    panel(0, dz);
    a = dz;
    while (a < s) {
      const double b = std::min(2 * a, s);
      panel(a, b);
      a = b;
    }
  }
  while (a < kPm1Zmax) {
    const double b = std::min(a + s, kPm1Zmax);
    panel(a, b);
    a = b;
  }
  const double norm = 2 / std::sqrt(2 * std::numbers::pi);  // both halves, phi's constant
  r.D *= norm;
  r.G2 *= norm;
  r.DG2 *= norm;
  r.ETA *= norm;
  return r;
}

}  // namespace

AmpOutput amp_output_denoiser(Hidden h, double omega, double V) {
  AmpOutput o;
  if (h == Hidden::gaussian) {
    o.lambda = omega / (1 - V);
    o.g = o.lambda;
    o.dg = 1 / (1 - V);
    return o;
  }
  // lambda - V tanh(lambda) = |omega| on lambda >= |omega|: f is increasing (f' = 1 - V sech^2 >=
  // 1 - V > 0) and convex for lambda > 0, f(|omega| + V) >= 0, so Newton from |omega| + V decreases
  // monotonically to the root.
  const double a = std::abs(omega);
  double l = a + V;
  for (int it = 0; it < 100; ++it) {
    const double t = std::tanh(l);
    const double step = (l - V * t - a) / (1 - V * (1 - t * t));
    l -= step;
    if (std::abs(step) <= 1e-15 * (1 + l)) break;
  }
  o.lambda = omega < 0 ? -l : l;
  const double t = std::tanh(o.lambda), s2 = 1 - t * t;
  o.g = t;
  o.dg = s2 / (1 - V * s2);
  return o;
}

AmpStep amp_se_step(Hidden h, double alpha, double beta, const AmpState& s) {
  AmpStep r;
  const double var = s.q + beta * s.m * s.m;
  if (!(std::isfinite(s.m) && std::isfinite(s.q) && std::isfinite(s.V))) {
    r.why = "non-finite state";
    return r;
  }
  if (!(s.q >= 0 && var > 0)) {
    r.why = "need q >= 0 and q + beta m^2 > 0";
    return r;
  }
  if (!(s.V > 0 && s.V < 1)) {
    r.why = "need 0 < V < 1 (else the proximal step of -eta is not a concave problem)";
    return r;
  }
  const double sd = std::sqrt(var);
  double D = 0, G2 = 0, DG2 = 0, ETA = 0;
  if (h == Hidden::gaussian) {
    // Polynomial integrands times the Gaussian (entire): the trapezoidal rule in z is accurate to
    // rounding (rbm_impl.hpp); kept as it was.
    const auto& w = trapezoid_weights();
    for (int i = 0; i < kTrapPoints; ++i) {
      const AmpOutput o = amp_output_denoiser(h, sd * trapezoid_node(i), s.V);
      D += w[i] * o.dg;
      G2 += w[i] * o.g * o.g;
      DG2 += w[i] * o.dg * o.dg;
      ETA += w[i] * 0.5 * o.lambda * o.lambda;
    }
  } else {
    const Pm1Moments mo = pm1_moments(sd, s.V);  // graded Gauss-Legendre panels, see above
    D = mo.D;
    G2 = mo.G2;
    DG2 = mo.DG2;
    ETA = mo.ETA;
  }
  r.D = D;
  r.mhat = alpha * beta * s.m * D;  // alpha sqrt(beta) E[c g(omega)], Stein on c
  r.qhat = alpha * G2;
  r.ahat = -alpha * D;
  const double S = r.mhat * r.mhat + r.qhat;
  double qn;
  if (h == Hidden::gaussian) {
    qn = gaussian_q_next(alpha, r.ahat, S);
    r.Lambda = alpha / (1 - qn) + r.ahat;
    r.objective = ETA + 0.5 * std::log(1 - s.q);
  } else {
    r.Lambda = alpha + r.ahat;
    qn = S / (r.Lambda * r.Lambda);
    r.objective = ETA - 0.5 * s.q;
  }
  if (!(r.Lambda > 0)) {
    r.why = "Lambda = alpha Gamma - alpha E[dg] <= 0 (no maximiser of the input step)";
    return r;
  }
  r.next = {r.mhat / r.Lambda, qn, 1 / r.Lambda};
  r.m_gain = alpha * beta * D / r.Lambda;
  r.replicon = alpha * DG2 / (r.Lambda * r.Lambda);
  r.ok = std::isfinite(r.next.m) && std::isfinite(r.next.q) && std::isfinite(r.next.V);
  if (!r.ok) r.why = "non-finite step";
  return r;
}

AmpFixedPoint amp_fixed_point(Hidden h, double alpha, double beta, const AmpState& start,
                              bool keep_m0, double damping, double tol, int max_iterations) {
  AmpFixedPoint f;
  using V3 = Eigen::Vector3d;
  auto state = [&](const V3& x) { return AmpState{keep_m0 ? 0.0 : x[0], x[1], x[2]}; };
  // Residual F(x) - x (m component 0 when keep_m0); false where the step is undefined.
  auto residual = [&](const V3& x, V3& r, AmpStep* st = nullptr) {
    const AmpStep s = amp_se_step(h, alpha, beta, state(x));
    if (st) *st = s;
    if (!s.ok) return false;
    r = V3(s.next.m, s.next.q, s.next.V) - x;
    if (keep_m0) r[0] = 0;
    return true;
  };
  V3 x(keep_m0 ? 0.0 : start.m, start.q, start.V), r = V3::Zero(), best = x;
  double best_res = std::numeric_limits<double>::infinity();
  std::string why;
  int it = 0;
  for (; it < max_iterations; ++it) {
    AmpStep st;
    if (!residual(x, r, &st)) {
      why = st.why;
      break;
    }
    const double res = r.lpNorm<Eigen::Infinity>();
    if (res < best_res) {
      best_res = res;
      best = x;
    }
    if (res <= tol) break;
    x += damping * r;
  }
  // Newton from the best iterate (also finds fixed points the damped map circles around).
  x = best;
  for (int nt = 0; nt < 60 && best_res > tol; ++nt, ++it) {
    if (!residual(x, r)) break;
    Eigen::Matrix3d J = Eigen::Matrix3d::Zero();
    bool good = true;
    for (int j = keep_m0 ? 1 : 0; j < 3 && good; ++j) {
      const double hstep = 1e-7 * std::max(1.0, std::abs(x[j]));
      V3 a = x, b = x, ra = V3::Zero(), rb = V3::Zero();
      a[j] += hstep;
      b[j] -= hstep;
      good = residual(a, ra) && residual(b, rb);
      if (good) J.col(j) = (ra - rb) / (2 * hstep);
    }
    if (!good) break;
    if (keep_m0) {
      J.row(0).setZero();
      J.col(0).setZero();
      J(0, 0) = 1;
    }
    const V3 dx = J.colPivHouseholderQr().solve(-r);
    double t = 1;
    bool moved = false;
    for (int ls = 0; ls < 30; ++ls, t *= 0.5) {
      V3 y = x + t * dx, ry = V3::Zero();
      if (residual(y, ry) && ry.lpNorm<Eigen::Infinity>() < r.lpNorm<Eigen::Infinity>()) {
        x = y;
        moved = true;
        break;
      }
    }
    if (!moved) break;
    V3 rx = V3::Zero();
    residual(x, rx);
    best_res = rx.lpNorm<Eigen::Infinity>();
    best = x;
  }
  f.x = state(best);
  f.iterations = it;
  V3 rb = V3::Zero();
  if (!residual(best, rb, &f.at)) {
    f.message = "state evolution undefined: " + f.at.why;
    f.residual = std::numeric_limits<double>::infinity();
    return f;
  }
  f.residual = rb.lpNorm<Eigen::Infinity>();
  f.converged = f.residual <= tol;
  if (!f.converged)
    f.message = "no fixed point to tolerance (residual " + std::to_string(f.residual) + ")" +
                (why.empty() ? "" : "; the iteration stopped: " + why);
  return f;
}

std::vector<AmpState> run_amp_k1(Hidden h, double alpha, double beta, int d, int iterations,
                                 const AmpState& start, std::uint64_t seed) {
  if (d < 3) throw std::invalid_argument("run_amp_k1: d = " + std::to_string(d) + " must be >= 3");
  if (!(start.q > start.m * start.m) || !(start.V > 0 && start.V < 1))
    throw std::invalid_argument("run_amp_k1: need q0 > m0^2 and 0 < V0 < 1");
  const int n = static_cast<int>(std::lround(alpha * d));
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  Eigen::MatrixXd X(n, d);
  for (int j = 0; j < d; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = N(rng);
  for (int i = 0; i < n; ++i) X(i, 0) += std::sqrt(beta) * N(rng);  // u = e1
  const double sd = std::sqrt(double(d));
  Eigen::VectorXd w(d);
  for (int i = 1; i < d; ++i) w[i] = N(rng);
  w[0] = 0;
  w *= std::sqrt((start.q - start.m * start.m) * d) / w.norm();
  w[0] = start.m * sd;
  Eigen::VectorXd g = Eigen::VectorXd::Zero(n), om(n), dg(n);
  double V = start.V;
  std::vector<AmpState> out;
  for (int t = 0; t < iterations; ++t) {
    om = X * w / sd - V * g;
    for (int i = 0; i < n; ++i) {
      const AmpOutput o = amp_output_denoiser(h, om[i], V);
      g[i] = o.g;
      dg[i] = o.dg;
    }
    const double ahat = -dg.sum() / d;
    const Eigen::VectorXd B = X.transpose() * g / sd + ahat * w;
    double Lambda;
    if (h == Hidden::gaussian) {
      Lambda = alpha / (1 - gaussian_q_next(alpha, ahat, B.squaredNorm() / d)) + ahat;
    } else {
      Lambda = alpha + ahat;
    }
    w = B / Lambda;
    V = 1 / Lambda;
    out.push_back({w[0] / sd, w.squaredNorm() / d, V});
    if (!(V > 0 && V < 1)) break;  // the next output step would be undefined
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The state evolution as a summit model: state (m, q, V), drift F(x) - x, so fixed points and
// their stability are those of the iteration (the Jacobian of F - x has eigenvalues mu - 1, mu
// those of the map's Jacobian; |mu| < 1 for a stable fixed point of the undamped map implies
// Re(mu - 1) < 0, and the converse holds for real mu, which is the case in the m-direction).

namespace {

class AmpSeRBM final : public ModelBase {
 public:
  AmpSeRBM(const ParamValues& pv, const Config& c)
      : ModelBase("rbm", pv), c_(c), h_(c.gaussian ? Hidden::gaussian : Hidden::rademacher) {
    layout_.add_scalar("m");
    layout_.add_scalar("q");
    layout_.add_scalar("V");
  }
  std::string time_unit() const override { return "state-evolution iterations (relaxation time)"; }

  // The loss: -(L/n) = psi(q) - E[eta(lambda)], the training objective at a fixed point (where
  // lambda is the preactivation); away from fixed points only a diagnostic.
  double loss(const Vec& x) const override {
    const AmpStep s = amp_se_step(h_, c_.alpha, c_.beta, clamp(x));
    return s.ok ? -s.objective : std::numeric_limits<double>::infinity();
  }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = loss(x);
    g = Vec::Zero(x.size());
  }
  void loss_hessian(const Vec& x, Mat& H) const override { H = Mat::Zero(x.size(), x.size()); }

  void drift(const Vec& x, Vec& dx) const override {
    dx.resize(3);
    const AmpState s = clamp(x);
    const AmpStep st = amp_se_step(h_, c_.alpha, c_.beta, s);
    if (!st.ok) {
      // Outside the domain (Lambda <= 0): push V up, the direction that restores Lambda > 0.
      dx << 0, 0, 1;
      return;
    }
    dx << st.next.m - x[0], st.next.q - x[1], st.next.V - x[2];
  }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    // Central differences, step 1e-7 (relative): truncation O(h^2 F''') and rounding
    // O(1e-16 / h) ~ 1e-9, ample for stability signs and Newton.
    drift(x, dx);
    J.resize(3, 3);
    for (int j = 0; j < 3; ++j) {
      const double hs = 1e-7 * std::max(1.0, std::abs(x[j]));
      Vec a = x, b = x, da, db;
      a[j] += hs;
      b[j] -= hs;
      drift(a, da);
      drift(b, db);
      J.col(j) = (da - db) / (2 * hs);
    }
  }
  bool realisable(const Vec& x, std::string* why, double tol) const override {
    if (x.size() == 3 && x.allFinite() && x[1] >= x[0] * x[0] - tol && x[2] > 0 && x[2] < 1)
      return true;
    if (why) *why = "need q >= m^2 (Cauchy-Schwarz) and 0 < V < 1 (concave proximal step)";
    return false;
  }
  Vec initial_state() const override {
    return Vec{{c_.m0, c_.q0, 0.5}};
  }
  Vec random_state(std::mt19937_64& rng) const override {
    std::uniform_real_distribution<double> U(0, 1);
    const double q = 0.05 + 2 * U(rng);
    return Vec{{std::sqrt(q) * (2 * U(rng) - 1), q, 0.05 + 0.9 * U(rng)}};
  }
  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> pts;
    const AmpFixedPoint u = uninformative();
    if (u.converged)
      pts.push_back({"uninformative", Vec{{0.0, u.x.q, u.x.V}},
                     "m = 0 fixed point of the SE; loses stability where alpha beta D / Lambda = 1"});
    const AmpFixedPoint i = informative();
    if (i.converged && std::abs(i.x.m) > 1e-6)
      pts.push_back({"informative", Vec{{i.x.m, i.x.q, i.x.V}},
                     "m > 0 fixed point of the SE (damped iteration from m = 0.5, then Newton)"});
    return pts;
  }
  std::vector<std::string> observable_names() const override {
    return {"m", "q", "V", "overlap2", "mhat", "qhat", "Lambda", "m_gain", "replicon", "objective"};
  }
  Vec observables(const Vec& x) const override {
    const AmpStep s = amp_se_step(h_, c_.alpha, c_.beta, clamp(x));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return Vec{{x[0], x[1], x[2], x[1] > 0 ? x[0] * x[0] / x[1] : 0.0, s.ok ? s.mhat : nan,
                s.ok ? s.qhat : nan, s.ok ? s.Lambda : nan, s.ok ? s.m_gain : nan,
                s.ok ? s.replicon : nan, s.ok ? s.objective : nan}};
  }
  ModelHints hints() const override { return {natural_threshold(), {}, {}, {}}; }
  Threshold natural_threshold() const {
    // Gaussian hidden units: the point exists for every alpha (V = 1/(1 + sqrt alpha)); +-1: only
    // above alpha = 2.288332, where the m = 0 branch reaches V = 1 (docs/spectral.md); the range
    // starts at 3.8 as before the quadrature fix (the thresholds for beta < 0.57 lie above it).
    return {"alpha", c_.gaussian ? 0.2 : 3.8, 20.0, "uninformative", ""};
  }
  // m -> -m (w -> -w for +-1 units, the sign of the Gaussian unit) is a symmetry of the SE.
  double symmetry_distance(const Vec& a, const Vec& b) const override {
    Vec fb = b;
    fb[0] = -fb[0];
    return std::min((a - b).lpNorm<Eigen::Infinity>(), (a - fb).lpNorm<Eigen::Infinity>());
  }

 private:
  // The SE map is evaluated on the domain (q >= 0, 0 < V < 1); the solvers' trial points outside it
  // are clamped (realisable() rejects them as answers).
  static AmpState clamp(const Vec& x) {
    return {x[0], std::max(x[1], 1e-12), std::clamp(x[2], 1e-9, 1 - 1e-9)};
  }
  AmpFixedPoint uninformative() const {
    // Start: the alpha -> infinity asymptotics are unknown in closed form for +-1 units; q = 1,
    // V = 1/(1 + sqrt alpha) (the Gaussian-hidden value) converges for every alpha tried from
    // 2.29 (V = 0.9995, near the end of the m = 0 branch) to 1600.
    return amp_fixed_point(h_, c_.alpha, c_.beta, {0.0, 1.0, 1 / (1 + std::sqrt(c_.alpha))}, true);
  }
  AmpFixedPoint informative() const {
    return amp_fixed_point(h_, c_.alpha, c_.beta, {0.5, 1.0, 1 / (1 + std::sqrt(c_.alpha))}, false);
  }
  Config c_;
  Hidden h_;
};

}  // namespace

std::unique_ptr<Model> make_amp_se(const ParamValues& pv, const Config& c) {
  if (c.k != 1 || c.spikes.size() != 1) return make_matrix_amp_se(pv, c);
  return std::make_unique<AmpSeRBM>(pv, c);
}

}  // namespace summit::rbm
