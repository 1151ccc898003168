// Transient BBP: the spectrum of the symmetrised weights of an early-stopped linear gradient flow
// (Coeurdoux, Ferre & Bouchaud 2026, arXiv:2604.18450; our RECONSTRUCTION of the model from the
// abstract and public summaries, see docs/random_matrix.md, section `transient-bbp`, for what
// was taken from the paper and what was assumed).
//
// Contract: for the parameters below, TransientBBP gives the N -> infinity deterministic
// equivalent of the spectrum of S(t) (bulk edge, outlier, squared overlap of the top eigenvector
// with the teacher) when the sample covariance of the inputs equals C (exact for inputs with the
// prescribed two-block singular values of the paper's setting; the T/N -> infinity limit for
// Gaussian inputs), and the window, thresholds and early-stopping time that follow from them.
// Every number is finite; absent times are -1 (TransientWindow).
//
// Registry name: "transient-bbp". Inputs with covariance C = diag(c1 I_{phi N}, c2 I_{(1-phi) N}),
// teacher W* = theta u v^T (unit u, v; "symmetric": u = v, the paper's theta v v^T), label noise,
// gradient flow on the square loss from W0 with entries of variance sigma0^2/N, in the limit
// where the sample covariance is C (T >> N at fixed s^2 = sigma^2 N/T):
//   W(t) = theta u vt(t)^T + N^{-1/2} G K(t)^{1/2},   vt = (I - e^{-tC}) v,
//   k_a(t) = sigma0^2 e^{-2 t c_a} + s^2 (1 - e^{-t c_a})^2 / c_a   (column variances, block a).
// The symmetrised S(t) = (W + W^T)/2 = H(t) + P(t): H a Wigner-type matrix with block variance
// profile S_ab = (k_a + k_b)/4 (entries S_ab/N), P = (theta/2)(u vt^T + vt u^T) of rank two.
// - Bulk: the 2x2 Dyson equation -1/m_a = z + sum_b phi_b S_ab m_b (lib/rmt solve_dyson), the
//   right edge E+(t) where the stability operator is singular (lib/rmt dyson_edge).
// - Outlier: det(I_2 + B^T R(z) A) = 0 with A = (theta/2)[u, vt], B = [vt, u], R ~ diag(m_a):
//   (1 + theta X/2)^2 = theta^2 Y Z / 4,  X = sum_a m_a g_a <P_a u, P_a v>,
//   Y = sum_a m_a g_a^2 |P_a v|^2,  Z = sum_a m_a |P_a u|^2,  g_a = 1 - e^{-t c_a}.
//   For z > E+ (m_a < 0), with <P_a u, P_a v> >= 0, the top root solves
//   (theta/2)(|X| + sqrt(Y Z)) = 1, whose left side decreases in z; so an outlier exists iff
//   F(t) := theta^2 f(t) > 1,  f(t) = ((|X| + sqrt(Y Z))/2)^2 at z = E+(t)
//   (for independent u, v: X = 0 and F = theta^2 Y Z / 4).
// - theta_emerge = 1/sqrt(max_t f), theta_persist = 1/sqrt(f(inf)); the window (t_on, t_off)
//   where F crosses 1; regime never / transient / persistent.
// - Overlap: the top eigenvector xi = -R(z) U y with U = [u, vt], y the null vector of
//   D^{-1} + M(z) (D = (theta/2)[[0,1],[1,0]], M = U^T R U ~ the 2x2 of X, Y, Z above), so
//   <xi, e>^2 / |xi|^2 = (b_e^T y)^2 / (y^T M'(z) y), b_e = U^T diag(m) e, M' from
//   m' = (I - diag(m^2) S diag(phi))^{-1} m^2 (the derivative of the Dyson equation; R^2 = R').
//   The early-stopping time t_stop maximises |<xi, v>|^2 over t (grid, then Brent, Boost.Math).
#pragma once

#include "lib/registry.hpp"

#include <Eigen/Core>

#include <limits>
#include <vector>

