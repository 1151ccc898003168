// lib/expr: the flat programs against direct evaluation. Oracles: the same formula written in
// C++ (double and Jets), and lib/gauss's erf expectations for the inlined closed forms.
#include "lib/autodiff/jets.hpp"
#include "lib/expr/builder.hpp"
#include "lib/expr/gauss_inline.hpp"
#include "lib/gauss/erf.hpp"
#include "tests/support.hpp"

#include <cmath>
#include <random>

namespace summit::test {
namespace {

using expr::Op;
using expr::TapeBuilder;
using expr::Val;

TEST_CASE("a tape evaluates its expression on double and on Jets (value and derivatives)") {
  // f(x, y) = exp(-x*y) * sin(x) + (x + y)^3 / (1 + y^2) - (x + y)^3, with the shared
  // subexpression (x + y)^3 emitted once.
  TapeBuilder b(2);
  const Val x = b.input(0), y = b.input(1);
  const Val s3 = b.power(b.apply(Op::Add, {x, y}), TapeBuilder::constant(3));
  const Val f = b.apply(
      Op::Sub, {b.apply(Op::Add, {b.apply(Op::Mul, {b.apply(Op::Exp, {b.apply(Op::Neg, {b.apply(Op::Mul, {x, y})})}),
                                                    b.apply(Op::Sin, {x})}),
                                  b.apply(Op::Div, {s3, b.apply(Op::Add, {TapeBuilder::constant(1),
                                                                          b.apply(Op::Mul, {y, y})})})}),
                s3});
  const expr::Tape t = b.finish({f, x});
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-1.5, 1.5);
  for (int k = 0; k < 20; ++k) {
    const double xv = u(rng), yv = u(rng);
    const double in[2] = {xv, yv};
    double out[2];
    std::vector<double> scratch;
    expr::run(t, in, out, scratch);
    const double s = (xv + yv) * (xv + yv) * (xv + yv);
    const double direct = std::exp(-xv * yv) * std::sin(xv) + s / (1 + yv * yv) - s;
    // the same operations in another association: rounding, |f| <= ~30
    CHECK(std::abs(out[0] - direct) < 1e-13);
    CHECK(out[1] == xv);
    autodiff::Jet1 jin[2] = {autodiff::Jet1(xv, 0), autodiff::Jet1(yv, 1)}, jout[2];
    std::vector<autodiff::Jet1> jscratch;
    expr::run(t, jin, jout, jscratch);
    // df/dx, df/dy in closed form (exact up to rounding)
    const double e = std::exp(-xv * yv), q = 3 * (xv + yv) * (xv + yv);
    const double dfx = -yv * e * std::sin(xv) + e * std::cos(xv) + q / (1 + yv * yv) - q;
    const double dfy = -xv * e * std::sin(xv) + q / (1 + yv * yv) -
                       s * 2 * yv / ((1 + yv * yv) * (1 + yv * yv)) - q;
    CHECK(std::abs(jout[0].a - out[0]) < 1e-15 * std::max(1.0, std::abs(out[0])));
    CHECK(std::abs(jout[0].v[0] - dfx) < 1e-12);
    CHECK(std::abs(jout[0].v[1] - dfy) < 1e-12);
  }
}

TEST_CASE("inlined erf expectations equal lib/gauss's closed forms (values and gradients)") {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> n01;
  for (int trial = 0; trial < 20; ++trial) {
    // A random 4x4 covariance W W^T / 4 (PSD by construction).
    Eigen::Matrix4d W;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) W(i, j) = n01(rng);
    const Eigen::Matrix4d C = W * W.transpose() / 4;
    const std::vector<double> c4 = {C(0, 0), C(1, 1), C(2, 2), C(3, 3), C(0, 1),
                                    C(0, 2), C(0, 3), C(1, 2), C(1, 3), C(2, 3)};
    const std::vector<double> c3 = {C(0, 0), C(1, 1), C(2, 2), C(0, 1), C(0, 2), C(1, 2)};
    const std::vector<double> c2 = {C(0, 0), C(1, 1), C(0, 1)};
    struct Case {
      Op op;
      std::vector<double> cov;
    };
    for (const Case& cs : {Case{Op::ErfI2, c2}, Case{Op::ErfJ2, c2}, Case{Op::ErfI3, c3},
                           Case{Op::ErfI4, c4}}) {
      const int n = static_cast<int>(cs.cov.size());
      TapeBuilder b(n);
      std::vector<Val> in;
      for (int k = 0; k < n; ++k) in.push_back(b.input(k));
      Val v;
      REQUIRE(expr::inline_erf(b, cs.op, in, v));
      const expr::Tape t = b.finish({v});
      // Jets seeded in the first min(n, kBlock) entries: value and partial derivatives.
      std::vector<autodiff::Jet1> x(n), scratch;
      for (int k = 0; k < n; ++k) x[k] = autodiff::Jet1(cs.cov[k]);
      for (int k = 0; k < std::min(n, autodiff::kBlock); ++k) x[k].v[k] = 1;
      autodiff::Jet1 got;
      expr::run(t, x.data(), &got, scratch);
      const autodiff::Jet1* a = x.data();
      const autodiff::Jet1 want =
          cs.op == Op::ErfI2   ? gauss::Erf::I2(gauss::Cov2<autodiff::Jet1>{a[0], a[1], a[2]})
          : cs.op == Op::ErfJ2 ? gauss::Erf::J2(gauss::Cov2<autodiff::Jet1>{a[0], a[1], a[2]})
          : cs.op == Op::ErfI3 ? gauss::Erf::I3(gauss::Cov3<autodiff::Jet1>{a[0], a[1], a[2], a[3], a[4], a[5]})
                               : gauss::Erf::I4(gauss::Cov4<autodiff::Jet1>{a[0], a[1], a[2], a[3], a[4],
                                                                            a[5], a[6], a[7], a[8], a[9]});
      INFO("op " << static_cast<int>(cs.op) << " trial " << trial);
      // The same polynomials regrouped: rounding only (values of order 1, derivatives of order
      // 1 / (det of the 2x2..4x4 minors) on these well-conditioned covariances).
      CHECK(std::abs(got.a - want.a) < 1e-13);
      for (int k = 0; k < autodiff::kBlock; ++k) CHECK(std::abs(got.v[k] - want.v[k]) < 1e-10);
    }
  }
}

