// Finite-d plain gradient descent on the RBM objective (docs/spectral.md, section `rbm`):
//   W <- W + lr d grad_W (L/n),   L/n = (1/n) sum_mu eta(W^T x_mu / sqrt d) - psi(W^T W / d),
// on n = alpha d points x_mu = z_mu + sqrt(beta) c_mu u (z ~ N(0, I_d), c ~ N(0, 1), u a random unit
// vector), drawn once (full-batch GD on a fixed data set). Gaussian hidden units:
//   d grad = C W - W (I - Q)^{-1}, C = X^T X / n;
// +-1 hidden units: d grad = (sqrt d / n) X^T tanh(X W / sqrt d) - W <h h^T>_Q.
// Time = steps x lr.
#include "models/rbm/rbm_impl.hpp"

#include "lib/gram.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace summit::rbm {

namespace {

class RbmGD final : public Microscopic {
 public:
  RbmGD(const Config& c, const Nodes* nodes, const Layout& layout, const Eigen::VectorXd& m0,
        const Eigen::MatrixXd& Q0, int d, std::uint64_t seed)
      : c_(c), nodes_(nodes), layout_(layout), d_(d), rng_(seed) {
    const int k = c.k;
    if (d < k + 2)
      throw std::invalid_argument("simulation dimension d = " + std::to_string(d) + " must be >= k + 2");
    const long long n = std::max(1LL, std::llround(c.alpha * d));
    if (n * static_cast<long long>(d) > 400'000'000LL)
      throw std::invalid_argument("simulation: n d = " + std::to_string(n * d) +
                                  " exceeds 4e8 (alpha d^2 too large for memory)");
    n_ = static_cast<int>(n);
    std::normal_distribution<double> N;
    u_.resize(d);
    for (int i = 0; i < d; ++i) u_[i] = N(rng_);
    u_.normalize();
    if (!c.gaussian || n_ < d) {
      X_.resize(n_, d);
      for (int j = 0; j < d; ++j)
        for (int i = 0; i < n_; ++i) X_(i, j) = N(rng_);
      const double sb = std::sqrt(c.beta);
      for (int i = 0; i < n_; ++i) X_.row(i) += sb * N(rng_) * u_.transpose();
    }

    // Initial weights: sqrt(d) u m0^T + sqrt(d) G L^T, G orthonormal columns orthogonal to u,
    // L L^T = Q0 - m0 m0^T, so that m(0) = m0 and Q(0) = Q0 exactly.
    Eigen::MatrixXd G(d, k + 1);
    G.col(0) = u_;
    for (int a = 1; a <= k; ++a)
      for (int i = 0; i < d; ++i) G(i, a) = N(rng_);
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(G);
    const Eigen::MatrixXd B = (qr.householderQ() * Eigen::MatrixXd::Identity(d, k + 1)).rightCols(k);
    const Eigen::MatrixXd K = Q0 - m0 * m0.transpose();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(K);
    const Eigen::MatrixXd Lt = es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() *
                               es.eigenvectors().transpose();  // Lt^T Lt = K
    const double sd = std::sqrt(double(d));
    W_ = sd * u_ * m0.transpose() + sd * B * Lt;

    if (c.gaussian) {
      spectral_setup(c, nodes, d, m0.size());
      X_.resize(0, 0);
    }
  }

  void advance(double dt) override {
    const long long target = std::llround((t_ + dt) / c_.lr);
    while (steps_ < target) step();
    t_ = double(steps_) * c_.lr;
  }
  double time() const override { return t_; }

  Vec measure() const override {
    const int k = c_.k;
    const double sd = std::sqrt(double(d_));
    if (!c_.gaussian) {
      Vec x = Vec::Zero(layout_.size());
      const Eigen::VectorXd m = W_.transpose() * u_ / sd;
      for (int a = 0; a < k; ++a) x[layout_.block("m").index(a)] = m[a];
      gram::pack_symmetric(layout_.block("Q"), W_.transpose() * W_ / double(d_), x);
      return x;
    }
    const int J = static_cast<int>(nodes_->lam.size());
    SpectralState st;
    st.o = Eigen::VectorXd::Zero(k);
    st.s0 = Eigen::VectorXd::Zero(k);
    st.Pedge = st.P0 = Eigen::MatrixXd::Zero(k, k);
    st.P.assign(J, Eigen::MatrixXd::Zero(k, k));
    st.s.assign(J, Eigen::VectorXd::Zero(k));
    const Eigen::MatrixXd& Y = W_;  // d x k, eigenbasis coordinates
    for (Eigen::Index i = 0; i < Y.rows(); ++i) {
      const Eigen::VectorXd y = Y.row(i).transpose();
      const Eigen::MatrixXd yy = y * y.transpose() / double(d_);
      const Eigen::VectorXd us = uV_[i] * y / sd;
      switch (bin_[i]) {
        case kOutlier: {
          // Amplitude on the outlier eigenvector, oriented along u. The theory's spike overlap of
          // this component is sqrt(cos2) o (the d -> infinity cos^2); the finite-d remainder
          // (|u.v1| - sqrt(cos2)) o is assigned to the top bulk node, so that the observables m
          // and Q of a measured state are the exact finite-d overlaps.
          st.o = (uV_[i] >= 0 ? 1.0 : -1.0) * y / sd;
          st.s[0] += (std::abs(uV_[i]) - std::sqrt(nodes_->cos2)) * st.o;
          break;
        }
        case kZero: st.P0 += yy; st.s0 += us; break;
        default: st.P[bin_[i]] += yy; st.s[bin_[i]] += us;
      }
    }
    return pack(layout_, st);
  }

