#include "lib/registry.hpp"

#include <stdexcept>

namespace summit {

void Registry::add(ModelInfo info) {
  const std::string name = info.name;
  if (models_.count(name)) throw std::logic_error("model '" + name + "' registered twice");
  models_.emplace(name, std::move(info));
}

bool Registry::has(const std::string& name) const { return models_.count(name) > 0; }

const ModelInfo& Registry::info(const std::string& name) const {
  auto it = models_.find(name);
  if (it != models_.end()) return it->second;
  std::string known;
  for (const auto& [n, _] : models_) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown model '" + name + "'; known models: " + known);
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& [n, _] : models_) out.push_back(n);
  return out;
}

std::unique_ptr<Model> Registry::make(const std::string& name,
                                      const std::map<std::string, std::string>& params) const {
  const ModelInfo& mi = info(name);
  return mi.make(ParamValues(mi.params, params));
}

}  // namespace summit
