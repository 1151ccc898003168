// Timing for the benchmark programs of bench/.
//
// Contract: `median_seconds(f, reps)` runs f reps times (reps >= 1) and returns the median of the
// wall-clock durations in seconds (steady_clock), robust to one slow run on a shared machine;
// `median_cpu_seconds(f, reps)` the same for the CPU time of the process (std::clock, user +
// system), which a loaded machine disturbs much less (for single-threaded f).
#pragma once

#include <algorithm>
#include <chrono>
#include <ctime>
#include <functional>
#include <vector>

namespace summit::bench {

inline double median_seconds(const std::function<void()>& f, int reps) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto a = std::chrono::steady_clock::now();
    f();
    const auto b = std::chrono::steady_clock::now();
    t.push_back(std::chrono::duration<double>(b - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

inline double median_cpu_seconds(const std::function<void()>& f, int reps) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const std::clock_t a = std::clock();
    f();
    t.push_back(double(std::clock() - a) / CLOCKS_PER_SEC);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace summit::bench
