// The bad-input suite's scratch folder, one per test process (scratch()): created empty on first
// use under the system's temporary folder and removed when the process ends (tests/scratch_dir.hpp).
// Devices, FIFOs and symlinks of the suite are made only in here, never on the real /dev.
#pragma once

#include "../scratch_dir.hpp"

namespace summit::test {

inline const std::filesystem::path& scratch() {
  static const ScratchDir dir("bad_input");
  return dir.path();
}

}  // namespace summit::test
