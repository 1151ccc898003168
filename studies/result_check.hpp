// The last check before a result is reported: no non-finite number is ever reported as a result,
// and numbers below the printing cut-off are written as 0 (studies/number_text.hpp, kPrintZero).
//
// Contract: check_result(j) walks every number of a study's JSON result (the same values the
// CLI's table and CSV show); the first NaN or infinity throws NonFiniteResult naming the quantity
// by its JSON path (e.g. "drift.Q[1,1]", "rows[3][2]"), which the CLI reports with status
// `non-finite` and exit 1, and a sweep records as the point's status. scrub_result(j) replaces
// |v| < kPrintZero and -0 by +0.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>

namespace summit::studies {

struct NonFiniteResult : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check_result(const nlohmann::json& j);
void scrub_result(nlohmann::json& j);

}  // namespace summit::studies
