#include "cli/commands.hpp"

#include "cli/json_input.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "cli/study_table.hpp"
#include "studies/result_json.hpp"
#include "cli/bifurcation_plot.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/result_check.hpp"
#include "cli/table_columns.hpp"
#include "cli/plot.hpp"
#include "lib/model_resolver.hpp"
#include "models/models.hpp"
#include "solvers/basins.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_point_census.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/minimize.hpp"
#include "solvers/simulate.hpp"
#include "solvers/stability.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <new>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

std::string json_to_text(const json& v, const std::string& what) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return full(v.get<double>());
  if (v.is_array()) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ",") + json_to_text(e, what);
    return s;
  }
  throw std::invalid_argument(what + ": unsupported JSON value " + v.dump());
}

std::string join_argv(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

namespace {
int dispatch(const Options& o, studies::Progress* progress) {
  require_valid(o);
  // The interpreter and matplotlib too, before anything is computed or printed.
  if (!o.plot.empty()) check_plot_request(o.plot);
  if (o.command.empty()) return default_study(o);
  if (o.command == "list") return cmd_list(o);
  const StudyEntry* study = find_study(o.command);
  if (!study || !study->run) throw std::logic_error("unhandled command " + o.command);
  const Setup s = gather(o);
  auto m = builtin_registry().make(o.model, s.params);
  return study->run(o, *m, s, progress);
}
}  // namespace

// Bad input (exit 2, "summit: error: ..."): what the parsers and validators throw, std::invalid_argument
// (parameters, options, files, model files), OutputError (an --out or stdout that cannot be written)
// and JSON errors of --config/--state. Anything else thrown while a command runs (std::runtime_error,
// std::domain_error, std::out_of_range, std::bad_alloc, ... from inside a model or solver) is a
// failure of the computation, not of the input: exit 1, status "failed", named by
// computation_failed (issue "Reliability under bad input and faults", docs/reliability.md).
bool is_bad_input(const std::exception& e) {
  return dynamic_cast<const std::invalid_argument*>(&e) || dynamic_cast<const OutputError*>(&e) ||
         dynamic_cast<const nlohmann::json::exception*>(&e);
}

// "evaluate low-degree failed: <what>", with the library's words for what has none of its own.
std::string computation_failed(const Options& o, const std::exception& e) {
  std::string what = e.what();
  if (dynamic_cast<const std::bad_alloc*>(&e)) what = "out of memory (lower the sizes of the request)";
  const std::string command = o.command.empty() ? std::string("the default study") : o.command;
  return command + (o.model.empty() ? "" : " " + o.model) + " failed: " + what;
}

int run(const Options& o) {
  const StudyEntry* study = find_study(o.command);
  try {
    ProgressLine progress("summit " + o.command, study && study->long_running && progress_wanted(o.quiet));
    return dispatch(o, &progress);
  } catch (const NonFiniteResult& e) {
    std::cerr << "summit: " << e.what() << " (status non-finite)\n";
    return 1;
  } catch (const SolverFailure& e) {
    std::cerr << "summit: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    if (is_bad_input(e)) {
      std::cerr << "summit: error: " << e.what() << "\n";
      return 2;
    }
    std::cerr << "summit: " << computation_failed(o, e) << "\n";
    return 1;
  }
}

}  // namespace summit::cli
