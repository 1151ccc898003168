// The bifurcation diagram of a `summit continue --format json` result, drawn with matplotlib
// through the one plotting backend (cli/plot.hpp, run_matplotlib).
//
// Contract:
// - One parameter: every branch (`branches`[].curve) as the quantity `y` against the parameter,
//   stable stretches (index 0) solid and unstable ones dashed, one colour per branch; the special
//   points (`bifurcations`) marked and labelled by type. `y` is "loss", an observable or a state
//   coordinate; "" picks the state coordinate with the largest spread over all branches. An
//   unknown `y` throws std::invalid_argument naming the allowed values.
// - Two parameters: the curve (`curve`) in the (P1, P2) plane with its codimension-two points.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace summit::cli {

void plot_bifurcation(const nlohmann::json& result, const std::string& png, const std::string& y);

}  // namespace summit::cli
