// The progress line on stderr for computations that may take more than a few seconds (curve,
// escape, fixed-points, basins, simulate, threshold, continue, minimize, stability).
//
// Contract. While a ProgressLine is alive and enabled, it is the active one: current_progress()
// returns a ProgressFn (solvers/progress.hpp) that solvers call from any thread with the fraction
// of their work done. On a terminal, after the first second a line "summit CMD: 37%, 12 s, about
// 20 s left" (or "running, 12 s" while no fraction is known) is rewritten in place every second,
// and the destructor clears it, so nothing is left on stderr. When progress is forced on for a
// stderr that is not a terminal (SUMMIT_PROGRESS=1) the lines are not rewritten but appended: one
// line "summit CMD: N%" each time the whole percentage grows, and a "running, N s" line every 2 s
// while no fraction is known, so a log shows them in order. Enabled (progress_wanted) when -q was
// not given and either stderr is a terminal or SUMMIT_PROGRESS=1; SUMMIT_PROGRESS=0 turns it off.
// Nothing is ever written to stdout. A study's stage (studies/progress.hpp, e.g. "integrating")
// replaces the word "running" while no fraction is known.
#pragma once

#include "solvers/progress.hpp"
#include "studies/progress.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace summit::cli {

bool progress_wanted(bool quiet);

// The callback into the active ProgressLine, or an empty ProgressFn when there is none (quiet,
// not a terminal, or a sweep point run in-process).
ProgressFn current_progress();

class ProgressLine : public studies::Progress {
 public:
  ProgressLine(std::string label, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Thread-safe; cheap (an atomic store) between printed lines.
  void fraction(double f) override;
  void stage(const std::string& what) override;

 private:
  void loop();
  void print_locked(double elapsed);
  std::string label_, stage_;  // stage_ guarded by mu_
  bool enabled_ = false, terminal_ = false;
  std::chrono::steady_clock::time_point start_;
  std::atomic<double> fraction_{-1};  // < 0: nothing reported yet
  std::atomic<int> percent_printed_{-1};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, printed_ = false;
  std::thread thread_;
};

}  // namespace summit::cli
