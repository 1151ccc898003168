// Shared between the ssi model's translation units (not a public header): the configuration, the
// targets, and the per-sample gradient kernels used both by the population integrals (templated on
// the scalar for exact Jacobians) and by the finite-d simulation (double).
#pragma once

#include "lib/gauss/scalar.hpp"
#include "lib/model.hpp"
#include "models/single_index/single_index.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace summit::ssi {

constexpr int kMaxL = 4;

enum class Student { TiedFF, UntiedFF, Attention };
enum class PE { None, Opposite, Orthonormal };
enum class Readout { Trace, Projection, Frobenius };

struct Config {
  int L = 2;
  std::string target = "H2sum";
  Student student = Student::TiedFF;
  single_index::Link act;  // feed-forward activation
  Readout readout = Readout::Trace;
  PE pe = PE::None;
  int J = 0;                            // number of positional coordinates eps_j
  double B[kMaxL][kMaxL] = {};          // e_l = sum_j B[l][j] eps_j
  double a = 1, omega = 0;              // positional-semantic teacher
  double lr = 0.1, noise = 0;
  bool matrix_target() const { return target == "positional-semantic"; }
};

// Scalar targets f*(z_1..z_L) of Arnaboldi et al. 2025 (polynomials); templated for the fields of
// the feed-forward integrals, which depend on the state.
template <class T>
T target_scalar(const Config& c, const T* z) {
  using gauss::lift;
  const int L = c.L;
  const double sL = std::sqrt(double(L));
  const std::string& t = c.target;
  auto h2 = [](const T& x) { return (x * x - lift<T>(1.0)) * lift<T>(1.0 / std::sqrt(2.0)); };
  T acc = lift<T>(0.0);
  if (t == "sum" || t == "mean" || t == "inversesqrtsum") {
    for (int l = 0; l < L; ++l) acc += z[l];
    if (t == "mean") acc *= lift<T>(1.0 / L);
    if (t == "inversesqrtsum") acc *= lift<T>(1.0 / sL);
    return acc;
  }
  if (t == "z1") return z[0];
  if (t == "sqrtz1") return lift<T>(sL) * z[0];
  if (t == "H2sum" || t == "inversesqrtH2sum") {
    for (int l = 0; l < L; ++l) acc += h2(z[l]);
    if (t == "inversesqrtH2sum") acc *= lift<T>(1.0 / sL);
    return acc;
  }
  if (t == "2product") return z[0] * z[1];
  if (t == "3product") return z[0] * z[1] * z[2];
  if (t == "2difference") return z[0] - z[1];
  if (t == "2squaredifference") return (z[0] * z[0] - z[1] * z[1]) * lift<T>(1.0 / std::sqrt(2.0));
  if (t == "basic_staircase") return z[0] + z[0] * z[1];
  if (t == "complete_staircase") {
    acc = z[0];
    for (int l = 1; l < L; ++l) acc *= lift<T>(1.0) + z[l];
    return acc;
  }
  return acc;
}

// Polynomial degree of the scalar target (for exact Gauss-Hermite sizes).
int target_degree(const Config& c);

// Row softmax S = rowsoftmax(q q^T) of an L-vector q and dS_ij/dq_k
// = delta_ik S_ij (q_j - sum_l S_il q_l) + S_ij (delta_jk - S_ik) q_i.
template <class T>
struct Softmax {
  T S[kMaxL][kMaxL];
  T dS[kMaxL][kMaxL][kMaxL];  // [i][j][k]
};

template <class T>
void softmax_qq(int L, const T* q, Softmax<T>& out) {
  using std::exp;
  for (int i = 0; i < L; ++i) {
    T mx = q[i] * q[0];
    for (int j = 1; j < L; ++j)
      if (gauss::value(q[i] * q[j]) > gauss::value(mx)) mx = q[i] * q[j];
    T sum = gauss::lift<T>(0.0);
    for (int j = 0; j < L; ++j) {
      out.S[i][j] = exp(q[i] * q[j] - mx);
      sum += out.S[i][j];
    }
    T mean_q = gauss::lift<T>(0.0);
    for (int j = 0; j < L; ++j) {
      out.S[i][j] /= sum;
      mean_q += out.S[i][j] * q[j];
    }
    for (int j = 0; j < L; ++j)
      for (int k = 0; k < L; ++k) {
        T v = out.S[i][j] * ((j == k ? gauss::lift<T>(1.0) : gauss::lift<T>(0.0)) - out.S[i][k]) * q[i];
        if (i == k) v += out.S[i][j] * (q[j] - mean_q);
        out.dS[i][j][k] = v;
      }
  }
}

