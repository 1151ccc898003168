// How a study ends: ok, or a Status with the sentence the front ends print.
//
// Contract: `failure(status, what, detail)` words a solver's failure the one way all front ends
// show it: "WHAT failed (STATUS): DETAIL", with a hint for an integration that ran out of steps;
// Status::InvalidInput stands for input the solver refused ("WHAT: DETAIL"), which the CLI
// reports as bad input (exit 2) and every other failure as a solver failure (exit 1).
#pragma once

#include "solvers/status.hpp"

#include <string>

namespace summit::studies {

struct Outcome {
  Status status = Status::Ok;
  std::string message;  // empty when ok
  bool ok() const { return status == Status::Ok; }
};

Outcome failure(Status status, const std::string& what, const std::string& detail);

}  // namespace summit::studies
