// The subcommands of the summit CLI.
//
// Contract: `run(o)` executes one subcommand (or the default study) and returns the process exit
// code: 0 on success, 1 for a solver failure, 2 for bad input (docs/cli.md, "Exit codes and
// errors"); results are written through cli/output.hpp's `emit`.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <vector>

namespace summit {
class Model;
}

namespace summit::cli {

struct Options {
  std::string command;  // empty: the default study
  std::string command_line;
  std::string model;
  std::vector<std::string> sets, ats, events;
  std::string config, state_file, point;
  std::string times;
  double t_end = 1000;
  int points = 41;
  bool t_end_given = false, points_given = false;  // conflict checks with --times
  std::string vary, range, observable;
  std::string format = "table", out;
  std::string method = "dopri5";
  double atol = 1e-10, rtol = 1e-10, dt = 0.01;
  // Not given (kStartsAuto): the solver's default (40; 2 for state evolutions, FixedPointOptions).
  static constexpr int kStartsAuto = std::numeric_limits<int>::min();
  int starts = kStartsAuto;
  // fixed-points: batches of `starts` random starts until quiet_batches batches in a row find no
  // new point (auto: 3; 0 for state evolutions) or max_starts random starts (solvers/fixed_point_census.hpp).
  int quiet_batches = kStartsAuto;
  int max_starts = 1000;
  double time_budget = 20;  // fixed-points: seconds of CPU time for all batches (0: none)
  double tol = 1e-10;
  bool symmetric = false;  // fixed-points: add the symmetry-adapted search (studies/symmetric_starts.hpp)
  std::uint64_t solver_seed = 1;
  int d = 1000, seeds = 4, grid = 24, runs = 100;
  double steady_tol = 1e-8;
  double perturb = 0;
  double eps = 1e-3;
  std::string columns;
  std::string plot;  // curve: also render the learning curve to this PNG (cli/plot.hpp)
  std::string dims;  // escape: list of dimensions d (the model's parameter `d`)
  std::string equations;  // describe: print a model file's equations, "index" or "expanded"
  long max_steps = kDefaultMaxSteps;  // integration step limit (curve, escape, basins)
  bool quiet = false;                 // -q: no progress lines on stderr
  static constexpr long kDefaultMaxSteps = 2'000'000;

  // Ceres-style validation of every option on its own (ranges, conflicts), before any model is
  // built: false with a message naming the option, its value and what is allowed
  // (cli/options_check.cpp).
  bool is_valid(std::string* error) const;
  // continue (studies/continue_study.hpp): branch switching, the two-parameter curve.
  bool switch_branches = false;
  std::string vary2, range2, curve_kind;
};

// Throws std::invalid_argument with Options::is_valid's message.
void require_valid(const Options& o);
std::string join_argv(int argc, char** argv);
// A JSON scalar or list as the text of a parameter or coordinate value (lists joined by commas);
// throws std::invalid_argument naming `what` for objects and null.
std::string json_to_text(const nlohmann::json& v, const std::string& what);
// Runs the parsed command; returns the process exit code (0 ok, 1 solver failure, 2 bad input).
int run(const Options& o);
// The CLI's rule for an exception out of a command (the sweep applies it to its points): bad input
// (exit 2) is std::invalid_argument, OutputError or a JSON error of --config/--state; anything else
// is a failure of the computation (exit 1), worded by computation_failed ("COMMAND MODEL failed:
// WHAT", with the library's words for what has none of its own).
bool is_bad_input(const std::exception& e);
std::string computation_failed(const Options& o, const std::exception& e);

}  // namespace summit::cli
