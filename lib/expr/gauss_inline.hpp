// The closed-form erf Gaussian expectations of lib/gauss/erf.hpp emitted as elementary
// instructions of a Tape, so that TapeBuilder's value numbering shares their factors between
// calls (e.g. L4(a, b) and 1/sqrt(L1(a, b, c)) of the erf I4 are computed once per (a, b) and per
// (a, b, c), as the built-in committee's hand-hoisted erf paths do), instead of one fused
// instruction per call.
//
// Contract: `inline_erf(b, op, cov)` returns the value of op (ErfI2, ErfJ2, ErfI3 or ErfI4) at the
// covariance entries `cov` (in the order of gauss::Cov2/3/4), equal to gauss::Erf's formula up to
// rounding (the same polynomials regrouped, and 1/sqrt(L1 L2) written as (1/sqrt L1)(1/sqrt L2)); the
// arcsine is clamped like gauss::detail::asin_clamped (Op::AsinClamped). Other ops are not
// handled: it returns false and leaves `out` alone.
#pragma once

#include "lib/expr/builder.hpp"

#include <vector>

namespace summit::expr {

bool inline_erf(TapeBuilder& b, Op op, const std::vector<Val>& cov, Val& out);

}  // namespace summit::expr
