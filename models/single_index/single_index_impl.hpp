// Shared between the single-index model's translation units (not a public header).
#pragma once

#include "lib/model.hpp"
#include "models/single_index/single_index.hpp"

#include <cstdint>
#include <memory>

namespace summit::single_index {

struct Config {
  Link target, student;
  double lr = 0.1;
  double noise = 0;       // label-noise variance Delta
  bool spherical = true;  // dynamics = spherical | unconstrained
  bool reduced = false;   // simulation = reduced: the exact-in-law O(1)-per-step simulation
};

// Finite-d online SGD from state x0 (m, or (m, Q)); time = steps / d.
std::unique_ptr<Microscopic> make_sgd(const Config& c, const Vec& x0, int d, std::uint64_t seed);

}  // namespace summit::single_index
