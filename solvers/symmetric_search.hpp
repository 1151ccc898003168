// Symmetry-adapted fixed-point search: fixed points inside the fixed-point subspaces of
// subgroups of a model's symmetry group (lib/symmetry.hpp), where an equivariant drift has few
// free coordinates, lifted back to the full state.
//
// Contract: for every subgroup G, the drift restricted to Fix(G) = range(B) (B the orthonormal
// orbit basis) is the reduced system u' = B^T drift(B u) — exact, since an equivariant drift maps
// Fix(G) into itself (with SymmetricSearchOptions::drift_rows, evaluated as sqrt(orbit size)
// times the drift at one coordinate per orbit). Its fixed points are searched by find_fixed_points on that reduced system
// (starts: the model's structured starts and `random_starts` random states, each projected onto
// Fix(G), i.e. averaged over the orbits; a projected realisable state of a committee stays
// realisable because the average of Gram matrices is a Gram matrix); each point found is lifted
// to x = B u. Lifted points are candidates: callers polish, certify and classify them in the full
// space (find_fixed_points with them as starts; analyse_stability), which is what makes them
// results. What is not covered: fixed points whose isotropy contains none of the subgroups.
#pragma once

#include "lib/model.hpp"
#include "lib/symmetry.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/status.hpp"

#include <functional>
#include <string>
#include <vector>

namespace summit {

struct SymmetricSearchOptions {
  int random_starts = 8;  // random states projected onto each subspace
  std::uint64_t seed = 1;
  double flow_time = 1e4; // as FixedPointOptions::flow_time, in the reduced system
  // Optional: the model's drift at selected coordinates only (out[k] = drift(x)[rows[k]]), e.g.
  // committee::drift_rows_of; then the reduced drift costs one coordinate per orbit instead of
  // the whole drift. Empty: B^T drift(B u).
  using DriftRows = std::function<void(const Vec& x, const std::vector<int>& rows, Vec& out)>;
  DriftRows drift_rows;
};

struct SymmetricCandidate {
  Vec x;                // the lifted point (full state)
  int subgroup = -1;    // index into the subgroups searched
  std::string name;     // "sym:<subgroup name>#k"
};

struct SymmetricSearchResult {
  Status status = Status::Ok;
  std::string message;
  std::vector<SymmetricCandidate> candidates;
  std::vector<int> subspace_dims;  // dimension of each Fix(G)
};

SymmetricSearchResult symmetric_fixed_points(const Model& model,
                                             const std::vector<SymmetrySubgroup>& subgroups,
                                             const SymmetricSearchOptions& o = {});

// The eigenvalue multiplicities at a point whose isotropy contains `g`: predicted (lib/symmetry)
// and observed (clusters of the real parts of `eigenvalues` within `tol` relative), and whether
// the observed clusters are the predicted ones or unions of them (accidental degeneracies).
struct MultiplicityCheck {
  std::vector<int> predicted, observed;
  bool consistent = false;
};
MultiplicityCheck check_multiplicities(const std::vector<double>& eigenvalues,
                                       const SymmetrySubgroup& g, int dim, double tol = 1e-7);
// The same with the prediction already made (predicted_multiplicities(g, dim) costs a symmetric
// eigen-solve of a dim x dim matrix: compute it once per subgroup, not once per point).
MultiplicityCheck check_multiplicities(const std::vector<double>& eigenvalues,
                                       std::vector<int> predicted, double tol = 1e-7);

}  // namespace summit
