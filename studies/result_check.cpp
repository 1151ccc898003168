#include "studies/result_check.hpp"

#include "studies/number_text.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace summit::studies {

using json = nlohmann::json;

namespace {

void walk(const json& j, const std::string& path) {
  if (j.is_number_float()) {
    const double v = j.get<double>();
    if (!std::isfinite(v))
      throw NonFiniteResult("non-finite result: " + (path.empty() ? std::string("value") : path) +
                            " = " + (std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf"));
    return;
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      walk(it.value(), path.empty() ? it.key() : path + "." + it.key());
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) walk(j[i], path + "[" + std::to_string(i) + "]");
  }
}

}  // namespace

void check_result(const json& j) { walk(j, ""); }

void scrub_result(json& j) {
  if (j.is_number_float()) {
    const double v = j.get<double>();
    if (printable(v) != v || std::signbit(printable(v)) != std::signbit(v)) j = printable(v);
    return;
  }
  if (j.is_object() || j.is_array())
    for (auto& e : j) scrub_result(e);
}

}  // namespace summit::studies
