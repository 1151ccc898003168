// Internals of the rbm model shared by rbm.cpp (the theory) and microscopic.cpp (finite-d GD).
#pragma once

#include "lib/model.hpp"
#include "lib/state/layout.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace summit::rbm {

struct Config {
  bool gaussian = true;  // hidden = gaussian (else rademacher)
  double alpha = 2, beta = 1;
  int k = 1, nodes = 40;
  double m0 = 0.1, q0 = 0.5, lr = 0.005;
  // Spike strengths lambda_1..lambda_r of Cov = I + sum_j lambda_j u_j u_j^T (theory = amp only);
  // {beta} unless the parameter `spikes` is given.
  std::vector<double> spikes;
  bool simulate_gd = false;  // finite_d = gd: `summit simulate` of the matrix AMP SE runs GD
};

// The finite-alpha AMP state evolution (k = 1) as a model: state (m, q, V), drift F(x) - x
// (amp.cpp; rbm.hpp for the equations); for k >= 2 or several spikes the matrix state evolution
// in (M, Q, V) (amp_matrix_model.cpp, equations in amp_matrix.hpp).
std::unique_ptr<Model> make_amp_se(const ParamValues& pv, const Config& c);
std::unique_ptr<Model> make_matrix_amp_se(const ParamValues& pv, const Config& c);

// The d -> infinity spectrum of the sample covariance C of N(0, I + beta u u^T) data, n = alpha d,
// discretised for the Gaussian-hidden gradient flow: `J` interior Gauss-Chebyshev nodes of the
// bulk [lam_minus, lam_plus] carrying the weights of the Marchenko-Pastur law (mu) and of the
// spectral measure in the direction of the spike (nu), the upper bulk edge lam_plus (weight 0: it
// hosts the uninformative fixed point), the atom at 0 (alpha < 1) and the outlier (alpha beta^2 > 1,
// at lam_out with nu-weight cos2). Without an outlier, lam_out is a weightless node placed halfway
// between the top interior node and the edge (it carries nothing from any physical initial
// state; it keeps the layout the same on both sides of the BBP point).
struct Nodes {
  double gamma = 0.5, lam_minus = 0, lam_plus = 0;
  std::vector<double> lam, mu, nu;
  double zero_mu = 0, zero_nu = 0;
  bool outlier = false;
  double lam_out = 0, cos2 = 0;
};
Nodes make_nodes(double alpha, double beta, int J);

// The Gaussian-hidden state: amplitudes o along the outlier eigenvector (oriented so that u.v > 0),
// Gram blocks P = W_S^T W_S / d of the components of W in each spectral set S (edge, zero, bulk
// nodes) and the spike overlaps s = W_S^T u / sqrt(d) of the zero and bulk sets.
struct SpectralState {
  Eigen::VectorXd o, s0;
  Eigen::MatrixXd Pedge, P0;
  std::vector<Eigen::MatrixXd> P;
  std::vector<Eigen::VectorXd> s;
};
Layout gaussian_layout(int k, int J);
Vec pack(const Layout& layout, const SpectralState& st);
SpectralState unpack(const Layout& layout, const Vec& x, int k, int J);
// Overlaps m = W^T u / sqrt d and Q = W^T W / d of a spectral state.
void overlaps(const Nodes& nodes, const SpectralState& st, Eigen::VectorXd& m, Eigen::MatrixXd& Q);

// <h h^T> under P(h) ~ exp(h^T Q h / 2) on {-1, +1}^k.
Eigen::MatrixXd rademacher_second_moment(const Eigen::MatrixXd& Q);

// Plain gradient descent W <- W + lr d grad_W (L/n) on n = alpha d sampled points, from weights
// with overlaps (m0, Q0): W0 = sqrt(d) u m0^T + noise with covariance Q0 - m0 m0^T (random
// directions orthogonal to u). Gaussian hidden: measures the spectral state by projecting W on
// the eigenvectors of the sampled C, each eigenvalue binned to the nearest node (the top one to
// the outlier when the theory has one). Rademacher hidden: measures (m, Q).
std::unique_ptr<Microscopic> make_gd(const Config& c, const Nodes* nodes, const Layout& layout,
                                     const Eigen::VectorXd& m0, const Eigen::MatrixXd& Q0, int d,
                                     std::uint64_t seed);

// E[f(Z)], Z ~ N(0, 1), by the trapezoidal rule on [-12, 12] with step 0.05 (spectrally accurate
// for integrands analytic in a strip around the real axis; see rbm.cpp): node i is
// -kTrapZmax + i kTrapStep, weights trapezoid_weights() (shared by the population flow and the
// Gaussian-hidden AMP SE; the +-1 AMP SE uses graded Gauss-Legendre panels, amp.cpp).
inline constexpr double kTrapZmax = 12, kTrapStep = 0.05;
inline constexpr int kTrapPoints = 481;
inline double trapezoid_node(int i) { return -kTrapZmax + i * kTrapStep; }
const std::vector<double>& trapezoid_weights();

}  // namespace summit::rbm
