// A test process's scratch folder under the system's temporary folder,
// /tmp/summit_TAG_PID: created empty on construction and removed with everything in it on
// destruction (by the process that made it only, so that a forked child's exit leaves it alone).
// Held in a function-local static, it lives until the test program exits.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace summit::test {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("summit_" + tag + "_" + std::to_string(getpid()))),
        owner_(getpid()) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    if (getpid() == owner_) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  pid_t owner_;
};

}  // namespace summit::test
