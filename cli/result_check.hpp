// The last check before a result is printed: no non-finite number is ever reported as a result,
// and numbers below the printing cut-off are written as 0 (cli/output.hpp, kPrintZero).
//
// Contract: check_result(j) walks every number of a command's JSON result (the same values its
// table and CSV show); the first NaN or infinity throws NonFiniteResult naming the quantity by
// its JSON path (e.g. "drift.Q[1,1]", "rows[3][2]"), which the CLI reports with status
// `non-finite` and exit 1, and a sweep records as the point's status. scrub_result(j) replaces
// |v| < kPrintZero and -0 by +0.
#pragma once

#include "lib/model.hpp"
#include "studies/reported_values.hpp"

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>

namespace summit::cli {

struct NonFiniteResult : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check_result(const nlohmann::json& j);
void scrub_result(nlohmann::json& j);

// The loss and observables as reported (studies/reported_values.hpp).
using studies::kLossRoundoff;
using studies::loss_is_nonnegative;
using studies::reported_loss;
using studies::shown_observables;

}  // namespace summit::cli
