// The one-parameter bifurcation diagram of `summit continue` and `summit.continuation`: one
// implementation for both front ends.
//
// Contract: bifurcation_diagram(make, start, o) runs continue_branches (solvers/bifurcation.hpp)
// from `start` at o.lo; when o.switch_branches is set and the model (built at o.lo) has isotropy
// subgroups (a committee whose teacher is symmetric under every permutation of its units:
// models/committee/families.hpp isotropy_subgroups, every conjugacy class), it also classifies
// every multiple branch point by those subgroups and follows each axial one
// (solvers/equivariant_branching.hpp), appending the branches to the diagram. `equivariant` holds
// one entry per multiple branch point so classified; `symmetry_note` says why no classification
// was made when the model has multiple branch points but no subgroups. Numerical failures are in
// the diagram's status, never thrown.
#pragma once

#include "solvers/bifurcation.hpp"
#include "solvers/equivariant_branching.hpp"

#include <string>
#include <vector>

namespace summit::studies {

struct BifurcationDiagramResult {
  BifurcationDiagram diagram;
  std::vector<EquivariantBranchPoint> equivariant;
  std::string symmetry_note;
};

BifurcationDiagramResult bifurcation_diagram(const ModelFactory& make, const Vec& start,
                                             const BifurcationOptions& o);

}  // namespace summit::studies
