// A flat evaluation program: the compiled form of model-file expressions.
//
// Contract: a Tape is a straight-line list of instructions over a register array; registers
// [0, n_inputs) hold the inputs, `constants` are written into their registers at the start of a
// run, every instruction writes one register from earlier ones, and `outputs` name the registers
// read at the end. `run<T>` executes it on T = double and on the Ceres Jets of
// lib/autodiff/jets.hpp (Jet1 and the nested Jet2), so JetModel's exact derivatives apply to it:
// one switch per run of equal instructions, no allocation (the caller's scratch vector is reused), no string
// lookups, no virtual calls. Branches (comparisons, if) look at the scalar part only, like
// lib/gauss. The Gaussian expectations are lib/gauss's closed forms (gauss::Erf, Relu, Linear).
// Bessel functions are Boost.Math's; on Jets their derivatives come from the recurrences
// J_nu' = (J_{nu-1} - J_{nu+1})/2 and I_nu' = (I_{nu-1} + I_{nu+1})/2 (DLMF 10.6.1, 10.29.1),
// applied once per level of nesting; outside their domain they are NaN (no exception).
// The instantiations live in tape.cpp (double, autodiff::Jet1, autodiff::Jet2), so this header does
// not include Ceres.
#pragma once

#include <cstdint>
#include <vector>

namespace summit::expr {

enum class Op : std::uint8_t {
  Add, Sub, Mul, Div, Neg, Pow, PowConst, Exp, Log, Sqrt, Sin, Cos, Tan, Asin, Acos, Atan, Sinh,
  Cosh, Tanh, Erf, Erfc, Abs, Atan2, Min, Max, Less, LessEq, Eq, Ne, And, Or, Not, Select,
  AsinClamped,  // asin of a correlation clamped to [-1, 1] (gauss::detail::asin_clamped)
  BesselJ, BesselI,  // J_nu(x), I_nu(x) of Boost.Math; operands (nu, x), nu known at set-up
  // Gaussian expectations (lib/gauss) of the fields of a covariance: operands in Cov2/3/4 order.
  ErfI2, ErfJ2, ErfI3, ErfI4, ReluI2, ReluJ2, ReluI3, ReluI4, LinearI2, LinearJ2, LinearI3, LinearI4
};

// Number of operands of op.
int arity(Op op);

struct Instr {
  Op op;
  int out;    // register written
  int first;  // operands are Tape::operands[first, first + arity(op))
};

// A run of consecutive instructions with the same operation, code[begin, end).
struct Run {
  Op op;
  int begin, end;
};

struct Tape {
  int n_inputs = 0;
  int n_registers = 0;
  std::vector<std::pair<int, double>> constants;  // (register, value)
  std::vector<Instr> code;
  std::vector<int> operands;
  std::vector<int> outputs;
  std::vector<Run> runs;  // code split into runs (TapeBuilder::finish orders code to make them long)
};

// Runs the tape on inputs x (n_inputs values), writing outputs.size() values to out.
template <class T>
void run(const Tape& tape, const T* x, T* out, std::vector<T>& scratch);

// One operation on doubles (for constant folding).
double apply(Op op, const double* args);

}  // namespace summit::expr
