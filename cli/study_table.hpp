// The table of subcommands: the one place a subcommand is declared.
//
// Contract: every entry names a subcommand, its one-line help, whether it takes a MODEL, the
// options it binds (long names without "--"; nothing else is accepted by that subcommand, on the
// command line or in a sweep spec), the --plot help when it draws, the records a sweep keeps by
// default (JSON paths, docs/sweeps.md) and the path of the state a sweep chain warm-starts from
// ("" when it has none), and the function that runs it. main.cpp builds the CLI11 subcommands,
// commands.cpp dispatches, and sweep_spec.cpp and sweep_task.cpp check and run specs, from this
// table. `request` turns the options into the request JSON of the study of the catalog
// (studies/catalog.hpp) that `study` names (the subcommand's name; escape with --dims is the
// study escape-dims); a sweep runs every point through the catalog.
#pragma once

#include "cli/study_commands.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace summit::cli {

struct StudyEntry {
  std::string name;
  std::string help;
  bool needs_model = true;
  std::vector<std::string> options;
  std::string plot_help;                 // --plot, when not empty
  bool sweepable = true;
  std::vector<std::string> records;      // sweep's default records
  std::string warm_start;                // sweep's warm-start path
  bool long_running = true;              // heartbeat on stderr
  int (*run)(const Options&, const Model&, const Setup&, studies::Progress*) = nullptr;
  nlohmann::json (*request)(const Options&, const Setup&) = nullptr;  // null for list only
  std::string study(const Options& o) const;                          // the catalog's name
};

const std::vector<StudyEntry>& study_table();
// The entry of a subcommand, or nullptr.
const StudyEntry* find_study(const std::string& name);
// "a, b, c": the names of the entries with `sweepable` (or all).
std::string study_names(bool sweepable_only);

// Binds the entry's options (and its MODEL positional when `with_model`) to `o`.
void bind_study_options(CLI::App& app, Options& o, const StudyEntry& e, bool with_model);
// Sets the entry's options from JSON values ({"t-end": 100, "event": ["a", "b"]}) as the command
// line would: each value as the text of one --NAME VALUE (a list repeats the option), through the
// same option definitions (conversions, validators, --times/--t-end bookkeeping), without an argv.
// --solver-seed is accepted by every entry (a sweep gives each point its seed). Throws
// std::invalid_argument for an option the entry does not take ("unknown option") or a value it
// refuses, naming the option and the value.
void set_study_options(Options& o, const StudyEntry& e, const nlohmann::json& options);
struct UnknownOption : std::invalid_argument {
  UnknownOption(const std::string& what, std::string option) : std::invalid_argument(what), option(std::move(option)) {}
  std::string option;  // "--name"
};

}  // namespace summit::cli
