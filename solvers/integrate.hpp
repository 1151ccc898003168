// Adaptive integration of a model's drift (Boost.Odeint), output on a time grid, and events
// located on the dense output to tolerance.
//
// Methods: dopri5 (Dormand-Prince 5(4), error control, dense output; default), rosenbrock4
// (L-stable, uses the exact Jacobian of the drift; for stiff runs), euler (fixed step, reference
// only; outputs and events by linear interpolation between steps).
//
// Contract: `integrate` returns the states at the requested output times it reached and each
// event's first crossing (located to event_time_tol, relative); a run that cannot continue (step
// limit, divergence, non-finite drift, leaving the realisable set) stops with that Status and a
// message, keeping the outputs reached so far.
#pragma once

#include "lib/model.hpp"
#include "solvers/progress.hpp"
#include "solvers/status.hpp"

#include <functional>
#include <string>
#include <vector>

namespace summit {

// An event: the first time a condition on the state becomes true.
//   "eg<1e-3", "name: r_spread>0.5", "Q[1,1]>0.9", "loss<0.01", "steady", "steady<1e-9".
// The quantity is a coordinate of the layout, an observable of the model, or "loss"; "steady" is
// max|drift| falling below a tolerance (default 1e-8).
struct EventSpec {
  std::string name;     // label (defaults to the expression)
  std::string expr;     // the text it was parsed from
  enum class Kind { Coordinate, Observable, Loss, Steady } kind = Kind::Loss;
  int index = -1;       // coordinate or observable index
  bool below = true;    // condition "< threshold" (else "> threshold")
  double threshold = 0;
};
// Throws std::invalid_argument naming the text and the allowed quantities.
EventSpec parse_event(const Model& model, const std::string& text);
// Value whose sign change marks the event: negative once the condition holds.
double event_value(const Model& model, const EventSpec& e, const Vec& x);

struct IntegrateOptions {
  enum class Method { Dopri5, Rosenbrock4, Euler } method = Method::Dopri5;
  double abs_tol = 1e-10;  // per-step absolute error tolerance (dopri5, rosenbrock4)
  double rel_tol = 1e-10;  // per-step relative error tolerance
  double dt = 0.01;        // Euler step; initial step of the adaptive methods
  std::vector<double> times;        // output times, increasing, the first >= 0 (t0 = 0)
  std::vector<EventSpec> events;
  bool stop_when_events_found = false;  // stop once every event has fired
  long max_steps = 50'000'000;
  double divergence_bound = 1e6;        // |x|_inf beyond this: Status::Diverged
  double event_time_tol = 1e-12;        // relative accuracy of located event times
  ProgressFn progress;                  // told t / t_end after every step (solvers/progress.hpp)
  // Optional: called with (t, x) after every accepted step (after the events); true ends the run
  // there (status Ok, t_reached = t, no outputs beyond t). E.g. fixed_points stops a flow that has
  // entered the neighbourhood of an attractor it already knows.
  std::function<bool(double, const Vec&)> stop_when;
};

struct EventHit {
  std::string name;
  bool found = false;
  double time = 0;
  Vec state;
};

struct Trajectory {
  Status status = Status::Ok;
  std::string message;          // what happened, for a failed status
  std::vector<double> t;        // output times reached
  std::vector<Vec> x;           // states at those times
  std::vector<EventHit> events;
  long steps = 0;               // accepted steps
  long rhs_evaluations = 0;
  long jacobian_evaluations = 0;
  double t_reached = 0;
};

Trajectory integrate(const Model& model, const Vec& x0, const IntegrateOptions& options);

// n points: 0 and n-1 log-spaced times from t_first to t_end (n >= 2).
std::vector<double> log_grid(double t_end, int n, double t_first = -1);
IntegrateOptions::Method parse_method(const std::string& name);  // dopri5|rosenbrock4|euler

}  // namespace summit
