// Symmetry-aware branching at the multiple branch points of a symmetric branch (issue 16, item
// 4b): the equivariant branching lemma (Golubitsky, Stewart & Schaeffer, "Singularities and Groups
// in Bifurcation Theory II", ch. XIII, Theorem 3.3; Hoyle, "Pattern Formation", ch. 4) applied to
// the "multiple-branch-point"s that continue_branches (solvers/bifurcation.hpp) reports.
//
// Contract, for each multiple-branch-point (parameter p*, state x*) of a diagram:
// - The kernel of the drift Jacobian J(x*) is spanned by the right singular vectors of its
//   singular values <= kernel_tol (1 + sigma_max); its dimension is `kernel_dim`.
// - The symmetry of the branch at x* is the candidate subgroup Gamma with the smallest
//   fixed-point subspace containing x* (|x* - B B^T x*| <= fix_tol (1 + |x*|)); J commutes with
//   Gamma there, so the kernel is a sum of Gamma's irreducible components: `predicted` lists their
//   dimensions (lib/symmetry.hpp predicted_multiplicities) and `multiplicity_consistent` says
//   whether kernel_dim is one of them (a generic symmetric crossing: one irreducible component).
// - Every other candidate H with dim(Fix(H) ∩ ker J) = 1 is axial: the lemma predicts a branch
//   of fixed points with isotropy H emerging at p* tangent to that direction. Each is followed by
//   continuation restricted to Fix(H) (solvers/fixed_subspace_model.hpp), where the crossing is
//   simple, so continue_branches locates it as an ordinary branch point and switches there; the
//   emerging branches (both sides of the pitchfork or transcritical point) are lifted by x = B u,
//   their stability analysed in the full space, and appended to the diagram with origin
//   "multiple branch point #k, <H>, +" / "-", with the special points found on them (folds,
//   further branch points) lifted too. The run in Fix(H) uses short steps (ds_max = window / 50,
//   switching step ds_max / 5, up to 4000 points) and drops an emerging branch whose first point
//   is back in Fix(Gamma) (within 1% of the switching step): the corrector fell onto the
//   symmetric branch. Candidates whose fixed subspace meets the kernel in 0
//   or >= 2 dimensions are listed with that dimension and not followed (the lemma says nothing
//   about them). Two candidates meeting the kernel in the same direction: the first is followed.
// - Only the subgroups given are considered: a branch whose isotropy is not among them (or
//   conjugate to one of them) is not predicted. A candidate whose fixed subspace does not hold
//   x* is not a subgroup of Gamma and is listed as such, not followed. For the committee the
//   list is every isotropy subgroup of S_K x S_M, one per conjugacy class, largest first
//   (models/committee/families.hpp isotropy_subgroups), so at a point of full symmetry every
//   axial subgroup is predicted; at a point of smaller symmetry Gamma only the listed member of
//   each class is tried, not its conjugates that lie in Gamma.
#pragma once

#include "lib/symmetry.hpp"
#include "solvers/bifurcation.hpp"

#include <string>
#include <vector>

namespace summit {

struct EquivariantOptions {
  std::vector<SymmetrySubgroup> subgroups;  // candidate isotropy subgroups of the model's group
  double kernel_tol = 1e-6;
  double fix_tol = 1e-6;  // relative: the corrector leaves ~1e-8 drift along a multiple kernel
  int max_branches_per_subgroup = 2;        // the two sides of the emerging branch
};

struct AxialBranching {
  int subgroup = -1;
  std::string isotropy;       // the subgroup's name
  int fix_dim = 0;            // dim Fix(H)
  int kernel_fix_dim = 0;     // dim(Fix(H) ∩ ker J)
  Vec direction;              // axial: the kernel direction in Fix(H), unit length
  std::vector<int> branches;  // indices into the diagram's branches of the followed branches
  std::string note;           // why not followed, or what the reduced continuation reported
};

struct EquivariantBranchPoint {
  int special = -1;  // index into the diagram's special points
  double parameter = 0;
  Vec x;
  int kernel_dim = 0;
  std::string symmetry;  // Gamma's name ("" if no candidate contains x*)
  std::vector<int> predicted;
  bool multiplicity_consistent = false;
  std::vector<AxialBranching> candidates;  // every candidate H != Gamma, axial or not
};

// Classifies every multiple-branch-point of `D` (found with options `o`, which also give the
// window and the continuation settings of the followed branches) and appends the followed
// branches to D.branches.
std::vector<EquivariantBranchPoint> follow_equivariant_branches(const ModelFactory& make,
                                                                BifurcationDiagram& D,
                                                                const BifurcationOptions& o,
                                                                const EquivariantOptions& e);

}  // namespace summit
