#include "models/spectral/spectral_sample.hpp"

#include <Eigen/Dense>

#include <boost/math/special_functions/bessel.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

namespace summit::spectral {

namespace {

// a(y) = E[z1^2 | z1 z2 = y] = |y| K1(|y|)/K0(|y|) (derived in docs/spectral.md,
// `multi-index-weak-recovery`).
double bessel_a(double y) {
  const double ay = std::abs(y);
  return ay < 1e-300 ? 0.0 : ay * boost::math::cyl_bessel_k(1, ay) / boost::math::cyl_bessel_k(0, ay);
}

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
    // z1z2 / abs-z1z2: E[z1^2 | y] = a(y); E[z1 z2 | y] = y (z1z2 only).
    const double y = z[0] * z[1], a = bessel_a(y);
    const double off = ch == "z1z2" ? y : 0.0;
    E << a, off, off, a;
  }
  return Eigen::MatrixXd::Identity(2, 2) - E.inverse();
}

// G(y) = E[z z^T | y] - I_p from the sampled latent z (the closed forms of weak_recovery.hpp).
Eigen::MatrixXd g_matrix(const std::string& ch, const Eigen::VectorXd& z) {
  const int p = static_cast<int>(z.size());
  const double pi = std::numbers::pi;
  if (ch == "abs" || ch == "square") return Eigen::MatrixXd::Constant(1, 1, z[0] * z[0] - 1);
  if (ch == "norm2")  // y = |z|^2: E[z z^T | y] = (y/p) I_p by rotation invariance
    return (z.squaredNorm() / p - 1) * Eigen::MatrixXd::Identity(p, p);
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(2, 2);
  if (ch == "sign-z1z2") {
    G(0, 1) = G(1, 0) = 2 / pi * (z[0] * z[1] > 0 ? 1 : -1);
  } else {
    const double y = z[0] * z[1], a = bessel_a(y);
    G(0, 0) = G(1, 1) = a - 1;
    if (ch == "z1z2") G(0, 1) = G(1, 0) = y;
  }
  return G;
}

int channel_p(const std::string& ch, int p_norm2, bool allow_norm2) {
  if (ch == "abs" || ch == "square") return 1;
  if (ch == "sign-z1z2" || ch == "z1z2" || ch == "abs-z1z2") return 2;
  if (allow_norm2 && ch == "norm2") {
    if (p_norm2 < 1) throw std::invalid_argument("spectral sample: p must be >= 1 for norm2");
    return p_norm2;
  }
  throw std::invalid_argument("spectral sample: channel '" + ch + "' (abs, square, sign-z1z2, z1z2, abs-z1z2" +
                              (allow_norm2 ? ", norm2)" : ")"));
}

Eigen::MatrixXd sample_inputs(double alpha, int d, std::mt19937_64& rng, std::normal_distribution<double>& N) {
  if (d < 10) throw std::invalid_argument("spectral sample: d must be >= 10");
  if (!(alpha > 0)) throw std::invalid_argument("spectral sample: alpha must be > 0");
  const int n = std::max(1, static_cast<int>(std::lround(alpha * d)));
  Eigen::MatrixXd X(n, d);
  for (int j = 0; j < d; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = N(rng);
  return X;
}

struct TopEig {
  double theta = 0;
  Eigen::VectorXd v;
  bool converged = false;
  int products = 0;
};

// Top eigenpair of a symmetric operator by Lanczos with full reorthogonalisation (twice), started
// from q0; stops when the residual of the top Ritz pair is <= tol max(1, |theta|) (after >= 5 steps).
template <class Apply>
TopEig lanczos_top(Apply&& apply, Eigen::VectorXd q, int m_max, double tol) {
  const Eigen::Index D = q.size();
  m_max = static_cast<int>(std::min<Eigen::Index>(D, m_max));
  Eigen::MatrixXd Q(D, m_max);
  std::vector<double> a, b;
  q.normalize();
  TopEig out;
  for (int k = 0; k < m_max; ++k) {
    Q.col(k) = q;
    Eigen::VectorXd w = apply(q);
    ++out.products;
    a.push_back(q.dot(w));
    for (int rep = 0; rep < 2; ++rep) w -= Q.leftCols(k + 1) * (Q.leftCols(k + 1).transpose() * w);
    const double beta = w.norm();
    const int m = k + 1;
    Eigen::MatrixXd Tm = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < m; ++i) Tm(i, i) = a[i];
    for (int i = 0; i + 1 < m; ++i) Tm(i, i + 1) = Tm(i + 1, i) = b[i];
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(Tm);
    const double theta = es.eigenvalues()[m - 1];
    const double resid = beta * std::abs(es.eigenvectors()(m - 1, m - 1));
    const bool done = (m >= 5 || m == D) && resid <= tol * std::max(1.0, std::abs(theta));
    if (done || m == m_max || beta < 1e-14) {
      out.theta = theta;
      out.v = Q.leftCols(m) * es.eigenvectors().col(m - 1);
      out.converged = done || resid <= tol * std::max(1.0, std::abs(theta));
      return out;
    }
    b.push_back(beta);
    q = w / beta;
  }
  return out;
}

}  // namespace

