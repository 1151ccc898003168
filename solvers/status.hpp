// The solver contract: every solver returns a status and the numbers that certify it.
// No solver prints, throws for a numerical failure, or returns NaN silently.
#pragma once

#include <string>

namespace summit {

enum class Status {
  Ok,              // converged / completed to the requested tolerance
  MaxSteps,        // step or iteration limit reached before completion
  Diverged,        // the state grew beyond the divergence bound
  NonFinite,       // a NaN or infinity appeared in the state or the drift
  NotRealisable,   // the state left the model's realisable domain
  NoConvergence,   // an iterative solve did not reach its tolerance
  StepUnderflow,   // the adaptive step size collapsed
  InvalidInput,    // the options or the starting point were rejected
  Unsupported,     // the model does not provide what this solver needs
  Stalled,         // an iteration stopped making progress
  Oscillating,     // an iteration alternates between states without converging
};

inline const char* to_string(Status s) {
  switch (s) {
    case Status::Ok: return "ok";
    case Status::MaxSteps: return "max-steps";
    case Status::Diverged: return "diverged";
    case Status::NonFinite: return "non-finite";
    case Status::NotRealisable: return "not-realisable";
    case Status::NoConvergence: return "no-convergence";
    case Status::StepUnderflow: return "step-underflow";
    case Status::InvalidInput: return "invalid-input";
    case Status::Unsupported: return "unsupported";
    case Status::Stalled: return "stalled";
    case Status::Oscillating: return "oscillating";
  }
  return "unknown";
}

}  // namespace summit
