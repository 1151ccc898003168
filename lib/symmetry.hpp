// Subgroups of a model's symmetry group acting on its state by permuting coordinates, their
// fixed-point subspaces, and the eigenvalue multiplicities their isotropy predicts.
//
// Contract.
//  * A SymmetrySubgroup is given by generators; each generator g is a permutation of the state
//    coordinates acting as (g x)[g[c]] = x[c].
//  * fixed_subspace_basis: the orthonormal basis (dim x r) of {x : g x = x for every generator}:
//    one column per orbit of the coordinates, the orbit's indicator divided by sqrt(orbit size).
//    x -> B B^T x is the average over each orbit (the projection onto the fixed subspace).
//  * predicted_multiplicities: the multiplicities of the eigenvalues of a generic symmetric
//    operator that commutes with the group (built with independent random entries on each orbit
//    of coordinate pairs): the dimensions of the irreducible components of the permutation
//    representation, each repeated as often as it occurs, sorted decreasingly. The Jacobian or
//    Hessian at a point whose isotropy contains the group commutes with it, so its eigenvalues
//    come in clusters of these sizes (or sums of them, at accidental degeneracies).
#pragma once

#include <Eigen/Core>

#include <string>
#include <vector>

namespace summit {

struct SymmetrySubgroup {
  std::string name;                          // e.g. "S_1 x S_5 (k1 = 1)"
  std::vector<std::vector<int>> generators;  // permutations of 0 .. dim-1
  std::string doc;
};

Eigen::MatrixXd fixed_subspace_basis(const SymmetrySubgroup& g, int dim);
std::vector<int> predicted_multiplicities(const SymmetrySubgroup& g, int dim);

// Sizes of the clusters of sorted real values `ev` within `tol` (relative to max(1, |ev|_max))
// of their neighbours, sorted decreasingly.
std::vector<int> cluster_sizes(std::vector<double> ev, double tol);

}  // namespace summit
