// Builds a Tape one operation at a time, with constant folding, algebraic identities
// (x+0, x*1, x*0, x^1, integer powers as products) and value numbering (an operation on the same
// operands is emitted once, commutative operands in canonical order), then removes dead code,
// orders the instructions by depth with equal operations grouped into runs (Tape::runs), and
// reuses registers when finished.
//
// Contract: values are handles (`Val`) that are either a known constant or a register; `apply`
// never evaluates a non-constant at build time; `finish` returns a tape whose outputs equal the
// given values for every input.
#pragma once

#include "lib/expr/tape.hpp"

#include <map>
#include <vector>

namespace summit::expr {

struct Val {
  bool is_const = true;
  double c = 0;
  int reg = -1;
};

class TapeBuilder {
 public:
  explicit TapeBuilder(int n_inputs);
  static Val constant(double c) { return Val{true, c, -1}; }
  Val input(int i) const { return Val{false, 0, i}; }
  Val apply(Op op, const std::vector<Val>& args);
  Val power(const Val& base, const Val& exponent);
  Tape finish(const std::vector<Val>& outputs) const;
  int size() const { return static_cast<int>(code_.size()); }

 private:
  int reg_of(const Val& v);
  int n_inputs_;
  int next_reg_;
  std::map<double, int> const_regs_;
  std::map<std::vector<int>, int> seen_;  // (op, operand registers) -> register
  std::vector<Instr> code_;
  std::vector<int> operands_;
  std::vector<std::pair<int, double>> constants_;
};

}  // namespace summit::expr
