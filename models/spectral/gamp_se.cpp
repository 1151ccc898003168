#include "models/spectral/gamp_se.hpp"

#include "lib/gauss/quadrature.hpp"
#include "models/spectral/gamp_se_exact.hpp"
#include "models/spectral/gamp_se_model.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

namespace summit::spectral {

namespace {

double Phi(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }
double phi(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }

// g_out for the p = 1 channels (abs, square: the posterior on z = +-|z| is the same).
double g_abs(double z, double omega, double V) {
  return (z * std::tanh(z * omega / V) - omega) / V;
}

}  // namespace

bool gamp_supported(const std::string& channel) {
  return channel == "abs" || channel == "square" || channel == "sign-z1z2";
}

double gamp_qhat_over_alpha(const std::string& channel, double q, int nodes) {
  if (!(q >= 0 && q < 1)) throw std::invalid_argument("gamp state evolution: q must be in [0, 1)");
  const gauss::Rule& R = gauss::gauss_hermite(nodes);  // weight phi(z), weights sum to 1
  const double V = 1 - q, s = std::sqrt(V), sq = std::sqrt(q);
  double e = 0;
  if (channel == "abs" || channel == "square") {
    for (int i = 0; i < nodes; ++i)
      for (int j = 0; j < nodes; ++j) {
        const double omega = sq * R.x[i], z = omega + s * R.x[j];
        const double g = g_abs(z, omega, V);
        e += R.w[i] * R.w[j] * g * g;
      }
    return e;
  }
  if (channel == "sign-z1z2") {
    // Given omega: E[g_1^2] = phi(w1/s)^2 (2 Phi(w2/s) - 1)^2 / (V P(+) P(-)), with
    // P(+-) = P(sign(z1 z2) = +-1) (the numerators E[(z1 - omega1) 1{y}] = +- s phi1 (2 p2 - 1)).
    for (int i = 0; i < nodes; ++i)
      for (int j = 0; j < nodes; ++j) {
        const double a1 = sq * R.x[i] / s, a2 = sq * R.x[j] / s;
        const double p1 = Phi(a1), p2 = Phi(a2);
        const double Pp = p1 * p2 + (1 - p1) * (1 - p2), Pm = p1 * (1 - p2) + (1 - p1) * p2;
        const double den = V * Pp * Pm;
        if (den <= 0) continue;  // both tails underflow: the numerator vanishes faster
        const double num = phi(a1) * (2 * p2 - 1);
        e += R.w[i] * R.w[j] * num * num / den;
      }
    return e;
  }
  throw std::invalid_argument("gamp state evolution: channel '" + channel +
                              "' has no closed-form posterior mean here (abs, square, sign-z1z2)");
}

double gamp_step(const std::string& channel, double alpha, double q, int nodes) {
  if (q >= 1 - 1e-12) return 1;
  const double qhat = alpha * gamp_qhat_over_alpha(channel, q, nodes);
  return qhat / (1 + qhat);
}

GampRun run_gamp_p1(const std::string& channel, double alpha, int d, int iterations, double q0,
                    std::uint64_t seed) {
  if (channel != "abs" && channel != "square")
    throw std::invalid_argument("run_gamp_p1: channel '" + channel + "' (abs or square only)");
  const int n = static_cast<int>(std::lround(alpha * d));
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  Eigen::MatrixXd F(n, d);
  for (int j = 0; j < d; ++j)
    for (int i = 0; i < n; ++i) F(i, j) = N(rng) / std::sqrt(double(d));
  Eigen::VectorXd w(d), noise(d);
  for (int i = 0; i < d; ++i) w[i] = N(rng);
  w *= std::sqrt(double(d)) / w.norm();
  for (int i = 0; i < d; ++i) noise[i] = N(rng);
  const Eigen::VectorXd y = (F * w).cwiseAbs();  // y = |z| (square: y = z^2 carries the same)
  const Eigen::MatrixXd F2 = F.cwiseProduct(F);
  // Start on the Nishimori line: overlap m0 = |w_hat|^2/d = q0, variances 1 - q0.
  Eigen::VectorXd wh = q0 * w + std::sqrt(q0 * (1 - q0)) * noise, vh = Eigen::VectorXd::Constant(d, 1 - q0);
  Eigen::VectorXd gprev = Eigen::VectorXd::Zero(n), g(n), dg(n);
  GampRun run;
  for (int t = 0; t < iterations; ++t) {
    const Eigen::VectorXd Vmu = F2 * vh;
    const Eigen::VectorXd omega = F * wh - Vmu.cwiseProduct(gprev);
    for (int mu = 0; mu < n; ++mu) {
      const double V = Vmu[mu], th = std::tanh(y[mu] * omega[mu] / V);
      g[mu] = (y[mu] * th - omega[mu]) / V;
      dg[mu] = (y[mu] * y[mu] * (1 - th * th) / V - 1) / V;
    }
    const Eigen::VectorXd A = -(F2.transpose() * dg);
    const Eigen::VectorXd b = F.transpose() * g + A.cwiseProduct(wh);
    for (int i = 0; i < d; ++i) {
      const double a = std::max(A[i], 1e-12);  // A is a precision: positive on the way
      wh[i] = b[i] / (1 + a);
      vh[i] = 1 / (1 + a);
    }
    gprev = g;
    run.overlap.push_back(wh.dot(w) / d);
    run.q.push_back(wh.squaredNorm() / d);
  }
  return run;
}

std::unique_ptr<Model> make_gamp_model(const ParamValues& pv, const std::string& channel,
                                       double alpha) {
  if (gamp_exact_supported(channel)) return make_gamp_exact_model(pv, channel, alpha);
  if (!gamp_supported(channel))
    throw std::invalid_argument("parameter 'state_evolution' = 'gamp': available for channels abs, "
                                "square, sign-z1z2, norm2, z1z2, abs-z1z2; channel '" +
                                channel + "' has the linearised state evolution only");
  return make_gamp_se_model(
      pv, scalar_gamp_spec([channel, alpha](double q) { return gamp_step(channel, alpha, q); }));
}

}  // namespace summit::spectral
