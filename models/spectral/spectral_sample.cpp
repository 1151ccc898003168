#include "models/spectral/spectral_sample.hpp"

#include <Eigen/Dense>

#include <boost/math/special_functions/bessel.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

namespace summit::spectral {

namespace {

// T(y) = G (G + I)^{-1} = I - E[z z^T | y]^{-1} for the channel, from the sampled latent z.
Eigen::MatrixXd preprocessing(const std::string& ch, const Eigen::VectorXd& z) {
  const double pi = std::numbers::pi;
  if (ch == "abs" || ch == "square") {  // E[z^2 | y] = z^2: T = 1 - 1/z^2, bounded here as in
    // spectral_p1 by the same-information form T = (z^2 - 1)/(z^2 + 1) (the p = 1 observables)
    const double s = z[0] * z[0];
    return Eigen::MatrixXd::Constant(1, 1, (s - 1) / (s + 1));
  }
  Eigen::MatrixXd E(2, 2);  // E[z z^T | y]
  if (ch == "sign-z1z2") {
    const double y = z[0] * z[1] > 0 ? 1 : -1;
    E << 1, 2 / pi * y, 2 / pi * y, 1;
  } else {
    // z1z2 / abs-z1z2: E[z1^2 | y] = a(y) = |y| K1(|y|)/K0(|y|); E[z1 z2 | y] = y (z1z2 only).
    const double y = z[0] * z[1], ay = std::abs(y);
    const double a = ay < 1e-300 ? 0.0 : ay * boost::math::cyl_bessel_k(1, ay) / boost::math::cyl_bessel_k(0, ay);
    const double off = ch == "z1z2" ? y : 0.0;
    E << a, off, off, a;
  }
  return Eigen::MatrixXd::Identity(2, 2) - E.inverse();
}

}  // namespace

SpectralSample sample_spectral_method(const std::string& ch, double alpha, int d, std::uint64_t seed) {
  int p;
  if (ch == "abs" || ch == "square") p = 1;
  else if (ch == "sign-z1z2" || ch == "z1z2" || ch == "abs-z1z2") p = 2;
  else
    throw std::invalid_argument("spectral sample: channel '" + ch +
                                "' (abs, square, sign-z1z2, z1z2, abs-z1z2)");
  if (d < 10) throw std::invalid_argument("spectral sample: d must be >= 10");
  if (!(alpha > 0)) throw std::invalid_argument("spectral sample: alpha must be > 0");
  const int n = std::max(1, static_cast<int>(std::lround(alpha * d)));
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  Eigen::MatrixXd X(n, d);
  for (int j = 0; j < d; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = N(rng);
  std::vector<Eigen::MatrixXd> T(n);
  for (int i = 0; i < n; ++i) T[i] = preprocessing(ch, X.row(i).head(p).transpose());

  // v in R^{dp} as a d x p matrix V (column-major: the kron index (i, a) -> i + a d).
  int products = 0;
  auto apply = [&](const Eigen::VectorXd& v) {
    const Eigen::Map<const Eigen::MatrixXd> V(v.data(), d, p);
    Eigen::MatrixXd XV = X * V;  // n x p
    for (int i = 0; i < n; ++i) XV.row(i) = XV.row(i) * T[i];  // T symmetric
    ++products;
    Eigen::VectorXd out(d * p);
    Eigen::Map<Eigen::MatrixXd>(out.data(), d, p) = X.transpose() * XV / n;
    return out;
  };

  const int D = d * p, m_max = std::min(D, 300);
  Eigen::MatrixXd Q(D, m_max);
  std::vector<double> a, b;
  Eigen::VectorXd q(D);
  for (int i = 0; i < D; ++i) q[i] = N(rng);
  q.normalize();
  SpectralSample s;
  for (int k = 0; k < m_max; ++k) {
    Q.col(k) = q;
    Eigen::VectorXd w = apply(q);
    a.push_back(q.dot(w));
    // full reorthogonalisation (twice is enough)
    for (int rep = 0; rep < 2; ++rep) w -= Q.leftCols(k + 1) * (Q.leftCols(k + 1).transpose() * w);
    const double beta = w.norm();
    // Ritz pairs of the tridiagonal matrix
    const int m = k + 1;
    Eigen::MatrixXd Tm = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < m; ++i) Tm(i, i) = a[i];
    for (int i = 0; i + 1 < m; ++i) Tm(i, i + 1) = Tm(i + 1, i) = b[i];
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(Tm);
    const double theta = es.eigenvalues()[m - 1];
    const double resid = beta * std::abs(es.eigenvectors()(m - 1, m - 1));
    const bool done = m >= 5 && resid <= 1e-6 * std::max(1.0, std::abs(theta));
    if (done || m == m_max || beta < 1e-14) {
      const Eigen::VectorXd v = Q.leftCols(m) * es.eigenvectors().col(m - 1);
      const Eigen::Map<const Eigen::MatrixXd> V(v.data(), d, p);
      s.top_eigenvalue = theta;
      s.subspace_overlap = V.topRows(p).squaredNorm() / V.squaredNorm();
      s.converged = done || resid <= 1e-6 * std::max(1.0, std::abs(theta));
      s.products = products;
      return s;
    }
    b.push_back(beta);
    q = w / beta;
  }
  return s;
}

}  // namespace summit::spectral
