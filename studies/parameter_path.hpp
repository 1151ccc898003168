// What the studies that move a model parameter share (threshold, continue): the parameter and
// its range (--vary/--range, or the model's natural threshold), the model rebuilt at each value,
// and the point to follow.
//
// Contract: resolve_parameter_path checks `vary` against the model's real parameters and the
// range's shape (std::invalid_argument naming --vary or --range, the value and what is allowed);
// without `vary` it takes the model's natural threshold (an error when the model has none), with
// `range` replacing its window. model_factory rebuilds the model at a value of that parameter from
// the parameters the user gave (ParamValues::given), so every other parameter stays as given.
#pragma once

#include "lib/model.hpp"
#include "solvers/continuation.hpp"

#include <optional>
#include <string>
#include <vector>

namespace summit::studies {

struct ParameterPath {
  std::string param;
  double lo = 0, hi = 0;
  std::string point;       // the model's reference point for this query ("" when none)
  std::string observable;  // threshold: the observable whose root is sought ("" for stability)
};

ParameterPath resolve_parameter_path(const Model& m, const std::optional<std::string>& vary,
                                     const std::optional<std::vector<double>>& range,
                                     const std::optional<std::string>& observable, bool descending_ok);

ModelFactory model_factory(const Model& m, const std::string& param);

// "--range 'LO,HI'" checks on their own (two values; LO < HI, or LO != HI with descending_ok).
bool range_is_valid(const std::optional<std::vector<double>>& range, bool descending_ok, std::string* why);

}  // namespace summit::studies
