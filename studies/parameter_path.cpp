#include "studies/parameter_path.hpp"

#include "models/models.hpp"
#include "studies/integration_request.hpp"
#include "studies/number_text.hpp"

#include <stdexcept>

namespace summit::studies {

bool range_is_valid(const std::optional<std::vector<double>>& range, bool descending_ok, std::string* why) {
  if (!range) return true;
  const auto& r = *range;
  if (r.size() == 2 && (r[1] > r[0] || (descending_ok && r[1] < r[0]))) return true;
  std::string text;
  for (double v : r) text += (text.empty() ? "" : ",") + full(v);
  return fail_with(why, "--range '" + text + "': must be LO,HI with LO < HI" +
                            std::string(descending_ok ? " (or HI,LO to go down)" : ""));
}

ParameterPath resolve_parameter_path(const Model& m, const std::optional<std::string>& vary,
                                     const std::optional<std::vector<double>>& range,
                                     const std::optional<std::string>& observable, bool descending_ok) {
  std::string why;
  if (!range_is_valid(range, descending_ok, &why)) throw std::invalid_argument(why);
  ParameterPath p;
  const NaturalThreshold nt = m.hints().natural_threshold;
  p.point = nt.point;
  p.observable = observable.value_or("");
  if (!vary) {
    if (!observable) p.observable = nt.observable;
    if (nt.parameter.empty())
      throw std::invalid_argument("model '" + m.name() +
                                  "' has no natural threshold here; give --vary PARAM --range LO,HI");
    p.param = nt.parameter;
    p.lo = range ? (*range)[0] : nt.lo;
    p.hi = range ? (*range)[1] : nt.hi;
    return p;
  }
  bool known = false;
  for (const auto& sp : builtin_registry().info(m.name()).params)
    known = known || (sp.name == *vary && sp.type == ParamType::Real);
  if (!known) throw std::invalid_argument("--vary '" + *vary + "': not a real parameter of '" + m.name() + "'");
  if (!range) throw std::invalid_argument("--vary needs --range LO,HI");
  p.param = *vary;
  p.lo = (*range)[0];
  p.hi = (*range)[1];
  return p;
}

ModelFactory model_factory(const Model& m, const std::string& param) {
  std::map<std::string, std::string> given;
  for (const auto& [k, v] : m.params().all())
    if (m.params().given(k)) given[k] = v;
  return [given, param, name = m.name()](double value) {
    auto params = given;
    params[param] = full(value);
    return builtin_registry().make(name, params);
  };
}

}  // namespace summit::studies
