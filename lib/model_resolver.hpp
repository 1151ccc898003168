// Models found by name outside the registry (model files, models/user/file_model.hpp).
//
// Contract: Registry::has, info, make and names consult the resolver installed here for names
// they do not hold, so every front end (CLI subcommands, sweeps, Python) reaches such models
// through the registry alone. `find` returns the model's info, nullptr when the name is not one
// it knows, or throws std::invalid_argument for a name that is one but cannot be built (e.g. a bad
// model file); `list` names the models it can find (for `summit list`); `source` (optional) gives
// the provenance text of a model it found whose class cannot say it itself (a plugin's model,
// models/plugins.hpp), "" for names it does not know. Registered names take
// precedence. Infos returned by `find` stay alive for the life of the process (Registry::info
// returns a reference). Install once, before models are built (builtin_registry() does).
#pragma once

#include "lib/model.hpp"
#include "lib/registry.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace summit {

struct ModelResolver {
  std::function<std::shared_ptr<const ModelInfo>(const std::string&)> find;
  std::function<std::vector<std::string>()> list;
  std::function<std::string(const std::string&)> source;
};

void set_model_resolver(ModelResolver r);

// Implemented by models whose definition is not built in: where it comes from (e.g. a model file
// and its content hash), for the provenance of every output.
class ModelSource {
 public:
  virtual ~ModelSource() = default;
  virtual std::string source() const = 0;
  // The model's equations as text or LaTeX, in index form or expanded for its sizes and
  // parameters ("" when the model cannot print them).
  virtual std::string equations(bool expanded, bool latex) const { return ""; }
};

// The source text of m: its ModelSource::source(), else the resolver's `source` for its name (""
// for built-in models).
std::string model_source(const Model& m);
// The resolver's `source` for a name ("" for names it does not know, and for model files, whose
// models say it themselves).
std::string resolver_source(const std::string& name);

}  // namespace summit
