// Solver hints: what a model tells the solvers and front ends about how to study it, as opposed to
// its mathematics (lib/model.hpp). One structure, returned by `Model::hints()`:
//
// - natural_threshold: the query `summit threshold MODEL` runs without --vary;
// - escape_law: the predicted growth of escape times with the dimension (`summit escape --dims`);
// - default_events: the events `summit escape` / `summit curve` report when the user gives none;
// - iteration: how fixed-point searches treat the drift (an ODE, or the residual Phi(x) - x of an
//   iteration map, a state evolution) and the default numbers of random starts and quiet batches
//   that follow from the cost of one drift evaluation.
//
// Contract: `hints()` is cheap enough to be called once per command or solver call (it may
// evaluate the drift Jacobian once); callers call it once and keep the result.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace summit {

// The model's natural threshold query: the parameter, its range, and the special point whose
// change of stability is located. Empty parameter: none. With `observable` set, the threshold is
// instead the root in the parameter of that observable (one of observable_names()) evaluated at
// the point (for thresholds that are not a change of stability, e.g. a collapse condition or the
// sign change of max_t F(t) - 1). `exact` (with `note` saying why): the threshold is known without
// a search, e.g. alpha_c = 0 when a channel carries a trivial subspace; `summit threshold` then
// reports it as is.
struct NaturalThreshold {
  std::string parameter;
  double lo = 0, hi = 0;
  std::string point;
  std::string observable;
  std::optional<double> exact;
  std::string note;
};

// The predicted growth of the escape time with the dimension parameter `d` at the current
// parameters: t ~ d^power (log d)^log_power in the model's time unit, with `law` its text (e.g.
// "log d") and `note` the conditions. Empty law: no prediction.
struct EscapeLaw {
  std::string law;
  double power = 0;
  double log_power = 0;
  std::string note;
  double log_slope = 0;  // predicted dt/d(ln d) (log d laws: 1/(2 lambda) at the origin); 0: none
};

// How fixed-point searches treat the drift. For an ODE (the default) each start is followed along
// the drift by an integrator before polishing, with 40 random starts per batch and batches drawn
// until 3 in a row find nothing new. For a state evolution (drift(x) = Phi(x) - x for an iteration
// map Phi) each start is instead iterated with the damped map x <- x + damping (Phi(x) - x), starts
// that are not already fixed points are polished only after iterating, and the defaults are 2
// random starts in one batch (each evaluation of Phi may be an expensive quadrature or
// Monte-Carlo average).
struct IterationPolicy {
  bool drift_is_map_residual = false;
  double damping = 0.7;       // used only when drift_is_map_residual
  int random_starts = 40;     // default random starts of a fixed-point search (per batch)
  int quiet_batches = 3;      // default census rule: batches in a row without a new point; 0: one batch
  static IterationPolicy state_evolution() { return {true, 0.7, 2, 0}; }
};

struct ModelHints {
  NaturalThreshold natural_threshold;
  EscapeLaw escape_law;
  std::vector<std::string> default_events;  // e.g. "escape: r_spread>0.5"
  IterationPolicy iteration;
};

}  // namespace summit
