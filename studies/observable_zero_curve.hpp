// The zero set of an observable in two parameters, `summit continue --vary2 P2 --curve zero
// --observable NAME` and `summit.continuation(..., curve="zero", observable=NAME)`: one
// implementation for both front ends.
//
// Contract: observable_zero_curve(make2, x, observable, p2, o) traces {(p1, p2) : NAME(x; p1, p2)
// = 0} in the window of `o` (solvers/level_curve.hpp), the state x held fixed (not re-solved at
// each parameter: the quantity is a function of the parameters at that state, e.g. the ssi
// positional-semantic margins at the origin, docs/single_index.md), from the first sign change in
// p1 at p2. An observable the model does not have, or none given, throws std::invalid_argument
// naming it and listing the model's observables; where x is not realisable the quantity is
// undefined (the step is halved there). Numerical failures are in the curve's status.
#pragma once

#include "lib/model.hpp"
#include "solvers/bifurcation_curve.hpp"
#include "solvers/level_curve.hpp"

#include <string>

namespace summit::studies {

LevelCurve observable_zero_curve(const ModelFactory2& make2, const Vec& x, const std::string& observable,
                                 double p2, const LevelCurveOptions& o);

}  // namespace summit::studies
