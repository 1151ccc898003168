// Ceres logs through glog to stderr (e.g. "Line search failed" warnings); solvers report through
// their status instead. Call once before using Ceres.
#pragma once

namespace summit::detail {
void quiet_ceres();
}
