// The p = 1 spectral method (psi/phi equations) against sampled spectral matrices at d = 1000.
#include "models/spectral/spectral_p1.hpp"

#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>

#include <cmath>
#include <random>

using namespace summit::spectral;

namespace {
// Top eigenpair of D = (1/n) sum T(z_i) x_i x_i^T with w* = e_1 (z_i = x_i1).
std::pair<double, double> sample(double alpha, int d, const std::function<double(double)>& T,
                                 std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  const int n = static_cast<int>(std::lround(alpha * d));
  Eigen::MatrixXd X(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) X(i, j) = N(rng);
  Eigen::VectorXd t(n);
  for (int i = 0; i < n; ++i) t[i] = T(X(i, 0));
  const Eigen::MatrixXd D = X.transpose() * t.asDiagonal() * X / n;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(D);
  const double top = es.eigenvalues()[d - 1];
  const double c = es.eigenvectors()(0, d - 1);
  return {top, c * c};
}
}  // namespace

TEST_CASE("spectral p = 1: the MP edge for T = 1 (exact identity)") {
  // T = 1: D is a Wishart matrix, psi(lambda) = lambda (1/alpha + 1/(lambda - 1)) is minimal at
  // lambda = 1 + sqrt(alpha) with value (1 + alpha^{-1/2})^2, the MP edge; no outlier.
  const SpectralPrediction p = predict_p1(2.0, [](double) { return 1.0; }, 1.0);
  CHECK_FALSE(p.outlier);
  CHECK(p.bulk_edge == doctest::Approx(std::pow(1 + 1 / std::sqrt(2.0), 2)).epsilon(1e-8));
}

TEST_CASE("spectral p = 1: phase retrieval with T = (z^2 - 1)/(z^2 + 1) vs d = 1000 samples") {
  // y = |z| (or z^2), bounded preprocessing T = (y^2 - 1)/(y^2 + 1) in [-1, 1).
  // Above its threshold (alpha = 3, 6): the mean over 3 independent d = 1000 matrices of the top
  // eigenvalue and of the squared overlap vs the prediction. Measured single-draw spread: ~0.025
  // (eigenvalue) and ~0.01 (overlap), so 4 standard errors of a 3-draw mean are 0.06 and 0.025.
  const auto T = [](double z) { return (z * z - 1) / (z * z + 1); };
  for (const double alpha : {3.0, 6.0}) {
    CAPTURE(alpha);
    const SpectralPrediction p = predict_p1(alpha, T, 1.0);
    REQUIRE(p.outlier);
    double top = 0, c2 = 0;
    for (std::uint64_t seed : {17u, 18u, 19u}) {
      const auto [t, c] = sample(alpha, 1000, T, seed);
      top += t / 3;
      c2 += c / 3;
    }
    MESSAGE("alpha " << alpha << ": predicted top " << p.top_eigenvalue << ", overlap2 "
                     << p.overlap2 << "; sampled (mean of 3) " << top << ", " << c2);
    CHECK(std::abs(top - p.top_eigenvalue) < 0.06);
    CHECK(std::abs(c2 - p.overlap2) < 0.025);
  }
  // Below it (alpha = 0.8) no outlier is predicted; the sampled overlap stays small (measured
  // 0.11, 0.09, 0.045 at d = 500, 1000, 2000: it decays with d).
  const SpectralPrediction low = predict_p1(0.8, T, 1.0);
  CHECK_FALSE(low.outlier);
  CHECK(low.overlap2 == 0.0);
  CHECK(sample(0.8, 1000, T, 17).second < 0.2);
}
