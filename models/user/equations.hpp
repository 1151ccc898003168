// The equations of a model file as readable text or LaTeX (`summit describe FILE --equations`).
//
// Contract:
// - `index_equations` prints the model as written, in index notation: states with their sizes,
//   definitions, the loss, every drift (written out or derived), observables. A drift derived by
//   `gradient_flow` is shown as the chain rule of lib/gram.hpp in index form. Parameters keep
//   their names. Text uses the model-file syntax (so a printed equation reads back as the same
//   expression); LaTeX is one `align*` environment.
// - `expanded_equations` prints every coordinate's equation expanded for the model's sizes and
//   parameter values (parameters are numbers here): the flat programs of models/user/compile.hpp
//   turned into GiNaC expressions, the derived drift obtained by GiNaC's exact differentiation of
//   the expanded loss (not by the Jets the solvers use), then printed by GiNaC as text or LaTeX.
//   The erf expectations are already written out as their closed forms in the programs
//   (lib/expr/gauss_inline.hpp), so erf models print in elementary functions; the ReLU and linear
//   ones stay named functions, and their derivatives print as D[k](name)(...).
// - `expanded_drift_values` evaluates that symbolic drift numerically at x (NaN where it
//   contains a function GiNaC cannot evaluate): a check of the symbolic derivation against the
//   model's own drift (tests/models/user).
#pragma once

#include "lib/state/layout.hpp"
#include "models/user/compile.hpp"
#include "models/user/model_file.hpp"

#include <string>

namespace summit::user {

std::string index_equations(const ModelSpec& spec, bool latex);

std::string expanded_equations(const CompiledModel& model, bool latex);

Vec expanded_drift_values(const CompiledModel& model, const Vec& x);

}  // namespace summit::user
