#include "cli/study_table.hpp"

namespace summit::cli {

namespace {

using Names = std::vector<std::string>;

Names operator+(Names a, const Names& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const Names kParams = {"set", "config"};
const Names kStart = {"at", "state", "point"};
const Names kOutput = {"format", "out", "columns", "quiet"};
const Names kIntegration = {"times", "t-end", "points", "max-steps", "event", "method", "atol", "rtol", "dt"};
const Names kSearch = {"starts", "tol", "solver-seed"};
const Names kFollow = {"vary", "range", "observable", "grid", "eps"};

template <auto Build>
nlohmann::json request_json(const Options& o, const Setup& s) {
  return Build(o, s);
}
nlohmann::json basins_json(const Options& o, const Setup&) { return basins_request(o); }
nlohmann::json describe_json(const Options& o, const Setup&) { return describe_request(o); }
// escape --dims is the study escape-dims (StudyEntry::study).
nlohmann::json escape_json(const Options& o, const Setup& s) {
  return o.dims.empty() ? nlohmann::json(escape_request(o, s)) : nlohmann::json(escape_dims_request(o, s));
}

std::vector<StudyEntry> make_table() {
  std::vector<StudyEntry> t;
  t.push_back({"list", "list the registered models", false, kOutput, "", false, {}, "", false, nullptr});
  t.push_back({"describe", "parameters, state coordinates, observables and special points of a model", true,
               kParams + kOutput + Names{"equations"}, "", false, {}, "", false, cmd_describe, describe_json});
  t.push_back({"evaluate", "loss, drift and observables at a state", true, kParams + kStart + kOutput, "", true,
               {"loss"}, "", false, cmd_evaluate, request_json<evaluate_request>});
  t.push_back({"curve", "integrate the order-parameter ODE: learning curve on a time grid, with events", true,
               kParams + kStart + kOutput + kIntegration + kSearch + Names{"perturb"},
               "also render the learning curve with its events to this PNG", true, {"rows.-1.1"}, "", true,
               cmd_curve, request_json<curve_request>});
  t.push_back({"escape", "times of events (default: the model's, e.g. plateau escape) along a trajectory", true,
               kParams + kStart + kOutput + kIntegration + kSearch + Names{"perturb", "dims"}, "", true,
               {"events.0.time"}, "", true, cmd_escape, escape_json});
  t.push_back({"fixed-points", "fixed points of the drift from batches of random starts, with their stability", true,
               kParams + kStart + kOutput + kSearch + Names{"symmetric", "quiet-batches", "max-starts", "time-budget", "eps"}, "",
               true, {"fixed_points.#", "fixed_points.0.loss", "fixed_points.0.type"}, "fixed_points.0.state", true,
               cmd_fixed_points, request_json<fixed_points_request>});
  t.push_back({"stability", "polish one fixed point (from --at/--point) and analyse its stability", true,
               kParams + kStart + kOutput + kSearch + Names{"eps"}, "", true,
               {"fixed_points.0.type", "fixed_points.0.lambda_max"}, "fixed_points.0.state", true, cmd_stability,
               request_json<stability_request>});
  t.push_back({"minimize", "local minima of the population loss over the realisable domain", true,
               kParams + kStart + kOutput + Names{"starts", "solver-seed"}, "", true,
               {"minima.#", "minima.0.loss"}, "", true, cmd_minimize, request_json<minimize_request>});
  t.push_back({"simulate", "finite-d SGD simulation measuring the same order parameters", true,
               kParams + kStart + kOutput + Names{"times", "t-end", "points", "d", "seeds"}, "", true,
               {"rows.-1.1"}, "", true, cmd_simulate, request_json<simulate_request>});
  t.push_back({"threshold", "parameter value where a fixed point changes stability", true,
               kParams + kStart + kOutput + kSearch + kFollow, "", true, {"threshold"}, "state", true,
               cmd_threshold, request_json<threshold_request>});
  t.push_back({"continue",
               "follow a fixed point in a parameter by arclength: branch, folds, branch and Hopf points", true,
               kParams + kStart + kOutput + kSearch + kFollow + Names{"switch", "vary2", "range2", "curve"},
               "also draw the bifurcation diagram (or the curve) to this PNG", true, {"branch.-1.type"},
               "branch.-1.state", true, cmd_continue, request_json<continue_request>});
  t.push_back({"basins", "fraction of runs from random starts that end at each fixed point", true,
               kParams + kOutput + kIntegration + Names{"tol", "solver-seed", "eps", "runs", "steady-tol"}, "", true,
               {"basins.#"}, "", true, cmd_basins, basins_json});
  return t;
}

}  // namespace

const std::vector<StudyEntry>& study_table() {
  static const std::vector<StudyEntry> table = make_table();
  return table;
}

const StudyEntry* find_study(const std::string& name) {
  for (const auto& e : study_table())
    if (e.name == name) return &e;
  return nullptr;
}

std::string StudyEntry::study(const Options& o) const {
  return name == "escape" && !o.dims.empty() ? "escape-dims" : name;
}

std::string study_names(bool sweepable_only) {
  std::string names;
  for (const auto& e : study_table())
    if (e.sweepable || !sweepable_only) names += (names.empty() ? "" : ", ") + e.name;
  return names;
}

}  // namespace summit::cli
