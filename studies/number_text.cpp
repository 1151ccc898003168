#include "studies/number_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace summit::studies {

double printable(double v) { return std::abs(v) < kPrintZero ? 0.0 : v; }

std::string num(double v, int precision) {
  v = printable(v);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", precision, v);
  return buf;
}

std::string full(double v) {
  v = printable(v);
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
}

}  // namespace summit::studies