namespace summit::random_matrix {

struct TransientBBPParams {
  double theta = 3;       // teacher strength
  double phi = 0.5;       // size fraction of block 1
  double c1 = 1, c2 = 0.02;  // input variances of blocks 1 and 2
  double s = 1;           // noise level s^2 = sigma^2 N / T
  double sigma0 = 1;      // initial weights: entries of variance sigma0^2 / N
  double v1 = 1;          // |P_1 v|^2: the part of v in block 1 (the rest in block 2)
  double u1 = 0.5;        // |P_1 u|^2 (ignored, = v1, when symmetric)
  bool symmetric = false; // u = v (teacher theta v v^T); else u and v orthogonal in each block
};
// The registry's `setting=paper` defaults (docs/random_matrix.md): teacher theta v v^T with v
// spread like a random unit vector (|P_1 v|^2 = phi), c1 = 1, c2 = lambda_minus^2 with
// lambda_minus = 0.1, theta = 3, s = 1 and (assumed) sigma0 = 1.
TransientBBPParams paper_setting();

enum class Regime { Never = 0, Transient = 1, Persistent = 2 };
const char* to_string(Regime r);

// The emergence window. Conventions (observables are never NaN or infinite):
// t_on = -1 when the outlier never emerges; t_off = -1 when it is never reabsorbed (regime never
// or persistent). t_on = 0 when F(0+) > 1 (possible only for sigma0 = 0). With several windows
// (F non-unimodal), t_on is the first emergence and t_off the final reabsorption.
struct TransientWindow {
  Regime regime = Regime::Never;
  double f_max = 0, t_peak = 0, f_inf = 0;  // max_t f (at t_peak) and f(inf)
  double theta_emerge = 0, theta_persist = 0;
  double t_on = -1, t_off = -1;
  int windows = 0;  // number of separate intervals with F > 1
  // Early stopping: t_stop maximises the squared overlap |<xi_top, v>|^2 (max_overlap there);
  // -1 (and 0) when there is never an outlier or the overlap still grows at the end of the grid.
  double t_stop = -1, max_overlap = 0;
};

struct TransientOutlier {
  bool present = false;
  double position = 0;  // the outlier if present, else the edge (top-eigenvalue prediction)
  double edge = 0;
  double F = 0;
  // Squared overlaps of the top eigenvector with v and with u (0 without an outlier; equal for
  // the symmetric teacher).
  double overlap = 0, overlap_u = 0;
};

class TransientBBP {
 public:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  explicit TransientBBP(const TransientBBPParams& p);  // std::invalid_argument on bad values

  const TransientBBPParams& params() const { return p_; }
  Eigen::Vector2d phi() const { return {p_.phi, 1 - p_.phi}; }
  Eigen::Vector2d gain(double t) const;     // g_a = 1 - e^{-t c_a} (t = kInf allowed)
  Eigen::Vector2d k(double t) const;        // column variances k_a(t)
  Eigen::Matrix2d profile(double t) const;  // S_ab = (k_a + k_b)/4
  double edge(double t) const;              // E+(t)
  double f(double t) const;                 // F(t)/theta^2 (t = 0 with sigma0 = 0: the limit 0+)
  double F(double t) const { return p_.theta * p_.theta * f(t); }
  TransientOutlier outlier(double t) const;
  // Bulk density at x (lib/rmt dyson_density at x + i eta); needs a bulk (not t = 0, sigma0 = 0).
  double density(double t, double x, double eta = 1e-7) const;
  // (1/N) E|(W(t) - W*) x|^2 for a fresh input x, bulk part sum_a phi_a c_a k_a(t) (the signal
  // part is O(1/N)): the model's loss.
  double excess_test_error(double t) const;
  const TransientWindow& window() const { return w_; }

 private:
  struct Reduced {
    Eigen::Vector2d k, g;
    double lambda = 1;  // true H, P = lambda x (reduced ones); F is invariant under this scaling
  };
  Reduced reduced(double t) const;
  double q_at(const Reduced& r, const Eigen::Vector2d& m) const;  // (|X| + sqrt(YZ))/2
  void set_overlaps(const Reduced& r, const Eigen::MatrixXd& S, const Eigen::Vector2d& m,
                    TransientOutlier& o) const;
  void analyse();
  void find_stopping_time(const std::vector<double>& ts);

  TransientBBPParams p_;
  TransientWindow w_;
};

void register_transient_bbp(Registry& registry);

}  // namespace summit::random_matrix
