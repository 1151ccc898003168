// threshold and continue: a fixed point followed in a parameter; still configured and solved here
// (not yet studies/ requests; docs/design.md), rendered as tables, CSV or JSON.
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

namespace {

// The parameter and range of --vary/--range (or the model's natural threshold when absent).
struct Sweep {
  std::string param, point, observable;
  double lo = 0, hi = 0;
};

Sweep parse_sweep(const Options& o, const Model& m, bool descending_ok = false);

// What threshold and continue share: the model rebuilt at each parameter value, the point to
// follow (--at / --point, else the model's reference point) at the start, and the options.
struct Follow {
  ModelFactory make;
  std::unique_ptr<Model> m0;  // the model at sw.lo
  std::string point;          // the followed point's name ("" for a given state)
  Vec start;
  ThresholdOptions to;
};

Follow follow_setup(const Options& o, const Model& m, const Setup& s, const Sweep& sw) {
  Follow f;
  f.make = [params = s.params, param = sw.param, name = m.name()](double p) {
    auto mp = params;
    mp[param] = full(p);
    return builtin_registry().make(name, mp);
  };
  f.m0 = f.make(sw.lo);
  Options oo = o;
  if (s.at.empty() && oo.point.empty()) oo.point = sw.point;
  if (s.at.empty() && oo.point.empty())
    throw std::invalid_argument("give the fixed point to follow with --at or --point");
  f.point = oo.point;
  f.start = make_state(*f.m0, oo, s, false);
  f.to.lo = sw.lo;
  f.to.hi = sw.hi;
  f.to.grid = o.grid;
  f.to.fixed_point = fp_options(o);
  f.to.stability.eps = o.eps;
  f.to.progress = current_progress();
  return f;
}

}  // namespace

