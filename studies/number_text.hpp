// Numbers as text, shared by the studies' messages and every renderer of the CLI.
//
// Contract: a magnitude below kPrintZero (denormals and the debris of cancellations, far below any
// tolerance summit certifies) and -0 are printed as 0; `num` is the readable general format with
// `precision` significant digits, `full` the shortest text that reads back to the same double.
#pragma once

#include <string>

namespace summit::studies {

inline constexpr double kPrintZero = 1e-300;
double printable(double v);                    // v, or +0 for |v| < kPrintZero (and for -0)
std::string num(double v, int precision = 6);  // readable number (general format), printable(v)
std::string full(double v);                    // shortest round-trip text of printable(v)

}  // namespace summit::studies
