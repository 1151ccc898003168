// The machine's limits: what a request may ask for on this machine, estimated from the model's
// size before anything runs.
//
// Contract: each check throws std::invalid_argument naming the option, its value, the estimate
// and the machine's memory; nothing is allocated. The estimates are orders of magnitude (measured
// orders, not bounds):
// - the output rows of a curve or simulation (`points` rows when no explicit times are given):
//   each row holds t, the loss, the observables and the state, kept as numbers, JSON values and
//   table text, about 100 bytes per cell; refused above a quarter of the physical memory;
// - a finite-d simulation holds 8 bytes x d x (dim + 1) numbers per seed (weight vectors and their
//   overlaps), for every seed at once (seeds run on threads); refused above half of it.
// The catalog (studies/catalog.cpp) runs them in validate and run, so the CLI, sweeps and Python
// refuse the same requests with the same messages.
#pragma once

#include "lib/model.hpp"

namespace summit::studies {

void check_rows_budget(const Model& m, bool explicit_times, int points);
void check_simulation_budget(const Model& m, int d, int seeds);

}  // namespace summit::studies
