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

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string>

namespace summit::cli {

struct NonFiniteResult : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check_result(const nlohmann::json& j);
void scrub_result(nlohmann::json& j);

// A loss that is non-negative by definition (a generalisation error: the committee's) computed as
// a difference of O(1) arcsin terms comes out as about -1e-10 at perfect learning. Values in
// [-kLossRoundoff, 0) are reported as 0; anything more negative is left as computed (it signals a
// state outside the domain, which the realisability checks report).
inline constexpr double kLossRoundoff = 1e-8;
bool loss_is_nonnegative(const std::string& model);  // by registry name: "committee"
double reported_loss(const std::string& model, double loss);
// The model's observables with the same rule for those that are the loss by another name
// (the committee's eg and test_error).
Vec shown_observables(const Model& m, const Vec& x);

}  // namespace summit::cli
