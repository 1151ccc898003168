// Covariances of 2, 3 and 4 jointly Gaussian zero-mean fields, in the argument order of the
// committee expectations I2(a,b), I3(a,b,c), I4(a,b,c,d) (docs/committee.md, "Equations"). C_xy
// is the covariance of fields x and y; the matrix must be positive semi-definite (a covariance of
// actual weight vectors; an arbitrary user-given (Q, R, T) need not be).
#pragma once

#include <array>

namespace summit::gauss {

template <class T>
struct Cov2 {
  T aa, bb, ab;
};

template <class T>
struct Cov3 {
  T aa, bb, cc, ab, ac, bc;
};

template <class T>
struct Cov4 {
  T aa, bb, cc, dd, ab, ac, ad, bc, bd, cd;
};

// Builders from a square matrix-like object M (Eigen matrix or anything with M(i, j) and a
// Scalar typedef) and the indices of the fields, e.g. make_cov4(C, {0, 0, 2, 3}) for
// I4(x0, x0, x2, x3).
template <class M>
Cov2<typename M::Scalar> make_cov2(const M& C, std::array<int, 2> i) {
  return {C(i[0], i[0]), C(i[1], i[1]), C(i[0], i[1])};
}

template <class M>
Cov3<typename M::Scalar> make_cov3(const M& C, std::array<int, 3> i) {
  return {C(i[0], i[0]), C(i[1], i[1]), C(i[2], i[2]), C(i[0], i[1]), C(i[0], i[2]), C(i[1], i[2])};
}

template <class M>
Cov4<typename M::Scalar> make_cov4(const M& C, std::array<int, 4> i) {
  return {C(i[0], i[0]), C(i[1], i[1]), C(i[2], i[2]), C(i[3], i[3]), C(i[0], i[1]),
          C(i[0], i[2]), C(i[0], i[3]), C(i[1], i[2]), C(i[1], i[3]), C(i[2], i[3])};
}

// The full symmetric 4x4 array of a Cov4 (index 0..3 = a..d).
template <class T>
std::array<std::array<T, 4>, 4> to_array(const Cov4<T>& c) {
  return {{{c.aa, c.ab, c.ac, c.ad},
           {c.ab, c.bb, c.bc, c.bd},
           {c.ac, c.bc, c.cc, c.cd},
           {c.ad, c.bd, c.cd, c.dd}}};
}

}  // namespace summit::gauss
