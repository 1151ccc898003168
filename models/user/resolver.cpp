// Finding model files by name or path and turning them into registry entries.
#include "models/user/file_model.hpp"

#include "models/user/compile.hpp"
#include "models/user/model_file.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace summit::user {

namespace fs = std::filesystem;

namespace {

bool looks_like_path(const std::string& name) {
  return name.find('/') != std::string::npos ||
         (name.size() > 7 && name.compare(name.size() - 7, 7, ".summit") == 0);
}

std::shared_ptr<const ModelInfo> make_info(std::shared_ptr<const ModelSpec> spec,
                                           const std::string& name, const std::string& where) {
  auto info = std::make_shared<ModelInfo>();
  info->name = name;
  info->summary = spec->summary.empty() ? "model file " + where : spec->summary;
  const std::string source = "model file " + where + " (" + spec->name + ", fnv1a64 " +
                             content_hash(spec->text) + ")";
  info->doc = (spec->doc.empty() ? "" : spec->doc + "\n") + source;
  info->params = spec->params;
  info->make = [spec, name, source](const ParamValues& pv) {
    return make_file_model(spec, pv, name, source);
  };
  return info;
}

// Parsed files by (path, content hash): a file is parsed once per content.
std::shared_ptr<const ModelInfo> load(const fs::path& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("model file '" + path.string() + "': cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ModelInfo>> cache;
  const std::string key = name + "\n" + path.string() + "\n" + content_hash(text);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  auto spec = std::make_shared<const ModelSpec>(parse_model_file(text, path.string()));
  // Build once with the defaults, so that sizes, symbols, indices and the initial state are
  // checked when the file is loaded (every error then has the file's position).
  compile_model(*spec, ParamValues(spec->params, {}));
  auto info = make_info(spec, name, path.string());
  std::lock_guard<std::mutex> lock(mutex);
  cache.emplace(key, info);
  return info;
}

}  // namespace

std::vector<std::string> model_search_path() {
  std::vector<std::string> dirs;
  if (const char* p = std::getenv("SUMMIT_MODEL_PATH")) {
    std::stringstream ss(p);
    std::string d;
    while (std::getline(ss, d, ':'))
      if (!d.empty()) dirs.push_back(d);
  }
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) {
    dirs.push_back(std::string(x) + "/summit/models");
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    dirs.push_back(std::string(h) + "/.local/share/summit/models");
  }
  return dirs;
}

ModelResolver model_file_resolver() {
  ModelResolver r;
  r.find = [](const std::string& name) -> std::shared_ptr<const ModelInfo> {
    if (looks_like_path(name)) {
      std::error_code ec;
      if (!fs::is_regular_file(name, ec))
        throw std::invalid_argument("model file '" + name + "': " +
                                    (fs::exists(name, ec) ? "not a regular file" : "no such file"));
      return load(name, name);
    }
    for (const auto& dir : model_search_path()) {
      const fs::path p = fs::path(dir) / (name + ".summit");
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) return load(p, name);
    }
    return nullptr;
  };
  r.list = [] {
    std::vector<std::string> names;
    for (const auto& dir : model_search_path()) {
      std::error_code ec;
      for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".summit" && it->is_regular_file(ec))
          names.push_back(it->path().stem().string());
    }
    return names;
  };
  return r;
}

std::shared_ptr<const ModelInfo> model_info_from_text(const std::string& text, const std::string& label) {
  auto spec = std::make_shared<const ModelSpec>(parse_model_file(text, label));
  compile_model(*spec, ParamValues(spec->params, {}));
  return make_info(spec, label, label);
}

}  // namespace summit::user
