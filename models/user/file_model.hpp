// Models defined by model files (`*.summit`, docs/models.md), reachable wherever a model name is.
//
// Contract: `model_file_resolver()` is the Registry::Resolver that turns a name into a model:
// a path (containing '/' or ending in ".summit") is read as a model file; a bare name NAME is
// looked up as NAME.summit in the folders of SUMMIT_MODEL_PATH (':'-separated) and then in the
// per-user folder ($XDG_DATA_HOME or ~/.local/share)/summit/models. The built-in models keep
// their names. A file is parsed once per content (cached by path and content hash); the model is
// built for each parameter set (models/user/compile.hpp); its Model::source() names the file and
// its content hash, which the CLI writes into every output's provenance.
#pragma once

#include "lib/model_resolver.hpp"

#include <memory>
#include <string>
#include <vector>

namespace summit::user {

struct ModelSpec;

ModelResolver model_file_resolver();

// The model of a parsed file for one parameter set; `source` is its provenance text.
std::unique_ptr<Model> make_file_model(std::shared_ptr<const ModelSpec> spec, const ParamValues& pv,
                                       const std::string& name, const std::string& source);

// The folders searched for bare model names, in order.
std::vector<std::string> model_search_path();

// A ModelInfo for model-file text given directly (Python's summit.model_from_text); `label`
// names it in messages and provenance.
std::shared_ptr<const ModelInfo> model_info_from_text(const std::string& text, const std::string& label);

}  // namespace summit::user
