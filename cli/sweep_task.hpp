// One point of a sweep: its task (values, arguments, seed, content hash), the options and study
// request it stands for, and its run in-process.
//
// Contract: make_task is a pure function of the spec, the point's index and the warm state (so a
// point's seed and hash do not depend on threads or order); task_options gives the subcommand's
// options as the equivalent command line would (cli/study_table.hpp set_study_options: no argv is
// built or parsed). compute_point runs a study of the catalog (studies/catalog.hpp) on its
// request JSON and records the paths the spec asks for from the result JSON (the CLI's --format
// json output: header and result; escape with --dims is the study escape-dims). Statuses: ok,
// failed (a solver failure, or an exception the CLI counts as one: is_bad_input), non-finite (a
// non-finite result), invalid-input (with "error: ...").
// validate_spec puts every value of every axis through every check of the point before any work
// (std::invalid_argument naming the point's values).
#pragma once

#include "cli/commands.hpp"
#include "cli/sweep_spec.hpp"

namespace summit::cli::sweeps {

struct Task {
  size_t index = 0;
  json values = json::object();  // axis name -> value
  std::vector<std::string> args;  // the equivalent command line after "summit"
  std::map<std::string, std::string> params, at;
  json options = json::object();  // CLI option name -> value, with the point's solver-seed
  std::uint64_t seed = 0;
  std::string hash;
};

// The content hash of a point: its arguments and the code that computes it.
std::string content_hash(const std::vector<std::string>& args, const std::string& version, const std::string& git);
Task make_task(const Spec& s, size_t index, const json& warm);
// "summit ARGS --format json", shell-quoted: the command a user runs to reproduce the point.
std::string command_line(const Task& t);
Options task_options(const Spec& s, const Task& t);
// The solver options of the header of the results (of the first point).
json options_json(const Options& o);
// The value at a record path in a result, or nullptr.
const json* walk(const json& j, const std::vector<std::string>& parts, json& scratch);
// The state to warm-start the next point of a chain from, or null.
json warm_state(const Spec& s, const json& result);
json compute_point(const Spec& s, const Task& t, size_t chain);
void validate_spec(const Spec& s);

}  // namespace summit::cli::sweeps
