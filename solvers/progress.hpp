// How a long computation tells its caller how far it has got.
//
// Contract: a solver (or a study built on solvers) that is given a non-empty ProgressFn calls it
// with the fraction of its work done, a number in [0, 1], as often as it likes and from any of its
// threads; the callee synchronises and rate-limits (the CLI's progress line, cli/progress.hpp). An
// empty ProgressFn is never called. Reports are advisory: they change no result, and a fraction
// may be an estimate (for example starts used over the most the stopping rule allows).
#pragma once

#include <functional>

namespace summit {

using ProgressFn = std::function<void(double fraction)>;

inline void report_progress(const ProgressFn& progress, double fraction) {
  if (progress) progress(fraction);
}

}  // namespace summit
