// tanh-sinh on a finite interval (lib/quadrature/tanh_sinh.hpp): never an end point, and the
// closed-form values of integrals with square-root and log singularities at ends |a| >= 0.5, the
// case in which Boost 1.74's own one-argument path rounds abscissae onto the left end.
#include "lib/quadrature/tanh_sinh.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

using summit::quadrature::tanh_sinh_integral;

TEST_CASE("tanh_sinh_integral: square-root edges, never evaluated at an end") {
  // The Marchenko-Pastur case of test_eps_pca: c = 1.9, b = (1 + sqrt 0.5)^2.
  const double a = 1.9, b = (1 + std::sqrt(0.5)) * (1 + std::sqrt(0.5));
  int at_end = 0, calls = 0;
  const double I = tanh_sinh_integral(
      [&](double x) {
        ++calls;
        if (x <= a || x >= b) ++at_end;
        return std::sqrt((b - x) * (x - a));
      },
      a, b);
  CHECK(at_end == 0);
  CHECK(calls > 10);
  // int_a^b sqrt((b - x)(x - a)) dx = pi (b - a)^2 / 8 (half a circle of radius (b - a)/2).
  // Tolerance: the measured error is 0 (g++ 12, glibc); 1e-12 relative leaves room for another
  // libm while still far below Boost's stopping tolerance sqrt(eps) = 1.5e-8.
  CHECK(I == doctest::Approx(std::numbers::pi * (b - a) * (b - a) / 8).epsilon(1e-12));
}

TEST_CASE("tanh_sinh_integral: log singularity at the left end a = 1.9") {
  // int_a^b log(x - a) dx = L log L - L, L = b - a. x - a is exact for x in [a/2, 2a] (Sterbenz).
  // Boost 1.74's one-argument path evaluates log(0) = -inf here and throws evaluation_error.
  const double a = 1.9, b = 3.0, L = b - a;
  const double I = tanh_sinh_integral([&](double x) { return std::log(x - a); }, a, b);
  // Tolerance: the nodes dropped within half an ulp of a (1.1e-16) carry |int_0^1.1e-16 log t|
  // < 5e-15; the measured error is 1.6e-15 relative. 1e-12 relative.
  CHECK(I == doctest::Approx(L * std::log(L) - L).epsilon(1e-12));
}

TEST_CASE("tanh_sinh_integral: a reversed or non-finite interval is refused") {
  CHECK_THROWS(tanh_sinh_integral([](double) { return 1.0; }, 1.0, 0.5));
  CHECK_THROWS(tanh_sinh_integral([](double) { return 1.0; }, 0.0, INFINITY));
}
