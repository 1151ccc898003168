// The bad-input suite's scratch folder, one per test process (scratch()): created empty on first
// use under the system's temporary folder and removed when the process ends. Devices, FIFOs and symlinks of the
// suite are made only in here, never on the real /dev.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace summit::test {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("summit_" + tag + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline const std::filesystem::path& scratch() {
  static const ScratchDir dir("bad_input");
  return dir.path();
}

}  // namespace summit::test
