#include "solvers/detail/quiet_ceres.hpp"

#include <glog/logging.h>

#include <mutex>

namespace summit::detail {

void quiet_ceres() {
  static std::once_flag once;
  std::call_once(once, [] {
    FLAGS_minloglevel = google::GLOG_FATAL;
    FLAGS_logtostderr = true;
    if (!google::IsGoogleLoggingInitialized()) google::InitGoogleLogging("summit");
  });
}

}  // namespace summit::detail