// The positional pattern A(a) = rowsoftmax(a^2 [[1, -1], [-1, 1]]).
inline double pattern_diag(double a) { return 1.0 / (1.0 + std::exp(-2 * a * a)); }

// Teacher matrix T(z) = (1 - omega) rowsoftmax(z z^T) + omega A(a) (L = 2).
template <class T>
void target_matrix(const Config& c, const T* z, T out[kMaxL][kMaxL]) {
  Softmax<T> sm;
  softmax_qq(2, z, sm);
  const double ad = pattern_diag(c.a);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      out[i][j] = gauss::lift<T>(1 - c.omega) * sm.S[i][j] +
                  gauss::lift<T>(c.omega * (i == j ? ad : 1 - ad));
}

// Readout weights R: f = sum_ij R_ij S_ij (trace: I/sqrt L; projection: (1/sqrt L) 1 e_1^T, the
// attention received by token 1).
inline double readout_weight(const Config& c, int i, int j) {
  const double s = 1.0 / std::sqrt(double(c.L));
  if (c.readout == Readout::Trace) return i == j ? s : 0.0;
  if (c.readout == Readout::Projection) return j == 0 ? s : 0.0;
  return 0.0;
}

// Per-sample attention terms at fields q (student) and z (teacher): the loss (without noise), the
// field gradients g_k = d loss / d q_k (label y = f*(z) + label_noise), and sum_k (df/dq_k)^2 (scalar
// readouts; for the label-noise term).
template <class T>
struct AttentionSample {
  T loss;
  T g[kMaxL];
  T df2;
  T resid;  // f - y (scalar readouts)
};

template <class T>
void attention_sample(const Config& c, const T* q, const T* z, AttentionSample<T>& out,
                      double label_noise = 0.0) {
  using gauss::lift;
  const int L = c.L;
  Softmax<T> sm;
  softmax_qq(L, q, sm);
  if (c.matrix_target()) {
    T Tm[kMaxL][kMaxL] = {};
    target_matrix(c, z, Tm);
    T D[kMaxL][kMaxL];
    out.loss = lift<T>(0.0);
    for (int i = 0; i < L; ++i)
      for (int j = 0; j < L; ++j) {
        D[i][j] = sm.S[i][j] - Tm[i][j];
        out.loss += lift<T>(0.5) * D[i][j] * D[i][j];
      }
    for (int k = 0; k < L; ++k) {
      out.g[k] = lift<T>(0.0);
      for (int i = 0; i < L; ++i)
        for (int j = 0; j < L; ++j) out.g[k] += D[i][j] * sm.dS[i][j][k];
    }
    out.df2 = lift<T>(0.0);
    out.resid = lift<T>(0.0);
    return;
  }
  T f = lift<T>(0.0);
  for (int i = 0; i < L; ++i)
    for (int j = 0; j < L; ++j) {
      const double r = readout_weight(c, i, j);
      if (r != 0.0) f += lift<T>(r) * sm.S[i][j];
    }
  const T y = target_scalar(c, z) + lift<T>(label_noise);
  out.resid = f - y;
  out.loss = lift<T>(0.5) * out.resid * out.resid;
  out.df2 = lift<T>(0.0);
  for (int k = 0; k < L; ++k) {
    T df = lift<T>(0.0);
    for (int i = 0; i < L; ++i)
      for (int j = 0; j < L; ++j) {
        const double r = readout_weight(c, i, j);
        if (r != 0.0) df += lift<T>(r) * sm.dS[i][j][k];
      }
    out.g[k] = out.resid * df;
    out.df2 += df * df;
  }
}

// Finite-d online SGD from state x0; time = steps / d.
std::unique_ptr<Microscopic> make_sgd(const Config& c, const Vec& x0, int d, std::uint64_t seed);

}  // namespace summit::ssi
