// The rbm closed forms (docs/spectral.md, section `rbm`): the BBP outlier and its overlap, the Gaussian and Rademacher
// population fixed points, the spike density of the companion law, the spectral nodes, the k = 1
// Gaussian flow in closed form, and the layout / packing of the Gaussian-hidden spectral state
// (contract: models/rbm/rbm.hpp).
#include "models/rbm/rbm.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/gram.hpp"
#include "lib/jet_model.hpp"
#include "lib/rmt/laws.hpp"
#include "models/rbm/rbm_impl.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>

#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include "models/rbm/expectations.hpp"

namespace summit::rbm {

using gauss::lift;
using gauss::value;
using detail::e_sech2;
using detail::rademacher_moments;

// ---------------------------------------------------------------------------------------------
// Closed forms.

bool bbp_outlier(double alpha, double beta) { return alpha * beta * beta > 1; }

double mp_upper_edge(double alpha) { return std::pow(1 + 1 / std::sqrt(alpha), 2); }

double bbp_top_eigenvalue(double alpha, double beta) {
  if (!bbp_outlier(alpha, beta)) return mp_upper_edge(alpha);
  return (1 + beta) * (1 + 1 / (alpha * beta));
}

double bbp_overlap2(double alpha, double beta) {
  if (!bbp_outlier(alpha, beta)) return 0;
  return (1 - 1 / (alpha * beta * beta)) / (1 + 1 / (alpha * beta));
}

GaussianFixedPoint gaussian_fixed_point(double alpha, double beta) {
  GaussianFixedPoint f;
  f.top_eigenvalue = bbp_top_eigenvalue(alpha, beta);
  f.q = 1 - 1 / f.top_eigenvalue;
  f.overlap2 = bbp_overlap2(alpha, beta);
  f.m2 = f.q * f.overlap2;
  return f;
}

const std::vector<double>& trapezoid_weights() {
  static const std::vector<double> w = [] {
    std::vector<double> v(kTrapPoints);
    for (int i = 0; i < kTrapPoints; ++i) {
      const double z = trapezoid_node(i);
      v[i] = kTrapStep * std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
    }
    return v;
  }();
  return w;
}

namespace {

std::complex<double> companion_stieltjes(double g, double lam) {
  // mbar solves lam mbar^2 + (1 - g + lam) mbar + 1 = 0; on the bulk the root with Im > 0.
  const double disc = 4 * lam - (1 - g + lam) * (1 - g + lam);
  return std::complex<double>(-(1 - g + lam), std::sqrt(std::max(disc, 0.0))) / (2 * lam);
}

}  // namespace

double expected_sech2(double s) { return e_sech2<double>(s * s); }

RademacherFixedPoint rademacher_population_fixed_point(double beta) {
  RademacherFixedPoint f;
  if (!(beta > 0)) return f;
  // (1 + beta) E sech^2(s Z) decreases from 1 + beta > 1 at s = 0 to 0: bisection.
  double lo = 0, hi = 1;
  while ((1 + beta) * expected_sech2(hi) > 1) hi *= 2;
  for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; ++it) {
    const double mid = 0.5 * (lo + hi);
    ((1 + beta) * expected_sech2(mid) > 1 ? lo : hi) = mid;
  }
  f.s = 0.5 * (lo + hi);
  f.q = f.s * f.s / (1 + beta);
  f.m = std::sqrt(f.q);
  return f;
}

std::vector<double> amp_state_evolution_gaussian(double alpha, double beta, double start,
                                                 int iterations) {
  std::vector<double> r{start};
  const double a2b2 = alpha * alpha * beta * beta;
  for (int t = 0; t < iterations; ++t) {
    const double x = r.back();
    r.push_back(a2b2 * x / (a2b2 * x + alpha * beta * x + alpha));
  }
  return r;
}

double spike_density(double alpha, double beta, double lam) {
  const double g = 1 / alpha, sg = std::sqrt(g);
  const double lm = (1 - sg) * (1 - sg), lp = (1 + sg) * (1 + sg);
  if (!(lam > lm && lam < lp)) return 0;
  const std::complex<double> mbar = companion_stieltjes(g, lam);
  const std::complex<double> G = -1.0 / (lam * (1.0 + (1 + beta) * mbar));
  return std::max(G.imag(), 0.0) / std::numbers::pi;
}

double spike_zero_atom(double alpha, double beta) {
  const double g = 1 / alpha;
  return g > 1 ? (g - 1) / (g + beta) : 0.0;
}

Nodes make_nodes(double alpha, double beta, int J) {
  Nodes n;
  n.gamma = 1 / alpha;
  const double sg = std::sqrt(n.gamma);
  n.lam_minus = (1 - sg) * (1 - sg);
  n.lam_plus = (1 + sg) * (1 + sg);
  const double c = 0.5 * (n.lam_plus + n.lam_minus), r = 0.5 * (n.lam_plus - n.lam_minus);
  const rmt::MarchenkoPastur mp{n.gamma, 1.0};
  n.zero_mu = mp.atom();
  n.zero_nu = spike_zero_atom(alpha, beta);
  n.outlier = bbp_outlier(alpha, beta);
  n.cos2 = bbp_overlap2(alpha, beta);
  double smu = 0, snu = 0;
  for (int j = 1; j <= J; ++j) {
    const double th = j * std::numbers::pi / (J + 1);
    const double lam = c + r * std::cos(th);
    const double w = std::numbers::pi * r / (J + 1) * std::sin(th);
    n.lam.push_back(lam);
    n.mu.push_back(w * mp.density(lam));
    n.nu.push_back(w * spike_density(alpha, beta, lam));
    smu += n.mu.back();
    snu += n.nu.back();
  }
  // Exact total masses (the quadrature converges slowly only at alpha = 1, where the MP density
  // has a 1/sqrt singularity at 0, and at the BBP point, where nu_u has one at the edge).
  const double tmu = 1 - n.zero_mu, tnu = 1 - n.zero_nu - n.cos2;
  for (int j = 0; j < J; ++j) {
    n.mu[j] *= smu > 0 ? tmu / smu : 0.0;
    n.nu[j] *= snu > 0 ? tnu / snu : 0.0;
  }
  n.lam_out = n.outlier ? bbp_top_eigenvalue(alpha, beta)
                        : 0.5 * (n.lam_plus + c + r * std::cos(std::numbers::pi / (J + 1)));
  return n;
}

