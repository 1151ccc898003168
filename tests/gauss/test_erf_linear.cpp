// Erf and linear closed forms (lib/gauss/erf.hpp, lib/gauss/linear.hpp) against Monte Carlo and
// exact values.
#include "gauss_test_util.hpp"
#include "lib/gauss/erf.hpp"
#include "lib/gauss/linear.hpp"

#include <numbers>

namespace {

using namespace summit::gauss;
using summit::gauss::test::check_activation_against_mc;
using summit::gauss::test::check_mc;
using summit::gauss::test::kSamples;
using summit::gauss::test::sub;

TEST_CASE("erf: I2, J2, I3, I4 agree with Monte Carlo on random SPD covariances") {
  for (std::uint64_t seed : {11u, 22u, 33u}) check_activation_against_mc<Erf>(seed);
}

TEST_CASE("erf: I4 with repeated arguments (i == k, the diagonal of dQ) agrees with Monte Carlo") {
  std::mt19937_64 rng(44);
  const Eigen::MatrixXd C = random_spd(3, rng);
  for (const std::array<int, 4> idx :
       {std::array<int, 4>{0, 0, 1, 2}, {0, 1, 0, 2}, {0, 0, 1, 1}}) {
    check_mc("erf I4 repeated", Erf::I4(make_cov4(C, idx)),
             monte_carlo(
                 sub(C, idx),
                 [](const Eigen::VectorXd& z) {
                   return Erf::dg(z[0]) * Erf::dg(z[1]) * Erf::g(z[2]) * Erf::g(z[3]);
                 },
                 kSamples, 45));
  }
}

TEST_CASE("erf: exact values at special covariances") {
  const double pi = std::numbers::pi;
  // I3 with a = b = c and unit variance: (2/pi) (1/sqrt 3) (2 - 1) / 2 = 1 / (sqrt(3) pi).
  CHECK(Erf::I3(Cov3<double>{1, 1, 1, 1, 1, 1}) ==
        doctest::Approx(1.0 / (std::sqrt(3.0) * pi)).epsilon(1e-14));
  // I2 of one unit-variance field with itself: (2/pi) asin(1/2) = 1/3.
  CHECK(Erf::I2(Cov2<double>{1, 1, 1}) == doctest::Approx(1.0 / 3.0).epsilon(1e-14));
  // J2 of independent fields: E[g'(a)] E[g'(b)] = (2/pi) / sqrt((1 + C_aa)(1 + C_bb)).
  CHECK(Erf::J2(Cov2<double>{1, 3, 0}) ==
        doctest::Approx(2.0 / pi / std::sqrt(8.0)).epsilon(1e-14));
  // nn2pp's J2 denominator sqrt(1 + C_aa + C_bb - C_ab^2 + C_aa C_bb) is the same.
  const Cov2<double> c{0.7, 1.3, 0.4};
  CHECK(Erf::J2(c) ==
        doctest::Approx(2.0 / pi / std::sqrt(1 + c.aa + c.bb - c.ab * c.ab + c.aa * c.bb))
            .epsilon(1e-14));
  // I4 with c, d independent of a, b and of each other: E[g(c)] = 0, so I4 = 0.
  CHECK(std::abs(Erf::I4(Cov4<double>{1, 1, 1, 1, 0.5, 0, 0, 0, 0, 0})) < 1e-15);
}

TEST_CASE("linear: I2, J2, I3, I4 agree with Monte Carlo and equal the covariances") {
  for (std::uint64_t seed : {55u, 66u}) check_activation_against_mc<Linear>(seed);
  const Cov4<double> c{1, 2, 3, 4, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  CHECK(Linear::I2(Cov2<double>{1, 2, 0.3}) == 0.3);
  CHECK(Linear::J2(Cov2<double>{1, 2, 0.3}) == 1.0);
  CHECK(Linear::I3(Cov3<double>{1, 2, 3, 0.1, 0.2, 0.3}) == 0.3);
  CHECK(Linear::I4(c) == 0.6);
}

}  // namespace
