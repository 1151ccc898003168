#include "models/random_matrix/eps_pca.hpp"

#include "lib/rmt/laws.hpp"
#include "lib/model_base.hpp"

#include <Eigen/Eigenvalues>

#include <boost/math/tools/roots.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>

namespace summit::random_matrix {

double eps_pca_h(double x) {
  const double t = x - 1;
  if (std::abs(t) < 0.5) return std::log1p(t) - t / x;  // both ~ t; the difference ~ t^2/2
  return 1 / x - 1 + std::log(x);
}

const char* to_string(EpsPcaRegime r) {
  switch (r) {
    case EpsPcaRegime::RetainAll: return "retain-all";
    case EpsPcaRegime::Interior: return "interior";
    case EpsPcaRegime::Collapse: return "collapse";
  }
  return "unknown";
}

namespace {
using boost::math::tools::eps_tolerance;
using boost::math::tools::toms748_solve;

// The root in (0, 1) of h(x) = target (h decreases from +inf to 0 on (0, 1]).
double h_inverse_below_one(double target) {
  if (!(target > 0)) return 1.0;
  auto f = [&](double x) { return eps_pca_h(x) - target; };
  double lo = 0.5;
  while (f(lo) < 0) lo *= 0.5;  // h(lo) >= target
  std::uintmax_t it = 200;
  const auto r = toms748_solve(f, lo, 1.0, f(lo), -target, eps_tolerance<double>(52), it);
  return 0.5 * (r.first + r.second);
}
}  // namespace

EpsPcaTheory::EpsPcaTheory(double alpha, double eps) : alpha_(alpha), eps_(eps) {
  if (!(alpha > 0) || !std::isfinite(alpha))
    throw std::invalid_argument("eps-pca: parameter 'alpha' = " + std::to_string(alpha) +
                                ": must be a finite real > 0");
  if (!(eps > 0) || !std::isfinite(eps))
    throw std::invalid_argument("eps-pca: parameter 'eps' = " + std::to_string(eps) +
                                ": must be a finite real > 0");
  const rmt::MarchenkoPastur mp{alpha, 1.0};
  std::tie(lm_, lp_) = mp.edges();
  cmin_ = std::max(lm_, 1e-6);
  eps_low_ = eps <= 1 ? eps : h_inverse_below_one(eps_pca_h(eps));
}

double EpsPcaTheory::density(double c) const { return rmt::MarchenkoPastur{alpha_, 1.0}.density(c); }

double EpsPcaTheory::kappa(double c) const {
  const rmt::MarchenkoPastur mp{alpha_, 1.0};
  return mp.integrate_range([](double) { return 1.0; }, std::max(c, cmin_), lp_);
}
double EpsPcaTheory::data_bias(double c) const {
  const rmt::MarchenkoPastur mp{alpha_, 1.0};
  return 0.5 * mp.integrate_range(eps_pca_h, std::max(c, cmin_), lp_);
}
double EpsPcaTheory::model_error(double c) const {
  return 0.5 * (1 - kappa(c)) * eps_pca_h(eps_);
}
double EpsPcaTheory::ge(double c) const { return data_bias(c) + model_error(c); }
double EpsPcaTheory::dge(double c) const {
  if (c <= cmin_ || c >= lp_) return 0.0;
  return 0.5 * density(c) * (eps_pca_h(eps_) - eps_pca_h(c));
}
double EpsPcaTheory::d2ge(double c) const {
  if (c <= cmin_ || c >= lp_) return 0.0;
  // rho'/rho = -1/(2(l+ - c)) + 1/(2(c - l-)) - 1/c;  h'(c) = 1/c - 1/c^2.
  const double rho = density(c);
  const double drho = rho * (-0.5 / (lp_ - c) + 0.5 / (c - lm_) - 1 / c);
  return 0.5 * drho * (eps_pca_h(eps_) - eps_pca_h(c)) - 0.5 * rho * (1 / c - 1 / (c * c));
}

double EpsPcaTheory::mean_inverse(double alpha) { return 1 / (1 - alpha); }
double EpsPcaTheory::mean_log(double alpha) {
  return -1 - (1 - alpha) / alpha * std::log1p(-alpha);
}
double EpsPcaTheory::ge_retain_all_closed(double alpha) {
  return 0.5 * (alpha / (1 - alpha) - 1 - (1 - alpha) / alpha * std::log1p(-alpha));
}

double EpsPcaTheory::collapse_margin() const {
  const rmt::MarchenkoPastur mp{alpha_, 1.0};
  const double he = eps_pca_h(eps_);
  return mp.integrate_range([he](double x) { return eps_pca_h(x) - he; }, local_cutoff(), lp_);
}
EpsPcaRegime EpsPcaTheory::regime() const {
  if (collapse_margin() >= 0) return EpsPcaRegime::Collapse;
  return eps_low_ <= cmin_ ? EpsPcaRegime::RetainAll : EpsPcaRegime::Interior;
}
double EpsPcaTheory::optimal_cutoff() const {
  return regime() == EpsPcaRegime::Collapse ? lp_ : local_cutoff();
}

EpsStar eps_star(double alpha) {
  EpsStar r;
  auto delta = [alpha](double e) { return EpsPcaTheory(alpha, e).collapse_margin(); };
  // Delta increases on (0, 1] and Delta(1) > 0. Start below at l- (the bracket (l-, 1)), moving
  // down while Delta(lo) >= 0 (possible for large alpha).
  r.hi = 1.0;
  r.lo = std::min(EpsPcaTheory(alpha, 1.0).c_min(), 0.999);
  double flo = delta(r.lo);
  for (int k = 0; k < 60 && flo >= 0; ++k) flo = delta(r.lo *= 0.25);
  const double fhi = delta(r.hi);
  if (!(flo < 0 && fhi > 0)) {
    r.status = Status::NoConvergence;
    r.message = "eps*: no sign change of Delta on [" + std::to_string(r.lo) + ", 1]";
    return r;
  }
  std::uintmax_t it = 200;
  try {
    const auto b = toms748_solve(delta, r.lo, r.hi, flo, fhi, eps_tolerance<double>(45), it);
    r.value = 0.5 * (b.first + b.second);
  } catch (const std::exception& e) {
    r.status = Status::NoConvergence;
    r.message = std::string("eps*: ") + e.what();
  }
  return r;
}

double eps_star_small_alpha_e() {
  // x = cos t: int_0^T (cos^2 sin^2 - e^2 sin^2) dt with T = arccos e.
  auto g = [](double e) {
    const double T = std::acos(e);
    return (T / 8 - std::sin(4 * T) / 32) - e * e * (T / 2 - std::sin(2 * T) / 4);
  };
  std::uintmax_t it = 200;
  const auto b = toms748_solve(g, -0.999999, -1e-9, g(-0.999999), g(-1e-9),
                               eps_tolerance<double>(52), it);
  return 0.5 * (b.first + b.second);
}

Eigen::MatrixXd sample_covariance_spectra(double alpha, int d, int reps, std::uint64_t seed) {
  const int n = static_cast<int>(std::lround(d / alpha));
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  Eigen::MatrixXd out(d, reps), X(d, n);
  for (int r = 0; r < reps; ++r) {
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < d; ++i) X(i, j) = N(rng);
    Eigen::MatrixXd S = Eigen::MatrixXd::Zero(d, d);
    S.selfadjointView<Eigen::Lower>().rankUpdate(X, 1.0 / n);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(S, Eigen::EigenvaluesOnly);
    out.col(r) = es.eigenvalues();  // ascending
  }
  return out;
}

