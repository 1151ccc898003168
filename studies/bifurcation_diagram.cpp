#include "studies/bifurcation_diagram.hpp"

#include "models/committee/families.hpp"

namespace summit::studies {

BifurcationDiagramResult bifurcation_diagram(const ModelFactory& make, const Vec& start,
                                             const BifurcationOptions& o) {
  BifurcationDiagramResult r;
  r.diagram = continue_branches(make, start, o);
  if (!o.switch_branches || r.diagram.status != Status::Ok) return r;
  bool multiple = false;
  for (const auto& s : r.diagram.special) multiple = multiple || s.type == "multiple-branch-point";
  if (!multiple) return r;
  EquivariantOptions e;
  e.subgroups = committee::isotropy_subgroups(*make(o.lo), &r.symmetry_note);
  if (e.subgroups.empty()) return r;
  r.equivariant = follow_equivariant_branches(make, r.diagram, o, e);
  return r;
}

}  // namespace summit::studies
