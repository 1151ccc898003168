// Activation g(x) = erf(x / sqrt(2)), g'(x) = sqrt(2/pi) exp(-x^2/2): closed-form Gaussian
// expectations of the committee ODEs (Saad & Solla, PRE 52, 4225, 1995; the noise term J2 from
// Goldt et al. 2019, arXiv:1906.08632), cross-checked against nn2pp (Goldt et al.'s public code).
// All of them are smooth on the whole PSD cone (the denominators contain 1 + C_xx), so only the
// arcsin arguments need clamping (rounding can push them just outside [-1, 1]).
#pragma once

#include "lib/gauss/covariance.hpp"
#include "lib/gauss/scalar.hpp"

#include <cmath>
#include <numbers>

namespace summit::gauss {

struct Erf {
  static constexpr const char* name = "erf";

  static double g(double x) { return std::erf(x / std::numbers::sqrt2); }
  static double dg(double x) { return std::sqrt(2.0 / std::numbers::pi) * std::exp(-0.5 * x * x); }

  // I2 = E[g(a) g(b)] = (2/pi) asin( C_ab / sqrt((1 + C_aa)(1 + C_bb)) )  (Saad & Solla 1995).
  template <class T>
  static T I2(const Cov2<T>& c) {
    using std::sqrt;
    const T one = lift<T>(1.0);
    return lift<T>(2.0 / detail::kPi) *
           detail::asin_clamped(c.ab / sqrt((one + c.aa) * (one + c.bb)));
  }

  // J2 = E[g'(a) g'(b)] = (2/pi) / sqrt((1 + C_aa)(1 + C_bb) - C_ab^2)  (Goldt et al. 2019).
  template <class T>
  static T J2(const Cov2<T>& c) {
    using std::sqrt;
    const T one = lift<T>(1.0);
    return lift<T>(2.0 / detail::kPi) / sqrt((one + c.aa) * (one + c.bb) - c.ab * c.ab);
  }

  // I3 = E[g'(a) b g(c)] = (2/pi) [C_bc (1 + C_aa) - C_ab C_ac] / [(1 + C_aa) sqrt(L3)],
  // L3 = (1 + C_aa)(1 + C_cc) - C_ac^2  (Saad & Solla 1995; by Stein's lemma it equals
  // C_ab E[g''(a) g(c)] + C_bc J2(a, c)).
  template <class T>
  static T I3(const Cov3<T>& c) {
    using std::sqrt;
    const T one = lift<T>(1.0);
    const T a1 = one + c.aa;
    const T l3 = a1 * (one + c.cc) - c.ac * c.ac;
    return lift<T>(2.0 / detail::kPi) * (c.bc * a1 - c.ab * c.ac) / (a1 * sqrt(l3));
  }

  // I4 = E[g'(a) g'(b) g(c) g(d)] = (4/pi^2) asin(L0 / sqrt(L1 L2)) / sqrt(L4)  (Saad & Solla
  // 1995; the same form as nn2pp), with
  //   L4 = (1 + C_aa)(1 + C_bb) - C_ab^2
  //   L0 = L4 C_cd - C_bc C_bd (1 + C_aa) - C_ac C_ad (1 + C_bb) + C_ab C_ac C_bd + C_ab C_ad C_bc
  //   L1 = L4 (1 + C_cc) - C_bc^2 (1 + C_aa) - C_ac^2 (1 + C_bb) + 2 C_ab C_ac C_bc
  //   L2 = L4 (1 + C_dd) - C_bd^2 (1 + C_aa) - C_ad^2 (1 + C_bb) + 2 C_ab C_ad C_bd
  template <class T>
  static T I4(const Cov4<T>& c) {
    using std::sqrt;
    const T one = lift<T>(1.0), two = lift<T>(2.0);
    const T a1 = one + c.aa, b1 = one + c.bb;
    const T l4 = a1 * b1 - c.ab * c.ab;
    const T l0 =
        l4 * c.cd - c.bc * c.bd * a1 - c.ac * c.ad * b1 + c.ab * c.ac * c.bd + c.ab * c.ad * c.bc;
    const T l1 = l4 * (one + c.cc) - c.bc * c.bc * a1 - c.ac * c.ac * b1 + two * c.ab * c.ac * c.bc;
    const T l2 = l4 * (one + c.dd) - c.bd * c.bd * a1 - c.ad * c.ad * b1 + two * c.ab * c.ad * c.bd;
    return lift<T>(4.0 / (detail::kPi * detail::kPi)) * detail::asin_clamped(l0 / sqrt(l1 * l2)) /
           sqrt(l4);
  }
};

}  // namespace summit::gauss
