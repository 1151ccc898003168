#include "solvers/threshold_direction.hpp"

namespace summit {

namespace {
constexpr ThresholdDirection kAll[] = {
    ThresholdDirection::None,       ThresholdDirection::LosesStability,
    ThresholdDirection::GainsStability, ThresholdDirection::IsZero,
    ThresholdDirection::CrossesZeroUpwards, ThresholdDirection::CrossesZeroDownwards};
}  // namespace

const char* to_string(ThresholdDirection d) {
  switch (d) {
    case ThresholdDirection::None: return "";
    case ThresholdDirection::LosesStability: return "loses stability";
    case ThresholdDirection::GainsStability: return "gains stability";
    case ThresholdDirection::IsZero: return "is zero";
    case ThresholdDirection::CrossesZeroUpwards: return "crosses zero upwards";
    case ThresholdDirection::CrossesZeroDownwards: return "crosses zero downwards";
  }
  return "";
}

std::optional<ThresholdDirection> threshold_direction_from_string(std::string_view text) {
  for (ThresholdDirection d : kAll)
    if (text == to_string(d)) return d;
  return std::nullopt;
}

}  // namespace summit
