// The catalog of studies: the one JSON-level entry to every study, by name.
//
// Contract (stable; the Python bindings and `summit sweep` are built on it):
// - find_study_kind(name) returns the study named as the CLI's subcommand ("evaluate", "curve",
//   "escape", "fixed-points", "stability", "minimize", "simulate", "threshold", "continue",
//   "basins", "describe"; and "escape-dims", the CLI's `escape --dims`), or nullptr;
//   study_kinds() lists them all, in the order of the CLI's help.
// - A request is the JSON form of the study's request type (to_json/from_json in its header):
//   an object whose absent fields take their defaults. `defaults` is that object with every field
//   at its default (null for an optional field left to the solver, e.g. "starts").
// - validate(model, request) runs every check that does not need a solve: the JSON fields (kind,
//   unknown keys; the message names the field by its path and the value found), the request's
//   is_valid (the message names the option, the value and what is allowed) and the checks against
//   the model (the start state resolves, and is realisable where the study starts from it; every
//   event parses). It returns the first failure's message, or nothing when the request is valid.
// - run(model, request, progress) runs the study and returns its result as JSON: "status" (the
//   solver's status, "ok" on success) and "message" when the solver said something, then the
//   result's fields exactly as the CLI prints them with --format json (the CLI adds its header:
//   version, command line, model, parameters, time unit). A request that validate() refuses, or
//   that the solver refuses as invalid input, throws std::invalid_argument with the message
//   validate() gives. A solver that fails returns {"status": STATUS, "message": SENTENCE} (the
//   sentence of studies/outcome.hpp; a failed threshold search adds its "scan"); a result with a non-finite number returns
//   {"status": "non-finite", "message": "non-finite result: PATH = nan", "non_finite_result": true}
//   (studies/result_check.hpp); numbers below the printing cut-off are reported as 0.
// - Nothing is printed; `progress` (may be null) hears the study's stages and fractions.
// Adding a study: its request/result pair in studies/, and one entry in catalog.cpp.
#pragma once

#include "lib/model.hpp"
#include "studies/progress.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace summit::studies {

struct StudyKind {
  std::string name;
  nlohmann::json defaults;
  std::optional<std::string> (*validate)(const Model& m, const nlohmann::json& request) = nullptr;
  nlohmann::json (*run)(const Model& m, const nlohmann::json& request, Progress* progress) = nullptr;
};

const std::vector<StudyKind>& study_kinds();
const StudyKind* find_study_kind(std::string_view name);
// "evaluate, curve, ...": the names, for messages.
std::string study_kind_names();

}  // namespace summit::studies
