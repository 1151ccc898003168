// A heartbeat on stderr for computations that may take more than a few seconds (curve, escape,
// fixed-points, basins, simulate, threshold, continue, minimize).
//
// Contract: while a Heartbeat is alive and enabled, a line "summit CMD: running, N s" is
// rewritten in place on stderr every 2 s after the first 2 s; the destructor stops it and clears
// the line, so nothing is left on stderr when the command ends. Enabled only when stderr is a
// terminal and -q was not given (heartbeat_wanted), so logs and pipes stay clean. It reports
// elapsed time and the stage a study announced (studies/progress.hpp), "running" before any: the
// solvers expose no fraction done.
#pragma once

#include "studies/progress.hpp"

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace summit::cli {

bool heartbeat_wanted(bool quiet);  // !quiet and stderr is a terminal

class Heartbeat : public studies::Progress {
 public:
  Heartbeat(std::string label, bool enabled);
  ~Heartbeat();
  Heartbeat(const Heartbeat&) = delete;
  Heartbeat& operator=(const Heartbeat&) = delete;
  void stage(const std::string& what) override;

 private:
  void loop();
  std::string label_, stage_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false, printed_ = false;
  std::thread thread_;
};

}  // namespace summit::cli
