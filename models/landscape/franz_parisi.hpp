// The annealed Franz-Parisi potential of the spiked Wigner model from the overlap large deviations
// of the prior (Tsirkas, Wang & Zadik 2026, arXiv:2603.20070; Bandeira et al., the FP criterion;
// docs/landscape.md, "franz-parisi: conventions").
//
// Gaussian additive model Y = sqrt(lambda) X + Z in its spiked Wigner form
// Y_ij = sqrt(lambda/n) x_i x_j + Z_ij (i < j), x_i iid from a prior with E x = 0. For two
// independent prior draws x, x', the overlap m = x.x'/n obeys a large-deviation principle with
// the Cramer rate function
//   I(m) = sup_theta [theta m - Lambda(theta)],   Lambda(theta) = log E exp(theta x x'),
// and E_Q[L_X L_X'] = exp(lambda <X, X'>) with lambda <X, X'> = n lambda m^2 / 2 + O(1), so the
// annealed FP potential (per coordinate) is
//   Phi_lambda(m) = lambda m^2 / 2 - I(m).
// Thresholds (our definitions; docs/landscape.md, "franz-parisi: conventions"):
//   lambda_local = I''(0) = 1 / Lambda''(0) = 1 / (E x^2)^2      (curvature of Phi at 0)
//   lambda_mono  = inf_{m != 0} I'(m) / m                          (Phi non-increasing in |m|)
//   lambda_level = inf_{m != 0} 2 I(m) / m^2                       (Phi(m) <= Phi(0) for all m)
// The infima are usually taken over m > 0; for priors whose overlap law is symmetric (Rademacher,
// Gaussian, sparse Rademacher, symmetric user priors) this is the same. For a user prior with an
// asymmetric overlap law both signs of m are searched (Phi non-increasing in |m| on each side).
//
// Registry name: "franz-parisi" (see register_franz_parisi for the parameters and conventions).
#pragma once

#include "lib/registry.hpp"

#include <vector>

namespace summit::landscape {

enum class PriorKind { Rademacher, Gaussian, SparseRademacher, Discrete };

// A prior, seen through the law of v = x x' for independent x, x'. Rademacher, Gaussian and
// sparse Rademacher use closed forms; Discrete (any finite mean-zero law of x) the generic
// Legendre transform (safeguarded Newton on Lambda'(theta) = m). Rademacher and sparse
// Rademacher also carry their overlap law, so the generic path can be run on them (tests).
class Prior {
 public:
  static Prior rademacher();
  static Prior gaussian();
  // x in {0, +-1/sqrt(rho)}, P(x != 0) = rho, rho in (0, 1].
  static Prior sparse_rademacher(double rho);
  // x takes support[i] with probability probs[i] (probs >= 0, summing to 1 within 1e-9, then
  // renormalised); E x must vanish (|E x| <= 1e-9 sqrt(E x^2)). Throws std::invalid_argument.
  static Prior discrete(const std::vector<double>& support, const std::vector<double>& probs);

  PriorKind kind() const { return kind_; }
  double rho() const { return rho_; }
  double second_moment() const { return ex2_; }  // E x^2
  // The law of v = x x' (distinct values ascending, weights); empty for the Gaussian prior.
  const std::vector<double>& v_values() const { return v_; }
  const std::vector<double>& v_weights() const { return w_; }

  // The same prior handled by the generic discrete path (Rademacher, sparse Rademacher and
  // Discrete; throws std::invalid_argument for the Gaussian prior).
  Prior as_discrete() const;

  // Lambda and its derivatives; the Gaussian prior needs |theta| < 1.
  double Lambda(double theta) const;
  double dLambda(double theta) const;
  double d2Lambda(double theta) const;

  // I(m) is finite and smooth on the open interval (m_lo, m_hi) (the convex hull of the
  // support of v; the whole line for the Gaussian prior).
  double m_lo() const;
  double m_hi() const;
  // I'(m) = theta(m), the solution of Lambda'(theta) = m. Throws std::domain_error outside
  // (m_lo, m_hi).
  double theta(double m) const;
  // I(m); at a finite end of the interval, its limit -log P(v = end). Throws std::domain_error
  // outside [m_lo, m_hi].
  double rate(double m) const;
  // I''(0) = 1 / Lambda''(0) = 1 / E[(x x')^2].
  double lambda_local() const { return 1.0 / (ex2_ * ex2_); }

 private:
  PriorKind kind_ = PriorKind::Rademacher;
  double rho_ = 1, ex2_ = 1;
  std::vector<double> v_, w_;
  double theta_discrete(double m) const;
};

struct FpThresholds {
  double lambda_local = 1;  // I''(0)
  double lambda_mono = 1;   // inf_m I'(m)/m
  double m_mono = 0;        // where it is attained (0: as m -> 0; -1: as m -> infinity)
  double lambda_level = 1;  // inf_m 2 I(m)/m^2
  double m_level = 0;       // where it is attained (same conventions)
};

// The thresholds with the infima over 0 < |m| <= m_cap (m_cap <= 0: the whole overlap range).
// A grid of 4001 points per sign clustered at both ends, refined by golden section around the
// best grid point; the limits m -> 0 (lambda_local) and, for a bounded prior, m -> m_max
// (level only: 2 I(m_max)/m_max^2; I'(m)/m -> infinity there) are included. Gaussian prior
// without a cap: both infima are 0, approached as m -> infinity (I ~ |m|), reported with m = -1.
FpThresholds fp_thresholds(const Prior& prior, double m_cap = 0);

// Registers "franz-parisi".
void register_franz_parisi(Registry& registry);

}  // namespace summit::landscape
