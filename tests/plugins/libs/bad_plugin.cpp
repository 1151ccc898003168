// Plugins that summit must refuse (tests/plugins/test_plugins.cpp), one per BAD_KIND:
//   1 no entry point, 2 an older plugin ABI, 3 built against another summit version,
//   4 a model named like a built-in one, 5 no model registered, 6 a registration that throws.
#include "lib/plugin_api.hpp"

#include <stdexcept>

namespace {
[[maybe_unused]] void register_models(summit::PluginModels& models) {
#if BAD_KIND == 4
  // Only the name matters: summit refuses the plugin before building anything.
  models.add({.name = "committee", .summary = "clashes with the built-in committee",
              .make = [](const summit::ParamValues&) -> std::unique_ptr<summit::Model> { return nullptr; }});
#elif BAD_KIND == 6
  throw std::runtime_error("this plugin cannot register");
#endif
}
}  // namespace

#if BAD_KIND == 1
extern "C" __attribute__((visibility("default"))) int not_the_entry_point() { return 0; }
#elif BAD_KIND == 2 || BAD_KIND == 3
extern "C" __attribute__((visibility("default"))) const SummitPluginEntry* summit_plugin_entry() {
#if BAD_KIND == 2
  static const SummitPluginEntry entry{SUMMIT_PLUGIN_ABI_VERSION - 1, SUMMIT_VERSION, "old-abi",
                                       [](summit::PluginModels* m) { register_models(*m); }};
#else
  static const SummitPluginEntry entry{SUMMIT_PLUGIN_ABI_VERSION, "0.0.0", "old-summit",
                                       [](summit::PluginModels* m) { register_models(*m); }};
#endif
  return &entry;
}
#else
SUMMIT_PLUGIN("bad-plugin", register_models)
#endif
