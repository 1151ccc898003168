// A model file expanded for given parameter values: the state layout and the flat evaluation
// programs (lib/expr/tape.hpp) of the loss, the drift, the observables and the Gram matrices.
//
// Contract: `compile_model` resolves every size (an int parameter or an integer), expands index
// notation (`d/dt Q[i,k] = sum(j, 1, K, ...)`) and `let` definitions for those sizes, folds every
// parameter into the programs as a constant, and checks what the file promises: every symbol
// known, every index in range and known at set-up, one drift per state coordinate (written out,
// or derived by `gradient_flow` through a Gram matrix [[Q, R], [R^T, T]] with the chain rule of
// lib/gram.hpp, plus `+=` extra terms), and a realisable initial state. Violations throw
// ModelFileError with the position in the file.
#pragma once

#include "lib/expr/tape.hpp"
#include "lib/model.hpp"
#include "models/user/model_file.hpp"

#include <memory>
#include <string>
#include <vector>

namespace summit::user {

// A Gram matrix [[A, B], [B^T, D]] as flat-state coordinates: entries(a, b) >= 0 is the state
// index, else -1 - k for the constant values[k].
struct GramLayout {
  std::string name;
  int n = 0, top = 0;  // total size and size of the upper-left block
  std::vector<int> entry;      // n*n, row-major
  std::vector<double> values;  // constants
  expr::SourcePos pos;
};

// The gradient flow d/dt (Q, R) = -rate (chain rule of lib/gram.hpp) of the loss through a Gram
// matrix whose upper-left block Q is a symmetric state, upper-right R a matrix state and
// lower-right T constant.
struct Flow {
  int K = 0, M = 0;
  int q_block = -1, r_block = -1;  // indices into Layout::blocks()
  Eigen::MatrixXd T;
  double rate = 0;
};

struct CompiledModel {
  Layout layout;
  expr::Tape loss, drift, observables;
  std::vector<std::string> observable_names, observable_docs;
  std::vector<Flow> flows;
  std::vector<GramLayout> psd;  // realisable psd(...)
  std::vector<Range> ranges;    // per coordinate
  std::vector<std::string> range_where;  // "file:line:col" of each coordinate's range
  Vec initial;
  std::vector<NamedPoint> points;
};

CompiledModel compile_model(const ModelSpec& spec, const ParamValues& pv);

// Whether x satisfies the ranges and the psd conditions (relative slack tol).
bool check_realisable(const CompiledModel& m, const Vec& x, std::string* why, double tol);

}  // namespace summit::user