SpectralSample sample_spectral_method(const std::string& ch, double alpha, int d, std::uint64_t seed) {
  const int p = channel_p(ch, 0, false);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  const Eigen::MatrixXd X = sample_inputs(alpha, d, rng, N);
  const int n = static_cast<int>(X.rows());
  std::vector<Eigen::MatrixXd> T(n);
  for (int i = 0; i < n; ++i) T[i] = preprocessing(ch, X.row(i).head(p).transpose());

  // v in R^{dp} as a d x p matrix V (column-major: the kron index (i, a) -> i + a d).
  auto apply = [&](const Eigen::VectorXd& v) {
    const Eigen::Map<const Eigen::MatrixXd> V(v.data(), d, p);
    Eigen::MatrixXd XV = X * V;  // n x p
    for (int i = 0; i < n; ++i) XV.row(i) = XV.row(i) * T[i];  // T symmetric
    Eigen::VectorXd out(d * p);
    Eigen::Map<Eigen::MatrixXd>(out.data(), d, p) = X.transpose() * XV / n;
    return out;
  };
  Eigen::VectorXd q(d * p);
  for (int i = 0; i < d * p; ++i) q[i] = N(rng);
  const TopEig t = lanczos_top(apply, q, 300, 1e-6);
  const Eigen::Map<const Eigen::MatrixXd> V(t.v.data(), d, p);
  SpectralSample s;
  s.top_eigenvalue = t.theta;
  s.subspace_overlap = V.topRows(p).squaredNorm() / V.squaredNorm();
  s.converged = t.converged;
  s.products = t.products;
  return s;
}

SpectralData sample_spectral_data(const std::string& ch, double alpha, int d, std::uint64_t seed, int p) {
  SpectralData s;
  s.p = channel_p(ch, p, true);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  s.X = sample_inputs(alpha, d, rng, N);
  s.n = static_cast<int>(s.X.rows());
  s.d = d;
  s.G.resize(s.n);
  for (int i = 0; i < s.n; ++i) s.G[i] = g_matrix(ch, s.X.row(i).head(s.p).transpose());
  return s;
}

