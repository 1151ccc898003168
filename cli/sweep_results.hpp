// The results of a sweep: the header of its files, the JSON and CSV written for a task (or the
// merged whole), the records of an earlier run reused by --skip-existing, and the exit code.
//
// Contract: write_results writes BASE.json (header, points, summary) and BASE.csv (provenance
// comment lines, one row per point) atomically into `dir`; load_existing returns the ok records of
// an earlier run's result file and journal by content hash (a torn journal line is skipped);
// exit_code_of gives 3 with points pending, 1 with a failed point, else 0.
#pragma once

#include "cli/sweep.hpp"
#include "cli/sweep_spec.hpp"

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace summit::cli::sweeps {

// merge refuses incomplete or inconsistent task files: exit 1, naming what is wrong.
struct MergeRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

json summary_of(const json& points);
json header_of(const Spec& s, int task_index, int task_count);
void write_results(const json& header, const json& points, const std::filesystem::path& dir, const std::string& base);
std::map<std::string, json> load_existing(const std::filesystem::path& dir, const std::string& base);
int exit_code_of(const json& summary);
// A warning on stderr for a record path absent from every ok result.
void warn_empty_records(const Spec& s, const json& points);
// --plot: the results drawn to a PNG (cli/plot.hpp).
void maybe_plot(const SweepOptions& o, const json& header, const json& points);
// summit merge (cli/sweep_merge.cpp).
int merge_main(const SweepOptions& o);

}  // namespace summit::cli::sweeps
