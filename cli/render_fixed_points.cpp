// Rendering of the study `fixed-points`: the census line, one row per point with its stability,
// coordinates and observables.
#include "cli/render.hpp"
#include "cli/result_check.hpp"
#include "cli/study_commands.hpp"
#include "studies/fixed_points_study.hpp"

namespace summit::cli {

using json = nlohmann::json;

namespace {

std::string census_title(const studies::FixedPointsResult& r) {
  const FixedPointCensusResult& census = r.census;
  const FixedPointResult& fp = census.result;
  const int quiet = r.options.quiet_batches;
  std::string per_batch;
  for (size_t b = 0; b < census.new_per_batch.size(); ++b)
    per_batch += (b ? "," : "") + std::to_string(census.new_per_batch[b]);
  const std::string stopped =
      census.stopped_by_rule
          ? (quiet == 0 ? std::string("--quiet-batches 0 (one batch)")
                        : "the rule (the last " + std::to_string(quiet) +
                              "+ batches and half the starts found no new point)")
          : census.stopped_by_budget
                ? "the time budget --time-budget " + num(r.options.time_budget) + " s (" +
                      num(census.cpu_seconds, 3) + " s of CPU time used)"
                : "the cap --max-starts " + std::to_string(r.options.max_random_starts);
  return std::to_string(fp.points.size()) + " fixed points (" + std::to_string(fp.converged) + " of " +
         std::to_string(fp.starts) + " starts converged; merged up to symmetry)\n" +
         std::to_string(census.random_starts) + " random starts in " + std::to_string(census.new_per_batch.size()) +
         " batches of " + std::to_string(census.batch_starts) + ", new points per batch " + per_batch +
         "; stopped by " + stopped + "; a point whose basin catches " + num(100 * census.basin_missed_with(0.05), 2) +
         "% of random starts is missed with probability <= 5%" +
         (census.saddles_descended ? "; both branches of the unstable manifold of " +
                                         std::to_string(census.saddles_descended) + " isolated index-1 saddles followed"
                                   : std::string()) +
         (census.saddle_dynamics_points ? "; saddle dynamics one index up (from index 0 and 1) and down (from index 2 to 4) from " +
                                       std::to_string(census.saddle_dynamics_points) + " points"
                                 : std::string());
}

}  // namespace

int cmd_fixed_points(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::FixedPointsRequest request = fixed_points_request(o, s);
  const studies::FixedPointsResult r = studies::run(m, request, progress);
  raise_on(r.outcome);
  const FixedPointResult& fp = r.census.result;
  json j = header(o, &m, fp.status, fp.message);
  j.update(studies::result_json(m, r));
  Table t{census_title(r),
          {"#", "", "loss", "type", "index", "flat", "lambda_max", "lambda_min", "max|drift|", "hits", "found from"},
          {}};
  for (const auto& n : m.layout().coord_names()) t.columns.push_back(n);
  for (const auto& n : m.observable_names()) t.columns.push_back(n);
  // The global minimum (lowest loss; points within 1e-10 of it are marked too) is marked '*'.
  bool weight_space = false;
  const bool csv = o.format == "csv";
  for (size_t k = 0; k < fp.points.size(); ++k) {
    const FixedPoint& p = fp.points[k];
    const Stability& st = r.stability[k];
    weight_space = weight_space || st.space != "overlap";
    const double lmin = st.eigenvalues.empty() ? 0 : st.eigenvalues.back().real();
    std::vector<std::string> row{std::to_string(k + 1), r.global_minimum[k] ? "*" : "", num(r.losses[k]),
                                 st.type + (st.space == "weight" ? " w" : ""), std::to_string(st.index),
                                 std::to_string(st.n_zero), num(st.lambda_max), num(lmin), num(p.residual, 2),
                                 std::to_string(p.hits), p.origin};
    for (int i = 0; i < p.x.size(); ++i) row.push_back(csv ? full(p.x[i]) : num(p.x[i], 4));
    const Vec obs = shown_observables(m, p.x);
    for (int i = 0; i < obs.size(); ++i) row.push_back(csv ? full(obs[i]) : num(obs[i], 4));
    t.add_row(row);
  }
  emit(render(o, &m, t, j,
              "\n'*' marks the global minimum; eigenvalues are per unit " + m.time_unit() +
                  (weight_space ? "; rows marked 'w' are classified by minus the weight-space loss "
                                  "Hessian (the drift is not differentiable there); '?' marks points "
                                  "where no linearisation exists (indicative only)"
                                : "") +
                  "\n"),
       o.out);
  return 0;
}

}  // namespace summit::cli
