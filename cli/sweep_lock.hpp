// Exclusive locks on a sweep's results, so that two runs never write the same files.
//
// Contract: FolderLock(dir, base, who) takes an exclusive flock(2) on DIR/.BASE.lock (created if
// needed) without waiting; if another process holds it, it throws std::invalid_argument naming
// the folder and saying that another `summit sweep` or `merge` is writing BASE there (exit 2 from
// the CLI). The lock is released when the object is destroyed or the process ends, however it
// ends (SIGKILL included), so a killed run never leaves a stale lock; the lock file stays and is
// harmless. held_by_other(dir, base) tells merge whether a task is still running.
#pragma once

#include <filesystem>
#include <string>

namespace summit::cli {

class FolderLock {
 public:
  FolderLock(const std::filesystem::path& dir, const std::string& base, const std::string& who);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

bool held_by_other(const std::filesystem::path& dir, const std::string& base);

}  // namespace summit::cli
