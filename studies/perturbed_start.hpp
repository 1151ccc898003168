// The --perturb start of curve and escape: the fixed point polished from the given state,
// displaced by eps along its most unstable direction.
//
// Contract: returns ok with the displaced state, the fixed point and its stability; a polish that
// does not certify a fixed point, or a fixed point with no unstable direction, is a failure
// (exit 1 in the CLI); a displaced state outside the realisable set is refused as input
// (std::invalid_argument naming --perturb).
#pragma once

#include "solvers/stability.hpp"
#include "studies/outcome.hpp"
#include "studies/search_request.hpp"

#include <nlohmann/json.hpp>

namespace summit::studies {

struct PerturbedStart {
  Outcome outcome;
  Vec state;        // the fixed point + eps * unstable direction
  Vec fixed_point;  // polished from the given state
  Stability stability;
  double eps = 0;
};

PerturbedStart perturbed_start(const Model& m, const Vec& given, double eps, const SearchRequest& polish);
// {"fixed_point", "type", "lambda_max", "perturbation", "linearised_escape_time"}
nlohmann::json perturbed_start_json(const Model& m, const PerturbedStart& p);

}  // namespace summit::studies
