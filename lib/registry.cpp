#include "lib/registry.hpp"

#include "lib/model_resolver.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace summit {

namespace {
struct Resolved {
  std::mutex mutex;  // sweeps build models from several threads
  ModelResolver resolver;
  std::vector<std::shared_ptr<const ModelInfo>> infos;  // kept alive: info() returns references
};
Resolved& resolved() {
  static Resolved r;
  return r;
}
// The resolver's info for name (kept alive), or nullptr.
const ModelInfo* resolve(const std::string& name) {
  Resolved& r = resolved();
  ModelResolver res;
  {
    std::lock_guard<std::mutex> lock(r.mutex);
    res = r.resolver;
  }
  if (!res.find) return nullptr;
  auto found = res.find(name);
  if (!found) return nullptr;
  std::lock_guard<std::mutex> lock(r.mutex);
  if (std::find(r.infos.begin(), r.infos.end(), found) == r.infos.end()) r.infos.push_back(found);
  return found.get();
}
}  // namespace

void set_model_resolver(ModelResolver r) {
  std::lock_guard<std::mutex> lock(resolved().mutex);
  resolved().resolver = std::move(r);
}

std::string model_source(const Model& m) {
  if (const auto* s = dynamic_cast<const ModelSource*>(&m)) return s->source();
  ModelResolver res;
  {
    std::lock_guard<std::mutex> lock(resolved().mutex);
    res = resolved().resolver;
  }
  return res.source ? res.source(m.name()) : "";
}

std::string resolver_source(const std::string& name) {
  ModelResolver res;
  {
    std::lock_guard<std::mutex> lock(resolved().mutex);
    res = resolved().resolver;
  }
  return res.source ? res.source(name) : "";
}

void Registry::add(ModelInfo info) {
  const std::string name = info.name;
  if (models_.count(name)) throw std::logic_error("model '" + name + "' registered twice");
  models_.emplace(name, std::move(info));
}

bool Registry::has(const std::string& name) const {
  return models_.count(name) > 0 || resolve(name) != nullptr;
}

const ModelInfo& Registry::info(const std::string& name) const {
  auto it = models_.find(name);
  if (it != models_.end()) return it->second;
  if (const ModelInfo* found = resolve(name)) return *found;
  std::string known;
  for (const auto& [n, _] : models_) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown model '" + name + "'; known models: " + known);
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& [n, _] : models_) out.push_back(n);
  ModelResolver res;
  {
    std::lock_guard<std::mutex> lock(resolved().mutex);
    res = resolved().resolver;
  }
  if (res.list) {
    std::vector<std::string> more = res.list();
    std::sort(more.begin(), more.end());
    more.erase(std::unique(more.begin(), more.end()), more.end());
    for (const auto& n : more)
      if (!models_.count(n)) out.push_back(n);
  }
  return out;
}

std::unique_ptr<Model> Registry::make(const std::string& name,
                                      const std::map<std::string, std::string>& params) const {
  const ModelInfo& mi = info(name);
  return mi.make(ParamValues(mi.params, params));
}

}  // namespace summit
