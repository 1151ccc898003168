#include "models/landscape/low_degree.hpp"

#include "models/landscape/low_degree_problems.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace summit::landscape {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string fmt(double x) { return format_real(x); }

void check_args(int n, double lambda, int D, double rho) {
  if (n < 2) throw std::invalid_argument("parameter 'n' = '" + std::to_string(n) + "': must be >= 2");
  if (!(lambda >= 0) || !std::isfinite(lambda))
    throw std::invalid_argument("parameter 'lambda' = '" + fmt(lambda) + "': must be finite and >= 0");
  if (D < 0) throw std::invalid_argument("parameter 'D' = '" + std::to_string(D) + "': must be >= 0");
  if (!(rho > 0 && rho <= 1))
    throw std::invalid_argument("parameter 'rho' = '" + fmt(rho) + "': must be in (0, 1]");
  // The sums divide by rho^2 (the nonzero fraction of x * x'): it must be a normal double.
  if (!(rho * rho >= std::numeric_limits<double>::min()))
    throw std::invalid_argument("parameter 'rho' = '" + fmt(rho) +
                                "': rho^2 underflows double precision; must be >= 1.5e-154");
}

// log |T_D(r)| and its sign, T_D(r) = sum_{d<=D} r^d/d!.
std::pair<double, double> log_truncated_exp(double r, int D) {
  if (!std::isfinite(r))
    throw std::invalid_argument("parameters lambda, rho: an overlap R = lambda <x, x'> overflows "
                                "double precision; lower lambda");
  if (std::abs(r) < 500) {
    const double t = truncated_exp(r, D);
    return {std::log(std::abs(t)), t >= 0 ? 1.0 : -1.0};
  }
  if (r < 0)
    throw std::invalid_argument("parameters lambda, rho: an overlap R = " + fmt(r) +
                                " is too negative for the truncated series (R > -500 needed); lower lambda or raise rho");
  // r >= 500: log-sum-exp over d of d log r - log d!
  double mx = -kInf, s = 0;
  for (int d = 0; d <= D; ++d) {
    const double l = d * std::log(r) - std::lgamma(d + 1.0);
    if (l > mx) {
      s = s * std::exp(mx - l) + 1;
      mx = l;
    } else {
      s += std::exp(l - mx);
    }
  }
  return {mx + std::log(s), 1.0};
}

// Sum of signed terms given by their logs.
struct SignedLogSum {
  LogSum positive, negative;
  void add(double log_abs, double sign) { (sign >= 0 ? positive : negative).add(log_abs); }
  // log of the (positive) total
  double log_total() const {
    const double lp = positive.log_total();
    if (negative.max_log == -kInf) return lp;
    const double ln = negative.log_total();
    if (!(ln < lp)) throw std::runtime_error("low-degree norm: the signed sum is not positive");
    return lp + std::log1p(-std::exp(ln - lp));
  }
};

}  // namespace

double log_binom_pmf(int n, int k, double p) {
  if (p == 1) return k == n ? 0.0 : -kInf;
  if (p == 0) return k == 0 ? 0.0 : -kInf;
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) +
         (n - k) * std::log1p(-p);
}

void LogSum::add(double log_term) {
  if (log_term == -std::numeric_limits<double>::infinity()) return;
  if (log_term > max_log) {
    scaled = scaled * std::exp(max_log - log_term) + 1;
    max_log = log_term;
  } else {
    scaled += std::exp(log_term - max_log);
  }
}

double truncated_exp(double r, int D) {
  double t = 1;
  for (int d = D; d >= 1; --d) t = 1 + t * r / d;
  return t;
}

double log_ld_norm_wigner(int n, double lambda, int D, double rho) {
  check_args(n, lambda, D, rho);
  if (rho < 1 && n > 20000)
    throw std::invalid_argument("parameter 'n' = '" + std::to_string(n) +
                                "': the exact sparse spiked-Wigner sum (O(n^2 D)) needs n <= 20000");
  const double r2 = rho * rho;
  SignedLogSum acc;
  for (int k = (rho == 1 ? n : 0); k <= n; ++k) {
    const double lpk = log_binom_pmf(n, k, r2);
    if (lpk == -kInf) continue;
    // a and k - a give the same R: sum over a <= k/2 with weight 2 (1 at the centre)
    for (int a = 0; 2 * a <= k; ++a) {
      const double lpa = log_binom_pmf(k, a, 0.5) + (2 * a == k ? 0.0 : std::log(2.0));
      const double s = 2.0 * a - k;
      const double R = lambda * (s * s - k) / (2.0 * n * r2);
      const auto [lt, sg] = log_truncated_exp(R, D);
      acc.add(lpk + lpa + lt, sg);
    }
  }
  return acc.log_total();
}

double log_ld_norm_submatrix(int n, double lambda, int D, double rho) {
  check_args(n, lambda, D, rho);
  const double r2 = rho * rho;
  SignedLogSum acc;
  for (int K = 0; K <= n; ++K) {
    const double lp = log_binom_pmf(n, K, r2);
    if (lp == -kInf) continue;
    const double R = lambda * lambda * K * (K - 1.0) / 2;
    const auto [lt, sg] = log_truncated_exp(R, D);
    acc.add(lp + lt, sg);
  }
  return acc.log_total();
}

