// The subcommands. Those on the study layer (evaluate, stability, curve, escape, simulate,
// fixed-points, minimize, threshold, basins) turn their options into the study's request
// (cli/requests.hpp), run the study with the CLI's heartbeat as progress, and render the result as
// a table, CSV or JSON (cli/render.hpp); the others (describe, continue, escape --dims) still
// configure and call the solvers themselves. All return the exit code; bad input throws std::invalid_argument, a
// failed solve SolverFailure. cli/study_table.hpp lists them.
#pragma once

#include "cli/requests.hpp"
#include "studies/progress.hpp"

namespace summit::cli {

int cmd_list(const Options& o);
int default_study(const Options& o);
int cmd_describe(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_fixed_points(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_minimize(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_basins(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_threshold(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_continue(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
// escape --dims (cli/render_escape_dims.cpp): called by cmd_escape.
int cmd_escape_dims(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_evaluate(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_stability(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_curve(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_escape(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);
int cmd_simulate(const Options& o, const Model& m, const Setup& s, studies::Progress* progress);

}  // namespace summit::cli
