#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace summit::cli {

namespace {
std::atomic<ProgressLine*> active{nullptr};

// SUMMIT_PROGRESS: "1" forces the line on, "0" off; unset (or anything else): stderr's kind decides.
int forced() {
  const char* v = std::getenv("SUMMIT_PROGRESS");
  if (v == nullptr) return -1;
  if (std::strcmp(v, "1") == 0) return 1;
  if (std::strcmp(v, "0") == 0) return 0;
  return -1;
}
}  // namespace

bool progress_wanted(bool quiet) {
  if (quiet) return false;
  const int f = forced();
  return f >= 0 ? f == 1 : isatty(STDERR_FILENO) != 0;
}

ProgressFn current_progress() {
  return studies::fraction_callback(active.load());
}

ProgressLine::ProgressLine(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()) {
  if (!enabled_) return;
  active.store(this);
  thread_ = std::thread([this] { loop(); });
}

ProgressLine::~ProgressLine() {
  if (!enabled_) return;
  active.store(nullptr);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (printed_ && terminal_) std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
}

void ProgressLine::fraction(double done) {
  if (!enabled_ || !(done >= 0)) return;
  done = std::min(done, 1.0);
  double prev = fraction_.load();
  while (done > prev && !fraction_.compare_exchange_weak(prev, done)) {
  }
  if (terminal_) return;  // the thread rewrites the line
  // Appended lines: one per whole percent reached.
  const int pct = static_cast<int>(std::floor(100 * fraction_.load()));
  int shown = percent_printed_.load();
  if (pct <= shown || !percent_printed_.compare_exchange_strong(shown, pct)) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::fprintf(stderr, "%s: %d%%\n", label_.c_str(), pct);
  std::fflush(stderr);
  printed_ = true;
}

void ProgressLine::stage(const std::string& what) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  stage_ = what;
}

void ProgressLine::print_locked(double elapsed) {
  const double f = fraction_.load();
  if (f < 0) {
    const char* doing = stage_.empty() ? "running" : stage_.c_str();
    std::fprintf(stderr, terminal_ ? "\r%s: %s, %.0f s (-q: quiet)\x1b[K" : "%s: %s, %.0f s\n", label_.c_str(),
                 doing, elapsed);
  } else if (terminal_) {
    char left[64] = "";
    if (f > 0.01 && f < 1) std::snprintf(left, sizeof left, ", about %.0f s left", elapsed * (1 - f) / f);
    std::fprintf(stderr, "\r%s: %.0f%%, %.0f s%s (-q: quiet)\x1b[K", label_.c_str(), std::floor(100 * f),
                 elapsed, left);
  } else {
    return;  // appended percentage lines come from fraction()
  }
  std::fflush(stderr);
  printed_ = true;
}

void ProgressLine::loop() {
  using clock = std::chrono::steady_clock;
  const auto period = terminal_ ? std::chrono::seconds(1) : std::chrono::seconds(2);
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, period, [this] { return stop_; }))
    print_locked(std::chrono::duration<double>(clock::now() - start_).count());
}

}  // namespace summit::cli
