#include "studies/symmetric_starts.hpp"

#include "models/committee/families.hpp"
#include "solvers/symmetric_search.hpp"

#include <stdexcept>

namespace summit::studies {

SymmetricStarts add_symmetric_starts(const Model& m, FixedPointOptions& f) {
  SymmetricStarts s;
  s.subgroups = committee::symmetry_subgroups(m);
  if (s.subgroups.empty())
    throw std::invalid_argument("--symmetric: model '" + m.name() +
                                "' has no symmetry subgroups to search at these parameters "
                                "(allowed: committee with a teacher symmetric under every "
                                "permutation of its units, T = a I + b 11^T and equal v*)");
  SymmetricSearchOptions so;
  so.seed = f.seed;
  so.drift_rows = committee::drift_rows_of(m);
  const SymmetricSearchResult r = symmetric_fixed_points(m, s.subgroups, so);
  s.dims = r.subspace_dims;
  for (const auto& c : r.candidates) {
    f.starts.push_back({c.name, c.x, ""});
    s.subgroup_of[c.name] = c.subgroup;
  }
  return s;
}

nlohmann::json isotropy_json(const SymmetricStarts& s, const Model& m, const FixedPoint& p,
                             const Stability& st) {
  const auto it = s.subgroup_of.find(p.origin);
  if (it == s.subgroup_of.end()) return nlohmann::json::object();
  const SymmetrySubgroup& g = s.subgroups[it->second];
  nlohmann::json j = {{"isotropy", g.name}, {"subspace_dim", s.dims[it->second]}};
  if (st.space == "overlap") {
    std::vector<double> re;
    for (const auto& e : st.eigenvalues) re.push_back(e.real());
    auto cached = s.predicted.find(it->second);
    if (cached == s.predicted.end())
      cached = s.predicted.emplace(it->second, predicted_multiplicities(g, m.dim())).first;
    const MultiplicityCheck c = check_multiplicities(re, cached->second);
    j["predicted_multiplicities"] = c.predicted;
    j["observed_multiplicities"] = c.observed;
    j["multiplicities_consistent"] = c.consistent;
  }
  return j;
}

}  // namespace summit::studies
