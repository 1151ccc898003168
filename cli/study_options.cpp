// The options of the subcommands (CLI11), each bound on its own so that a subcommand accepts only
// the options its table entry lists (cli/study_table.hpp); the same definitions set options from
// JSON for sweeps.
#include "cli/study_table.hpp"

#include "cli/commands.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace summit::cli {

namespace {

void bind_option(CLI::App& a, Options& o, const std::string& n) {
  if (n == "set") {
    a.add_option("--set", o.sets, "model parameter name=value (repeatable)");
    return;
  }
  if (n == "config") {
    a.add_option("--config", o.config, "JSON file: {\"params\": {...}, \"state\": {...}} or flat params");
    return;
  }
  if (n == "at") {
    a.add_option("--at", o.ats, "state coordinate name=value, e.g. 'Q[1,2]=0.1' (repeatable)");
    return;
  }
  if (n == "state") {
    a.add_option("--state", o.state_file, "JSON file mapping state coordinates to values");
    return;
  }
  if (n == "point") {
    a.add_option("--point", o.point, "start from the model's special point NAME (see describe)");
    return;
  }
  if (n == "times") {
    a.add_option("--times", o.times, "output times t1,t2,... (increasing, >= 0)");
    return;
  }
  if (n == "t-end") {
    a.add_option_function<double>(
        "--t-end", [&o](const double& v) { o.t_end = v, o.t_end_given = true; },
        "final time of a log-spaced grid (default 1000)");
    return;
  }
  if (n == "points") {
    a.add_option_function<int>(
        "--points", [&o](const int& v) { o.points = v, o.points_given = true; },
        "points of the log-spaced grid (default 41)");
    return;
  }
  if (n == "max-steps") {
    a.add_option("--max-steps", o.max_steps,
                 "integration step limit (default 2e6); a stiff tail needs far fewer steps with "
                 "--method rosenbrock4");
    return;
  }
  if (n == "quiet") {
    a.add_flag("--quiet,-q", o.quiet, "no progress lines on stderr");
    return;
  }
  if (n == "event") {
    a.add_option("--event", o.events, "event, e.g. 'eg<1e-3', 'esc: r_spread>0.5', 'steady<1e-9'");
    return;
  }
  if (n == "method") {
    a.add_option("--method", o.method, "integrator: dopri5 (default), rosenbrock4, euler");
    return;
  }
  if (n == "atol") {
    a.add_option("--atol", o.atol, "absolute error tolerance per step (default 1e-10)");
    return;
  }
  if (n == "rtol") {
    a.add_option("--rtol", o.rtol, "relative error tolerance per step (default 1e-10)");
    return;
  }
  if (n == "dt") {
    a.add_option("--dt", o.dt, "Euler step / initial adaptive step (default 0.01)");
    return;
  }
  if (n == "starts") {
    a.add_option("--starts", o.starts,
                 "random starts of fixed-point / minimum searches (default 40; 2 for state "
                 "evolutions, whose map is costly)")
        ->default_str("auto");
    return;
  }
  if (n == "symmetric") {
    a.add_flag("--symmetric", o.symmetric,
               "fixed-points: also search the fixed-point subspaces of the model's symmetry "
               "subgroups (committee with a symmetric teacher; docs/landscape.md)");
    return;
  }
  if (n == "quiet-batches") {
    a.add_option("--quiet-batches", o.quiet_batches,
                 "fixed-points: draw batches of --starts random starts until this many batches in a row, "
                 "and at least half of all starts, find no new point (default 3; 0 for state "
                 "evolutions: one batch)")
        ->default_str("auto");
    return;
  }
  if (n == "max-starts") {
    a.add_option("--max-starts", o.max_starts, "fixed-points: cap on the random starts of all batches (default 1000)");
    return;
  }
  if (n == "time-budget") {
    a.add_option("--time-budget", o.time_budget,
                 "fixed-points: no new batch once it would end after this many seconds of CPU time "
                 "(default 20; 0: none, the result then depends on the seed alone)");
    return;
  }
  if (n == "tol") {
    a.add_option("--tol", o.tol, "fixed-point certificate max|drift| <= tol (default 1e-10)");
    return;
  }
  if (n == "solver-seed") {
    a.add_option("--solver-seed", o.solver_seed, "seed of the random starts (default 1)")
        ->check(CLI::Validator(
            [](std::string& v) {
              // A seed is an exact integer in [0, 2^53] (what JSON and Python carry without loss).
              char* end = nullptr;
              errno = 0;
              const long long s = std::strtoll(v.c_str(), &end, 10);
              const bool ok = !v.empty() && *end == '\0' && errno == 0 && s >= 0 && s <= (1LL << 53);
              return ok ? std::string() : "'" + v + "': must be an integer in [0, 2^53]";
            },
            "INT in [0, 2^53]"));
    return;
  }
  if (n == "eps") {
    a.add_option("--eps", o.eps, "perturbation size of the escape-time estimate (default 1e-3)");
    return;
  }
  if (n == "dims") {
    a.add_option("--dims", o.dims,
                 "escape: dimensions d1,d2,... (model parameter d, initial overlap c/sqrt(d)); fits the "
                 "growth law of the event times and prints the model's prediction");
    return;
  }
  if (n == "perturb") {
    a.add_option("--perturb", o.perturb,
                 "curve/escape: start from the fixed point (--point/--at) displaced by this along "
                 "its most unstable direction");
    return;
  }
  if (n == "runs") {
    a.add_option("--runs", o.runs, "runs of basins from random starts (default 100)");
    return;
  }
  if (n == "steady-tol") {
    a.add_option("--steady-tol", o.steady_tol, "basins: a run is steady when max|drift| < this (default 1e-8)");
    return;
  }
  if (n == "d") {
    a.add_option("--d", o.d, "input dimension of simulations (default 1000)");
    return;
  }
  if (n == "seeds") {
    a.add_option("--seeds", o.seeds, "independent simulation runs (default 4)");
    return;
  }
  if (n == "vary") {
    a.add_option("--vary", o.vary, "parameter moved by threshold");
    return;
  }
  if (n == "observable") {
    a.add_option("--observable", o.observable,
                 "threshold: locate the root of this observable in the parameter (instead of a change "
                 "of stability)");
    return;
  }
  if (n == "range") {
    a.add_option("--range", o.range, "LO,HI range of the varied parameter");
    return;
  }
  if (n == "grid") {
    a.add_option("--grid", o.grid, "grid points of the threshold scan and of continue's table (default 24)");
    return;
  }
  if (n == "switch") {
    // An option with an optional value (not a flag), so that a sweep's {"switch": true} works too.
    a.add_option("--switch", o.switch_branches,
                 "continue: also follow the branches emerging at branch points (off unless given; "
                 "'--switch false' turns it off again)")
        ->expected(0, 1)
        ->default_str("true")
        ->check(CLI::Validator(
            [](std::string& v) {
              std::string l = v;
              for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
              for (const char* ok : {"true", "false", "1", "0", "yes", "no", "on", "off"})
                if (l == ok) return std::string();
              return "'" + v + "': allowed true or false (also 1/0, yes/no, on/off)";
            },
            "BOOL"));
    return;
  }
  if (n == "vary2") {
    a.add_option("--vary2", o.vary2, "continue: second parameter; trace the --curve in (--vary, --vary2)");
    return;
  }
  if (n == "range2") {
    a.add_option("--range2", o.range2, "continue: LO,HI window of --vary2");
    return;
  }
  if (n == "curve") {
    a.add_option("--curve", o.curve_kind, "continue: the two-parameter curve, fold, branch, hopf, or zero (the zero set of --observable)");
    return;
  }
  if (n == "columns") {
    a.add_option("--columns", o.columns, "table columns to show, e.g. loss,Q[1,1] (table format)");
    return;
  }
  if (n == "format") {
    a.add_option("--format", o.format, "table (default), csv or json (describe --equations: also latex)");
    return;
  }
  if (n == "equations") {
    a.add_flag("--equations{index}", o.equations,
               "describe: the model file's equations in index form, or --equations=expanded for its sizes");
    return;
  }
  if (n == "out") {
    a.add_option("--out", o.out, "write the result to FILE (atomically) instead of stdout");
    return;
  }
  throw std::logic_error("study table: unknown option --" + n);
}

}  // namespace

