#include "cli/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace summit::cli {

Format parse_format(const std::string& s) {
  if (s == "table") return Format::Table;
  if (s == "csv") return Format::Csv;
  if (s == "json") return Format::Json;
  throw std::invalid_argument("--format '" + s + "': must be table, csv or json");
}

std::string render_table(const Table& t) {
  std::vector<size_t> w(t.columns.size());
  for (size_t j = 0; j < t.columns.size(); ++j) w[j] = t.columns[j].size();
  for (const auto& r : t.rows)
    for (size_t j = 0; j < r.size() && j < w.size(); ++j) w[j] = std::max(w[j], r[j].size());
  // Numbers are right-aligned; a column holding text (names, types, summaries) is left-aligned.
  std::vector<bool> left(w.size(), false);
  auto is_number = [](const std::string& s) {
    if (s.empty() || s == "-") return true;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end != s.c_str() && *end == '\0';
  };
  for (const auto& r : t.rows)
    for (size_t j = 0; j < r.size() && j < w.size(); ++j) left[j] = left[j] || !is_number(r[j]);
  std::ostringstream os;
  if (!t.title.empty()) os << t.title << "\n";
  auto line = [&](const std::vector<std::string>& r) {
    std::string out;
    for (size_t j = 0; j < w.size(); ++j) {
      const std::string& s = j < r.size() ? r[j] : "";
      const std::string pad(w[j] - s.size(), ' ');
      out += (j ? "  " : "") + (left[j] ? s + pad : pad + s);
    }
    os << out.substr(0, out.find_last_not_of(' ') + 1) << "\n";
  };
  line(t.columns);
  size_t total = 0;
  for (size_t j = 0; j < w.size(); ++j) total += w[j] + (j ? 2 : 0);
  os << std::string(total, '-') << "\n";
  for (const auto& r : t.rows) line(r);
  return os.str();
}

std::string render_csv(const Table& t, const std::vector<std::string>& provenance) {
  std::ostringstream os;
  for (const auto& p : provenance) os << "# " << p << "\n";
  auto cell = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (size_t j = 0; j < t.columns.size(); ++j) os << (j ? "," : "") << cell(t.columns[j]);
  os << "\n";
  for (const auto& r : t.rows) {
    for (size_t j = 0; j < r.size(); ++j) os << (j ? "," : "") << cell(r[j]);
    os << "\n";
  }
  return os.str();
}

namespace {

std::string system_error_text(int err) { return std::strerror(err); }

// Writes all of `text` to the descriptor; returns 0 or the errno of the failed write.
int write_all(int fd, const std::string& text) {
  const char* p = text.data();
  size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return 0;
}

[[noreturn]] void write_failed(const std::string& what, const std::string& action, int err) {
  throw OutputError(what + ": " + action + " (" + system_error_text(err) + ")");
}

// Write-through: open the existing target (device, FIFO, or the file a dangling symlink names)
// and write into it; nothing is renamed or removed.
void write_through(const std::string& text, const std::string& path) {
  const std::string what = "--out '" + path + "'";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) write_failed(what, "cannot open for writing", errno);
  const int err = write_all(fd, text);
  if (err) {
    ::close(fd);
    write_failed(what, "write failed", err);
  }
  if (::close(fd) != 0) write_failed(what, "close failed", errno);
}

// Atomic replacement of a regular file (or creation of a new one): a temporary file in the same
// folder, written, flushed to disk and renamed over `target`.
void replace_atomically(const std::string& text, const std::string& shown, const std::string& target) {
  namespace fs = std::filesystem;
  const std::string what = "--out '" + shown + "'";
  const fs::path t(target);
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  const fs::path tmp = dir / ("." + t.filename().string() + ".tmp" + std::to_string(getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) write_failed(what, "cannot create a temporary file in '" + dir.string() + "'", errno);
  int err = write_all(fd, text);
  if (!err && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (err) {
    ::unlink(tmp.c_str());
    write_failed(what, "write failed", err);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    err = errno;  // kept before unlink can change errno
    ::unlink(tmp.c_str());
    write_failed(what, "cannot rename the temporary file into place", err);
  }
}

}  // namespace

void emit(const std::string& text, const std::string& path) {
  if (path.empty()) {
    std::cout.flush();
    if (const int err = write_all(STDOUT_FILENO, text)) write_failed("stdout", "write failed", err);
    return;
  }
  struct stat link{}, st{};
  if (::lstat(path.c_str(), &link) != 0) {
    if (errno != ENOENT) write_failed("--out '" + path + "'", "cannot inspect", errno);
    replace_atomically(text, path, path);  // a new file
    return;
  }
  if (S_ISLNK(link.st_mode)) {
    if (::stat(path.c_str(), &st) != 0) {
      write_through(text, path);  // dangling link: create the file it names
      return;
    }
    if (S_ISREG(st.st_mode)) {
      // Replace the file the link points to; the link itself stays.
      std::error_code ec;
      const auto resolved = std::filesystem::canonical(path, ec);
      if (ec) throw OutputError("--out '" + path + "': cannot resolve the symlink (" + ec.message() + ")");
      replace_atomically(text, path, resolved.string());
      return;
    }
  } else {
    st = link;
  }
  if (S_ISDIR(st.st_mode)) throw OutputError("--out '" + path + "': is a folder");
  if (S_ISREG(st.st_mode)) replace_atomically(text, path, path);
  else write_through(text, path);  // device, FIFO, socket: never replaced
}

}  // namespace summit::cli
