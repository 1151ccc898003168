#include "studies/result_json.hpp"

#include "studies/reported_values.hpp"

#include <cmath>

namespace summit::studies {

using json = nlohmann::json;

json state_json(const Model& m, const Vec& x) {
  json s = json::object();
  for (int i = 0; i < x.size(); ++i) s[m.layout().coord_name(i)] = x[i];
  return s;
}

json eigenvalues_json(const std::vector<std::complex<double>>& ev) {
  json a = json::array();
  for (const auto& e : ev) a.push_back({e.real(), e.imag()});
  return a;
}

json fixed_point_json(const Model& m, const Vec& x, double loss, double residual, const Stability& s) {
  json p = {{"state", state_json(m, x)}, {"loss", loss}, {"residual", residual},
            {"eigenvalues", eigenvalues_json(s.eigenvalues)}, {"index", s.index}, {"type", s.type},
            {"flat_directions", s.n_zero}, {"lambda_max", s.lambda_max},
            {"stability_space", s.space}};
  p["observables"] = json::object();
  const auto names = m.observable_names();
  const Vec obs = shown_observables(m, x);
  for (size_t i = 0; i < names.size(); ++i) p["observables"][names[i]] = obs[static_cast<int>(i)];
  if (s.index > 0) {
    p["unstable_direction"] = state_json(m, s.unstable_direction);
    if (std::isfinite(s.escape_time)) p["escape_time_estimate"] = s.escape_time;
  }
  return p;
}

}  // namespace summit::studies
