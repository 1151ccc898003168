// Options::is_valid (cli/commands.hpp): every numeric option validated on its own, conflicting
// options refused. The checks of each computation's settings live in its request (studies/), the
// machine's limits in studies/budget.hpp; this file adds the checks of the command line itself
// (formats, conflicting options).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/plot.hpp"
#include "cli/requests.hpp"
#include "lib/model.hpp"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace summit::cli {

namespace {

bool fail(std::string* error, const std::string& msg) {
  if (error) *error = msg;
  return false;
}

std::string text(double v) { return full(v); }
}  // namespace

bool Options::is_valid(std::string* error) const {
  const bool latex_equations = command == "describe" && !equations.empty() && format == "latex";
  if (!latex_equations && format != "table" && format != "csv" && format != "json")
    return fail(error, "--format '" + format +
                           "': must be table, csv or json (latex only with describe --equations)");
  if (!times.empty() && (t_end_given || points_given))
    return fail(error, std::string("--times and ") + (t_end_given ? "--t-end" : "--points") +
                           " both given: --times sets the output times itself; give one or the other");
  // The checks of the study requests (studies/), on the options as given (the --times text is
  // parsed, and its order checked, when the request is built).
  Options untimed = *this;
  untimed.times.clear();
  if (!integration_request(untimed).is_valid(error) || !search_request(*this).is_valid(error) || !studies::eps_is_valid(eps, error))
    return false;
  // The fixed-point census' own options (--quiet-batches, --max-starts, --time-budget).
  if (!fixed_points_request(*this, Setup{}).is_valid(error)) return false;
  if (!(std::isfinite(perturb) && perturb >= 0))
    return fail(error, "--perturb " + text(perturb) + ": must be >= 0 (and finite)");
  if (!studies::runs_are_valid(runs, steady_tol, error)) return false;
  studies::SimulateRequest simulation;
  simulation.d = d;
  simulation.seeds = seeds;
  if (!simulation.is_valid(error)) return false;
  if (!studies::grid_is_valid(grid, error)) return false;
  // Checked before any work: a bad path would otherwise fail after the result is printed (the
  // interpreter and matplotlib are checked by the command itself, cli/commands.cpp).
  if (!plot.empty() && !plot_path_is_valid(plot, error)) return false;
  return true;
}

void require_valid(const Options& o) {
  std::string why;
  if (!o.is_valid(&why)) throw std::invalid_argument(why);
}

}  // namespace summit::cli
