// The entry point of a summit plugin: a shared library that adds C++ models to summit at run time
// (loaded from SUMMIT_PLUGIN_PATH, `--plugin FILE` or Python's summit.load_plugin;
// docs/extending.md).
//
// Contract: a plugin defines its entry point with SUMMIT_PLUGIN(name, register_function) in one of
// its .cpp files. That exports one C symbol, `summit_plugin_entry`, a function returning a pointer
// to a static SummitPluginEntry. summit reads `abi_version` (the first member, which stays first
// in every future version) and refuses the plugin, naming its file, unless it equals the loading
// summit's SUMMIT_PLUGIN_ABI_VERSION and `summit_version` equals the loading summit's
// SUMMIT_VERSION: the plugin's models are C++ classes derived from summit::Model, whose layout is
// kept only within one release, so a plugin is rebuilt for every release. Only then summit calls
// `register_models` once with an empty PluginModels; the plugin adds each model with
// `models.add({.name = ..., .summary = ..., .doc = ..., .params = ..., .make = ...})`, the same
// ModelInfo the built-in models give Registry::add (models/models.cpp). Every name must be new
// (not a built-in model, not a model of another plugin) and at least one model must be added; the
// plugin stays loaded for the life of the process.
#pragma once

#include "lib/registry.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

// Bumped whenever SummitPluginEntry, Registry, ModelInfo or the Model interface changes.
#define SUMMIT_PLUGIN_ABI_VERSION 1
// The name of the exported entry point (looked up with dlsym).
#define SUMMIT_PLUGIN_ENTRY_SYMBOL "summit_plugin_entry"

namespace summit {

// The models a plugin registers (header-only, so it is the same code on both sides).
class PluginModels {
 public:
  void add(ModelInfo info) {
    for (const auto& m : models_)
      if (m.name == info.name) throw std::logic_error("model '" + info.name + "' registered twice");
    models_.push_back(std::move(info));
  }
  const std::vector<ModelInfo>& models() const { return models_; }

 private:
  std::vector<ModelInfo> models_;
};

}  // namespace summit

extern "C" {
struct SummitPluginEntry {
  int abi_version;             // SUMMIT_PLUGIN_ABI_VERSION the plugin was built with (first, always)
  const char* summit_version;  // SUMMIT_VERSION the plugin was built against
  const char* name;            // the plugin's name, for messages and provenance
  void (*register_models)(summit::PluginModels* models);
};
}

// Defines the entry point: SUMMIT_PLUGIN("my-models", register_my_models), where
// `void register_my_models(summit::PluginModels&)` adds the plugin's models.
#define SUMMIT_PLUGIN(plugin_name, register_function)                                        \
  extern "C" __attribute__((visibility("default"))) const SummitPluginEntry*                 \
  summit_plugin_entry() {                                                                    \
    static const SummitPluginEntry entry{SUMMIT_PLUGIN_ABI_VERSION, SUMMIT_VERSION, plugin_name, \
                                         [](summit::PluginModels* m) { register_function(*m); }}; \
    return &entry;                                                                           \
  }
