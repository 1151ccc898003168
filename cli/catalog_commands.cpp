// Rendering of list and describe: the registry, and one model's description or a model file's
// equations (the study of studies/describe_study.hpp).
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "lib/model_resolver.hpp"
#include "models/models.hpp"
#include "models/plugins.hpp"
#include "studies/describe_study.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace summit::cli {

using json = nlohmann::json;

// Where a listed model comes from: compiled in, a plugin (lib/plugin_api.hpp), or a model file
// found on the search path (docs/models.md).
namespace {
std::string source_kind(const std::string& name) {
  if (is_builtin_model(name)) return "built-in";
  return resolver_source(name).empty() ? "model file" : "plugin";
}
}  // namespace

int cmd_list(const Options& o) {
  const Registry& reg = builtin_registry();
  Table t{"registered models", {"model", "source", "summary"}, {}};
  json j = header(o, nullptr, Status::Ok, "");
  j["models"] = json::array();
  for (const auto& n : reg.names()) {
    const std::string kind = source_kind(n);
    t.add_row({n, kind, reg.info(n).summary});
    json e = {{"name", n}, {"source", kind}, {"summary", reg.info(n).summary}};
    if (kind == "plugin") e["origin"] = resolver_source(n);
    j["models"].push_back(e);
  }
  emit(render(o, nullptr, t, j), o.out);
  return 0;
}

int cmd_describe(const Options& o, const Model& m, const Setup&, studies::Progress* progress) {
  const studies::DescribeResult r = studies::run(m, describe_request(o), progress);
  json j = header(o, &m, Status::Ok, "");
  j.update(studies::result_json(m, r));
  if (!o.equations.empty()) {
    // A model file's equations (models/user/equations.hpp): text or LaTeX, or JSON.
    emit(o.format == "json" ? j.dump(2) + "\n" : r.equations, o.out);
    return 0;
  }
  const ModelInfo& info = builtin_registry().info(m.name());
  Table t{info.name + ": " + info.summary + "\n\n" + info.doc + "\n\nparameters:",
          {"parameter", "type", "value", "allowed", "meaning"}, {}};
  for (const auto& p : j["parameters"]) {
    const std::string v = p["value"].get<std::string>();
    t.add_row({p["name"].get<std::string>(), p["type"].get<std::string>(), v.empty() ? "(derived)" : v,
               p["allowed"].get<std::string>(), p["doc"].get<std::string>()});
  }
  std::ostringstream extra;
  extra << "\nstate coordinates (" << m.dim() << "):";
  for (const auto& n : j["coordinates"]) extra << " " << n.get<std::string>();
  extra << "\nobservables: loss";
  for (const auto& n : j["observables"]) extra << ", " << n.get<std::string>();
  extra << "\nspecial points:";
  for (const auto& p : j["special_points"]) extra << "\n  " << p["name"].get<std::string>() << ": " << p["doc"].get<std::string>();
  extra << "\ndefault events:";
  for (const auto& e : j["default_events"]) extra << " " << e.get<std::string>();
  extra << "\ntime unit: " << m.time_unit() << "\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

}  // namespace summit::cli
