// `summit sweep` and `summit merge`: a parameter sweep described by a JSON spec, run on a thread
// pool, as one share of a Slurm job array, or as an MPI task farm, with provenance and resumable
// results. See docs/sweeps.md.
//
// Contract: run_sweep/run_merge return the CLI's exit code (0: every point ok, 1: some point
// failed, 2: a bad spec or option); each point's status and result are recorded in the results
// files with their provenance, and the results do not depend on --jobs (docs/sweeps.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace summit::cli {

struct SweepOptions {
  std::string spec;         // path of the JSON spec (sweep), or the results folder (merge)
  std::string out;          // results folder (default: the spec's "output", else SPEC-stem.sweep)
  int jobs = 0;             // worker threads; 0: all cores
  int task_index = -1;      // share I of N (-1: SLURM_ARRAY_TASK_ID, else 0)
  int task_count = -1;      // N (-1: SLURM_ARRAY_TASK_COUNT, else 1)
  bool skip_existing = false;
  long limit = -1;          // compute at most this many new points, then stop (testing, budgets)
  bool emit_slurm = false;
  bool quiet = false;
  std::string plot, plot_value, plot_x, plot_y;
  std::string slurm_time = "01:00:00";
  int slurm_cpus = 2;
};

void add_sweep_options(CLI::App& sweep, SweepOptions& o);
void add_merge_options(CLI::App& merge, SweepOptions& o);
// Exit codes: 0 every point ok, 1 some point failed (recorded), 2 bad input, 3 stopped early
// (--limit) with points pending.
int run_sweep(const SweepOptions& o);
int run_merge(const SweepOptions& o);

}  // namespace summit::cli
