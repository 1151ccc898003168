// Study `continue`: pseudo-arclength continuation of a fixed point in one parameter
// (solvers/bifurcation.hpp) with the special points it passes, optional branch switching, and the
// two-parameter curve of a fold / branch point / Hopf point (solvers/bifurcation_curve.hpp).
//
// Contract:
// - The parameter and its range are those of studies/parameter_path.hpp (`vary`/`range`, or the
//   model's natural threshold; a descending range goes down); the followed point is the start
//   (`point`, `at`), else the query's point; one of them is required.
// - One parameter: `branch` keeps the fields of the former warm-start continuation (the fixed
//   point at the `grid` uniform values of the range, each crossing in arclength order, so past a
//   fold a value appears once per half); `curve` holds every accepted arclength point of the start
//   branch, `bifurcations` [{type, parameter, state, eigenvalues, ...}] the special points of every
//   followed branch, `branches` [{origin, parent, status, end, curve}] every branch (the start
//   branch first; with `switch_branches` also those emerging at branch points).
// - Two parameters (`vary2`, `range2`, `curve` fold|branch|hopf): the first special point of that
//   type on the one-parameter branch (vary2 at its set value) is continued in (P1, P2) over the
//   window range x range2; `curve` [{P1, P2, state, eigenvalues[, frequency]}], `codim2` (cusp,
//   bogdanov-takens, zero-hopf), `ends`. With `curve` zero: the zero set of the observable
//   `observable` at the followed state (not re-solved) in the same window, from its first sign
//   change in P1 (studies/observable_zero_curve.hpp); `curve` [{P1, P2}], `start`, `ends`.
// - is_valid refuses what is wrong on its own (messages name the CLI option, the value and what is
//   allowed); check_against_model what needs the model (vary2 a real parameter, range2 containing
//   its value); run throws std::invalid_argument for both. A failed continuation is a failure
//   outcome ("continuation failed (STATUS): ...").
#pragma once

#include "lib/model.hpp"
#include "studies/outcome.hpp"
#include "studies/progress.hpp"
#include "studies/search_request.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace summit::studies {

struct ContinueRequest {
  StartSpec start;                            // the followed point (default: the query's point)
  std::optional<std::string> vary;            // default: the natural threshold's parameter
  std::optional<std::vector<double>> range;   // {lo, hi}, either order
  std::optional<std::string> observable;      // the quantity a plot shows; with curve zero, the traced one
  int grid = 24;                              // uniform samples of `branch`
  SearchRequest search;                       // the polish at each point
  double eps = 1e-3;                          // of the escape-time estimates
  bool switch_branches = false;               // also follow the branches at branch points
  std::optional<std::string> vary2;           // two-parameter curve: the second parameter
  std::optional<std::vector<double>> range2;  // {lo, hi}, lo < hi
  std::optional<std::string> curve;           // fold, branch, hopf or zero

  bool is_valid(std::string* why) const;
};

// The checks that need the model (the second parameter and its window).
void check_against_model(const Model& m, const ContinueRequest& request);

struct ContinueStudyResult {
  Outcome outcome;
  std::string parameter, parameter2;  // parameter2: "" for the one-parameter run
  std::string point;                  // the followed point's name, or "given"
  std::string curve;                  // two parameters: fold, branch, hopf or zero
  nlohmann::json fields;              // the result's fields of the CLI's JSON (see the contract)
};

ContinueStudyResult run(const Model& m, const ContinueRequest& request, Progress* progress = nullptr);

void to_json(nlohmann::json& j, const ContinueRequest& r);
void from_json(const nlohmann::json& j, ContinueRequest& r);
nlohmann::json result_json(const Model& m, const ContinueStudyResult& r);

}  // namespace summit::studies
