// How the located quantity behaves at a threshold as the parameter increases, and its text form.
//
// Contract: `to_string` gives the words printed by `summit threshold` and stored in its JSON
// ("loses stability", ...); `threshold_direction_from_string` is its inverse and returns nullopt
// for any other text. Strings exist only at this edge; solvers and callers use the enum.
#pragma once

#include <optional>
#include <string_view>

namespace summit {

enum class ThresholdDirection {
  None,                  // no threshold located
  LosesStability,        // a fixed point: stable below, unstable above
  GainsStability,        // a fixed point: unstable below, stable above
  IsZero,                // an observable is exactly zero at a grid point
  CrossesZeroUpwards,    // an observable goes from negative to positive
  CrossesZeroDownwards,  // an observable goes from positive to negative
};

// "", "loses stability", "gains stability", "is zero", "crosses zero upwards",
// "crosses zero downwards".
const char* to_string(ThresholdDirection d);
std::optional<ThresholdDirection> threshold_direction_from_string(std::string_view text);

}  // namespace summit
