#include "cli/sweep_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace summit::cli {

namespace {
std::filesystem::path lock_path(const std::filesystem::path& dir, const std::string& base) {
  return dir / ("." + base + ".lock");
}
}  // namespace

FolderLock::FolderLock(const std::filesystem::path& dir, const std::string& base, const std::string& who) {
  const auto p = lock_path(dir, base);
  fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::runtime_error(who + ": cannot create the lock file '" + p.string() + "' (" +
                             std::strerror(errno) + ")");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw std::invalid_argument(who + ": another summit sweep or merge is writing '" + base + "' in '" +
                                  dir.string() + "' (lock " + p.string() +
                                  "); wait for it to finish or give another --out");
    throw std::runtime_error(who + ": cannot lock '" + p.string() + "' (" + std::strerror(err) + ")");
  }
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

bool held_by_other(const std::filesystem::path& dir, const std::string& base) {
  const auto p = lock_path(dir, base);
  const int fd = ::open(p.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return held;
}

}  // namespace summit::cli