int cmd_continue(const Options& o, const Model& m, const Setup& s, studies::Progress*) {
  const Sweep sw = parse_sweep(o, m, true);
  const Follow f = follow_setup(o, m, s, sw);
  ContinueInput in{m.name(), s.params, sw.param, sw.lo, sw.hi, f.point, f.start, o.grid,
                   o.switch_branches, o.vary2, o.range2, o.curve_kind, o.observable,
                   f.to.fixed_point, f.to.stability,
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

namespace {

Sweep parse_sweep(const Options& o, const Model& m, bool descending_ok) {
  Sweep sw;
  auto range = [&] {
    const auto r = parse_real_list(o.range, "--range");
    if (r.size() != 2 || !(r[1] > r[0] || (descending_ok && r[1] < r[0])))
      throw std::invalid_argument("--range '" + o.range + "': must be LO,HI with LO < HI" +
                                  std::string(descending_ok ? " (or HI,LO to go down)" : ""));
    sw.lo = r[0];
    sw.hi = r[1];
  };
  sw.point = m.hints().natural_threshold.point;
  sw.observable = o.observable;
  if (o.vary.empty()) {
    const auto nt = m.hints().natural_threshold;
    if (o.observable.empty()) sw.observable = nt.observable;
    if (nt.parameter.empty())
      throw std::invalid_argument("model '" + m.name() +
                                  "' has no natural threshold here; give --vary PARAM --range LO,HI");
    sw.param = nt.parameter;
    sw.lo = nt.lo;
    sw.hi = nt.hi;
    if (!o.range.empty()) range();
    return sw;
  }
  const ModelInfo& info = builtin_registry().info(m.name());
  bool known = false;
  for (const auto& sp : info.params) known = known || (sp.name == o.vary && sp.type == ParamType::Real);
  if (!known)
    throw std::invalid_argument("--vary '" + o.vary + "': not a real parameter of '" + m.name() + "'");
  if (o.range.empty()) throw std::invalid_argument("--vary needs --range LO,HI");
  sw.param = o.vary;
  range();
  return sw;
}

// `summit threshold` when the threshold is the root of an observable in the parameter.
int threshold_observable(const Options& o, const Model& m, const Setup& s, const Sweep& sw) {
  const std::string model = m.name();
  ThresholdOptions to;
  to.lo = sw.lo;
  to.hi = sw.hi;
  to.grid = o.grid;
  to.progress = current_progress();
  const ModelFactory make = [&s, &sw, &model](double p) {
    auto mp = s.params;
    mp[sw.param] = full(p);
    return builtin_registry().make(model, mp);
  };
  Options oo = o;
  if (s.at.empty() && oo.point.empty()) oo.point = sw.point;
  const PointOf point = [&oo, &s](const Model& mp) { return make_state(mp, oo, s, false); };
  const ThresholdResult r = locate_observable_root(make, point, sw.observable, to);
  json j = header(o, &m, r.status, r.message);
  j["parameter"] = sw.param;
  j["range"] = {sw.lo, sw.hi};
  j["observable"] = sw.observable;
  j["point"] = oo.point.empty() ? (s.at.empty() ? "initial" : "given") : oo.point;
  json scan = json::array();
  for (auto [p, v] : r.scan) scan.push_back({p, v});
  j["scan"] = scan;
  fail_on(r.status, "threshold search", r.message);
  j["threshold"] = r.threshold;
  j["bracket"] = {r.bracket_lo, r.bracket_hi};
  j["direction"] = to_string(r.direction);
  j["state"] = studies::state_json(m, r.state);
  Table t{"scan of the observable " + sw.observable, {sw.param, sw.observable}, {}};
  for (auto [p, v] : r.scan) t.add_row({num(p), num(v)});
  std::ostringstream extra;
  extra << "\n" << sw.observable << " " << to_string(r.direction) << " at " << sw.param << " = "
        << num(r.threshold, 10) << " (bracket [" << num(r.bracket_lo, 12) << ", "
        << num(r.bracket_hi, 12) << "])\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

}  // namespace

int cmd_threshold(const Options& o, const Model& m, const Setup& s, studies::Progress*) {
  if (const auto nt = m.hints().natural_threshold; o.vary.empty() && nt.exact) {
    // Known without a search (e.g. alpha_c = 0 for a trivial subspace).
    json j = header(o, &m, Status::Ok, "");
    j["parameter"] = nt.parameter;
    j["threshold"] = *nt.exact;
    j["bracket"] = {*nt.exact, *nt.exact};
    j["direction"] = "exact";
    j["note"] = nt.note;
    Table t{"threshold", {"parameter", "threshold"}, {}};
    t.add_row({nt.parameter, num(*nt.exact, 10)});
    emit(render(o, &m, t, j, "\n" + nt.parameter + " = " + num(*nt.exact, 10) + ": " + nt.note + "\n"),
         o.out);
    return 0;
  }
  const Sweep sw = parse_sweep(o, m);
  if (!sw.observable.empty()) return threshold_observable(o, m, s, sw);
  const std::string& param = sw.param;
  const double lo = sw.lo, hi = sw.hi;
  const Follow f = follow_setup(o, m, s, sw);
  const auto& m0 = f.m0;
  const ThresholdResult r = locate_stability_change(f.make, f.start, f.to);
  json j = header(o, &m, r.status, r.message);
  j["parameter"] = param;
  j["range"] = {lo, hi};
  j["point"] = f.point.empty() ? "given" : f.point;
  json scan = json::array();
  for (auto [p, l] : r.scan) scan.push_back({p, l});
  j["scan"] = scan;
  fail_on(r.status, "threshold search", r.message);
  j["threshold"] = r.threshold;
  j["bracket"] = {r.bracket_lo, r.bracket_hi};
  j["direction"] = to_string(r.direction);
  j["state"] = studies::state_json(*m0, r.state);
  Table t{"scan of lambda_max (largest real part of the Jacobian spectrum) at the followed point",
          {param, "lambda_max"}, {}};
  for (auto [p, l] : r.scan) t.add_row({num(p), num(l)});
  std::ostringstream extra;
  extra << "\nthe fixed point '" << (f.point.empty() ? "given" : f.point) << "' " << to_string(r.direction)
        << " at " << param << " = " << num(r.threshold, 10) << " (bracket [" << num(r.bracket_lo, 12)
        << ", " << num(r.bracket_hi, 12) << "])\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}


}  // namespace summit::cli