std::vector<FlowPoint> gaussian_flow_k1(double alpha, double beta, double m0, double q0,
                                        const std::vector<double>& times, int nodes, double dt) {
  const Nodes n = make_nodes(alpha, beta, nodes);
  // N_u(s) = int e^{s l} nu_u(dl), N_mp(s) = int e^{s l} mu(dl), scaled by e^{-s lam_top} to stay
  // finite; Gamma is tracked relative to t lam_top likewise (G = Gamma - t lam_top).
  const double top = std::max(n.lam_out, n.lam_plus);
  auto Nu = [&](double s) {
    double v = n.zero_nu * std::exp(-s * top) + (n.outlier ? n.cos2 * std::exp(s * (n.lam_out - top)) : 0.0);
    for (size_t j = 0; j < n.lam.size(); ++j) v += n.nu[j] * std::exp(s * (n.lam[j] - top));
    return v;
  };
  auto Nmp = [&](double s) {
    double v = n.zero_mu * std::exp(-s * top);
    for (size_t j = 0; j < n.lam.size(); ++j) v += n.mu[j] * std::exp(s * (n.lam[j] - top));
    return v;
  };
  auto q_of = [&](double t, double G) {
    return std::exp(-2 * G) * (m0 * m0 * Nu(2 * t) + (q0 - m0 * m0) * Nmp(2 * t));
  };
  // dG/dt = 1/(1 - q) - lam_top.
  auto f = [&](double t, double G) { return 1 / (1 - q_of(t, G)) - top; };
  std::vector<FlowPoint> out;
  double t = 0, G = 0;
  for (double T : times) {
    while (t < T - 1e-12) {
      const double h = std::min(dt, T - t);
      const double k1 = f(t, G), k2 = f(t + h / 2, G + h / 2 * k1), k3 = f(t + h / 2, G + h / 2 * k2),
                   k4 = f(t + h, G + h * k3);
      G += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
      t += h;
    }
    out.push_back({t, std::exp(-G) * m0 * Nu(t), q_of(t, G)});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Layout of the Gaussian-hidden spectral state.

Layout gaussian_layout(int k, int J) {
  Layout l;
  l.add_vector("o", k);
  l.add_symmetric("Pedge", k);
  l.add_symmetric("P0", k);
  l.add_vector("s0", k);
  for (int j = 1; j <= J; ++j) {
    l.add_symmetric("P" + std::to_string(j), k);
    l.add_vector("s" + std::to_string(j), k);
  }
  return l;
}

Vec pack(const Layout& layout, const SpectralState& st) {
  Vec x = Vec::Zero(layout.size());
  const int k = static_cast<int>(st.o.size());
  auto vec = [&](const std::string& name, const Eigen::VectorXd& v) {
    const Block& b = layout.block(name);
    for (int a = 0; a < k; ++a) x[b.index(a)] = v[a];
  };
  vec("o", st.o);
  gram::pack_symmetric(layout.block("Pedge"), st.Pedge, x);
  gram::pack_symmetric(layout.block("P0"), st.P0, x);
  vec("s0", st.s0);
  for (size_t j = 0; j < st.P.size(); ++j) {
    gram::pack_symmetric(layout.block("P" + std::to_string(j + 1)), st.P[j], x);
    vec("s" + std::to_string(j + 1), st.s[j]);
  }
  return x;
}

SpectralState unpack(const Layout& layout, const Vec& x, int k, int J) {
  SpectralState st;
  auto vec = [&](const std::string& name) {
    const Block& b = layout.block(name);
    Eigen::VectorXd v(k);
    for (int a = 0; a < k; ++a) v[a] = x[b.index(a)];
    return v;
  };
  st.o = vec("o");
  st.Pedge = gram::unpack_symmetric(layout.block("Pedge"), x);
  st.P0 = gram::unpack_symmetric(layout.block("P0"), x);
  st.s0 = vec("s0");
  for (int j = 1; j <= J; ++j) {
    st.P.push_back(gram::unpack_symmetric(layout.block("P" + std::to_string(j)), x));
    st.s.push_back(vec("s" + std::to_string(j)));
  }
  return st;
}

void overlaps(const Nodes& nodes, const SpectralState& st, Eigen::VectorXd& m, Eigen::MatrixXd& Q) {
  m = std::sqrt(nodes.cos2) * st.o + st.s0;
  Q = st.o * st.o.transpose() + st.Pedge + st.P0;
  for (size_t j = 0; j < st.P.size(); ++j) {
    m += st.s[j];
    Q += st.P[j];
  }
}

Eigen::MatrixXd rademacher_second_moment(const Eigen::MatrixXd& Q) {
  const int k = static_cast<int>(Q.rows());
  std::vector<double> q(Q.data(), Q.data() + k * k), H;
  double psi;
  rademacher_moments(q, k, H, psi);
  return Eigen::Map<Eigen::MatrixXd>(H.data(), k, k);
}

}  // namespace summit::rbm
