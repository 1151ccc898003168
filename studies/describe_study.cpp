#include "studies/describe_study.hpp"

#include "lib/model_resolver.hpp"
#include "models/models.hpp"
#include "studies/integration_request.hpp"
#include "studies/json_fields.hpp"
#include "studies/result_json.hpp"

#include <stdexcept>

namespace summit::studies {

using json = nlohmann::json;

namespace {
std::string equations_text(const Model& m, const DescribeRequest& q) {
  const auto* src = dynamic_cast<const ModelSource*>(&m);
  return src ? src->equations(*q.equations == "expanded", q.latex) : "";
}
}  // namespace

bool DescribeRequest::is_valid(std::string* why) const {
  if (equations && *equations != "index" && *equations != "expanded")
    return fail_with(why, "--equations '" + *equations + "': must be index or expanded");
  return true;
}

void check_against_model(const Model& m, const DescribeRequest& q) {
  if (q.equations && equations_text(m, q).empty())
    throw std::invalid_argument("--equations: model '" + m.name() +
                                "' is built in; equations are printed for model files (docs/models.md)");
}

DescribeResult run(const Model& m, const DescribeRequest& q, Progress*) {
  std::string why;
  if (!q.is_valid(&why)) throw std::invalid_argument(why);
  check_against_model(m, q);
  DescribeResult r;
  json& j = r.fields;
  if (q.equations) {
    r.equations = equations_text(m, q);
    j["equations"] = r.equations;
    j["form"] = *q.equations;
    return r;
  }
  const ModelInfo& info = builtin_registry().info(m.name());
  j["summary"] = info.summary;
  j["doc"] = info.doc;
  j["parameters"] = json::array();
  for (const auto& sp : info.params)
    j["parameters"].push_back({{"name", sp.name}, {"type", type_name(sp.type)}, {"value", m.params().get_text(sp.name)},
                               {"default", sp.default_text}, {"allowed", sp.allowed()}, {"doc", sp.doc}});
  j["coordinates"] = m.layout().coord_names();
  j["observables"] = m.observable_names();
  j["default_events"] = m.hints().default_events;
  j["special_points"] = json::array();
  for (const auto& p : m.special_points())
    j["special_points"].push_back({{"name", p.name}, {"doc", p.doc}, {"state", state_json(m, p.x)}});
  return r;
}

void to_json(nlohmann::json& j, const DescribeRequest& r) {
  j = {{"equations", r.equations ? json(*r.equations) : json()}, {"latex", r.latex}};
}

void from_json(const nlohmann::json& j, DescribeRequest& r) {
  const std::string p = "describe";
  require_object(j, p);
  reject_unknown(j, {"equations", "latex"}, p);
  r = DescribeRequest{};
  if (j.contains("equations") && !j["equations"].is_null()) r.equations = text_field(j, "equations", p);
  read_if(j, "latex", p, r.latex);
}

nlohmann::json result_json(const Model&, const DescribeResult& r) { return r.fields; }

}  // namespace summit::studies
