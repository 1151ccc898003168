// The model registry: models are built from text (name + name=value parameters), so the CLI,
// configs, sweeps and bindings can construct any of them.
//
// Contract: `make(name, params)` returns the model built from parameters parsed and validated by
// lib/params.hpp, or throws std::invalid_argument: an unknown name (the message lists the known
// models) or a bad parameter (its name, the value and what is allowed).
#pragma once

#include "lib/model.hpp"
#include "lib/params.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace summit {

struct ModelInfo {
  std::string name;     // stable registry name, e.g. "committee"
  std::string summary;  // one line
  std::string doc;      // conventions, time unit, references
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Model>(const ParamValues&)> make;
};

class Registry {
 public:
  void add(ModelInfo info);
  bool has(const std::string& name) const;
  // Throws std::invalid_argument naming the unknown model and listing the known ones.
  const ModelInfo& info(const std::string& name) const;
  std::vector<std::string> names() const;
  // Validates the parameters (unknown names, types, ranges) and builds the model.
  std::unique_ptr<Model> make(const std::string& name,
                              const std::map<std::string, std::string>& params = {}) const;

 private:
  std::map<std::string, ModelInfo> models_;
};

}  // namespace summit
