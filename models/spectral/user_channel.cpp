#include "models/spectral/user_channel.hpp"

#include <muParser.h>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace summit::spectral {

namespace {
double erf_fun(double x) { return std::erf(x); }
}  // namespace

namespace {
ChannelEstimate estimate(const std::string& expr, int p, long samples, int bins, std::uint64_t seed);
}

ChannelEstimate estimate_channel(const std::string& expr, int p, long samples, int bins,
                                 std::uint64_t seed) {
  // The estimate depends only on its arguments: cached, because threshold searches rebuild the
  // model at every parameter value (alpha does not enter the estimate).
  static std::mutex mu;
  static std::map<std::tuple<std::string, int, long, int, std::uint64_t>, ChannelEstimate> cache;
  const auto key = std::make_tuple(expr, p, samples, bins, seed);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  ChannelEstimate e = estimate(expr, p, samples, bins, seed);
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() > 64) cache.clear();
  return cache.emplace(key, std::move(e)).first->second;
}

namespace {
ChannelEstimate estimate(const std::string& expr, int p, long samples, int bins, std::uint64_t seed) {
  if (p < 1 || p > 8) throw std::invalid_argument("parameter 'p' = " + std::to_string(p) + ": must be in [1, 8]");
  if (samples < 1000) throw std::invalid_argument("parameter 'samples': must be >= 1000");
  if (bins < 2) throw std::invalid_argument("parameter 'bins': must be >= 2");
  std::vector<double> z(p);
  mu::Parser parser;
  try {
    for (int i = 0; i < p; ++i) parser.DefineVar("z" + std::to_string(i + 1), &z[i]);
    parser.DefineFun("erf", erf_fun);
    parser.SetExpr(expr);
    parser.Eval();  // reports unknown variables and syntax errors now
  } catch (const mu::Parser::exception_type& e) {
    throw std::invalid_argument("parameter 'g' = '" + expr + "': " + e.GetMsg() +
                                " (variables z1..z" + std::to_string(p) + ")");
  }
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> N;
  Eigen::MatrixXd Z(p, samples);
  std::vector<double> y(samples);
  for (long s = 0; s < samples; ++s) {
    for (int i = 0; i < p; ++i) Z(i, s) = z[i] = N(rng);
    y[s] = parser.Eval();
    if (!std::isfinite(y[s]))
      throw std::invalid_argument("parameter 'g' = '" + expr + "': not finite at a sampled z");
  }
  // Groups: exact labels when few, else equal-count bins of sorted y.
  std::vector<long> order(samples);
  std::iota(order.begin(), order.end(), 0L);
  std::sort(order.begin(), order.end(), [&](long a, long b) { return y[a] < y[b]; });
  std::vector<std::pair<long, long>> groups;  // [begin, end) in `order`
  std::map<double, int> distinct;
  for (long s = 0; s < samples && distinct.size() <= 64; ++s) distinct[y[s]]++;
  ChannelEstimate est;
  est.p = p;
  est.discrete = distinct.size() <= 64;
  if (est.discrete) {
    long b = 0;
    for (long s = 1; s <= samples; ++s)
      if (s == samples || y[order[s]] != y[order[b]]) {
        groups.emplace_back(b, s);
        b = s;
      }
  } else {
    for (int k = 0; k < bins; ++k) groups.emplace_back(samples * k / bins, samples * (k + 1) / bins);
  }
  est.groups = static_cast<int>(groups.size());
  est.A = Eigen::MatrixXd::Zero(p * p, p * p);
  est.S = Eigen::MatrixXd::Zero(p, p);
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(p, p);
  for (auto [b, e] : groups) {
    const double P = double(e - b) / samples;
    Eigen::VectorXd m = Eigen::VectorXd::Zero(p);
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(p, p);
    for (long s = b; s < e; ++s) {
      const auto zc = Z.col(order[s]);
      m += zc;
      C += zc * zc.transpose();
    }
    m /= double(e - b);
    C /= double(e - b);
    const Eigen::MatrixXd G = C - I;
    // vec(G M G) = (G kron G) vec(M) for row-major vec (G symmetric)
    for (int i = 0; i < p; ++i)
      for (int j = 0; j < p; ++j) est.A.block(i * p, j * p, p, p) += P * G(i, j) * G;
    est.S += P * m * m.transpose();
  }
  // Each group mean of z has covariance ~ I/n_group, so S has a noise floor ~ groups/samples.
  est.noise_level = double(est.groups) / samples;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(est.S);
  for (int i = 0; i < p; ++i) est.trivial_dim += es.eigenvalues()[i] > 25 * est.noise_level;
  return est;
}
}  // namespace

}  // namespace summit::spectral
