// What every subcommand's renderer shares: the JSON header and CSV provenance of a result, the
// table/CSV/JSON choice of --format with --columns, and the mapping of a study's outcome to the
// CLI's exit codes.
//
// Contract: render() checks the JSON result (cli/result_check.hpp: a non-finite number throws
// NonFiniteResult) and scrubs printing debris before any format is produced, so that the table,
// CSV and JSON show the same numbers. raise_on(outcome) throws nothing for ok, std::invalid_argument
// (exit 2) for Status::InvalidInput and SolverFailure (exit 1) for every other failure.
#pragma once

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "lib/model.hpp"
#include "solvers/stability.hpp"
#include "studies/outcome.hpp"

#include <nlohmann/json.hpp>

#include <complex>
#include <stdexcept>
#include <string>
#include <vector>

namespace summit::cli {

// A solver that did not succeed: exit code 1 (bad input, std::invalid_argument, is exit code 2).
struct SolverFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void raise_on(const studies::Outcome& outcome);
// The same for a solver called directly: studies::failure's wording.
void fail_on(Status st, const std::string& what, const std::string& msg);

std::vector<std::string> provenance(const Options& o, const Model* m);
// summit (version, command line), command, model, params, model source, time unit, status, message.
nlohmann::json header(const Options& o, const Model* m, Status st, const std::string& msg);
// The table restricted to the columns named in --columns (table format only).
Table filter_columns(const Table& t, const std::string& names);
// Table text (plus extra readable lines), CSV of the table, or JSON, as --format says.
std::string render(const Options& o, const Model* m, const Table& t, const nlohmann::json& result,
                   const std::string& extra = "");
std::string eig_text(const std::complex<double>& e);
// The readable stability report of a fixed point (loss, residual, type, spectrum, direction).
std::string stability_text(const Model& m, const Vec& x, double loss, double res, const Stability& st, double eps);

}  // namespace summit::cli
