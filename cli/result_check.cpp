#include "cli/result_check.hpp"

#include "cli/output.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace summit::cli {

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

bool loss_is_nonnegative(const std::string& model) { return model == "committee"; }

double reported_loss(const std::string& model, double loss) {
  return loss < 0 && loss >= -kLossRoundoff && loss_is_nonnegative(model) ? 0.0 : loss;
}

Vec shown_observables(const Model& m, const Vec& x) {
  Vec obs = m.observables(x);
  if (!loss_is_nonnegative(m.name())) return obs;
  const auto names = m.observable_names();
  for (int i = 0; i < obs.size(); ++i)
    if (names[static_cast<size_t>(i)] == "eg" || names[static_cast<size_t>(i)] == "test_error")
      obs[i] = reported_loss(m.name(), obs[i]);
  return obs;
}

}  // namespace summit::cli
