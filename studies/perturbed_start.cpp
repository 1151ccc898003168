#include "studies/perturbed_start.hpp"

#include "studies/number_text.hpp"
#include "studies/result_json.hpp"

#include <stdexcept>

namespace summit::studies {

PerturbedStart perturbed_start(const Model& m, const Vec& given, double eps, const SearchRequest& polish) {
  PerturbedStart p;
  p.eps = eps;
  p.fixed_point = given;
  double res;
  const FixedPointOptions f = polish.to_options();
  const Status polished = polish_fixed_point(m, p.fixed_point, f, &res);
  p.outcome = failure(polished, "fixed-point polish",
                      "max|drift| = " + num(res) + " from the given state");
  if (!p.outcome.ok()) return p;
  StabilityOptions so;
  so.eps = eps;
  p.stability = analyse_stability(m, p.fixed_point, so);
  if (p.stability.index == 0) {
    p.outcome = {Status::Unsupported, "--perturb: the fixed point is not unstable (type " + p.stability.type +
                                          "), there is no direction to escape along"};
    return p;
  }
  p.state = p.fixed_point + eps * p.stability.unstable_direction;
  std::string why;
  if (!m.realisable(p.state, &why))
    throw std::invalid_argument("--perturb " + full(eps) + ": the displaced state is not realisable: " + why);
  return p;
}

nlohmann::json perturbed_start_json(const Model& m, const PerturbedStart& p) {
  return {{"fixed_point", state_json(m, p.fixed_point)}, {"type", p.stability.type},
          {"lambda_max", p.stability.lambda_max}, {"perturbation", p.eps},
          {"linearised_escape_time", p.stability.escape_time}};
}

}  // namespace summit::studies
