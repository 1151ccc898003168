// Output of the summit CLI: tables printed readably, as CSV or as JSON, with provenance, written
// to stdout or atomically to a file.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace summit::cli {

enum class Format { Table, Csv, Json };
Format parse_format(const std::string& s);

struct Table {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  void add_row(std::vector<std::string> r) { rows.push_back(std::move(r)); }
};

std::string num(double v, int precision = 6);  // readable number (general format)
std::string full(double v);                    // shortest round-trip text

// A readable, aligned rendering of a table.
std::string render_table(const Table& t);
// CSV with '#' provenance comment lines first.
std::string render_csv(const Table& t, const std::vector<std::string>& provenance);

// Writes `text` to `path` atomically (temporary file in the same folder, then rename), or to
// stdout when path is empty. Throws std::runtime_error naming the path on failure.
void emit(const std::string& text, const std::string& path);

// While a capture is set on the calling thread, emit() appends there instead of printing or
// writing a file (used by `summit sweep` to run subcommands in-process on worker threads).
void set_emit_capture(std::string* target);

}  // namespace summit::cli
