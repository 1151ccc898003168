// Scalar helpers that let the Gaussian expectations of lib/gauss run on double and on
// (nested) Ceres Jets alike, without including any Ceres header here.
//
// A "Jet-like" type is any non-arithmetic type with a public scalar part `a` and a nested type
// `Scalar` constructible (explicitly) from it, as ceres::Jet<T, N> is. Nested Jets
// (Jet<Jet<double,N>,N>) cannot be built from or mixed with a plain double, so every constant
// must go through lift<T>(), and every branch must look at value(x) only.
#pragma once

#include <cmath>
#include <numbers>
#include <type_traits>

namespace summit::gauss {

// The double value (scalar part, recursively) of x.
template <class T>
constexpr double value(const T& x) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<double>(x);
  } else {
    return value(x.a);
  }
}

// The constant x as a T (zero derivative part); works for nested Jets.
template <class T>
T lift(double x) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<T>(x);
  } else {
    return T(lift<typename T::Scalar>(x));
  }
}

namespace detail {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kTwoPi = 2.0 * std::numbers::pi;

// sqrt(x) for x > 0, and the constant 0 for x <= 0 (a Jet sqrt at 0 has an infinite or 0/0
// derivative; at such points the library reports the derivative along the degenerate set).
template <class T>
T safe_sqrt(const T& x) {
  using std::sqrt;
  return value(x) > 0.0 ? sqrt(x) : lift<T>(0.0);
}

// x clamped to [-1, 1]; outside, the constant +-1 (no derivative): rounding can push a computed
// correlation just outside [-1, 1], where asin and acos are undefined.
template <class T>
T clamp_unit(const T& x) {
  if (value(x) >= 1.0) return lift<T>(1.0);
  if (value(x) <= -1.0) return lift<T>(-1.0);
  return x;
}

// asin of a correlation, clamped.
template <class T>
T asin_clamped(const T& r) {
  using std::asin;
  const T rc = clamp_unit(r);
  if (value(rc) >= 1.0) return lift<T>(0.5 * kPi);
  if (value(rc) <= -1.0) return lift<T>(-0.5 * kPi);
  return asin(rc);
}

// sqrt(1 - r^2) written as sqrt((1 - r)(1 + r)) (no cancellation near |r| = 1), 0 for |r| >= 1.
template <class T>
T sqrt_one_minus_sq(const T& r) {
  const T one = lift<T>(1.0);
  return safe_sqrt((one - r) * (one + r));
}

}  // namespace detail
}  // namespace summit::gauss