double ld_norm_wigner_limit(double lambda, int D) {
  // a_d = (lambda/2)^d mu_d / d! with mu_d the central moments of chi^2_1:
  // a_{d+1} = lambda (d a_d + (lambda/2) a_{d-1}) / (d + 1), a_0 = 1, a_1 = 0.
  double am = 1, a = 0, sum = 1;
  for (int d = 1; d <= D; ++d) {
    sum += a;
    const double next = lambda * (d * a + 0.5 * lambda * am) / (d + 1);
    am = a;
    a = next;
  }
  return sum;
}

double ld_norm_submatrix_limit(double mu, int D) { return truncated_exp(0.5 * mu * mu, D); }

namespace {

// The two problems of this file as a LowDegreeSummary (the others: low_degree_gaps.cpp).
LowDegreeSummary summarise_wigner_or_submatrix(bool wigner, int n, double lambda, int D, double rho) {
  LowDegreeSummary s;
  const double log_norm = wigner ? log_ld_norm_wigner(n, lambda, D, rho) : log_ld_norm_submatrix(n, lambda, D, rho);
  if (!(log_norm < 700))
    throw std::invalid_argument("parameters n, lambda, D: ||L^{<=D}||^2 = e^" + (std::isnan(log_norm) ? std::string("(overflow)") : fmt(log_norm)) +
                                " is beyond double range; lower lambda or D");
  const double mu = lambda * rho * rho * n;
  const double limit = wigner ? ld_norm_wigner_limit(lambda, D) : ld_norm_submatrix_limit(mu, D);
  if (!std::isfinite(limit))
    throw std::invalid_argument("parameters lambda, D: the n -> infinity norm overflows; lower lambda or D");
  s.mean_overlap = wigner ? 0.0 : lambda * lambda * n * (n - 1.0) * rho * rho * rho * rho / 2;
  const double thr = wigner ? 1.0 : 1.0 / (rho * rho * n);
  const double rec = wigner ? 1.0 : std::min(1.0, 1.0 / (rho * std::sqrt(double(n))));
  s.names = {"norm_finite_n", "log_norm_finite_n", "norm_limit", "threshold", "threshold_gap", "mu",
             "recovery_scale", "mean_overlap", "recovery_threshold", "gap_ratio"};
  s.values = {std::exp(log_norm), log_norm, limit, thr, lambda - thr, wigner ? lambda : mu, rec,
              s.mean_overlap, rec, rec / thr};
  if (wigner) {
    // Closed form: the D -> infinity limit e^{-lambda/2} (1 - lambda)^{-1/2} of the n -> infinity
    // norm is finite iff lambda < 1 (no search: the root of threshold_gap = lambda - 1 is trivial).
    s.threshold = {"lambda", 0.0, 3.0, "", "", 1.0, ""};
    s.threshold->note = "spiked Wigner: ||L^{<=D}||^2 stays bounded as n, D -> infinity iff lambda < 1 "
                        "(its limit e^{-lambda/2} (1 - lambda)^{-1/2} diverges at lambda = 1)";
  }
  return s;
}

class LowDegree final : public JetModel<LowDegree, ModelBase> {
 public:
  LowDegree(const ParamValues& pv, int D, LowDegreeSummary summary)
      : JetModel("low-degree", pv), D_(D), mean_r_(summary.mean_overlap), s_(std::move(summary)) {
    layout_.add_scalar("r");
  }
  std::string time_unit() const override { return "none (placeholder relaxation of r)"; }

