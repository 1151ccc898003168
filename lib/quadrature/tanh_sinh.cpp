#include "lib/quadrature/tanh_sinh.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>

namespace summit::quadrature {

double tanh_sinh_integral(const std::function<double(double)>& f, double a, double b) {
  // Not const: g++ 12 finds no match among Boost 1.74's out-of-line const overloads for a const
  // object.
  boost::math::quadrature::tanh_sinh<double> ts;
  // x is the abscissa; the second argument (the signed distance to the nearer end) is not needed
  // because f takes x alone. An x rounded onto an end lies closer to it than half an ulp of the
  // end: its share of the integral is below the quadrature's own resolution there.
  return ts.integrate(
      [&](double x, double) { return (x <= a || x >= b) ? 0.0 : f(x); }, a, b);
}

}  // namespace summit::quadrature
