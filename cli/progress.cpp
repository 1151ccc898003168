#include "cli/progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace summit::cli {

bool heartbeat_wanted(bool quiet) { return !quiet && isatty(STDERR_FILENO) != 0; }

Heartbeat::Heartbeat(std::string label, bool enabled) : label_(std::move(label)) {
  if (enabled) thread_ = std::thread([this] { loop(); });
}

Heartbeat::~Heartbeat() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (printed_) std::fputs("\r\x1b[K", stderr);
}

void Heartbeat::stage(const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  stage_ = what;
}

void Heartbeat::loop() {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stop_; })) {
    const double s = std::chrono::duration<double>(clock::now() - start).count();
    const std::string doing = stage_.empty() ? "running" : stage_;
    std::fprintf(stderr, "\r%s: %s, %.0f s (-q: quiet)\x1b[K", label_.c_str(), doing.c_str(), s);
    std::fflush(stderr);
    printed_ = true;
  }
}

}  // namespace summit::cli
