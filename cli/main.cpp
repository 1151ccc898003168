// summit: the command-line front end. One grammar for all subcommands:
//   summit SUBCOMMAND MODEL [--set name=value]... [--config file.json] [--at name=value]...
//          [--times t1,t2,... | --t-end T --points N] [--vary PARAM --range LO,HI]
//          [--format table|csv|json] [--out FILE]
// `summit` with no arguments runs a small default study. See docs/cli.md.
#include "cli/commands.hpp"
#include "cli/sweep.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

// CLI11's message in one line, with the subcommand named when the first word is not one.
std::string parse_error_text(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  if (argc > 1 && argv[1][0] != '-') {
    const std::string first = argv[1];
    std::string names;
    bool known = false;
    for (const CLI::App* sc : app.get_subcommands([](const CLI::App*) { return true; })) {
      names += (names.empty() ? "" : ", ") + sc->get_name();
      known = known || sc->get_name() == first;
    }
    if (!known) return "unknown subcommand '" + first + "'; one of " + names + " (summit --help)";
  }
  std::string msg = e.what();
  for (char& c : msg)
    if (c == '\n') c = ' ';
  while (!msg.empty() && msg.back() == ' ') msg.pop_back();
  return msg + " (summit " + (argc > 1 && argv[1][0] != '-' ? std::string(argv[1]) + " " : "") + "--help)";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace summit::cli;
  Options opt;
  opt.command_line = join_argv(argc, argv);
  CLI::App app{"summit: order-parameter theory of learning in high dimensions.\n"
               "Run without arguments for a small default study; see docs/cli.md.",
               "summit"};
  app.set_version_flag("--version", std::string("summit ") + SUMMIT_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  struct Sub {
    const char* name;
    const char* help;
    bool needs_model;
  };
  const Sub subs[] = {
      {"list", "list the registered models", false},
      {"describe", "parameters, state coordinates, observables and special points of a model", true},
      {"evaluate", "loss, drift and observables at a state", true},
      {"curve", "integrate the order-parameter ODE: learning curve on a time grid, with events", true},
      {"escape", "times of events (default: the model's, e.g. plateau escape) along a trajectory", true},
      {"fixed-points", "fixed points of the drift from batches of random starts, with their stability", true},
      {"stability", "polish one fixed point (from --at/--point) and analyse its stability", true},
      {"minimize", "local minima of the population loss over the realisable domain", true},
      {"simulate", "finite-d SGD simulation measuring the same order parameters", true},
      {"threshold", "parameter value where a fixed point changes stability", true},
      {"continue", "follow a fixed point in a parameter by arclength: branch, folds, branch and Hopf points", true},
      {"basins", "fraction of runs from random starts that end at each fixed point", true},
  };
  for (const auto& s : subs) {
    CLI::App* sc = app.add_subcommand(s.name, s.help);
    if (s.needs_model) sc->add_option("MODEL", opt.model, "registered model name")->required();
    add_common_options(*sc, opt);
    if (std::string(s.name) == "curve")
      sc->add_option("--plot", opt.plot, "also render the learning curve with its events to this PNG");
    if (std::string(s.name) == "continue")
      sc->add_option("--plot", opt.plot, "also draw the bifurcation diagram (or the curve) to this PNG");
    sc->callback([&opt, name = std::string(s.name)] { opt.command = name; });
  }
  SweepOptions sweep;
  CLI::App* sw = app.add_subcommand(
      "sweep", "run a parameter sweep from a JSON spec on threads, a job array or MPI (docs/sweeps.md)");
  add_sweep_options(*sw, sweep);
  sw->callback([&opt] { opt.command = "sweep"; });
  CLI::App* mg = app.add_subcommand("merge", "combine the task-I-of-N results of a job-array sweep");
  add_merge_options(*mg, sweep);
  mg->callback([&opt] { opt.command = "merge"; });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // Every other parse error: one line, exit 2 (docs/cli.md), nothing on stdout.
    std::cerr << "summit: error: " << parse_error_text(app, e, argc, argv) << "\n";
    return 2;
  }
  if (opt.command == "sweep") return run_sweep(sweep);
  if (opt.command == "merge") return run_merge(sweep);
  return run(opt);
}
