#include "studies/continue_study.hpp"

#include "models/models.hpp"
#include "solvers/bifurcation.hpp"
#include "solvers/bifurcation_curve.hpp"
#include "solvers/equivariant_branching.hpp"
#include "studies/bifurcation_diagram.hpp"
#include "studies/integration_request.hpp"
#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"
#include "studies/observable_zero_curve.hpp"
#include "studies/parameter_path.hpp"
#include "studies/reported_values.hpp"
#include "studies/result_json.hpp"
#include "studies/threshold_study.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <utility>

namespace summit::studies {

using json = nlohmann::json;

namespace {

json observables_json(const Model& m, const Vec& x) {
  json o = json::object();
  const auto names = m.observable_names();
  const Vec v = m.observables(x);
  for (size_t i = 0; i < names.size(); ++i) o[names[i]] = v[static_cast<int>(i)];
  return o;
}

// A point of a branch: the CLI's fixed-point fields without the residual (a continuation point
// has none of its own), at the model of its parameter value.
json branch_point_json(const Model& m, const BranchPoint& b) {
  json p = fixed_point_json(m, b.x, reported_loss(m.name(), b.loss), 0, b.stability);
  p.erase("residual");
  return p;
}

std::string special_type_of(const std::string& curve) {
  return curve == "branch" ? "branch-point" : curve;
}

// What run() needs besides the request: the resolved parameter path and the start state at lo.
struct Input {
  const ContinueRequest& q;
  ParameterPath path;
  std::string point;  // the followed point's name ("" for a given state)
  Vec start;
  ModelFactory make;
  Progress* progress = nullptr;
};

BifurcationOptions diagram_options(const Input& in, bool samples, bool switch_branches) {
  BifurcationOptions bo;
  bo.lo = in.path.lo;
  bo.hi = in.path.hi;
  bo.switch_branches = switch_branches;
  bo.fixed_point = in.q.search.to_options();
  bo.stability.eps = in.q.eps;
  if (samples)
    for (int i = 0; i < in.q.grid; ++i)
      bo.samples.push_back(i == in.q.grid - 1 ? in.path.hi : in.path.lo + (in.path.hi - in.path.lo) * i / (in.q.grid - 1));
  Progress* progress = in.progress;
  bo.progress = [progress](const std::string& s) { report_stage(progress, s); };
  return bo;
}

ModelFactory2 model_factory2(const Model& m, const std::string& p1, const std::string& p2) {
  std::map<std::string, std::string> given;
  for (const auto& [k, v] : m.params().all())
    if (m.params().given(k)) given[k] = v;
  return [given, p1, p2, name = m.name()](double a, double b) {
    auto mp = given;
    mp[p1] = full(a);
    mp[p2] = full(b);
    return builtin_registry().make(name, mp);
  };
}

// curve zero: the zero set of the request's observable at the followed state in (P1, P2)
// (studies/observable_zero_curve.hpp); the start is its first sign change in P1 at the model's P2.
void zero_curve(const Input& in, const Model& m, ContinueStudyResult& out) {
  const std::string& p1 = in.path.param;
  const std::string& p2name = *in.q.vary2;
  const auto r2 = *in.q.range2;
  const auto m0 = in.make(in.path.lo);
  const double p2 = m0->params().get_real(p2name);
  const std::string observable = in.q.observable.value_or("");
  LevelCurveOptions lo;
  lo.p1_lo = std::min(in.path.lo, in.path.hi);
  lo.p1_hi = std::max(in.path.lo, in.path.hi);
  lo.p2_lo = r2[0];
  lo.p2_hi = r2[1];
  lo.scan = in.q.grid;
  lo.curve.tol = in.q.search.tol;
  Progress* progress = in.progress;
  lo.progress = [progress](const std::string& s) { report_stage(progress, s); };
  const LevelCurve c = observable_zero_curve(model_factory2(m, p1, p2name), in.start, observable, p2, lo);
  out.outcome = failure(c.status, "continuation", c.message);
  json& j = out.fields;
  j["parameters"] = {p1, p2name};
  j["curve_type"] = "zero";
  j["observable"] = observable;
  j["state"] = state_json(*m0, in.start);
  j["curve"] = json::array();
  j["codim2"] = json::array();
  if (c.status != Status::Ok) return;
  j["start"] = {{p1, c.start.p1}, {p2name, c.start.p2}};
  j["ends"] = {c.ends[0], c.ends[1]};
  for (const auto& q : c.points) j["curve"].push_back({{p1, q.p1}, {p2name, q.p2}});
}

void two_parameter(const Input& in, const Model& m, ContinueStudyResult& out) {
  const std::string& p1 = in.path.param;
  const std::string& p2name = *in.q.vary2;
  const std::string& kind = *in.q.curve;
  if (kind == "zero") return zero_curve(in, m, out);
  const auto r2 = *in.q.range2;
  const auto m0 = in.make(in.path.lo);
  const double p2 = m0->params().get_real(p2name);

  // The starting point: the first special point of the asked type on the start branch.
  const BifurcationDiagram d = continue_branches(in.make, in.start, diagram_options(in, false, false));
  out.outcome = failure(d.status, "continuation", d.message);
  if (d.status != Status::Ok) return;
  const SpecialPoint* sp = nullptr;
  for (const auto& s : d.special)
    if (!sp && s.type == special_type_of(kind)) sp = &s;
  if (!sp) {
    out.outcome = failure(Status::NoConvergence, "continuation",
                          "no " + special_type_of(kind) + " on the branch in " + p1 + " over [" +
                              full(std::min(in.path.lo, in.path.hi)) + ", " + full(std::max(in.path.lo, in.path.hi)) +
                              "] at " + p2name + " = " + full(p2));
    return;
  }
  BifurcationCurveOptions co;
  co.kind = kind;
  co.p1_lo = std::min(in.path.lo, in.path.hi);
  co.p1_hi = std::max(in.path.lo, in.path.hi);
  co.p2_lo = r2[0];
  co.p2_hi = r2[1];
  // The defining system's residual (J v is only as accurate as the model's Jacobian, ~1e-9 for the
  // finite-difference Jacobians of the rbm AMP state evolution: use --tol 1e-8 there).
  co.curve.tol = in.q.search.tol;
  Progress* progress = in.progress;
  co.progress = [progress](const std::string& s) { report_stage(progress, s); };
  const BifurcationCurve c = continue_bifurcation_curve(model_factory2(m, p1, p2name), sp->x, sp->parameter, p2, co);
  std::string message = c.message;
  if (c.status == Status::NoConvergence)
    message += " (where the model's drift Jacobian is a finite difference, loosen --tol, e.g. 1e-8)";
  out.outcome = failure(c.status, "continuation", message);
  json& j = out.fields;
  j["parameters"] = {p1, p2name};
  j["curve_type"] = kind;
  j["start"] = {{p1, sp->parameter}, {p2name, p2}, {"state", state_json(*m0, sp->x)}};
  j["curve"] = json::array();
  j["codim2"] = json::array();
  j["ends"] = {c.ends[0], c.ends[1]};
  for (const auto& q : c.points) {
    json p = {{p1, q.p1}, {p2name, q.p2}, {"state", state_json(*m0, q.x)},
              {"eigenvalues", eigenvalues_json(q.eigenvalues)}};
    if (kind == "hopf") {
      p["omega_squared"] = q.kappa;
      if (q.kappa > 0) p["frequency"] = std::sqrt(q.kappa);
      if (std::isfinite(q.lyapunov)) p["first_lyapunov"] = q.lyapunov;
    }
    j["curve"].push_back(p);
  }
  for (const auto& s : c.special)
    j["codim2"].push_back({{"type", s.type}, {p1, s.p1}, {p2name, s.p2},
                           {"state", state_json(*m0, s.x)},
                           {"eigenvalues", eigenvalues_json(s.eigenvalues)}});
}

void one_parameter(const Input& in, ContinueStudyResult& out) {
  // switch_branches at multiple branch points of a model with symmetry subgroups also follows the
  // equivariant branching lemma's branches (studies/bifurcation_diagram.hpp).
  const BifurcationDiagramResult result =
      bifurcation_diagram(in.make, in.start, diagram_options(in, true, in.q.switch_branches));
  const BifurcationDiagram& d = result.diagram;
  out.outcome = failure(d.status, "continuation", d.message);
  json& j = out.fields;
  if (!result.symmetry_note.empty()) j["symmetry_note"] = result.symmetry_note;
  j["parameter"] = in.path.param;
  j["branch"] = json::array();
  j["bifurcations"] = json::array();
  j["branches"] = json::array();
  auto point = [&](const BranchPoint& b) {
    json p = branch_point_json(*in.make(b.parameter), b);
    p["parameter"] = b.parameter;
    return p;
  };
  if (!d.branches.empty()) {
    for (const auto& b : d.branches[0].samples) j["branch"].push_back(point(b));
    j["end"] = d.branches[0].end;
  }
  for (size_t i = 0; i < d.branches.size(); ++i) {
    const ContinuedBranch& b = d.branches[i];
    json cj = json::array();
    for (const auto& q : b.points) cj.push_back(point(q));
    if (i == 0) j["curve"] = cj;
    j["branches"].push_back({{"origin", b.origin}, {"parent", b.parent},
                             {"status", to_string(b.status)}, {"end", b.end}, {"curve", cj}});
  }
  for (const auto& s : d.special) {
    const auto ms = in.make(s.parameter);
    json sj = {{"type", s.type},
               {"parameter", s.parameter},
               {"branch", s.branch},
               {"state", state_json(*ms, s.x)},
               {"loss", ms->loss(s.x)},
               {"observables", observables_json(*ms, s.x)},
               {"eigenvalues", eigenvalues_json(s.eigenvalues)}};
    if (s.type == "hopf") {
      sj["frequency"] = s.frequency;
      if (std::isfinite(s.lyapunov)) sj["first_lyapunov"] = s.lyapunov;
    }
    if (s.type == "multiple-branch-point") sj["kernel_dim"] = s.kernel_dim;
    if (s.type == "branch-point" && s.direction.size() == s.x.size() + 1) {  // none on lifted branches
      json dir = state_json(*ms, s.direction.head(s.x.size()));
      dir[in.path.param] = s.direction[s.x.size()];
      sj["direction"] = dir;
    }
    j["bifurcations"].push_back(sj);
  }
  if (!result.equivariant.empty()) j["equivariant"] = json::array();
  for (const auto& e : result.equivariant) {
    json cands = json::array();
    for (const auto& a : e.candidates) {
      json cj = {{"isotropy", a.isotropy}, {"fix_dim", a.fix_dim},
                 {"kernel_fix_dim", a.kernel_fix_dim}, {"branches", a.branches}};
      if (!a.note.empty()) cj["note"] = a.note;
      cands.push_back(cj);
    }
    j["equivariant"].push_back({{"bifurcation", e.special}, {"parameter", e.parameter},
                                {"kernel_dim", e.kernel_dim}, {"symmetry", e.symmetry},
                                {"predicted_multiplicities", e.predicted},
                                {"multiplicity_consistent", e.multiplicity_consistent},
                                {"candidates", cands}});
  }
}

bool is_real_parameter(const Model& m, const std::string& name) {
  for (const auto& sp : builtin_registry().info(m.name()).params)
    if (sp.name == name && sp.type == ParamType::Real) return true;
  return false;
}

}  // namespace

bool ContinueRequest::is_valid(std::string* why) const {
  if (!(search.is_valid(why) && eps_is_valid(eps, why) && grid_is_valid(grid, why) && range_is_valid(range, true, why)))
    return false;
  if (!vary2) {
    if (range2 || curve) return fail_with(why, "--range2 and --curve need --vary2 PARAM");
    return true;
  }
  if (vary && *vary2 == *vary) return fail_with(why, "--vary2 '" + *vary2 + "': must differ from --vary");
  const std::string kind = curve.value_or("");
  if (kind != "fold" && kind != "branch" && kind != "hopf" && kind != "zero")
    return fail_with(why, "--curve '" + kind + "': allowed fold, branch, hopf, zero");
  if (!range2) return fail_with(why, "--vary2 needs --range2 LO,HI");
  if (range2->size() != 2 || !((*range2)[1] > (*range2)[0])) {
    std::string text;
    for (double v : *range2) text += (text.empty() ? "" : ",") + full(v);
    return fail_with(why, "--range2 '" + text + "': must be LO,HI with LO < HI");
  }
  return true;
}

namespace {
// The resolved parameter path and followed point (std::invalid_argument when either is missing).
Input resolve(const Model& m, const ContinueRequest& q, Progress* progress) {
  Input in{q, resolve_parameter_path(m, q.vary, q.range, q.observable, true), "", Vec(), ModelFactory(), progress};
  StartSpec start = q.start;
  if (!start.given() && !in.path.point.empty()) start.point = in.path.point;
  if (!start.given()) throw std::invalid_argument("give the fixed point to follow with --at or --point");
  in.point = start.point.value_or("");
  in.make = model_factory(m, in.path.param);
  in.start = resolve_start(*in.make(in.path.lo), start, false);
  return in;
}
}  // namespace

void check_against_model(const Model& m, const ContinueRequest& q) {
  const Input in = resolve(m, q, nullptr);
  if (!q.vary2) return;
  if (!is_real_parameter(m, *q.vary2))
    throw std::invalid_argument("--vary2 '" + *q.vary2 + "': not a real parameter of '" + m.name() + "'");
  if (*q.vary2 == in.path.param) throw std::invalid_argument("--vary2 '" + *q.vary2 + "': must differ from --vary");
  const double p2 = in.make(in.path.lo)->params().get_real(*q.vary2);
  const auto& r2 = *q.range2;
  if (p2 < r2[0] || p2 > r2[1])
    throw std::invalid_argument("--range2 '" + full(r2[0]) + "," + full(r2[1]) + "': must contain " + *q.vary2 +
                                " = " + full(p2) + " (the value the one-parameter run starts at)");
}

ContinueStudyResult run(const Model& m, const ContinueRequest& request, Progress* progress) {
  std::string why;
  if (!request.is_valid(&why)) throw std::invalid_argument(why);
  check_against_model(m, request);
  const Input in = resolve(m, request, progress);
  ContinueStudyResult r;
  r.parameter = in.path.param;
  r.point = in.point.empty() ? "given" : in.point;
  if (request.vary2) {
    r.parameter2 = *request.vary2;
    r.curve = *request.curve;
    two_parameter(in, m, r);
  } else {
    one_parameter(in, r);
  }
  return r;
}

void to_json(nlohmann::json& j, const ContinueRequest& r) {
  j = {{"start", r.start}, {"grid", r.grid}, {"search", r.search}, {"eps", r.eps}, {"switch", r.switch_branches}};
  j["vary"] = r.vary ? json(*r.vary) : json();
  j["range"] = r.range ? json(*r.range) : json();
  j["observable"] = r.observable ? json(*r.observable) : json();
  j["vary2"] = r.vary2 ? json(*r.vary2) : json();
  j["range2"] = r.range2 ? json(*r.range2) : json();
  j["curve"] = r.curve ? json(*r.curve) : json();
}

void from_json(const nlohmann::json& j, ContinueRequest& r) {
  const std::string p = "continue";
  require_object(j, p);
  reject_unknown(j, {"start", "vary", "range", "observable", "grid", "search", "eps", "switch", "vary2", "range2", "curve"}, p);
  r = ContinueRequest{};
  if (j.contains("start")) r.start = j["start"].get<StartSpec>();
  if (j.contains("search")) r.search = j["search"].get<SearchRequest>();
  read_if(j, "range", p, r.range);
  read_if(j, "range2", p, r.range2);
  read_if(j, "grid", p, r.grid);
  read_if(j, "eps", p, r.eps);
  read_if(j, "switch", p, r.switch_branches);
  for (auto [key, dst] : {std::pair{"vary", &r.vary}, std::pair{"observable", &r.observable},
                          std::pair{"vary2", &r.vary2}, std::pair{"curve", &r.curve}})
    if (j.contains(key) && !j[key].is_null()) *dst = text_field(j, key, p);
}

nlohmann::json result_json(const Model&, const ContinueStudyResult& r) { return r.fields; }

}  // namespace summit::studies
