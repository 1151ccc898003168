#include "cli/output.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
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

std::string num(double v, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  return buf;
}

std::string full(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
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
thread_local std::string* emit_capture = nullptr;
}

void set_emit_capture(std::string* target) { emit_capture = target; }

void emit(const std::string& text, const std::string& path) {
  if (emit_capture) {
    *emit_capture += text;
    return;
  }
  if (path.empty()) {
    std::cout << text << std::flush;
    return;
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(getpid()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("--out '" + path + "': cannot write (" + std::strerror(errno) + ")");
    f << text;
    f.close();
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("--out '" + path + "': write failed");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error("--out '" + path + "': cannot rename into place (" + ec.message() + ")");
  }
}

}  // namespace summit::cli