void bind_study_options(CLI::App& app, Options& o, const StudyEntry& e, bool with_model) {
  if (with_model && e.needs_model) app.add_option("MODEL", o.model, "registered model name")->required();
  for (const auto& n : e.options) bind_option(app, o, n);
  if (!e.plot_help.empty()) app.add_option("--plot", o.plot, e.plot_help);
}

void set_study_options(Options& o, const StudyEntry& e, const nlohmann::json& options) {
  CLI::App app{"summit " + e.name};
  bind_study_options(app, o, e, false);
  for (auto it = options.begin(); it != options.end(); ++it) {
    const std::string name = "--" + it.key();
    CLI::Option* opt = it.key().empty() ? nullptr : app.get_option_no_throw(name);
    if (opt == nullptr || name == "--plot" || name == "--quiet")
      throw UnknownOption("unknown option " + name + " (summit " + e.name + " does not take it)", name);
    const nlohmann::json values = it.value().is_array() ? it.value() : nlohmann::json::array({it.value()});
    for (const auto& v : values) opt->add_result(json_to_text(v, "option " + name));
    try {
      opt->run_callback();
    } catch (const CLI::Error& err) {
      throw std::invalid_argument(name + " '" + json_to_text(it.value(), name) + "': " + err.what());
    }
  }
}

}  // namespace summit::cli
