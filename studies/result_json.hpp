// The JSON pieces every study result uses: a state as {coordinate name: value}, a spectrum as
// [[re, im], ...], and a fixed point with its stability (the objects of "fixed_points" in the
// CLI's JSON, docs/cli.md).
//
// Contract: numbers are written as computed (the CLI's result check refuses non-finite ones and
// zeroes printing debris afterwards); coordinate names come from the model's layout.
#pragma once

#include "lib/model.hpp"
#include "solvers/stability.hpp"

#include <nlohmann/json.hpp>

#include <complex>
#include <vector>

namespace summit::studies {

nlohmann::json state_json(const Model& m, const Vec& x);
nlohmann::json eigenvalues_json(const std::vector<std::complex<double>>& ev);
// state, loss, residual, eigenvalues, index, type, flat directions, lambda_max, the space of the
// analysis, observables, and for an unstable point its most unstable direction and escape time.
nlohmann::json fixed_point_json(const Model& m, const Vec& x, double loss, double residual, const Stability& s);

}  // namespace summit::studies