AsymmetricSample asymmetric_spectral_method(const SpectralData& data) {
  const int n = data.n, d = data.d, p = data.p;
  const Eigen::MatrixXd& X = data.X;
  // Eigen-decompositions G_mu = Q_mu diag(g_mu) Q_mu^T, for T_lambda and its lambda-derivative.
  std::vector<Eigen::MatrixXd> Qs(n);
  Eigen::MatrixXd g(n, p);
  double gmax = 0;
  for (int i = 0; i < n; ++i) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(data.G[i]);
    Qs[i] = es.eigenvectors();
    g.row(i) = es.eigenvalues().transpose();
    gmax = std::max(gmax, es.eigenvalues().maxCoeff());
  }
  // A guaranteed start above every real eigenvalue of L: |M_lambda| <= (|X|^2/d) max |T_lambda| with
  // |X|_2^2 <= |X|_1 |X|_inf and |T_lambda| <= max(gmax/(gmax + lambda), 1/(lambda - 1)) for
  // lambda > 1 (eigenvalues of G in [-1, gmax]); so phi(lambda) < lambda beyond lambda_hi.
  const double S = X.cwiseAbs().colwise().sum().maxCoeff() * X.cwiseAbs().rowwise().sum().maxCoeff() / d;
  double lambda = std::max({kAsymLambdaMin, 1 + S, gmax * (S - 1)}) + 1;

  AsymmetricSample out;
  out.top_eigenvalue = kAsymLambdaMin;
  std::vector<Eigen::MatrixXd> T(n);
  auto set_T = [&](double lam) {
    for (int i = 0; i < n; ++i)
      T[i] = Qs[i] * (g.row(i).array() / (g.row(i).array() + lam)).matrix().asDiagonal() * Qs[i].transpose();
  };
  auto apply = [&](const Eigen::VectorXd& v) {
    const Eigen::Map<const Eigen::MatrixXd> V(v.data(), d, p);
    Eigen::MatrixXd XV = X * V;
    for (int i = 0; i < n; ++i) XV.row(i) = XV.row(i) * T[i];
    Eigen::VectorXd o(d * p);
    Eigen::Map<Eigen::MatrixXd>(o.data(), d, p) = X.transpose() * XV / d;
    return o;
  };
  std::mt19937_64 rng(0x5eed + static_cast<std::uint64_t>(n) * 7919);
  std::normal_distribution<double> N;
  Eigen::VectorXd v(d * p);
  for (int i = 0; i < d * p; ++i) v[i] = N(rng);
  Eigen::VectorXd noise(d * p);
  // phi(lambda) = lambda mu_top(M_lambda) and phi'(lambda) = (1/d) sum |G (G + lambda)^{-1} h_mu|^2,
  // h_mu = V^T x_mu (Hellmann-Feynman on lambda M_lambda with the unit top eigenvector V).
  struct Eval {
    double phi, dphi;
    Eigen::VectorXd v;
    bool ok;
  };
  double tol = 1e-6;  // Lanczos residual: tightened as phi approaches lambda (below)
  auto evaluate = [&](double lam) {
    set_T(lam);
    for (int i = 0; i < d * p; ++i) noise[i] = N(rng);
    // warm start from the previous eigenvector, with a little noise so the start is never
    // orthogonal to the new top eigenvector
    const TopEig t = lanczos_top(apply, v.normalized() + 1e-3 * noise / std::sqrt(double(d * p)), 600, tol);
    out.products += t.products;
    ++out.iterations;
    const Eigen::Map<const Eigen::MatrixXd> V(t.v.data(), d, p);
    const Eigen::MatrixXd H = X * V;  // rows h_mu^T
    double dphi = 0;
    for (int i = 0; i < n; ++i) {
      const Eigen::VectorXd r = Qs[i].transpose() * H.row(i).transpose();
      dphi += (r.array() * g.row(i).transpose().array() / (g.row(i).transpose().array() + lam)).square().sum();
    }
    return Eval{lam * t.theta, dphi / d, t.v, t.converged};
  };

  bool settled = false, all_ok = true;
  Eval cur = evaluate(lambda);
  for (int it = 0; it < 200; ++it) {
    all_ok = all_ok && cur.ok;
    v = cur.v;
    // residual 1e-3 of the current gap |phi - lambda|/lambda, within [1e-10, 1e-6]: the top Ritz
    // value is then accurate far beyond the step being decided
    tol = std::clamp(1e-3 * std::abs(cur.phi - lambda) / lambda, 1e-10, 1e-6);
    if (std::abs(cur.phi - lambda) <= 1e-8 * lambda) {  // fixed point: an eigenvalue of L
      out.outlier = true;
      settled = true;
      break;
    }
    if (cur.phi < kAsymLambdaMin) {  // lambda >= largest root, so every root is <= phi < min
      settled = true;
      break;
    }
    // phi < lambda here (lambda lies above every fixed point). The safe step is phi (monotone
    // iteration from above); Newton on phi(lambda) - lambda is taken when it lands where
    // phi <= lambda (checked), i.e. it did not jump past the largest fixed point.
    if (cur.dphi < 1) {
      const double newton = lambda - (lambda - cur.phi) / (1 - cur.dphi);
      if (newton < cur.phi && newton > kAsymLambdaMin) {
        Eval en = evaluate(newton);
        if (en.phi <= newton || std::abs(en.phi - newton) <= 1e-8 * newton) {
          lambda = newton;
          cur = std::move(en);
          continue;
        }
        all_ok = all_ok && en.ok;
      }
    }
    lambda = cur.phi;
    cur = evaluate(lambda);
  }
  out.converged = settled && all_ok;
  if (out.outlier) {
    out.top_eigenvalue = lambda;
    const Eigen::Map<const Eigen::MatrixXd> W(v.data(), d, p);
    out.W = W / W.norm();
    out.subspace_overlap = out.W.topRows(p).squaredNorm();
  }
  return out;
}

AsymmetricSample sample_asymmetric_spectral_method(const std::string& channel, double alpha, int d,
                                                   std::uint64_t seed, int p) {
  return asymmetric_spectral_method(sample_spectral_data(channel, alpha, d, seed, p));
}

}  // namespace summit::spectral
