// The committee's symmetry subgroups searched by `summit fixed-points committee --symmetric`:
// isotropy groups of the critical-point families of Arjevani & Field (NeurIPS 2021, "Analytic
// study of families of spurious minima in two-layer ReLU neural networks") and of the
// over-parameterised split families; docs/landscape.md says which are searched and what is
// therefore not covered.
//
// Contract: symmetry_subgroups(model) returns, for a committee whose teacher is symmetric under
// every permutation of its units (T = a I + b 11^T, equal v*), subgroups of S_K x S_M given by
// generators acting on the flat state (lib/symmetry.hpp); an empty list for any other model or
// teacher.
#pragma once

#include "lib/model.hpp"
#include "lib/symmetry.hpp"

#include <functional>
#include <string>
#include <vector>

namespace summit::committee {

std::vector<SymmetrySubgroup> symmetry_subgroups(const Model& model);

// Every isotropy subgroup of the committee's group, one per conjugacy class (lib/isotropy.hpp):
// S_K x S_M (students, and teachers independently) for a committee whose teacher is symmetric
// under every permutation of its units, an empty list for any other model or teacher. A class
// conjugate to one of symmetry_subgroups() carries that family's name; the others are named by
// their action: "students S{2,3} x teachers S{2,3}" for a product of symmetric groups on the
// listed units (1-based), "coupled, order n: ..." when students and teachers move together.
// Sorted by dim Fix ascending (largest groups first). Enumerated for K! M! <= 576 (K = M = 4);
// beyond that, or when the enumeration is cut, the list is empty and `why` says so.
std::vector<SymmetrySubgroup> isotropy_subgroups(const Model& model, std::string* why = nullptr);

// The committee's drift at selected coordinates (committee_drift_rows.hpp), for
// SymmetricSearchOptions::drift_rows; empty for any other model. Refers to `model`, which must
// outlive it.
std::function<void(const Vec&, const std::vector<int>&, Vec&)> drift_rows_of(const Model& model);

}  // namespace summit::committee