 private:
  static constexpr int kOutlier = -1, kZero = -3;

  // Gaussian hidden units: the objective depends on the data only through C = X^T X / n. For
  // n >= d, C is drawn from its exact law, Sigma^{1/2} (L L^T / n) Sigma^{1/2} with the Bartlett
  // factor L of a white Wishart(n, I_d) matrix (cheaper than X^T X). C = Q_h T Q_h^T
  // (Householder tridiagonalisation); the eigenvalues of T, and for each non-zero one its
  // eigenvector y_i by inverse iteration on T (O(d) each), give the coordinates y_i^T Q_h^T [u, W0]
  // of u and W0 in the eigenbasis of C without forming the d x d eigenvector matrix. The null space
  // of C (n < d) is kept as k + 1 rows whose Gram matrix is that of the projections of [u, W0] on it
  // (GD acts on it by right multiplication only).
  void spectral_setup(const Config& c, const Nodes* nodes, int d, Eigen::Index k) {
    Eigen::MatrixXd C;
    if (n_ >= d) {
      std::normal_distribution<double> N;
      Eigen::MatrixXd L = Eigen::MatrixXd::Zero(d, d);
      for (int i = 0; i < d; ++i) {
        std::chi_squared_distribution<double> chi(double(n_ - i));
        L(i, i) = std::sqrt(chi(rng_));
        for (int j = 0; j < i; ++j) L(i, j) = N(rng_);
      }
      C = Eigen::MatrixXd::Zero(d, d);
      C.selfadjointView<Eigen::Lower>().rankUpdate(L, 1.0 / n_);
      C = C.selfadjointView<Eigen::Lower>();
      // Sigma^{1/2} A Sigma^{1/2} with Sigma^{1/2} = I + (s - 1) u u^T.
      const double s1 = std::sqrt(1 + c.beta) - 1;
      const Eigen::VectorXd Au = C * u_;
      const double uAu = u_.dot(Au);
      C += s1 * (u_ * Au.transpose() + Au * u_.transpose()) + s1 * s1 * uAu * u_ * u_.transpose();
    } else {
      C = Eigen::MatrixXd::Zero(d, d);
      C.selfadjointView<Eigen::Lower>().rankUpdate(X_.transpose(), 1.0 / n_);
      C = C.selfadjointView<Eigen::Lower>();
    }
    Eigen::Tridiagonalization<Eigen::MatrixXd> tr(C);
    C.resize(0, 0);
    Eigen::MatrixXd B(d, k + 1);
    B.col(0) = u_;
    B.rightCols(k) = W_;
    const Eigen::MatrixXd Bt = tr.matrixQ().adjoint() * B;
    const Eigen::VectorXd diag = tr.diagonal(), sub = tr.subDiagonal();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
    es.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
    const Eigen::VectorXd lam = es.eigenvalues();  // increasing
    const int zeros = std::max(0, d - n_);
    const int rows = (d - zeros) + (zeros > 0 ? static_cast<int>(k) + 1 : 0);
    Eigen::MatrixXd Y(rows, k + 1);
    lam_.resize(rows);
    bin_.assign(rows, 0);
    Eigen::MatrixXd gram_nonzero = Eigen::MatrixXd::Zero(k + 1, k + 1);
    std::mt19937_64 rng(12345);
    std::normal_distribution<double> N;
    int r = 0;
    const double scale = std::max(1.0, std::abs(lam[d - 1]));
    for (int i = zeros; i < d; ++i, ++r) {
      Eigen::VectorXd y(d);
      for (int j = 0; j < d; ++j) y[j] = N(rng);
      for (int it = 0; it < 3; ++it) {
        tridiagonal_solve(diag, sub, lam[i] + 1e-13 * scale, y);
        y.normalize();
      }
      Y.row(r) = y.transpose() * Bt;
      gram_nonzero += Y.row(r).transpose() * Y.row(r);
      lam_[r] = lam[i];
    }
    if (zeros > 0) {
      // The null-space block: rows R with R^T R = B^T B - (projections on the non-zero part).
      const Eigen::MatrixXd G0 = Bt.transpose() * Bt - gram_nonzero;
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eg(G0);
      const Eigen::MatrixXd R = eg.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() *
                                eg.eigenvectors().transpose();
      for (int a = 0; a <= k; ++a, ++r) {
        Y.row(r) = R.row(a);
        lam_[r] = 0;
        bin_[r] = kZero;
      }
    }
    uV_ = Y.col(0);
    W_ = Y.rightCols(k);
    const int J = static_cast<int>(nodes->lam.size());
    for (int i = 0; i < d - zeros; ++i) {
      if (i == d - zeros - 1 && nodes->outlier) {
        bin_[i] = kOutlier;
        continue;
      }
      // Bulk eigenvalues go to the nearest interior node (the edge node carries no weight from a
      // spike-plus-isotropic start, and no spike overlap in the theory).
      int best = 0;
      double dist = std::abs(lam_[i] - nodes->lam[0]);
      for (int j = 1; j < J; ++j)
        if (std::abs(lam_[i] - nodes->lam[j]) < dist) {
          dist = std::abs(lam_[i] - nodes->lam[j]);
          best = j;
        }
      bin_[i] = best;
    }
  }