EpsPcaSimulation simulate_eps_pca(double alpha, double eps, double c, int d, int reps,
                                  std::uint64_t seed) {
  if (d < 2 || reps < 2)
    throw std::invalid_argument("simulate_eps_pca: needs d >= 2 and reps >= 2");
  return simulate_eps_pca(alpha, eps, c, sample_covariance_spectra(alpha, d, reps, seed));
}

EpsPcaSimulation simulate_eps_pca(double alpha, double eps, double c, const Eigen::MatrixXd& L) {
  const int d = static_cast<int>(L.rows()), reps = static_cast<int>(L.cols());
  if (d < 2 || reps < 2)
    throw std::invalid_argument("simulate_eps_pca: needs d >= 2 and reps >= 2");
  EpsPcaSimulation s;
  s.d = d;
  s.n = static_cast<int>(std::lround(d / alpha));
  s.reps = reps;
  const double he = eps_pca_h(eps);
  std::vector<double> ge(reps), ka(reps);
  for (int r = 0; r < reps; ++r) {
    double g = 0;
    int kept = 0;
    for (int i = 0; i < d; ++i) {
      if (L(i, r) > c) {
        g += eps_pca_h(L(i, r));
        ++kept;
      } else {
        g += he;
      }
    }
    ge[r] = 0.5 * g / d;
    ka[r] = static_cast<double>(kept) / d;
  }
  auto mean_se = [reps](const std::vector<double>& v, double& m, double& se) {
    m = 0;
    for (double x : v) m += x / reps;
    double s2 = 0;
    for (double x : v) s2 += (x - m) * (x - m) / (reps - 1);
    se = std::sqrt(s2 / reps);
  };
  mean_se(ge, s.ge, s.ge_se);
  mean_se(ka, s.kappa, s.kappa_se);
  // Fixed-rank decomposition on the top N_K eigenvalues.
  const int NK = static_cast<int>(std::lround(EpsPcaTheory(alpha, eps).kappa(c) * d));
  double db = 0, v = 0;
  for (int i = d - NK; i < d; ++i) {
    double minv = 0, mlog = 0;
    for (int r = 0; r < reps; ++r) {
      minv += 1 / L(i, r) / reps;
      mlog += std::log(L(i, r)) / reps;
    }
    const double sbar = 1 / minv;
    db += eps_pca_h(sbar);
    v += mlog - std::log(sbar);
  }
  s.model_error = 0.5 * (d - NK) * he / d;
  s.data_bias = 0.5 * db / d;
  s.variance = 0.5 * v / d * reps / (reps - 1.0);
  s.ge_fixed_rank = s.model_error + s.data_bias + s.variance;
  return s;
}