  template <class T>
  T loss_t(const T* x) const {  // the kernel T_D(r) = sum_{d<=D} r^d/d!
    T t = gauss::lift<T>(1.0);
    for (int d = D_; d >= 1; --d) t = gauss::lift<T>(1.0) + t * x[0] / gauss::lift<T>(d);
    return t;
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    dx[0] = gauss::lift<T>(mean_r_) - x[0];
  }
  bool realisable(const Vec& x, std::string* why, double) const override {
    if (!(x.size() == 1 && std::isfinite(x[0]))) {
      if (why) *why = "r must be finite";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return Vec::Constant(1, mean_r_); }
  Vec random_state(std::mt19937_64& rng) const override {
    return Vec::Constant(1, mean_r_ + std::normal_distribution<double>(0, 1)(rng));
  }
  std::vector<NamedPoint> special_points() const override {
    return {{"null-mean", Vec::Constant(1, mean_r_),
             "r = E R, the mean overlap of two independent prior draws (the placeholder fixed point)"}};
  }
  std::vector<std::string> observable_names() const override { return s_.names; }
  Vec observables(const Vec&) const override {
    return Eigen::Map<const Vec>(s_.values.data(), static_cast<Eigen::Index>(s_.values.size()));
  }
  ModelHints hints() const override { return {natural_threshold(), {}, {}, {}}; }
  Threshold natural_threshold() const { return s_.threshold.value_or(Threshold{}); }

 private:
  int D_;
  double mean_r_;
  LowDegreeSummary s_;
};

}  // namespace

void register_low_degree(Registry& registry) {
  ModelInfo mi;
  mi.name = "low-degree";
  mi.summary = "low-degree norms ||L^{<=D}||^2 of seven planted problems, exact at finite n, with detection and "
               "recovery thresholds";
  mi.doc =
      "||L^{<=D}||^2 = E sum_{d<=D} R^d/d!, R = <mu(X), mu(X')> for independent prior draws\n"
      "(Kunisky-Wein-Bandeira, arXiv:1907.11636). spiked-wigner: Y_ij = sqrt(lambda/n) x_i x_j + Z_ij\n"
      "(i < j), x sparse Rademacher(rho) (rho = 1: Rademacher), R = lambda((sum v)^2 - sum v^2)/(2n),\n"
      "v = x x'; limit n -> inf: sum_{d<=D} E[((lambda/2)(G^2 - 1))^d]/d!, threshold lambda = 1.\n"
      "planted-submatrix: Y_ij = lambda 1[i,j in S] + Z_ij, S ~ Bern(rho)^n, R = lambda^2 K(K-1)/2,\n"
      "K ~ Bin(n, rho^2); limit at fixed mu = lambda rho^2 n: sum_{d<=D} (mu^2/2)^d/d!; threshold =\n"
      "the detection scale 1/(rho^2 n) (mu = 1), recovery_scale = min(1, 1/(rho sqrt n)).\n"
      "Not dynamical: state r (an overlap value), loss T_D(r) = sum_{d<=D} r^d/d! (the kernel whose\n"
      "null expectation is the norm), drift E R - r (placeholder). Use `summit evaluate low-degree`.\n"
      "planted-dense-subgraph, sbm, multilayer-sbm, angular-sync, orthogonal-sync: the norms of\n"
      "low_degree_problems.hpp (docs/landscape.md); observables threshold (detection),\n"
      "recovery_threshold and gap_ratio = recovery_threshold / threshold for every problem.";
  mi.params.push_back({.name = "model", .type = ParamType::Choice, .default_text = "spiked-wigner",
                       .doc = "the planted model",
                       .choices = {"spiked-wigner", "planted-submatrix", "planted-dense-subgraph", "sbm",
                               "multilayer-sbm", "angular-sync", "orthogonal-sync"}});
  mi.params.push_back({.name = "n", .type = ParamType::Int, .default_text = "",
                       .doc = "dimension (default 800; sbm, multilayer-sbm 60; angular-sync 400 for L = 1, else the "
                       "largest n the exact enumeration allows; orthogonal-sync 400)",
                       .min = 2, .max = 1e7});
  mi.params.push_back({.name = "lambda", .type = ParamType::Real, .default_text = "0.5",
                       .doc = "signal strength", .min = 0});
  mi.params.push_back({.name = "D", .type = ParamType::Int, .default_text = "8", .doc = "degree",
                       .min = 0, .max = 1000});
  mi.params.push_back({.name = "rho", .type = ParamType::Real, .default_text = "",
                       .doc = "sparsity: P(x_i != 0) (spiked-wigner, default 1) or P(i in S) "
                       "(planted-submatrix, planted-dense-subgraph, default 0.05)",
                       .min = 0, .max = 1, .min_exclusive = true});
  add_low_degree_problem_params(mi);
  mi.make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
    const std::string& problem = pv.get_text("model");
    const int D = pv.get_int("D");
    if (problem != "spiked-wigner" && problem != "planted-submatrix")
      return std::make_unique<LowDegree>(pv, D, summarise_low_degree_problem(problem, pv));
    const bool wigner = problem == "spiked-wigner";
    const double rho = pv.is_set("rho") ? pv.get_real("rho") : (wigner ? 1.0 : 0.05);
    const int n = pv.is_set("n") ? pv.get_int("n") : 800;
    // Bounded work: the exact sums have (number of overlap values) x (D + 1) terms, about 5e7 per
    // second on one core (n = 1e6, D = 1000: 5e8 terms in 11 s); beyond 1.5e9 (half a minute) the
    // request is refused with the estimate.
    const double nd = n, values = wigner ? (rho < 1 ? nd * nd / 4 : nd / 2) : nd;
    if (values * (D + 1.0) > 1.5e9)
      throw std::invalid_argument("parameters n = " + fmt(nd) + ", D = " + fmt(double(D)) +
                                  ": the exact finite-n sum has about " + fmt(values * (D + 1.0)) +
                                  " terms (limit 1.5e9, about 30 s); lower n or D " +
                                  "(norm_limit is the n -> infinity value)");
    return std::make_unique<LowDegree>(pv, D,
                                       summarise_wigner_or_submatrix(wigner, n, pv.get_real("lambda"), D, rho));
  };
  registry.add(std::move(mi));
}

}  // namespace summit::landscape
