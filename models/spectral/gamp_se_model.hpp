// A GAMP state evolution as a summit model, for any state (a scalar q with Q = q I_p, or the
// entries of a symmetric overlap matrix Q): drift = one undamped SE step - state, so the model's
// fixed points are those of the iteration and the stability of Q = 0 changes at the weak-recovery
// threshold alpha_c (the linearisation of the map at Q = 0 is alpha F). The SE map is a
// quadrature, so the Jacobian is a finite difference (see make_gamp_se_model).
#pragma once

#include "lib/model.hpp"

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace summit::spectral {

struct GampSeSpec {
  Layout layout;
  // One undamped SE step, evaluated at project(x) (a point of the domain).
  std::function<Vec(const Vec&)> step;
  // The nearest point of the domain (e.g. eigenvalues of Q clipped to [0, 1]): the drift is
  // step(project(x)) - x, defined (and continuous) everywhere.
  std::function<Vec(const Vec&)> project;
  // Exact domain test with slack tol; domain_text is the reason when it fails.
  std::function<bool(const Vec&, double)> inside;
  std::string domain_text;  // e.g. "q must be in [0, 1]"
  // Optional further realisability test at points inside the domain (e.g. the effective sample
  // size of a Monte-Carlo map); on failure it sets *why (why may be null).
  std::function<bool(const Vec&, std::string* why)> check;
  // Directions (columns) for one-sided differences at the boundary of the domain: at Q = 0 the
  // coordinate direction of an off-diagonal entry leaves the PSD cone, but E11, E22 and
  // E11 + E22 + E12 + E21 do not; the Jacobian is recovered from the differences along them.
  Mat boundary_directions;
  Vec initial;
  std::function<Vec(std::mt19937_64&)> random;
  std::vector<NamedPoint> special;
  // Optional special points that are costly to locate: computed once, on the first request of the
  // special points, and appended to `special`.
  std::function<std::vector<NamedPoint>()> lazy_special;
  // Further structured starts (after the special points) for the fixed-point search.
  std::vector<NamedPoint> extra_starts;
  std::vector<std::string> observable_names;
  std::function<Vec(const Vec&)> observables;
  // Distance up to the channel's symmetries (default: the max-norm).
  std::function<double(const Vec&, const Vec&)> symmetry_distance;
  double fd_step = 1e-6;
  Model::Threshold threshold{"alpha", 0.01, 20.0, "trivial"};  // hints().natural_threshold
};

// The Jacobian: central differences with step h along coordinate directions where x +- h e_k are
// all in the domain (inside with tol 0); otherwise one-sided differences along the spec's
// boundary_directions, forward if every x + h D_k is in the domain, else backward if every
// x - h D_k is (else forward: outside or on a corner), so that every evaluated state is in the
// domain whenever possible. Truncation error O(h) one-sided, O(h^2) central, rounding
// O(1e-16 / h) times the quadrature's smoothness: ~1e-6 relative, ample for stability signs,
// Newton and thresholds.
std::unique_ptr<Model> make_gamp_se_model(const ParamValues& pv, GampSeSpec spec);

// The spec of a scalar state q (Q = q I_p) in [0, 1] with SE map q -> step(q): special points
// trivial (q = 0) and perfect (q = 1), initial q0 = 0.01, observables mse = 1 - q and q_next.
GampSeSpec scalar_gamp_spec(std::function<double(double)> step);

}  // namespace summit::spectral
