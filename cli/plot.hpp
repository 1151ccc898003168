// The plotting backend of the CLI: the data and a generated matplotlib script go to a temporary
// folder and a Python interpreter renders the PNG. The interpreter is $SUMMIT_PYTHON, else the
// one found at configure time (one that imports matplotlib, e.g. /usr/bin/python3).
//
// A --plot request is checked before any work (check_plot_request), so that a bad one gives one
// error line, exit 2, and nothing on stdout: the path ends in .png, is not a folder, and its
// folder exists and is writable (plot_path_is_valid); the interpreter exists and imports
// matplotlib (otherwise the message says what to install). Each throws std::invalid_argument.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace summit::cli {

// The path part of the check (no process is started): false with *error set when it fails.
bool plot_path_is_valid(const std::string& png, std::string* error);
// The whole check: the path, then the interpreter and matplotlib (one short Python start).
void check_plot_request(const std::string& png);

// Runs `script` (Python) as `python script data.json out.png` with `data` in data.json.
void run_matplotlib(const std::string& script, const nlohmann::json& data, const std::string& png);

// A sweep result file (as written by `summit sweep`): a 2-D map of `value` (a scalar, or region
// labels when the values are strings) over axes x and y, or a line over x when there is one
// numeric axis (or y is "-"). Empty names pick the first record / the first numeric axes.
void plot_sweep(const nlohmann::json& results, const std::string& png, const std::string& value,
                const std::string& x, const std::string& y);

// A `summit curve --format json` result: the loss (log scales when positive) against time, with
// the located events marked.
void plot_curve(const nlohmann::json& curve, const std::string& png);

}  // namespace summit::cli
