// `summit continue`: pseudo-arclength continuation of a fixed point in one parameter
// (solvers/bifurcation.hpp) with the special points it passes, optional branch switching, and the
// two-parameter curve of a fold / branch point / Hopf point (solvers/bifurcation_curve.hpp).
//
// Contract:
// - One parameter: `branch` keeps the fields of the former warm-start continuation (the fixed
//   point at the --grid uniform values of --range, each crossing in arclength order, so past a fold
//   a value appears once per half); `curve` holds every accepted arclength point of the start
//   branch, `bifurcations` [{type, parameter, state, eigenvalues, ...}] the special points of every
//   followed branch, `branches` [{origin, parent, status, end, curve}] every branch (the start
//   branch first; with --switch also those emerging at branch points).
// - Two parameters (--vary2 P2 --range2 C,D --curve fold|branch|hopf): the first special point of
//   that type on the one-parameter branch (P2 at its set value) is continued in (P1, P2) over the
//   window range x range2; `curve` [{P1, P2, state, eigenvalues[, frequency]}], `codim2` (cusp,
//   bogdanov-takens, zero-hopf), `ends`.
// - Bad options throw std::invalid_argument naming the option, the value and what is allowed.
#pragma once

#include "cli/output.hpp"
#include "lib/model.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"
#include "solvers/status.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

namespace summit::cli {

struct ContinueInput {
  std::string model;
  std::map<std::string, std::string> params;  // as given (the varied ones are overwritten)
  std::string param;                          // --vary
  double lo = 0, hi = 1;                      // --range (either order)
  std::string point;                          // the followed point's name ("" for a given state)
  Vec start;                                  // at lo
  int grid = 24;
  bool switch_branches = false;
  std::string param2, range2, curve;          // the two-parameter options, as given
  std::string observable;                     // --observable: the plotted quantity
  FixedPointOptions fixed_point;
  StabilityOptions stability;
  // The CLI's JSON of one fixed point and of a state (cli/commands.cpp).
  std::function<nlohmann::json(const Model&, const BranchPoint&)> point_json;
  std::function<nlohmann::json(const Model&, const Vec&)> state_json;
};

struct ContinueOutput {
  Status status = Status::Ok;
  std::string message;
  nlohmann::json fields;  // merged into the command's JSON after its header
  Table table;
  std::string footer;     // readable lines after the table
};

ContinueOutput run_continue(const ContinueInput& in);

}  // namespace summit::cli
