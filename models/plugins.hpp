// Loading plugins: shared libraries that register C++ models at run time (lib/plugin_api.hpp,
// docs/extending.md), so that models written outside the repository reach the CLI, sweeps and
// Python through the registry like the built-in ones.
//
// Contract: `load_plugin(path)` opens the shared library at `path`, checks its entry point and
// version, collects the models it registers and makes them known to builtin_registry() (through
// its resolver, lib/model_resolver.hpp): `has`, `info`, `make` and `names` (so `summit list`)
// see them. Loading the same file (same canonical path) again does nothing. Every failure throws
// std::invalid_argument with one sentence naming the file: no such file, not a shared library
// (with the loader's reason), no entry point, a different plugin ABI or summit version, a model
// name taken by a built-in model or by another plugin, no model registered, or a registration
// that threw. Nothing is registered from a plugin that fails. `load_plugins_from_env()` loads
// every entry of SUMMIT_PLUGIN_PATH (':'-separated files or folders; a folder contributes its
// `*.so` files in name order). Models of a plugin carry its path and content hash into
// provenance (model_source). Thread-safe.
#pragma once

#include "lib/model_resolver.hpp"

#include <string>
#include <vector>

namespace summit {

void load_plugin(const std::string& path);
void load_plugins_from_env();

// Canonical paths of the plugins loaded so far, in load order (Python passes them on to the
// `summit` processes of a sweep through SUMMIT_PLUGIN_PATH).
std::vector<std::string> loaded_plugins();

// The resolver of builtin_registry(): plugin models first, then `next` (model files).
ModelResolver with_plugin_models(ModelResolver next);

// Whether `name` is a model compiled into summit (defined in models/models.cpp).
bool is_builtin_model(const std::string& name);

}  // namespace summit
