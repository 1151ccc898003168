// The CLI's names for the last check before a result is printed (studies/result_check.hpp) and
// for the loss and observables as reported (studies/reported_values.hpp).
//
// Contract: the same functions and types as those headers, in summit::cli.
#pragma once

#include "lib/model.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_check.hpp"

namespace summit::cli {

using studies::check_result;
using studies::NonFiniteResult;
using studies::scrub_result;

// The loss and observables as reported (studies/reported_values.hpp).
using studies::kLossRoundoff;
using studies::loss_is_nonnegative;
using studies::reported_loss;
using studies::shown_observables;

}  // namespace summit::cli