namespace {

// The summit model: state = the cutoff c (data units), loss = ge(c), drift = -d ge/dc.
class EpsPcaModel final : public ModelBase {
 public:
  EpsPcaModel(const ParamValues& pv, double alpha, double eps, double sigma2, double c0,
              Eigen::MatrixXd spectra)
      : ModelBase("eps-pca", pv), th_(alpha, eps / sigma2), s2_(sigma2), c0_(c0), spectra_(std::move(spectra)) {
    layout_.add_scalar("c");
    const EpsStar es = eps_star(alpha);
    if (es.status != Status::Ok) throw std::runtime_error(es.message);
    eps_star_ = es.value;
    bracket_ = {es.lo, es.hi};
    margin_ = th_.collapse_margin();
    regime_ = th_.regime();
    copt_ = th_.optimal_cutoff();
    ge_opt_ = th_.ge(copt_);
  }
  std::string time_unit() const override { return "gradient-flow time of the cutoff (dc/dt = -dge/dc)"; }

  double lo() const { return s2_ * th_.c_min(); }
  double hi() const { return s2_ * th_.lambda_plus(); }
  double loss(const Vec& x) const override { return th_.ge(x[0] / s2_); }
  void drift(const Vec& x, Vec& dx) const override {
    dx = Vec::Constant(1, -th_.dge(x[0] / s2_) / s2_);
  }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    drift(x, dx);
    J = Mat::Constant(1, 1, -th_.d2ge(x[0] / s2_) / (s2_ * s2_));
  }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = loss(x);
    g = Vec::Constant(1, th_.dge(x[0] / s2_) / s2_);
  }
  void loss_hessian(const Vec& x, Mat& H) const override {
    H = Mat::Constant(1, 1, th_.d2ge(x[0] / s2_) / (s2_ * s2_));
  }
  bool is_gradient_flow() const override { return true; }
  // At the spectral edges rho'(c) is infinite: the drift is not differentiable there.
  bool non_smooth_at(const Vec& x) const override {
    const double c = x[0] / s2_;
    return std::abs(c - th_.c_min()) < 1e-9 || std::abs(c - th_.lambda_plus()) < 1e-9;
  }
  bool non_smooth_in_weights_at(const Vec& x) const override { return non_smooth_at(x); }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    const double slack = tol * (hi() - lo());
    if (x.size() == 1 && std::isfinite(x[0]) && x[0] >= lo() - slack && x[0] <= hi() + slack)
      return true;
    if (why)
      *why = "the cutoff c must lie in the Marchenko-Pastur support [" + std::to_string(lo()) +
             ", " + std::to_string(hi()) + "]";
    return false;
  }
  Vec initial_state() const override { return Vec::Constant(1, std::clamp(c0_, lo(), hi())); }
  Vec random_state(std::mt19937_64& rng) const override {
    return Vec::Constant(1, std::uniform_real_distribution<double>(lo(), hi())(rng));
  }
  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> p;
    p.push_back({"optimal", Vec::Constant(1, s2_ * copt_),
                 std::string("the optimal cutoff c* (regime ") + to_string(regime_) + ")"});
    p.push_back({"retain-all", Vec::Constant(1, lo()), "c = lambda_- (keep every eigenvalue)"});
    p.push_back({"collapse", Vec::Constant(1, hi()), "c = lambda_+ (keep none: Sigma = eps I)"});
    p.push_back({"local", Vec::Constant(1, s2_ * th_.local_cutoff()),
                 "max(lambda_-, eps_low): the interior local minimum of ge"});
    return p;
  }

  // Free coordinate: c = lo + (hi - lo)(1 + cos u)/2 covers exactly [lo, hi].
  int free_dim() const override { return 1; }
  Vec to_free(const Vec& x) const override {
    const double t = std::clamp(2 * (x[0] - lo()) / (hi() - lo()) - 1, -1.0, 1.0);
    return Vec::Constant(1, std::acos(t));
  }
  Vec from_free(const Vec& u) const override {
    return Vec::Constant(1, lo() + (hi() - lo()) * (1 + std::cos(u[0])) / 2);
  }
  double free_loss_gradient(const Vec& u, Vec* grad) const override {
    const Vec x = from_free(u);
    if (grad) *grad = Vec::Constant(1, th_.dge(x[0] / s2_) / s2_ * (-(hi() - lo()) * std::sin(u[0]) / 2));
    return loss(x);
  }

  std::vector<std::string> observable_names() const override {
    std::vector<std::string> o{"ge",       "model_error", "data_bias", "variance",
                               "kappa",    "regime",      "c_opt",     "ge_opt",
                               "eps_star", "collapse_margin", "lambda_minus", "lambda_plus"};
    if (spectra_.size() > 0)
      for (const char* n : {"ge_sim", "ge_sim_se", "kappa_sim", "model_error_sim", "data_bias_sim",
                            "variance_sim"})
        o.push_back(n);
    return o;
  }
  Vec observables(const Vec& x) const override {
    const double c = x[0] / s2_;
    Vec o{{th_.ge(c), th_.model_error(c), th_.data_bias(c), 0.0, th_.kappa(c),
           static_cast<double>(regime_), s2_ * copt_, ge_opt_, s2_ * eps_star_, margin_,
           s2_ * th_.lambda_minus(), s2_ * th_.lambda_plus()}};
    if (spectra_.size() == 0) return o;
    const EpsPcaSimulation sim = simulate_eps_pca(th_.alpha(), th_.eps(), c, spectra_);
    Vec all(o.size() + 6);
    all << o, sim.ge, sim.ge_se, sim.kappa, sim.model_error, sim.data_bias, sim.variance;
    return all;
  }
  ModelHints hints() const override { return {natural_threshold(), {}, {}, {}}; }
  Threshold natural_threshold() const {
    return {"eps", s2_ * bracket_.first, s2_ * bracket_.second, "optimal", "collapse_margin"};
  }

 private:
  EpsPcaTheory th_;
  double s2_, c0_;
  Eigen::MatrixXd spectra_;  // sampled spectra (sim_d > 0), units of sigma2
  double eps_star_ = 0, margin_ = 0, copt_ = 0, ge_opt_ = 0;
  std::pair<double, double> bracket_;
  EpsPcaRegime regime_ = EpsPcaRegime::Interior;
};

}  // namespace

