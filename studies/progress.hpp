// How a study tells its caller what it is doing while it runs.
//
// Contract: a study calls stage() when it enters a phase that can take a while (an integration,
// a polish, a batch of starts), from the thread that called run(); a null Progress* is allowed
// everywhere and means nobody listens. Implementations must be cheap (the CLI's heartbeat only
// records the text it shows next to the elapsed time).
#pragma once

#include <string>

namespace summit::studies {

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void stage(const std::string& what) = 0;
};

inline void report_stage(Progress* p, const std::string& what) {
  if (p) p->stage(what);
}

}  // namespace summit::studies
