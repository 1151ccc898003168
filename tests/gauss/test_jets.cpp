// Exact derivatives through Ceres Jets: every expectation of lib/gauss, differentiated with
// respect to each covariance entry (Jet<double, N>), and twice (nested Jets), against central
// finite differences; derivatives along degenerate sets (repeated arguments) as the committee
// model uses them.
#include "gauss_test_util.hpp"
#include "lib/gauss/erf.hpp"
#include "lib/gauss/linear.hpp"
#include "lib/gauss/orthant.hpp"
#include "lib/gauss/relu.hpp"

#include <ceres/jet.h>

#include <functional>

namespace {

using namespace summit::gauss;
using summit::gauss::test::central_fd;
using summit::gauss::test::fd_close;

// f maps a vector of covariance entries (as T) to a T. Compares the Jet gradient at x with
// central differences of the double version, entry by entry.
template <int N, class F>
void check_gradient(const std::string& what, const F& f, const std::vector<double>& x) {
  using J = ceres::Jet<double, N>;
  REQUIRE(static_cast<int>(x.size()) == N);
  std::vector<J> xj(N);
  for (int k = 0; k < N; ++k) xj[k] = J(x[k], k);
  const J y = f(xj);
  CHECK(y.a == doctest::Approx(f(x)).epsilon(1e-14));
  for (int k = 0; k < N; ++k) {
    const double fd = central_fd([&](const std::vector<double>& v) { return f(v); }, x, k);
    INFO(what << ": d/dx" << k << " jet " << y.v[k] << " fd " << fd);
    CHECK(std::isfinite(y.v[k]));
    CHECK(fd_close(y.v[k], fd));
  }
}

// Nested Jets: the Hessian entry d2 f / dx_i dx_k against central differences of the (Jet)
// gradient component i in direction k.
template <int N, class F>
void check_hessian(const std::string& what, const F& f, const std::vector<double>& x) {
  using J = ceres::Jet<double, N>;
  using JJ = ceres::Jet<J, N>;
  std::vector<JJ> xjj(N);
  for (int k = 0; k < N; ++k) {
    xjj[k] = JJ(J(x[k], k));
    xjj[k].v[k] = J(1.0);
  }
  const JJ y = f(xjj);
  auto grad_i = [&](const std::vector<double>& v, int i) {
    std::vector<J> vj(N);
    for (int k = 0; k < N; ++k) vj[k] = J(v[k], k);
    return f(vj).v[i];
  };
  for (int i = 0; i < N; ++i)
    for (int k = 0; k < N; ++k) {
      const double fd =
          central_fd([&](const std::vector<double>& v) { return grad_i(v, i); }, x, k);
      const double h = y.v[i].v[k];
      INFO(what << ": d2/dx" << i << "dx" << k << " jet " << h << " fd " << fd);
      CHECK(std::isfinite(h));
      CHECK(std::abs(h - fd) <= 1e-5 * std::abs(fd) + 1e-6);
    }
}

Eigen::MatrixXd generic_cov() {
  std::mt19937_64 rng(2024);
  return random_spd(4, rng);
}

template <class Act>
void check_activation_gradients() {
  const Eigen::MatrixXd C = generic_cov();
  const std::string n = Act::name;
  check_gradient<3>(
      n + " I2", [](const auto& x) { return Act::I2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  check_gradient<3>(
      n + " J2", [](const auto& x) { return Act::J2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  check_gradient<6>(
      n + " I3", [](const auto& x) { return Act::I3(test::cov3_from(x)); },
      test::flat(make_cov3(C, {0, 1, 2})));
  check_gradient<10>(
      n + " I4", [](const auto& x) { return Act::I4(test::cov4_from(x)); },
      test::flat(make_cov4(C, {0, 1, 2, 3})));
}

TEST_CASE("jets: gradients of the erf, ReLU and linear expectations match finite differences") {
  check_activation_gradients<Erf>();
  check_activation_gradients<Relu>();
  check_activation_gradients<Linear>();
  const Eigen::MatrixXd C = generic_cov();
  check_gradient<10>(
      "P4", [](const auto& x) { return P4(test::cov4_from(x)); },
      test::flat(make_cov4(C, {0, 1, 2, 3})));
}

TEST_CASE("jets: second derivatives (nested Jets) match finite differences of the gradient") {
  const Eigen::MatrixXd C = generic_cov();
  check_hessian<10>(
      "erf I4", [](const auto& x) { return Erf::I4(test::cov4_from(x)); },
      test::flat(make_cov4(C, {0, 1, 2, 3})));
  check_hessian<6>(
      "erf I3", [](const auto& x) { return Erf::I3(test::cov3_from(x)); },
      test::flat(make_cov3(C, {0, 1, 2})));
  check_hessian<3>(
      "relu I2", [](const auto& x) { return Relu::I2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  check_hessian<6>(
      "relu I3", [](const auto& x) { return Relu::I3(test::cov3_from(x)); },
      test::flat(make_cov3(C, {0, 1, 2})));
  check_hessian<10>(
      "relu I4", [](const auto& x) { return Relu::I4(test::cov4_from(x)); },
      test::flat(make_cov4(C, {0, 1, 2, 3})));
  check_hessian<10>(
      "P4", [](const auto& x) { return P4(test::cov4_from(x)); },
      test::flat(make_cov4(C, {0, 1, 2, 3})));
  check_hessian<3>(
      "relu J2", [](const auto& x) { return Relu::J2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  check_hessian<3>(
      "erf I2", [](const auto& x) { return Erf::I2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  check_hessian<3>(
      "erf J2", [](const auto& x) { return Erf::J2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  check_hessian<10>(
      "linear I4", [](const auto& x) { return Linear::I4(test::cov4_from(x)); },
      test::flat(make_cov4(C, {0, 1, 2, 3})));
  check_hessian<3>(
      "linear J2", [](const auto& x) { return Linear::J2(test::cov2_from(x)); },
      test::flat(make_cov2(C, {0, 1})));
  // The merged closed form of ReLU I4(a, a, c, d) with nested Jets (shared variables).
  check_hessian<6>("relu I4(a,a,c,d)",
                   [](const auto& x) {
                     return Relu::I4(Cov4<std::decay_t<decltype(x[0])>>{
                         x[0], x[0], x[1], x[2], x[0], x[3], x[4], x[3], x[4], x[5]});
                   },
                   {C(0, 0), C(2, 2), C(3, 3), C(0, 2), C(0, 3), C(2, 3)});
}

// Along a degenerate set the committee model passes the same Jet for equal entries: e.g.
// I4(l_i, l_i, x, y) is Cov4{q, q, cc, dd, q, ac, ad, ac, ad, cd}. The derivative with respect to
// the shared variables must match finite differences of that reduced function.
TEST_CASE("jets: derivatives along repeated arguments (merged fields) match finite differences") {
  const Eigen::MatrixXd C = generic_cov();
  // I4(a, a, c, d): variables (q, cc, dd, ac, ad, cd).
  auto i4_aacd = [](const auto& x) {
    return Relu::I4(Cov4<std::decay_t<decltype(x[0])>>{x[0], x[0], x[1], x[2], x[0], x[3], x[4],
                                                       x[3], x[4], x[5]});
  };
  check_gradient<6>("relu I4(a,a,c,d)", i4_aacd,
                    {C(0, 0), C(2, 2), C(3, 3), C(0, 2), C(0, 3), C(2, 3)});
  // I4(a, b, c, c): variables (aa, bb, q, ab, ac, bc).
  auto i4_abcc = [](const auto& x) {
    return Relu::I4(Cov4<std::decay_t<decltype(x[0])>>{x[0], x[1], x[2], x[2], x[3], x[4], x[4],
                                                       x[5], x[5], x[2]});
  };
  check_gradient<6>("relu I4(a,b,c,c)", i4_abcc,
                    {C(0, 0), C(1, 1), C(2, 2), C(0, 1), C(0, 2), C(1, 2)});
  // I4(a, b, a, d): variables (q, bb, dd, ab, ad, bd).
  auto i4_abad = [](const auto& x) {
    return Relu::I4(Cov4<std::decay_t<decltype(x[0])>>{x[0], x[1], x[0], x[2], x[3], x[0], x[4],
                                                       x[3], x[5], x[4]});
  };
  check_gradient<6>("relu I4(a,b,a,d)", i4_abad,
                    {C(0, 0), C(1, 1), C(3, 3), C(0, 1), C(0, 3), C(1, 3)});
  // I2(a, a) = C_aa / 2 and I3(a, b, a) = C_ab / 2 for ReLU; J2(a, a) = 1/2.
  check_gradient<1>("relu I2(a,a)",
                    [](const auto& x) {
                      return Relu::I2(test::cov2_from(std::vector{x[0], x[0], x[0]}));
                    },
                    {C(0, 0)});
  auto i3_aba = [](const auto& x) {
    return Relu::I3(Cov3<std::decay_t<decltype(x[0])>>{x[0], x[1], x[0], x[2], x[0], x[2]});
  };
  check_gradient<3>("relu I3(a,b,a)", i3_aba, {C(0, 0), C(1, 1), C(0, 1)});
  // c = 2a: perfectly correlated but not a duplicate, so the Plackett path runs on a singular
  // covariance. Variables (q, bb, dd, ab, ad, bd); C_ac = 2q, C_cc = 4q, C_bc = 2ab, C_cd = 2ad.
  auto i4_ab2ad = [](const auto& x) {
    using T = std::decay_t<decltype(x[0])>;
    const T two = lift<T>(2.0), four = lift<T>(4.0);
    return Relu::I4(Cov4<T>{x[0], x[1], four * x[0], x[2], x[3], two * x[0], x[4], two * x[3], x[5],
                            two * x[4]});
  };
  check_gradient<6>("relu I4(a,b,2a,d)", i4_ab2ad,
                    {C(0, 0), C(1, 1), C(3, 3), C(0, 1), C(0, 3), C(1, 3)});
  // Erf is smooth everywhere: its I4(a, a, c, d) needs no special treatment.
  auto erf_aacd = [](const auto& x) {
    return Erf::I4(Cov4<std::decay_t<decltype(x[0])>>{x[0], x[0], x[1], x[2], x[0], x[3], x[4],
                                                      x[3], x[4], x[5]});
  };
  check_gradient<6>("erf I4(a,a,c,d)", erf_aacd,
                    {C(0, 0), C(2, 2), C(3, 3), C(0, 2), C(0, 3), C(2, 3)});
}

// At a perfectly correlated pair with different norms (rho = 1 exactly, not a merged duplicate),
// the ReLU I2 uses the tangent continuation of h: Jets give the one-sided derivatives
// d kappa / d C_ab = 1/2 and d kappa / d C_aa = d kappa / d C_bb = 0.
TEST_CASE("jets: ReLU I2 at rho = 1 has the one-sided derivatives") {
  using J = ceres::Jet<double, 3>;
  const J v = Relu::I2(Cov2<J>{J(1.0, 0), J(4.0, 1), J(2.0, 2)});
  CHECK(v.a == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(std::abs(v.v[0]) < 1e-15);
  CHECK(std::abs(v.v[1]) < 1e-15);
  CHECK(v.v[2] == doctest::Approx(0.5).epsilon(1e-15));
}

// Exactly singular covariances (student = teacher) give finite Jets, no NaN.
TEST_CASE("jets: finite derivatives at exactly singular covariances") {
  using J = ceres::Jet<double, 10>;
  std::mt19937_64 rng(99);
  for (int it = 0; it < 30; ++it) {
    Eigen::MatrixXd L(4, 4);
    std::normal_distribution<double> normal;
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) L(i, j) = normal(rng);
    L.row((it + 2) % 4) = L.row(it % 4);
    const Eigen::MatrixXd C = L * L.transpose();
    std::vector<double> x = test::flat(make_cov4(C, {0, 1, 2, 3}));
    std::vector<J> xj(10);
    for (int k = 0; k < 10; ++k) xj[k] = J(x[k], k);
    const J r = Relu::I4(test::cov4_from(xj));
    const J p = P4(test::cov4_from(xj));
    const J e = Erf::I4(test::cov4_from(xj));
    CHECK(std::isfinite(r.a));
    CHECK(std::isfinite(p.a));
    CHECK(std::isfinite(e.a));
    CHECK(r.v.allFinite());
    CHECK(e.v.allFinite());
  }
}

}  // namespace
