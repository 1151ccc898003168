// The Monte-Carlo estimator and the random covariances of lib/gauss/monte_carlo.hpp.
#include "gauss_test_util.hpp"

namespace {

using namespace summit::gauss;

TEST_CASE("monte_carlo: psd_sqrt reproduces singular covariances") {
  std::mt19937_64 rng(1);
  for (int rank : {1, 2, 3, 4}) {
    const Eigen::MatrixXd C = random_psd_rank(4, rank, rng);
    const Eigen::MatrixXd L = psd_sqrt(C);
    CHECK((L * L.transpose() - C).norm() < 1e-12 * (1 + C.norm()));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(C);
    const int numerical_rank = static_cast<int>((es.eigenvalues().array() > 1e-10).count());
    CHECK(numerical_rank == rank);
  }
}

TEST_CASE("monte_carlo: random_spd is positive definite with O(1) diagonal") {
  std::mt19937_64 rng(2);
  for (int it = 0; it < 50; ++it) {
    const Eigen::MatrixXd C = random_spd(4, rng);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(C);
    CHECK(es.eigenvalues().minCoeff() >= 0.05 - 1e-12);
    CHECK(C.diagonal().maxCoeff() < 20.0);
    CHECK((C - C.transpose()).norm() == 0.0);
  }
}

// E[z0^2] for z ~ N(0, C): the true value is C_00 and the true standard error of the mean of n
// samples is sqrt(2 / n) C_00. The estimate must be close to it, and over 400 independent runs
// the interval mean +- 2 SE must cover the truth about 95% of the time (binomial sd 1.1%).
TEST_CASE("monte_carlo: the standard error is honest") {
  std::mt19937_64 rng(3);
  const Eigen::MatrixXd C = random_spd(3, rng);
  const auto sq = [](const Eigen::VectorXd& z) { return z[0] * z[0]; };
  const McEstimate big = monte_carlo(C, sq, 200000, 4);
  CHECK(big.samples == 200000);
  CHECK(big.std_error == doctest::Approx(std::sqrt(2.0 / 200000) * C(0, 0)).epsilon(0.03));
  int covered = 0;
  const int runs = 400;
  for (int r = 0; r < runs; ++r) {
    const McEstimate e = monte_carlo(C, sq, 500, 1000 + r);
    covered += std::abs(e.mean - C(0, 0)) <= 2.0 * e.std_error;
  }
  const double frac = static_cast<double>(covered) / runs;
  MESSAGE("coverage of +-2 SE: " << frac);
  CHECK(frac > 0.90);
  CHECK(frac < 0.99);
}

TEST_CASE("monte_carlo: the same seed gives the same estimate") {
  const Eigen::MatrixXd C = Eigen::MatrixXd::Identity(2, 2);
  const auto f = [](const Eigen::VectorXd& z) { return z[0] + z[1]; };
  const McEstimate a = monte_carlo(C, f, 1000, 5), b = monte_carlo(C, f, 1000, 5);
  CHECK(a.mean == b.mean);
  CHECK(a.std_error == b.std_error);
}

}  // namespace
