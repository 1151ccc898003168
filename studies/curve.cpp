#include "studies/curve.hpp"

#include "studies/budget.hpp"
#include "studies/reported_values.hpp"

namespace summit::studies {

CurveResult run(const Model& m, const CurveRequest& request, Progress* progress) {
  check_rows_budget(m, request.integration.times.has_value(), request.integration.points);
  CurveResult r;
  static_cast<TrajectoryResult&>(r) = run_trajectory(m, request, false, progress);
  if (!r.outcome.ok()) return r;
  r.columns = {"t", "loss"};
  for (const auto& n : m.observable_names()) r.columns.push_back(n);
  for (const auto& n : m.layout().coord_names()) r.columns.push_back(n);
  const Trajectory& tr = r.trajectory;
  for (size_t i = 0; i < tr.t.size(); ++i) {
    const Vec& x = tr.x[i];
    std::vector<double> row{tr.t[i], reported_loss(m.name(), m.loss(x))};
    const Vec obs = shown_observables(m, x);
    row.insert(row.end(), obs.data(), obs.data() + obs.size());
    row.insert(row.end(), x.data(), x.data() + x.size());
    r.rows.push_back(std::move(row));
  }
  return r;
}

void to_json(nlohmann::json& j, const CurveRequest& r) { to_json(j, static_cast<const TrajectoryRequest&>(r)); }
void from_json(const nlohmann::json& j, CurveRequest& r) { from_json(j, static_cast<TrajectoryRequest&>(r), "curve"); }

nlohmann::json result_json(const Model& m, const CurveRequest& request, const CurveResult& r) {
  nlohmann::json j = trajectory_json(m, request, r);
  j["columns"] = r.columns;
  j["rows"] = r.rows;
  if (r.perturbed) j["start"]["time_unit"] = m.time_unit();
  return j;
}

}  // namespace summit::studies
