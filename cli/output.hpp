// Output of the summit CLI: tables printed readably, as CSV or as JSON, with provenance, written
// to stdout or atomically to a file.
//
// Contract: render_table and render_csv format a Table's cells as given (the caller chose the
// precision); `emit` writes the text to stdout, or to `path` atomically (docs/reliability.md),
// and a failed write throws OutputError naming the path and the system error.
#pragma once

#include "studies/number_text.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
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

// Output hygiene (studies/number_text.hpp): |v| < kPrintZero and -0 are printed as 0, in
// tables, CSV and JSON.
using studies::full;
using studies::kPrintZero;
using studies::num;
using studies::printable;
// A readable, aligned rendering of a table.
std::string render_table(const Table& t);
// CSV with '#' provenance comment lines first.
std::string render_csv(const Table& t, const std::vector<std::string>& provenance);

// A failed write, flush, open or rename of output: the message names the file (or stdout) and the
// system error.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `text` to stdout when `path` is empty, else to `path`:
// - a new path or an existing regular file is replaced atomically (temporary file in the same
//   folder, fsync, rename), a symlink to a regular file by replacing the file it points to;
// - any other existing target (a device such as /dev/null, a FIFO, a socket, a dangling symlink)
//   is opened and written through, never renamed over;
// - every write and close is checked. Throws OutputError naming the file and the system error.
void emit(const std::string& text, const std::string& path);

}  // namespace summit::cli