  // Solves (T - sigma I) x = b in place for the symmetric tridiagonal T (diagonal a, off-diagonal
  // e) by Gaussian elimination with partial pivoting (LAPACK dgttrf/dgttrs); zero pivots are
  // replaced by a tiny number (inverse iteration at an eigenvalue).
  static void tridiagonal_solve(const Eigen::VectorXd& a, const Eigen::VectorXd& e, double sigma,
                                Eigen::VectorXd& x) {
    const int n = static_cast<int>(a.size());
    const double tiny = 1e-300;
    std::vector<double> dl(e.data(), e.data() + e.size()), du(dl), dd(n), du2(std::max(n - 2, 0), 0.0);
    std::vector<char> swapped(std::max(n - 1, 0), 0);
    for (int i = 0; i < n; ++i) dd[i] = a[i] - sigma;
    for (int i = 0; i < n - 1; ++i) {
      if (std::abs(dd[i]) >= std::abs(dl[i])) {
        if (dd[i] == 0) dd[i] = tiny;
        const double f = dl[i] / dd[i];
        dl[i] = f;
        dd[i + 1] -= f * du[i];
      } else {
        const double f = dd[i] / dl[i];
        dd[i] = dl[i];
        dl[i] = f;
        const double t = du[i];
        du[i] = dd[i + 1];
        dd[i + 1] = t - f * dd[i + 1];
        if (i < n - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -f * du[i + 1];
        }
        swapped[i] = 1;
      }
    }
    if (dd[n - 1] == 0) dd[n - 1] = tiny;
    for (int i = 0; i < n - 1; ++i) {
      if (swapped[i]) std::swap(x[i], x[i + 1]);
      x[i + 1] -= dl[i] * x[i];
    }
    x[n - 1] /= dd[n - 1];
    if (n > 1) x[n - 2] = (x[n - 2] - du[n - 2] * x[n - 1]) / dd[n - 2];
    for (int i = n - 3; i >= 0; --i) x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / dd[i];
  }

  void step() {
    const int k = c_.k;
    const Eigen::MatrixXd Q = W_.transpose() * W_ / double(d_);
    Eigen::MatrixXd grad;
    if (c_.gaussian) {
      const Eigen::MatrixXd S = (Eigen::MatrixXd::Identity(k, k) - Q).inverse();
      grad = lam_.asDiagonal() * W_ - W_ * S;  // C W in the eigenbasis
    } else {
      const double sd = std::sqrt(double(d_));
      const Eigen::MatrixXd T = (X_ * W_ / sd).array().tanh().matrix();
      grad = (sd / n_) * (X_.transpose() * T) - W_ * rademacher_second_moment(Q);
    }
    W_ += c_.lr * grad;
    ++steps_;
    if (!W_.allFinite()) throw std::runtime_error("simulation: GD diverged (lr too large?)");
  }

  Config c_;
  const Nodes* nodes_;
  const Layout& layout_;
  int d_, n_ = 0;
  std::mt19937_64 rng_;
  Eigen::VectorXd u_, uV_, lam_;
  Eigen::MatrixXd X_, W_;
  std::vector<int> bin_;
  long long steps_ = 0;
  double t_ = 0;
};

}  // namespace

std::unique_ptr<Microscopic> make_gd(const Config& c, const Nodes* nodes, const Layout& layout,
                                     const Eigen::VectorXd& m0, const Eigen::MatrixXd& Q0, int d,
                                     std::uint64_t seed) {
  return std::make_unique<RbmGD>(c, nodes, layout, m0, Q0, d, seed);
}

}  // namespace summit::rbm
