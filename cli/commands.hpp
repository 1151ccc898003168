// The subcommands of the summit CLI.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

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
  double tol = 1e-10;
  std::uint64_t solver_seed = 1;
  int d = 1000, seeds = 4, grid = 24, runs = 100;
  double steady_tol = 1e-8;
  double perturb = 0;
  double eps = 1e-3;
  std::string columns;
  std::string plot;  // curve: also render the learning curve to this PNG (cli/plot.hpp)
  std::string dims;  // escape: list of dimensions d (the model's parameter `d`)
};

void add_common_options(CLI::App& app, Options& o);
std::string join_argv(int argc, char** argv);
// A JSON scalar or list as the text of a parameter or coordinate value (lists joined by commas);
// throws std::invalid_argument naming `what` for objects and null.
std::string json_to_text(const nlohmann::json& v, const std::string& what);
// Runs the parsed command; returns the process exit code (0 ok, 1 solver failure, 2 bad input).
int run(const Options& o);

// One subcommand run in-process with its output captured (thread-safe; nothing is printed):
// code 0 ok, 1 solver failure, 2 bad input; `output` is what it would have printed, `error`
// the message it would have printed on stderr.
struct Outcome {
  int code = 0;
  std::string output, error;
};
Outcome run_captured(const Options& o);

}  // namespace summit::cli