TEST_CASE("Bessel functions: tabulated values and exact first and second derivatives") {
  // x = 1 (Abramowitz & Stegun, table 9.1 and 9.8, to 16 digits):
  // J0 = 0.7651976865579666, J1 = 0.4400505857449335, J2 = 0.1149034849319005,
  // I0 = 1.2660658777520082, I1 = 0.5651591039924851, I2 = 0.1357476697670383.
  // J0' = -J1, J0'' = -(J0 - J2)/2; I0' = I1, I0'' = (I0 + I2)/2.
  struct Case {
    Op op;
    double f, df, d2f;
  };
  for (const Case& cs : {Case{Op::BesselJ, 0.7651976865579666, -0.4400505857449335,
                              -(0.7651976865579666 - 0.1149034849319005) / 2},
                         Case{Op::BesselI, 1.2660658777520082, 0.5651591039924851,
                              (1.2660658777520082 + 0.1357476697670383) / 2}}) {
    TapeBuilder b(1);
    const expr::Tape t = b.finish({b.apply(cs.op, {TapeBuilder::constant(0), b.input(0)})});
    double v;
    std::vector<double> s;
    const double one = 1.0;
    expr::run(t, &one, &v, s);
    autodiff::Jet2 x, y;
    x.a = autodiff::Jet1(1.0, 0);
    x.v[0] = autodiff::Jet1(1.0);
    std::vector<autodiff::Jet2> s2;
    expr::run(t, &x, &y, s2);
    // Boost.Math's J0 and I0 are accurate to a few ulps; the table to 1e-16.
    CHECK(std::abs(v - cs.f) < 1e-15);
    CHECK(std::abs(y.a.a - cs.f) < 1e-15);
    CHECK(std::abs(y.v[0].a - cs.df) < 1e-15);
    CHECK(std::abs(y.v[0].v[0] - cs.d2f) < 1e-15);
  }
}

}  // namespace
}  // namespace summit::test
