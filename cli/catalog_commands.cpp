// Rendering of list and describe: the registry and one model's parameters, coordinates,
// observables, special points and default events (and a model file's equations).
#include "cli/commands.hpp"
#include "cli/json_input.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "studies/result_json.hpp"
#include "cli/bifurcation_plot.hpp"
#include "cli/continuation.hpp"
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
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

int cmd_list(const Options& o) {
  const Registry& reg = builtin_registry();
  Table t{"registered models", {"model", "summary"}, {}};
  json j = header(o, nullptr, Status::Ok, "");
  j["models"] = json::array();
  for (const auto& n : reg.names()) {
    t.add_row({n, reg.info(n).summary});
    j["models"].push_back({{"name", n}, {"summary", reg.info(n).summary}});
  }
  emit(render(o, nullptr, t, j), o.out);
  return 0;
}

// describe --equations: a model file's equations (models/user/equations.hpp), text or LaTeX.
namespace {
int describe_equations(const Options& o, const Model& m) {
  if (o.equations != "index" && o.equations != "expanded")
    throw std::invalid_argument("--equations '" + o.equations + "': must be index or expanded");
  const auto* src = dynamic_cast<const ModelSource*>(&m);
  const std::string text = src ? src->equations(o.equations == "expanded", o.format == "latex") : "";
  if (text.empty())
    throw std::invalid_argument("--equations: model '" + m.name() +
                                "' is built in; equations are printed for model files (docs/models.md)");
  if (o.format == "json") {
    json j = header(o, &m, Status::Ok, "");
    j["equations"] = text;
    j["form"] = o.equations;
    emit(j.dump(2) + "\n", o.out);
  } else {
    emit(text, o.out);
  }
  return 0;
}

}  // namespace

int cmd_describe(const Options& o, const Model& m, const Setup&, studies::Progress*) {
  if (!o.equations.empty()) return describe_equations(o, m);
  const ModelInfo& info = builtin_registry().info(m.name());
  Table t{info.name + ": " + info.summary + "\n\n" + info.doc + "\n\nparameters:",
          {"parameter", "type", "value", "allowed", "meaning"}, {}};
  json j = header(o, &m, Status::Ok, "");
  j["summary"] = info.summary;
  j["doc"] = info.doc;
  j["parameters"] = json::array();
  for (const auto& sp : info.params) {
    const std::string v = m.params().get_text(sp.name);
    t.add_row({sp.name, type_name(sp.type), v.empty() ? "(derived)" : v, sp.allowed(), sp.doc});
    j["parameters"].push_back({{"name", sp.name}, {"type", type_name(sp.type)}, {"value", v},
                               {"default", sp.default_text}, {"allowed", sp.allowed()},
                               {"doc", sp.doc}});
  }
  std::ostringstream extra;
  extra << "\nstate coordinates (" << m.dim() << "):";
  for (const auto& n : m.layout().coord_names()) extra << " " << n;
  extra << "\nobservables: loss";
  for (const auto& n : m.observable_names()) extra << ", " << n;
  extra << "\nspecial points:";
  for (const auto& p : m.special_points()) extra << "\n  " << p.name << ": " << p.doc;
  extra << "\ndefault events:";
  for (const auto& e : m.hints().default_events) extra << " " << e;
  extra << "\ntime unit: " << m.time_unit() << "\n";
  j["coordinates"] = m.layout().coord_names();
  j["observables"] = m.observable_names();
  j["default_events"] = m.hints().default_events;
  j["special_points"] = json::array();
  for (const auto& p : m.special_points())
    j["special_points"].push_back({{"name", p.name}, {"doc", p.doc}, {"state", studies::state_json(m, p.x)}});
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}


}  // namespace summit::cli
