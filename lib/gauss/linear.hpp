// Linear activation g(x) = x, g'(x) = 1: the Gaussian expectations of the committee ODEs are the
// covariances themselves (I2 = C_ab, J2 = 1, I3 = C_bc, I4 = C_cd, by Isserlis' theorem;
// cross-checked against nn2pp, Goldt et al.'s public code).
#pragma once

#include "lib/gauss/covariance.hpp"
#include "lib/gauss/scalar.hpp"

namespace summit::gauss {

struct Linear {
  static constexpr const char* name = "linear";

  static double g(double x) { return x; }
  static double dg(double) { return 1.0; }

  // I2 = E[a b] = C_ab.
  template <class T>
  static T I2(const Cov2<T>& c) {
    return c.ab;
  }

  // J2 = E[1 * 1] = 1.
  template <class T>
  static T J2(const Cov2<T>&) {
    return lift<T>(1.0);
  }

  // I3 = E[1 * b * c] = C_bc.
  template <class T>
  static T I3(const Cov3<T>& c) {
    return c.bc;
  }

  // I4 = E[1 * 1 * c * d] = C_cd.
  template <class T>
  static T I4(const Cov4<T>& c) {
    return c.cd;
  }
};

}  // namespace summit::gauss
