// Monte-Carlo Gaussian expectations E[f(z)], z ~ N(0, C), for tests and for activations without
// closed forms, and random covariances to test them on.
//
// Contract: monte_carlo(C, f, samples, seed) returns the sample mean of f(z) over `samples`
// draws z = L xi (L the PSD square root of C, so a singular C is allowed) with its standard
// error; the same seed gives the same draws.
#pragma once

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace summit::gauss {

struct McEstimate {
  double mean = 0;       // sample mean of f
  double std_error = 0;  // sqrt(sample variance / samples): the standard error of `mean`
  long samples = 0;
};

// A square root L (L L^T = C) of a symmetric PSD matrix by eigen-decomposition, L = V sqrt(D),
// with eigenvalues below 0 (rounding) set to 0. Unlike Cholesky it accepts singular C.
inline Eigen::MatrixXd psd_sqrt(const Eigen::MatrixXd& C) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (C + C.transpose()));
  const Eigen::VectorXd d = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * d.asDiagonal();
}

// Plain (independent-sample) Monte Carlo: z = L xi with xi ~ N(0, I) from std::mt19937_64(seed)
// and std::normal_distribution. The standard error is the sample standard deviation over
// sqrt(samples), an honest estimate for independent samples (Welford's update for the variance).
template <class F>
McEstimate monte_carlo(const Eigen::MatrixXd& C, F&& f, long samples, std::uint64_t seed) {
  const Eigen::MatrixXd L = psd_sqrt(C);
  const int n = static_cast<int>(C.rows());
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::VectorXd xi(n), z(n);
  double mean = 0, m2 = 0;
  for (long k = 1; k <= samples; ++k) {
    for (int i = 0; i < n; ++i) xi[i] = normal(rng);
    for (int i = 0; i < n; ++i) {  // z = L xi (a plain loop: no temporaries per sample)
      double acc = 0;
      for (int j = 0; j < n; ++j) acc += L(i, j) * xi[j];
      z[i] = acc;
    }
    const double y = f(static_cast<const Eigen::VectorXd&>(z));
    const double delta = y - mean;
    mean += delta / static_cast<double>(k);
    m2 += delta * (y - mean);
  }
  McEstimate e;
  e.samples = samples;
  e.mean = mean;
  e.std_error =
      samples > 1 ? std::sqrt(m2 / static_cast<double>(samples - 1) / static_cast<double>(samples))
                  : 0.0;
  return e;
}

// A random n x n positive-definite covariance with O(1) diagonal and substantial correlations:
// W W^T / n + 0.05 I with W an n x (n+1) standard Gaussian matrix (Wishart with n+1 degrees of
// freedom; the ridge keeps the smallest eigenvalue >= 0.05).
template <class Rng>
Eigen::MatrixXd random_spd(int n, Rng& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd W(n, n + 1);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n + 1; ++j) W(i, j) = normal(rng);
  Eigen::MatrixXd C = W * W.transpose() / static_cast<double>(n);
  C.diagonal().array() += 0.05;
  return C;
}

// A random n x n PSD covariance of rank `rank` (singular when rank < n): W W^T / rank with W an
// n x rank standard Gaussian matrix.
template <class Rng>
Eigen::MatrixXd random_psd_rank(int n, int rank, Rng& rng) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd W(n, rank);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < rank; ++j) W(i, j) = normal(rng);
  return W * W.transpose() / static_cast<double>(std::max(rank, 1));
}

}  // namespace summit::gauss