void register_eps_pca(Registry& registry) {
  registry.add(
      {.name = "eps-pca",
       .summary = "eps-PCA: generalisation error of a truncated covariance pinned at eps (MP law)",
       .doc =
           "Data N(0, sigma2 I_d), n = d/alpha samples; keep sample-covariance eigenvalues > c, pin the\n"
           "rest at eps. Per dimension (d -> inf): ge(c) = (1/2) int_c h rho + (1/2)(1 - kappa(c)) h(eps),\n"
           "h(x) = 1/x - 1 + log x, rho = Marchenko-Pastur(alpha) (atom at 0 for alpha > 1, always\n"
           "discarded). Components: model_error = (1/2)(1 - kappa) h(eps), data_bias = (1/2) int_c h rho,\n"
           "variance = 0 per dimension. State: the cutoff c in [lambda_-, lambda_+] (data units);\n"
           "loss: ge(c); drift: -d ge/dc = -(1/2) rho(c) [h(eps) - h(c)], so `minimize` and\n"
           "`fixed-points` find c* = eps (interior regime; the edges are degenerate fixed points).\n"
           "Observables: regime (0 retain-all, 1 interior, 2 collapse), c_opt, ge_opt, eps_star,\n"
           "collapse_margin = Delta(eps) (root in eps: eps*(alpha)). `summit threshold eps-pca\n"
           "--set alpha=A` locates eps* as the root of collapse_margin. sim_d = d > 0 adds the same\n"
           "quantities from sim_reps sampled d x d sample covariances (ge_sim, ..., variance_sim: the\n"
           "finite-d variance of the fixed-rank split). Kim 2026 (arXiv:2604.12340);\n"
           "docs/random_matrix.md.",
       .params =
           std::vector<ParamSpec>{
               {.name = "alpha",
                .type = ParamType::Real,
                .default_text = "0.25",
                // The range eps*(alpha) is computed in (measured with `summit evaluate eps-pca`):
                // below 1e-20, 1 - eps* ~ 0.86 sqrt(alpha) nears double rounding (Delta is off by
                // 10% at 1e-30, no root at 1e-40); above, the root is found up to 1e30 and not
                // at 1e40 (not investigated). docs/reliability.md.
                .doc = "aspect ratio d/n (> 1: atom at 0); in [1e-20, 1e20], where eps*(alpha) is "
                       "resolved in double precision",
                .min = 1e-20,
                .max = 1e20},
               {.name = "eps",
                .type = ParamType::Real,
                .default_text = "0.5",
                .doc = "value pinned in the discarded directions (data units)",
                .min = 1e-12,
                .max = 1e12},
               {.name = "sigma2",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "data variance sigma^2",
                .min = 1e-12,
                .max = 1e12},
               {.name = "cutoff",
                .type = ParamType::Real,
                .default_text = "",
                .doc = "initial cutoff c (data units; default sigma2, the MP mean), clipped to "
                       "the support",
                .min = 0,
                .min_exclusive = true},
               {.name = "sim_d",
                .type = ParamType::Int,
                .default_text = "0",
                .doc = "dimension d of a finite-d simulation (0: none); adds the *_sim observables",
                .min = 0,
                .max = 4000},
               {.name = "sim_reps",
                .type = ParamType::Int,
                .default_text = "4",
                .doc = "sampled covariances for sim_d",
                .min = 2,
                .max = 10000},
               {.name = "seed",
                .type = ParamType::Int,
                .default_text = "1",
                .doc = "random seed of the simulation",
                .min = 0,
                .max = 2147483647}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         const double s2 = pv.get_real("sigma2"), alpha = pv.get_real("alpha");
         const double c0 = pv.is_set("cutoff") ? pv.get_real("cutoff") : s2;
         const int d = pv.get_int("sim_d");
         if (d > 0 && (d < 10 || std::lround(d / alpha) < 2))
           throw std::invalid_argument("parameter 'sim_d' = '" + pv.get_text("sim_d") +
                                       "': must be 0 or >= 10 with n = d/alpha >= 2");
         if (d > 0 && d / alpha > 1e6)
           throw std::invalid_argument("parameter 'sim_d' = '" + pv.get_text("sim_d") +
                                       "': n = d/alpha must be <= 1e6 samples");
         Eigen::MatrixXd spectra;
         if (d > 0)
           spectra = sample_covariance_spectra(alpha, d, pv.get_int("sim_reps"),
                                               static_cast<std::uint64_t>(pv.get_int("seed")));
         return std::make_unique<EpsPcaModel>(pv, alpha, pv.get_real("eps"), s2, c0,
                                              std::move(spectra));
       }});
}

}  // namespace summit::random_matrix
