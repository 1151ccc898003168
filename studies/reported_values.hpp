// The loss and observables as every study reports them.
//
// Contract: a loss that is non-negative by definition (a generalisation error: the committee's)
// computed as a difference of O(1) arcsin terms comes out as about -1e-10 at perfect learning.
// Values in [-kLossRoundoff, 0) are reported as 0; anything more negative is left as computed (it
// signals a state outside the domain, which the realisability checks report). The observables
// that are the loss by another name (the committee's eg and test_error) follow the same rule.
#pragma once

#include "lib/model.hpp"

#include <string>

namespace summit::studies {

inline constexpr double kLossRoundoff = 1e-8;
bool loss_is_nonnegative(const std::string& model);  // by registry name: "committee"
double reported_loss(const std::string& model, double loss);
Vec shown_observables(const Model& m, const Vec& x);

}  // namespace summit::studies
