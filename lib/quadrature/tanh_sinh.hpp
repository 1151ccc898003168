// tanh-sinh (double-exponential) quadrature of f over a finite interval [a, b], for integrands
// with integrable singularities at the ends (square-root edges of spectral densities, log f).
//
// Contract: f is evaluated only at abscissae strictly inside (a, b), never at a or b; the result
// is Boost.Math's tanh_sinh<double> at its default tolerance (sqrt of machine epsilon), which
// throws std::domain_error for b <= a or a non-finite end and boost::math::evaluation_error when
// f returns a non-finite value.
//
// Why a wrapper rather than calling tanh_sinh<double>::integrate(f, a, b) directly: in Boost
// 1.74 (Debian 12's libboost-dev) the one-argument finite-interval path has a missing `else`:
// for the left third of the nodes (z < -0.5) on an interval whose left end has |a| >= 0.5, the
// abscissa is recomputed as (a + b)/2 + (b - a)/2 z instead of a - (b - a)/2 zc. Near z = -1 that
// rounds onto a, so a Debug build stops at the assertion `position != a` and a Release build
// (NDEBUG) evaluates f at the end point, where a density is 0 and log f is -inf. Newer Boost has
// `else if (z > 0.5)`. The two-argument overload f(x, xc) does not have the defect; this wrapper
// uses it and gives zero weight to any abscissa that rounds onto an end, which is what the
// corrected Boost does by cutting the nodes at the first representable point inside the interval.
#pragma once

#include <functional>

namespace summit::quadrature {

double tanh_sinh_integral(const std::function<double(double)>& f, double a, double b);

}  // namespace summit::quadrature
