// How a study tells its caller what it is doing while it runs.
//
// Contract: a study calls stage() when it enters a phase that can take a while (an integration,
// a polish, a batch of starts), from the thread that called run(); a null Progress* is allowed
// everywhere and means nobody listens. The solvers a study runs report the fraction of their work
// done through fraction(), possibly from several threads. Implementations must be cheap (the CLI's
// progress line, cli/progress.hpp, records the stage and the fraction it shows next to the time).
#pragma once

#include "solvers/progress.hpp"

#include <string>

namespace summit::studies {

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void stage(const std::string& what) = 0;
  // The fraction of the work done, in [0, 1], from any thread (the solvers' ProgressFn).
  virtual void fraction(double) {}
};

// The solvers' callback (solvers/progress.hpp) forwarding to `p`; empty when nobody listens.
inline ProgressFn fraction_callback(Progress* p) {
  if (p == nullptr) return {};
  return [p](double f) { p->fraction(f); };
}

inline void report_stage(Progress* p, const std::string& what) {
  if (p) p->stage(what);
}

}  // namespace summit::studies
