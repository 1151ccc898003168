// The part of a request that configures the polish and search of fixed points (fixed-points,
// stability, minimize, threshold, continue, basins, the --perturb start).
//
// Contract: is_valid checks each field (messages name the CLI option, the value and what is
// allowed); to_options gives solvers/fixed_points.hpp options. `starts` unset means the solver's
// own default (40 random starts; 2 for a state evolution, whose map is costly).
#pragma once

#include "solvers/fixed_points.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>

namespace summit::studies {

struct SearchRequest {
  std::optional<int> starts;  // random starts
  double tol = 1e-10;         // certificate max|drift| <= tol
  std::uint64_t seed = 1;     // of the random starts (--solver-seed)

  bool is_valid(std::string* why) const;
  FixedPointOptions to_options() const;
};

void to_json(nlohmann::json& j, const SearchRequest& r);
void from_json(const nlohmann::json& j, SearchRequest& r);

// The perturbation size of the linearised escape-time estimate log(1/eps)/lambda_max (--eps).
bool eps_is_valid(double eps, std::string* why);

}  // namespace summit::studies
