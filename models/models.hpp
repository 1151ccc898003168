// Every built-in model family, registered in one registry.
#pragma once

#include "lib/registry.hpp"

namespace summit {

// The registry with all built-in models (built on first use, thread-safe).
const Registry& builtin_registry();

}  // namespace summit
