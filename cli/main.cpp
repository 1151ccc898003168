// summit: the command-line front end. One grammar for all subcommands:
//   summit SUBCOMMAND MODEL [--set name=value]... [--config file.json] [--at name=value]...
//          [--times t1,t2,... | --t-end T --points N] [--vary PARAM --range LO,HI]
//          [--format table|csv|json] [--out FILE]
// `summit` with no arguments runs a small default study. See docs/cli.md.
#include "cli/commands.hpp"
#include "cli/study_table.hpp"
#include "cli/sweep.hpp"
#include "models/plugins.hpp"

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
  // An option the subcommand does not bind (cli/study_table.hpp): name it and the subcommand.
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && argc > 1 && argv[1][0] != '-') {
    const CLI::App* sc = nullptr;
    for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; }))
      if (c->get_name() == argv[1]) sc = c;
    for (int i = 2; sc != nullptr && i < argc; ++i) {
      std::string word = argv[i];
      if (word.rfind("--", 0) != 0 || word == "--") continue;
      word = word.substr(0, word.find('='));
      if (sc->get_option_no_throw(word) == nullptr)
        return word + " is not an option of '" + argv[1] + "' (summit " + argv[1] + " --help)";
    }
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

  // Every subcommand from the one table (cli/study_table.hpp), each with only its own options,
  // and --plugin (docs/extending.md), which every subcommand takes.
  std::vector<std::string> plugins;
  const auto add_plugin_option = [&plugins](CLI::App* sc) {
    sc->add_option("--plugin", plugins,
                   "load the C++ models of a shared-library plugin (repeatable; also SUMMIT_PLUGIN_PATH; "
                   "docs/extending.md)")
        ->type_name("FILE");
  };
  for (const StudyEntry& e : study_table()) {
    CLI::App* sc = app.add_subcommand(e.name, e.help);
    bind_study_options(*sc, opt, e, true);
    add_plugin_option(sc);
    sc->callback([&opt, name = e.name] { opt.command = name; });
  }
  SweepOptions sweep;
  CLI::App* sw = app.add_subcommand(
      "sweep", "run a parameter sweep from a JSON spec on threads, a job array or MPI (docs/sweeps.md)");
  add_sweep_options(*sw, sweep);
  add_plugin_option(sw);
  sw->callback([&opt] { opt.command = "sweep"; });
  CLI::App* mg = app.add_subcommand("merge", "combine the task-I-of-N results of a job-array sweep");
  add_merge_options(*mg, sweep);
  add_plugin_option(mg);
  mg->callback([&opt] { opt.command = "merge"; });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // Every other parse error: one line, exit 2 (docs/cli.md), nothing on stdout.
    std::cerr << "summit: error: " << parse_error_text(app, e, argc, argv) << "\n";
    return 2;
  }
  // Plugins before anything names a model: SUMMIT_PLUGIN_PATH, then --plugin, in order.
  try {
    summit::load_plugins_from_env();
    for (const auto& p : plugins) summit::load_plugin(p);
  } catch (const std::invalid_argument& e) {
    std::cerr << "summit: error: " << e.what() << "\n";
    return 2;
  }
  if (opt.command == "sweep") return run_sweep(sweep);
  if (opt.command == "merge") return run_merge(sweep);
  return run(opt);
}
