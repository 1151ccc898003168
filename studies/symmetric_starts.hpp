// The --symmetric search of the study `fixed-points`: the symmetry-adapted search
// (solvers/symmetric_search) feeds its lifted candidates to the full-space search as extra starts, where they are polished,
// certified, merged with the random starts' points and classified; each point first reached from
// such a candidate is annotated with the subgroup whose fixed-point subspace held it and with the
// eigenvalue multiplicities that subgroup predicts next to the observed ones.
#pragma once

#include "lib/model.hpp"
#include "lib/symmetry.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace summit::studies {

struct SymmetricStarts {
  std::vector<SymmetrySubgroup> subgroups;
  std::vector<int> dims;                   // dimension of each fixed-point subspace
  std::map<std::string, int> subgroup_of;  // candidate name -> subgroup index
  // predicted_multiplicities per subgroup index, made on first use (one dim x dim eigen-solve).
  mutable std::map<int, std::vector<int>> predicted;
};

// Runs the symmetric search and appends its candidates to f.starts. Throws std::invalid_argument
// (exit 2) when the model offers no subgroups (anything but a committee with symmetric teacher).
SymmetricStarts add_symmetric_starts(const Model& m, FixedPointOptions& f);

// {"isotropy": ..., "subspace_dim": ..., "predicted_multiplicities": [...],
//  "observed_multiplicities": [...], "multiplicities_consistent": bool} for a point found from a
// symmetric candidate and classified in overlap space; an empty object otherwise.
nlohmann::json isotropy_json(const SymmetricStarts& s, const Model& m, const FixedPoint& p,
                             const Stability& st);

}  // namespace summit::studies
