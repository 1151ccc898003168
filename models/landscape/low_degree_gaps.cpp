// The detection / recovery thresholds of the planted problems of low_degree_problems.hpp and their
// summaries for the `low-degree` registry model (norms at finite n and as n -> infinity, the
// detection threshold the norm predicts, the recovery threshold of the literature, their ratio).
// Where a threshold is a scale rather than a constant (planted dense subgraph) it is reported with
// constant 1, as for the planted submatrix (docs/landscape.md says so).
#include "models/landscape/low_degree_problems.hpp"

#include "models/landscape/low_degree.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace summit::landscape {

namespace {

std::string fmt(double x) { return format_real(x); }

// Largest n for which the multi-frequency grid enumeration (m = L D + 1 angle classes) stays
// within the 3e6 compositions ld_norm_angular allows.
int angular_default_n(int L, int D) {
  const int m = L * D + 1;
  auto count = [m](int n) {
    return std::exp(std::lgamma(n + m + 0.0) - std::lgamma(n + 1.0) - std::lgamma(m + 0.0));
  };
  int n = 2;
  while (n < 400 && count(n + 1) <= 3e6) ++n;
  return n;
}

}  // namespace

void add_low_degree_problem_params(ModelInfo& mi) {
  mi.params.push_back({.name = "k", .type = ParamType::Int, .default_text = "2",
                       .doc = "communities (sbm, multilayer-sbm)", .min = 2, .max = 4});
  mi.params.push_back({.name = "L", .type = ParamType::Int, .default_text = "",
                       .doc = "layers (multilayer-sbm, default 2) or frequencies (angular-sync, default 1)",
                           .min = 1, .max = 16});
  mi.params.push_back({.name = "degree", .type = ParamType::Real, .default_text = "5",
                       .doc = "average degree d = (a + (k - 1) b)/k of each layer (sbm, multilayer-sbm)",
                           .min = 0, .min_exclusive = true});
  mi.params.push_back({.name = "q", .type = ParamType::Real, .default_text = "0.5",
                       .doc = "null edge density (planted-dense-subgraph)", .min = 0, .max = 1,
                       .min_exclusive = true, .max_exclusive = true});
  mi.params.push_back({.name = "r", .type = ParamType::Int, .default_text = "2",
                       .doc = "group O(r) (orthogonal-sync; exact finite n for r = 1, 2)", .min = 1,
                       .max = 8});
  mi.params.push_back({.name = "finite_n", .type = ParamType::Bool, .default_text = "true",
                       .doc = "compute the exact finite-n norm (planted-dense-subgraph ... orthogonal-sync; false: only "
                       "the n -> infinity quantities, where the exact sum is too large)"});
}

LowDegreeSummary summarise_low_degree_problem(const std::string& problem, const ParamValues& pv) {
  const double lambda = pv.get_real("lambda");
  const int D = pv.get_int("D");
  LowDegreeSummary s;
  const bool exact = pv.get_bool("finite_n");
  double finite = 1, limit = 0, detection = 1, recovery = 1;
  std::string note;
  if (problem == "planted-dense-subgraph") {
    const int n = pv.is_set("n") ? pv.get_int("n") : 800;
    const double rho = pv.is_set("rho") ? pv.get_real("rho") : 0.05;
    const double q = pv.get_real("q");
    const double log_norm = exact ? log_ld_norm_dense_subgraph(n, lambda, D, rho, q) : 0.0;
    if (!(log_norm < 700))
      throw std::invalid_argument("parameters n, lambda, D: ||L^{<=D}||^2 = e^" + (std::isnan(log_norm) ? std::string("(overflow)") : fmt(log_norm)) +
                                  " is beyond double range; lower lambda or D");
    finite = std::exp(log_norm);
    limit = ld_norm_submatrix_limit(lambda * rho * rho * n, D);
    detection = 1 / (rho * rho * n);                                 // the total edge count (scale)
    recovery = std::min(1.0, 1 / (rho * std::sqrt(double(n))));  // Schramm-Wein (scale)
    s.mean_overlap = lambda * lambda * n * (n - 1.0) * std::pow(rho, 4) / 2;
  } else if (problem == "sbm" || problem == "multilayer-sbm") {
    const int n = pv.is_set("n") ? pv.get_int("n") : 60;
    const int k = pv.get_int("k");
    const int layers = problem == "sbm" ? 1 : (pv.is_set("L") ? pv.get_int("L") : 2);
    if (problem == "sbm" && pv.given("L") && pv.get_int("L") != 1)
      throw std::invalid_argument("parameter 'L' = '" + std::to_string(pv.get_int("L")) +
                                  "': the sbm has one layer; use model=multilayer-sbm");
    if (exact) finite = ld_norm_sbm(n, k, layers, lambda, pv.get_real("degree"), D);
    limit = ld_norm_sbm_limit(k, layers, lambda, D);
    detection = recovery = 1.0 / layers;  // Kesten-Stigum: layers * snr = 1
    note = "Kesten-Stigum: the n -> infinity norm stays bounded as D -> infinity iff L snr < 1 "
           "(cycles: exp(sum_l (k-1)^2 (L snr)^l / 2l)); weak recovery by low-degree polynomials also "
           "needs L snr > 1 (Hopkins-Steurer; Sohn-Wein)";
  } else if (problem == "angular-sync") {
    const int L = pv.is_set("L") ? pv.get_int("L") : 1;
    const int n = pv.is_set("n") ? pv.get_int("n") : (L == 1 ? 400 : angular_default_n(L, D));
    if (exact) finite = ld_norm_angular(n, L, lambda, D);
    limit = ld_norm_angular_limit(L, lambda, D);
    note = "the n -> infinity norm tends to (e^{-lambda}/(1 - lambda))^L as D -> infinity, finite iff "
           "lambda < 1 (the spectral threshold of each frequency); recovery: Li 2026 (spectral optimal)";
  } else if (problem == "orthogonal-sync") {
    const int n = pv.is_set("n") ? pv.get_int("n") : 400;
    const int r = pv.get_int("r");
    if (exact) finite = ld_norm_orthogonal(n, r, lambda, D);
    limit = ld_norm_orthogonal_limit(r, lambda, D);
    note = "the n -> infinity norm tends to e^{-lambda r^2/2} (1 - lambda)^{-r^2/2} as D -> infinity, "
           "finite iff lambda < 1 (the spectral threshold)";
  } else {
    throw std::invalid_argument("parameter 'model' = '" + problem + "': not a low-degree problem of this file");
  }
  if (!std::isfinite(finite) || !(finite > 0))
    throw std::invalid_argument("parameters n, lambda, D: the finite-n norm is not representable; lower lambda or D");
  if (!std::isfinite(limit))
    throw std::invalid_argument("parameters lambda, D: the n -> infinity norm overflows; lower lambda or D");
  s.names = {"norm_limit", "threshold", "threshold_gap", "recovery_threshold", "gap_ratio", "mean_overlap"};
  s.values = {limit, detection, lambda - detection, recovery, recovery / detection, s.mean_overlap};
  if (exact) {
    s.names.insert(s.names.begin(), {"norm_finite_n", "log_norm_finite_n"});
    s.values.insert(s.values.begin(), {finite, std::log(finite)});
  }
  if (!note.empty()) {
    s.threshold = Model::Threshold{"lambda", 0.0, 3.0, "", "", detection, note};
  }
  return s;
}

}  // namespace summit::landscape
