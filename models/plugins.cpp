#include "models/plugins.hpp"

#include "lib/plugin_api.hpp"
#include "models/user/model_file.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace summit {

namespace fs = std::filesystem;

namespace {

struct PluginModel {
  std::shared_ptr<const ModelInfo> info;
  std::string source;  // provenance: plugin file, plugin name, content hash
};

struct Loaded {
  std::recursive_mutex mutex;  // load_plugin calls builtin_registry(), which may call back here
  std::vector<std::string> files;  // canonical paths, in load order
  std::map<std::string, PluginModel> models;
};
Loaded& loaded() {
  static Loaded l;
  return l;
}

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw std::invalid_argument("plugin '" + path + "': " + why);
}

std::string file_hash(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return user::content_hash(ss.str());
}

// dlerror()'s text without the file name it repeats.
std::string loader_reason(const std::string& path) {
  const char* e = dlerror();
  std::string why = e ? e : "unknown reason";
  if (why.rfind(path + ": ", 0) == 0) why = why.substr(path.size() + 2);
  return why;
}

}  // namespace

void load_plugin(const std::string& path) {
  std::error_code ec;
  if (path.empty()) throw std::invalid_argument("plugin '': empty path; give a shared-library file");
  if (!fs::exists(path, ec)) refuse(path, "no such file");
  if (!fs::is_regular_file(path, ec)) refuse(path, "not a regular file (a shared library is expected)");
  const std::string canonical = fs::canonical(path, ec).string();
  Loaded& l = loaded();
  std::lock_guard<std::recursive_mutex> lock(l.mutex);
  if (std::find(l.files.begin(), l.files.end(), canonical) != l.files.end()) return;

  // dlopen needs a path with a '/' to not search the library path.
  void* handle = dlopen(canonical.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) refuse(path, "not a loadable shared library (" + loader_reason(canonical) + ")");
  // From here on a failure leaves the library loaded but registers nothing from it (unloading
  // code that may have run static constructors is not safe).
  dlerror();
  void* sym = dlsym(handle, SUMMIT_PLUGIN_ENTRY_SYMBOL);
  if (!sym)
    refuse(path, std::string("no entry point '") + SUMMIT_PLUGIN_ENTRY_SYMBOL +
                     "' (a plugin defines it with SUMMIT_PLUGIN, lib/plugin_api.hpp; docs/extending.md)");
  using EntryFn = const SummitPluginEntry* (*)();
  const SummitPluginEntry* entry = reinterpret_cast<EntryFn>(sym)();
  if (!entry) refuse(path, "its entry point returned no plugin description");
  if (entry->abi_version != SUMMIT_PLUGIN_ABI_VERSION)
    refuse(path, "built for plugin ABI version " + std::to_string(entry->abi_version) +
                     ", this summit " + SUMMIT_VERSION + " loads version " +
                     std::to_string(SUMMIT_PLUGIN_ABI_VERSION) + "; rebuild the plugin against it");
  const std::string built_for = entry->summit_version ? entry->summit_version : "(none)";
  if (built_for != SUMMIT_VERSION)
    refuse(path, "built against summit " + built_for + ", this is summit " + SUMMIT_VERSION +
                     "; rebuild the plugin against it");
  if (!entry->register_models) refuse(path, "its entry point has no register_models function");
  const std::string plugin_name = entry->name ? entry->name : "";

  PluginModels registered;
  try {
    entry->register_models(&registered);
  } catch (const std::exception& e) {
    refuse(path, std::string("registering its models failed: ") + e.what());
  }
  if (registered.models().empty()) refuse(path, "registers no models");
  for (const ModelInfo& mi : registered.models()) {
    if (mi.name.empty() || !mi.make) refuse(path, "registers a model without a name or a make function");
    if (is_builtin_model(mi.name))
      refuse(path, "model '" + mi.name + "' has the name of a built-in model; rename it");
    if (auto it = l.models.find(mi.name); it != l.models.end())
      refuse(path, "model '" + mi.name + "' is already defined by " + it->second.source + "; rename it");
  }
  const std::string source = "plugin " + canonical + " (" + plugin_name + ", fnv1a64 " +
                             file_hash(canonical) + ")";
  for (const ModelInfo& mi : registered.models()) {
    auto info = std::make_shared<ModelInfo>(mi);
    info->doc = (info->doc.empty() ? "" : info->doc + "\n") + source;
    l.models[mi.name] = PluginModel{std::move(info), source};
  }
  l.files.push_back(canonical);
}

void load_plugins_from_env() {
  const char* p = std::getenv("SUMMIT_PLUGIN_PATH");
  if (!p) return;
  std::stringstream ss(p);
  std::string entry;
  while (std::getline(ss, entry, ':')) {
    if (entry.empty()) continue;
    std::error_code ec;
    if (!fs::is_directory(entry, ec)) {
      load_plugin(entry);  // a file, or a missing path (refused, naming it)
      continue;
    }
    std::vector<std::string> files;
    for (fs::directory_iterator it(entry, ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".so" && it->is_regular_file(ec)) files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_plugin(f);
  }
}

std::vector<std::string> loaded_plugins() {
  Loaded& l = loaded();
  std::lock_guard<std::recursive_mutex> lock(l.mutex);
  return l.files;
}

ModelResolver with_plugin_models(ModelResolver next) {
  ModelResolver r;
  r.find = [next](const std::string& name) -> std::shared_ptr<const ModelInfo> {
    {
      Loaded& l = loaded();
      std::lock_guard<std::recursive_mutex> lock(l.mutex);
      if (auto it = l.models.find(name); it != l.models.end()) return it->second.info;
    }
    return next.find ? next.find(name) : nullptr;
  };
  r.list = [next] {
    std::vector<std::string> names = next.list ? next.list() : std::vector<std::string>{};
    Loaded& l = loaded();
    std::lock_guard<std::recursive_mutex> lock(l.mutex);
    for (const auto& [n, _] : l.models) names.push_back(n);
    return names;
  };
  r.source = [](const std::string& name) -> std::string {
    Loaded& l = loaded();
    std::lock_guard<std::recursive_mutex> lock(l.mutex);
    auto it = l.models.find(name);
    return it == l.models.end() ? "" : it->second.source;
  };
  return r;
}

}  // namespace summit
