// threshold and continue: a fixed point followed in a parameter. threshold is a study
// (studies/threshold_study.hpp) rendered here; continue shares its parameter path
// (studies/parameter_path.hpp) and is still run by cli/continuation.cpp (issue 14).
#include "cli/bifurcation_plot.hpp"
#include "cli/continuation.hpp"
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/result_check.hpp"
#include "cli/study_commands.hpp"
#include "studies/parameter_path.hpp"
#include "studies/result_json.hpp"
#include "studies/threshold_study.hpp"

#include <nlohmann/json.hpp>

#include <sstream>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

int cmd_continue(const Options& o, const Model& m, const Setup& s, studies::Progress*) {
  std::optional<std::vector<double>> range;
  if (!o.range.empty()) range = parse_real_list(o.range, "--range");
  std::optional<std::string> vary, observable;
  if (!o.vary.empty()) vary = o.vary;
  if (!o.observable.empty()) observable = o.observable;
  const studies::ParameterPath path = studies::resolve_parameter_path(m, vary, range, observable, true);
  studies::StartSpec start = start_spec(o, s);
  if (!start.given() && !path.point.empty()) start.point = path.point;
  if (!start.given()) throw std::invalid_argument("give the fixed point to follow with --at or --point");
  const auto m0 = studies::model_factory(m, path.param)(path.lo);
  StabilityOptions stability;
  stability.eps = o.eps;
  ContinueInput in{m.name(), s.params, path.param, path.lo, path.hi, start.point.value_or(""),
                   studies::resolve_start(*m0, start, false), o.grid, o.switch_branches, o.vary2, o.range2,
                   o.curve_kind, o.observable, fp_options(o), stability,
                   [](const Model& mp, const BranchPoint& b) {
                     json p = studies::fixed_point_json(mp, b.x, reported_loss(mp.name(), b.loss), 0, b.stability);
                     p.erase("residual");
                     return p;
                   },
                   studies::state_json};
  const ContinueOutput r = run_continue(in);
  json j = header(o, &m, r.status, r.message);
  j.update(r.fields);
  fail_on(r.status, "continuation", r.message);
  if (!o.plot.empty()) plot_bifurcation(j, o.plot, o.observable);
  emit(render(o, &m, r.table, j, "\n" + r.footer + (o.vary2.empty() ? "escape_time = log(1/eps)/lambda_max with eps = " + num(o.eps) + "\n" : "")), o.out);
  return 0;
}

int cmd_threshold(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::ThresholdStudyResult r = studies::run(m, threshold_request(o, s), progress);
  raise_on(r.outcome);
  json j = header(o, &m, r.search.status, r.search.message);
  j.update(studies::result_json(m, r));
  if (r.exact) {
    // Known without a search (e.g. alpha_c = 0 for a trivial subspace).
    Table t{"threshold", {"parameter", "threshold"}, {}};
    t.add_row({r.parameter, num(*r.exact, 10)});
    emit(render(o, &m, t, j, "\n" + r.parameter + " = " + num(*r.exact, 10) + ": " + r.note + "\n"), o.out);
    return 0;
  }
  const bool root = !r.observable.empty();
  Table t{root ? "scan of the observable " + r.observable
               : "scan of lambda_max (largest real part of the Jacobian spectrum) at the followed point",
          {r.parameter, root ? r.observable : "lambda_max"}, {}};
  for (auto [p, v] : r.search.scan) t.add_row({num(p), num(v)});
  std::ostringstream extra;
  extra << "\n" << (root ? r.observable : "the fixed point '" + r.point + "'") << " "
        << to_string(r.search.direction) << " at " << r.parameter << " = " << num(r.search.threshold, 10)
        << " (bracket [" << num(r.search.bracket_lo, 12) << ", " << num(r.search.bracket_hi, 12) << "])\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

}  // namespace summit::cli
