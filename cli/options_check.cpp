// Options::is_valid and check_budget (cli/commands.hpp): every numeric option validated on its
// own, conflicting options refused, and limits that keep a run within what this machine can do.
// The checks of each computation's settings live in its request (studies/); this file adds the
// checks of the command line itself (formats, conflicting options) and the machine's limits.
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

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 4e9;
}

std::string bytes_text(double b) {
  if (b >= 1e9) return num(b / 1e9, 3) + " GB";
  if (b >= 1e6) return num(b / 1e6, 3) + " MB";
  return num(b / 1e3, 3) + " kB";
}

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

void check_budget(const Options& o, const Model& m) {
  const double mem = physical_memory_bytes();
  // Rows of a curve or simulation: each row holds t, the loss, the observables and the state,
  // kept as numbers, JSON values and table text (about 100 bytes per cell, measured order).
  const bool rows_cmd = o.command == "curve" || o.command == "simulate";
  if (rows_cmd) {
    const double rows = o.times.empty() ? o.points : 1.0;
    const double cells = rows * static_cast<double>(m.dim() + m.observable_names().size() + 2);
    const double need = 100.0 * cells;
    if (need > 0.25 * mem)
      throw std::invalid_argument("--points " + std::to_string(o.points) + ": the output would need about " +
                                  bytes_text(need) + ", more than a quarter of this machine's " +
                                  bytes_text(mem));
  }
  if (o.command == "simulate") {
    // The finite-d realisation holds O(d) numbers per state coordinate (weight vectors and their
    // overlaps), for every seed at once (seeds run on threads): an estimate, not a bound.
    const double need = 8.0 * static_cast<double>(o.d) * static_cast<double>(m.dim() + 1) * o.seeds;
    if (need > 0.5 * mem)
      throw std::invalid_argument("--d " + std::to_string(o.d) + ": a simulation with " + std::to_string(o.seeds) +
                                  " seeds needs about " + bytes_text(need) + " (8 bytes x d x " +
                                  std::to_string(m.dim() + 1) + " x seeds), more than half of this machine's " +
                                  bytes_text(mem) + "; lower --d or --seeds");
  }
}

}  // namespace summit::cli
