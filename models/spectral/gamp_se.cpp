#include "models/spectral/gamp_se.hpp"

#include "lib/gauss/quadrature.hpp"

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

namespace {

class GampStateEvolution final : public Model {
 public:
  GampStateEvolution(const ParamValues& pv, std::string channel, double alpha)
      : pv_(pv), channel_(std::move(channel)), alpha_(alpha) {
    layout_.add_scalar("q");
  }
  std::string name() const override { return "multi-index-weak-recovery"; }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return layout_; }
  std::string time_unit() const override { return "state-evolution iterations (relaxation time)"; }

  double loss(const Vec&) const override { return 0; }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = 0;
    g = Vec::Zero(x.size());
  }
  void loss_hessian(const Vec& x, Mat& H) const override { H = Mat::Zero(x.size(), x.size()); }
  void drift(const Vec& x, Vec& dx) const override {
    dx.resize(1);
    dx[0] = gamp_step(channel_, alpha_, std::clamp(x[0], 0.0, 1.0)) - x[0];
  }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    // Central difference inside (0, 1), one-sided at the ends; step h = 1e-6: truncation error
    // O(h f'') and rounding O(1e-16/h), both ~1e-6 relative, ample for stability signs and Newton.
    drift(x, dx);
    const double h = 1e-6, q = x[0];
    const double lo = std::max(0.0, q - h), hi = std::min(1.0, q + h);
    Vec a(1), b(1);
    drift(Vec::Constant(1, lo), a);
    drift(Vec::Constant(1, hi), b);
    J.resize(1, 1);
    J(0, 0) = (b[0] - a[0]) / (hi - lo);
  }
  bool realisable(const Vec& x, std::string* why, double tol) const override {
    if (x.size() == 1 && std::isfinite(x[0]) && x[0] >= -tol && x[0] <= 1 + tol) return true;
    if (why) *why = "q must be in [0, 1] (an overlap with a unit-variance Gaussian signal)";
    return false;
  }
  Vec initial_state() const override { return Vec::Constant(1, 0.01); }  // Q0 = 0.01 I
  Vec random_state(std::mt19937_64& rng) const override {
    return Vec::Constant(1, std::uniform_real_distribution<double>(0, 0.99)(rng));
  }
  std::vector<NamedPoint> special_points() const override {
    return {{"trivial", Vec::Zero(1), "q = 0, the uninformative fixed point"},
            {"perfect", Vec::Ones(1), "q = 1, perfect recovery (a fixed point of the iteration)"}};
  }
  std::vector<std::string> observable_names() const override { return {"mse", "q_next"}; }
  Vec observables(const Vec& x) const override {
    // The per-index MSE of the posterior-mean estimate (Gaussian prior) is 1 - q; q_next is one
    // undamped state-evolution step from q.
    const double q = std::clamp(x[0], 0.0, 1.0);
    return Vec{{1 - q, gamp_step(channel_, alpha_, q)}};
  }
  Threshold natural_threshold() const override { return {"alpha", 0.01, 20.0, "trivial"}; }

 private:
  ParamValues pv_;
  std::string channel_;
  double alpha_;
  Layout layout_;
};

}  // namespace

std::unique_ptr<Model> make_gamp_model(const ParamValues& pv, const std::string& channel,
                                       double alpha) {
  if (!gamp_supported(channel))
    throw std::invalid_argument("parameter 'state_evolution' = 'gamp': available for channels abs, "
                                "square, sign-z1z2 (closed-form posterior mean); channel '" +
                                channel + "' has the linearised state evolution only");
  return std::make_unique<GampStateEvolution>(pv, channel, alpha);
}

}  // namespace summit::spectral
