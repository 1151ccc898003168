// fixed-points, minimize and basins: still configured and solved here (not yet studies/ requests;
// docs/design.md), rendered as tables, CSV or JSON.
#include "cli/commands.hpp"
#include "cli/json_input.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "studies/result_json.hpp"
#include "cli/bifurcation_plot.hpp"
#include "cli/continuation.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/result_check.hpp"
#include "cli/table_columns.hpp"
#include "cli/plot.hpp"
#include "cli/symmetric.hpp"
#include "lib/model_resolver.hpp"
#include "models/models.hpp"
#include "solvers/basins.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_point_census.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/minimize.hpp"
#include "solvers/simulate.hpp"
#include "solvers/stability.hpp"
#include <nlohmann/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

int cmd_fixed_points(const Options& o, const Model& m, const Setup& s, studies::Progress*) {
  FixedPointCensusOptions co;
  co.search = fp_options(o);
  FixedPointOptions& f = co.search;
  if (!s.at.empty() || !o.point.empty()) f.starts.push_back({"given", make_state(m, o, s, false), ""});
  SymmetricStarts sym;
  if (o.symmetric) sym = add_symmetric_starts(m, f);
  if (o.quiet_batches != Options::kStartsAuto && o.quiet_batches < 0)
    throw std::invalid_argument("--quiet-batches " + std::to_string(o.quiet_batches) + ": must be >= 0");
  if (o.max_starts < 0) throw std::invalid_argument("--max-starts " + std::to_string(o.max_starts) + ": must be >= 0");
  co.quiet_batches = o.quiet_batches != Options::kStartsAuto ? o.quiet_batches : (m.drift_is_map_residual() ? 0 : 3);
  co.max_random_starts = o.max_starts;
  const FixedPointCensusResult census = fixed_point_census(m, co);
  const FixedPointResult& r = census.result;
  fail_on(r.status, "fixed-point search", r.message);
  StabilityOptions so;
  so.eps = o.eps;
  json j = header(o, &m, r.status, r.message);
  const double basin = census.basin_missed_with(0.05);
  j["solver"] = {{"starts", r.starts}, {"converged", r.converged}, {"tol", f.tol},
                 {"random_starts", census.random_starts}, {"batch_starts", census.batch_starts},
                 {"batches", census.new_per_batch.size()}, {"new_per_batch", census.new_per_batch},
                 {"distinct_per_batch", census.distinct_per_batch},
                 {"stopped_by", census.stopped_by_rule ? "rule" : "cap"}, {"quiet_batches", co.quiet_batches},
                 {"max_starts", co.max_random_starts},
                 {"basin_missed_with_probability_0.05", basin},
                 {"miss_probability_basin_0.01", census.miss_probability(0.01)}};
  j["fixed_points"] = json::array();
  std::string per_batch;
  for (size_t b = 0; b < census.new_per_batch.size(); ++b)
    per_batch += (b ? "," : "") + std::to_string(census.new_per_batch[b]);
  Table t{std::to_string(r.points.size()) + " fixed points (" + std::to_string(r.converged) + " of " +
              std::to_string(r.starts) + " starts converged; merged up to symmetry)\n" +
              std::to_string(census.random_starts) + " random starts in " +
              std::to_string(census.new_per_batch.size()) + " batches of " + std::to_string(census.batch_starts) +
              ", new points per batch " + per_batch + "; stopped by " +
              (census.stopped_by_rule ? (co.quiet_batches == 0 ? std::string("--quiet-batches 0 (one batch)")
                                                                         : "the rule (the last " + std::to_string(co.quiet_batches) +
                                                                               "+ batches and half the starts found no new point)")
                                      : "the cap --max-starts " + std::to_string(co.max_random_starts)) +
              "; a point whose basin catches " + num(100 * basin, 2) +
              "% of random starts is missed with probability <= 5%",
          {"#", "", "loss", "type", "index", "flat", "lambda_max", "lambda_min", "max|drift|",
           "hits", "found from"},
          {}};
  const auto names = m.layout().coord_names();
  for (const auto& n : names) t.columns.push_back(n);
  const auto obs_names = m.observable_names();
  for (const auto& n : obs_names) t.columns.push_back(n);
  // The global minimum (lowest loss; points within 1e-10 of it are marked too) is marked '*'.
  const double best = r.points.front().loss;
  bool weight_space = false;
  int k = 0;
  for (const auto& p : r.points) {
    const Stability st = analyse_stability(m, p.x, so);
    weight_space = weight_space || st.space != "overlap";
    const bool global = p.loss <= best + 1e-10;
    j["fixed_points"].push_back(studies::fixed_point_json(m, p.x, reported_loss(m.name(), p.loss), p.residual, st));
    j["fixed_points"].back()["hits"] = p.hits;
    j["fixed_points"].back()["origin"] = p.origin;
    j["fixed_points"].back()["global_minimum"] = global;
    if (o.symmetric) j["fixed_points"].back().update(isotropy_json(sym, m, p, st));
    const double lmin = st.eigenvalues.empty() ? 0 : st.eigenvalues.back().real();
    std::vector<std::string> row{std::to_string(++k), global ? "*" : "", num(reported_loss(m.name(), p.loss)),
                                 st.type + (st.space == "weight" ? " w" : ""),
                                 std::to_string(st.index), std::to_string(st.n_zero),
                                 num(st.lambda_max), num(lmin), num(p.residual, 2),
                                 std::to_string(p.hits), p.origin};
    for (int i = 0; i < p.x.size(); ++i) row.push_back(o.format == "csv" ? full(p.x[i]) : num(p.x[i], 4));
    const Vec obs = shown_observables(m, p.x);
    for (int i = 0; i < obs.size(); ++i) row.push_back(o.format == "csv" ? full(obs[i]) : num(obs[i], 4));
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

int cmd_minimize(const Options& o, const Model& m, const Setup& s, studies::Progress*) {
  MinimizeOptions mo;
  mo.random_starts = fp_options(o).random_starts;  // validates --starts
  mo.seed = o.solver_seed;
  if (!s.at.empty() || !o.point.empty()) mo.starts.push_back({"given", make_state(m, o, s), ""});
  const MinimizeResult r = minimize(m, mo);
  fail_on(r.status, "minimisation", r.message);
  json j = header(o, &m, r.status, r.message);
  j["minima"] = json::array();
  Table t{std::to_string(r.minima.size()) + " local minima (" + std::to_string(r.converged) + " of " +
              std::to_string(r.starts) + " starts converged)",
          {"#", "loss", "max|grad|", "weight_hess_min", "weight_hess_max", "overlap_hess_min",
           "hits", "found from"},
          {}};
  int k = 0;
  for (const auto& mi : r.minima) {
    json h = json::array();
    for (int i = 0; i < mi.hessian_eigenvalues.size(); ++i) h.push_back(mi.hessian_eigenvalues[i]);
    json hu = json::array();
    for (int i = 0; i < mi.free_hessian_eigenvalues.size(); ++i)
      hu.push_back(mi.free_hessian_eigenvalues[i]);
    j["minima"].push_back({{"state", studies::state_json(m, mi.x)}, {"loss", reported_loss(m.name(), mi.loss)},
                           {"gradient_norm", mi.gradient_norm}, {"hessian_eigenvalues", h},
                           {"weight_hessian_eigenvalues", hu},
                           {"hits", mi.hits}, {"origin", mi.origin}});
    const bool he = mi.hessian_eigenvalues.size() > 0;
    const bool hw = mi.free_hessian_eigenvalues.size() > 0;
    t.add_row({std::to_string(++k), num(reported_loss(m.name(), mi.loss)), num(mi.gradient_norm, 2),
               hw ? num(mi.free_hessian_eigenvalues.minCoeff(), 3) : "n/a",
               hw ? num(mi.free_hessian_eigenvalues.maxCoeff(), 3) : "n/a",
               he ? num(mi.hessian_eigenvalues.minCoeff(), 3) : "n/a", std::to_string(mi.hits),
               mi.origin});
  }
  emit(render(o, &m, t, j), o.out);
  return 0;
}

int cmd_basins(const Options& o, const Model& m, const Setup&, studies::Progress*) {
  BasinOptions bo;
  if (o.runs < 1) throw std::invalid_argument("--runs " + std::to_string(o.runs) + ": must be >= 1");
  bo.runs = o.runs;
  bo.seed = o.solver_seed;
  bo.t_max = o.t_end;
  bo.steady_tol = o.steady_tol;
  bo.integrate = integrate_options(m, o);
  bo.polish = fp_options(o);
  bo.stability.eps = o.eps;
  const BasinResult r = basins(m, bo);
  fail_on(r.status, "basin search", r.message);
  json j = header(o, &m, r.status, r.message);
  j["solver"] = {{"runs", r.runs}, {"t_max", bo.t_max}, {"steady_tol", bo.steady_tol},
                 {"seed", bo.seed}};
  j["unconverged"] = r.unconverged;
  j["failed"] = r.failed;
  if (r.failed) j["first_failure"] = r.first_failure;
  j["basins"] = json::array();
  Table t{"end points of " + std::to_string(r.runs) + " runs from random starts (" +
              std::to_string(r.unconverged) + " not certified as fixed points)",
          {"#", "loss", "type", "index", "flat", "runs", "fraction"}, {}};
  int k = 0;
  for (const auto& b : r.basins) {
    json p = studies::fixed_point_json(m, b.x, reported_loss(m.name(), b.loss), 0, b.stability);
    p.erase("residual");
    p["count"] = b.count;
    p["fraction"] = b.fraction;
    j["basins"].push_back(p);
    t.add_row({std::to_string(++k), num(reported_loss(m.name(), b.loss)), b.stability.type,
               std::to_string(b.stability.index), std::to_string(b.stability.n_zero),
               std::to_string(b.count), num(b.fraction, 4)});
  }
  j["uncertified"] = json::array();
  for (const auto& u : r.uncertified) {
    j["uncertified"].push_back(
        {{"loss", u.loss}, {"max_drift", u.max_drift}, {"count", u.count}, {"fraction", u.fraction}});
    t.add_row({std::to_string(++k), num(u.loss), "uncertified (max|drift| " + num(u.max_drift, 2) + ")",
               "", "", std::to_string(u.count), num(u.fraction, 4)});
  }
  std::string extra =
      r.unconverged ? "\n'uncertified': not steady (max|drift| < " + num(bo.steady_tol) + ") by t = " +
                          num(bo.t_max) + " or not polished to max|drift| <= " + num(bo.polish.tol) +
                          "; grouped by final loss\n"
                    : "";
  if (r.failed)
    extra += "\n" + std::to_string(r.failed) + " of " + std::to_string(r.runs) +
             " integrations failed (not counted above); first: " + r.first_failure + "\n";
  emit(render(o, &m, t, j, extra), o.out);
  return 0;
}


}  // namespace summit::cli
