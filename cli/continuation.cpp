#include "cli/continuation.hpp"

#include "cli/plot.hpp"
#include "models/models.hpp"
#include "solvers/bifurcation.hpp"
#include "solvers/bifurcation_curve.hpp"
#include "solvers/equivariant_branching.hpp"
#include "studies/bifurcation_diagram.hpp"
#include "studies/observable_zero_curve.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

namespace {

json eigenvalues_json(const std::vector<std::complex<double>>& ev) {
  json a = json::array();
  for (const auto& e : ev) a.push_back({e.real(), e.imag()});
  return a;
}

json observables_json(const Model& m, const Vec& x) {
  json o = json::object();
  const auto names = m.observable_names();
  const Vec v = m.observables(x);
  for (size_t i = 0; i < names.size(); ++i) o[names[i]] = v[static_cast<int>(i)];
  return o;
}

void check_real_parameter(const std::string& model, const std::string& option,
                          const std::string& name) {
  for (const auto& sp : builtin_registry().info(model).params)
    if (sp.name == name && sp.type == ParamType::Real) return;
  throw std::invalid_argument(option + " '" + name + "': not a real parameter of '" + model + "'");
}

std::string special_type_of(const std::string& curve) {
  return curve == "branch" ? "branch-point" : curve;
}

// Progress on stderr when it is a terminal (not inside sweeps' captured runs or pipelines).
void progress_line(const std::string& s) {
  if (isatty(STDERR_FILENO)) std::cerr << "summit continue: " << s << "\n";
}

// One line per classified multiple branch point (the candidates in full are in the JSON's
// `equivariant`): kernel, symmetry, and the axial subgroups with the branches followed for each.
std::string equivariant_summary(const EquivariantBranchPoint& e, const std::string& param) {
  std::string axial;
  int n_axial = 0, followed = 0, others = 0;
  for (const auto& a : e.candidates) {
    const bool is_axial = a.kernel_fix_dim == 1 && a.direction.size() > 0;
    if (!a.branches.empty()) {
      axial += (n_axial++ ? ", " : "") + a.isotropy + " (" + std::to_string(a.branches.size()) +
               (a.branches.size() == 1 ? " branch)" : " branches)");
      followed += static_cast<int>(a.branches.size());
    } else if (is_axial && a.note.find("same kernel direction") == std::string::npos) {
      axial += (n_axial++ ? ", " : "") + a.isotropy + " (none: " + a.note + ")";
    } else {
      ++others;
    }
  }
  return "multiple branch point #" + std::to_string(e.special) + " at " + param + " = " +
         num(e.parameter, 10) + ": kernel dimension " + std::to_string(e.kernel_dim) + ", symmetry " +
         (e.symmetry.empty() ? "-" : e.symmetry) +
         (e.multiplicity_consistent ? " (an irreducible component)" : " (not one irreducible component)") +
         "; " + std::to_string(n_axial) + " axial of " + std::to_string(e.candidates.size()) +
         " isotropy subgroups" + (n_axial ? ": " + axial : std::string()) + "; " +
         std::to_string(followed) + (followed == 1 ? " branch" : " branches") + " followed" +
         (others ? " (the other " + std::to_string(others) + " candidates in the JSON's equivariant)" : "") +
         "\n";
}

BifurcationOptions diagram_options(const ContinueInput& in, bool samples, bool switch_branches) {
  BifurcationOptions bo;
  bo.lo = in.lo;
  bo.hi = in.hi;
  bo.switch_branches = switch_branches;
  bo.fixed_point = in.fixed_point;
  bo.stability = in.stability;
  if (samples)
    for (int i = 0; i < in.grid; ++i)
      bo.samples.push_back(i == in.grid - 1 ? in.hi : in.lo + (in.hi - in.lo) * i / (in.grid - 1));
  bo.progress = progress_line;
  return bo;
}

// The one-parameter run behind both forms of the command.
BifurcationDiagram diagram(const ContinueInput& in, const ModelFactory& make, bool samples,
                           bool switch_branches) {
  return continue_branches(make, in.start, diagram_options(in, samples, switch_branches));
}

// The model at (P, P2) = (a, b).
ModelFactory2 model_factory2(const ContinueInput& in) {
  return [&in](double a, double b) {
    auto mp = in.params;
    mp[in.param] = full(a);
    mp[in.param2] = full(b);
    return builtin_registry().make(in.model, mp);
  };
}

// --curve zero: the zero set of an observable at the given state in (P, P2)
// (studies/observable_zero_curve.hpp); the start is its first sign change in P at the set P2.
ContinueOutput zero_curve(const ContinueInput& in, const Model& m0, double p2, double lo2, double hi2) {
  const Vec x = in.start;
  const ModelFactory2 make2 = model_factory2(in);
  LevelCurveOptions lo;
  lo.p1_lo = std::min(in.lo, in.hi);
  lo.p1_hi = std::max(in.lo, in.hi);
  lo.p2_lo = lo2;
  lo.p2_hi = hi2;
  lo.scan = in.grid;
  lo.curve.tol = in.fixed_point.tol;
  lo.progress = progress_line;
  const LevelCurve c = studies::observable_zero_curve(make2, x, in.observable, p2, lo);
  ContinueOutput out;
  out.status = c.status;
  out.message = c.message;
  json& j = out.fields;
  j["parameters"] = {in.param, in.param2};
  j["curve_type"] = "zero";
  j["observable"] = in.observable;
  j["state"] = in.state_json(m0, x);
  j["curve"] = json::array();
  j["codim2"] = json::array();
  if (c.status != Status::Ok) return out;
  j["start"] = {{in.param, c.start.p1}, {in.param2, c.start.p2}};
  j["ends"] = {c.ends[0], c.ends[1]};
  out.table = {"zero set of " + in.observable + " in (" + in.param + ", " + in.param2 + ")",
               {in.param, in.param2}, {}};
  for (const auto& q : c.points) {
    j["curve"].push_back({{in.param, q.p1}, {in.param2, q.p2}});
    out.table.add_row({num(q.p1), num(q.p2)});
  }
  out.footer += std::to_string(c.points.size()) + " points; ends: " + c.ends[0] + "; " + c.ends[1] + "\n";
  return out;
}

ContinueOutput two_parameter(const ContinueInput& in, const ModelFactory& make) {
  ContinueOutput out;
  check_real_parameter(in.model, "--vary2", in.param2);
  if (in.param2 == in.param)
    throw std::invalid_argument("--vary2 '" + in.param2 + "': must differ from --vary");
  if (in.curve != "fold" && in.curve != "branch" && in.curve != "hopf" && in.curve != "zero")
    throw std::invalid_argument("--curve '" + in.curve + "': allowed fold, branch, hopf, zero");
  if (in.range2.empty()) throw std::invalid_argument("--vary2 needs --range2 LO,HI");
  const auto r2 = parse_real_list(in.range2, "--range2");
  if (r2.size() != 2 || !(r2[1] > r2[0]))
    throw std::invalid_argument("--range2 '" + in.range2 + "': must be LO,HI with LO < HI");
  const auto m0 = make(in.lo);
  const double p2 = m0->params().get_real(in.param2);
  if (p2 < r2[0] || p2 > r2[1])
    throw std::invalid_argument("--range2 '" + in.range2 + "': must contain " + in.param2 + " = " +
                                full(p2) + " (the value the one-parameter run starts at)");
  if (in.curve == "zero") return zero_curve(in, *m0, p2, r2[0], r2[1]);

  // The starting point: the first special point of the asked type on the start branch.
  const BifurcationDiagram d = diagram(in, make, false, false);
  out.status = d.status;
  out.message = d.message;
  if (d.status != Status::Ok) return out;
  const SpecialPoint* sp = nullptr;
  for (const auto& s : d.special)
    if (!sp && s.type == special_type_of(in.curve)) sp = &s;
  if (!sp) {
    out.status = Status::NoConvergence;
    out.message = "no " + special_type_of(in.curve) + " on the branch in " + in.param + " over [" +
                  full(std::min(in.lo, in.hi)) + ", " + full(std::max(in.lo, in.hi)) + "] at " +
                  in.param2 + " = " + full(p2);
    return out;
  }
  const ModelFactory2 make2 = model_factory2(in);
  BifurcationCurveOptions co;
  co.kind = in.curve;
  co.p1_lo = std::min(in.lo, in.hi);
  co.p1_hi = std::max(in.lo, in.hi);
  co.p2_lo = r2[0];
  co.p2_hi = r2[1];
  // --tol: the defining system's residual (J v is only as accurate as the model's Jacobian, ~1e-9
  // for the finite-difference Jacobians of the rbm AMP state evolution: use --tol 1e-8 there).
  co.curve.tol = in.fixed_point.tol;
  co.progress = progress_line;
  const BifurcationCurve c = continue_bifurcation_curve(make2, sp->x, sp->parameter, p2, co);
  out.status = c.status;
  out.message = c.message;
  if (c.status == Status::NoConvergence)
    out.message += " (where the model's drift Jacobian is a finite difference, loosen --tol, e.g. 1e-8)";
  json& j = out.fields;
  j["parameters"] = {in.param, in.param2};
  j["curve_type"] = in.curve;
  j["start"] = {{in.param, sp->parameter}, {in.param2, p2}, {"state", in.state_json(*m0, sp->x)}};
  j["curve"] = json::array();
  j["codim2"] = json::array();
  j["ends"] = {c.ends[0], c.ends[1]};
  out.table = {in.curve + " curve in (" + in.param + ", " + in.param2 + ")",
               {in.param, in.param2, "lambda_max"}, {}};
  if (in.curve == "hopf") out.table.columns.push_back("frequency");
  for (const auto& q : c.points) {
    json p = {{in.param, q.p1}, {in.param2, q.p2}, {"state", in.state_json(*m0, q.x)},
              {"eigenvalues", eigenvalues_json(q.eigenvalues)}};
    const double lmax = q.eigenvalues.empty() ? NAN : q.eigenvalues.front().real();
    std::vector<std::string> row{num(q.p1), num(q.p2), num(lmax)};
    if (in.curve == "hopf") {
      p["omega_squared"] = q.kappa;
      if (q.kappa > 0) p["frequency"] = std::sqrt(q.kappa);
      if (std::isfinite(q.lyapunov)) p["first_lyapunov"] = q.lyapunov;
      row.push_back(q.kappa > 0 ? num(std::sqrt(q.kappa)) : "-");
    }
    j["curve"].push_back(p);
    out.table.add_row(row);
  }
  for (const auto& s : c.special) {
    j["codim2"].push_back({{"type", s.type}, {in.param, s.p1}, {in.param2, s.p2},
                           {"state", in.state_json(*m0, s.x)},
                           {"eigenvalues", eigenvalues_json(s.eigenvalues)}});
    out.footer += s.type + " at " + in.param + " = " + num(s.p1, 10) + ", " + in.param2 + " = " +
                  num(s.p2, 10) + "\n";
  }
  out.footer += "ends: " + c.ends[0] + "; " + c.ends[1] + "\n";
  return out;
}

}  // namespace

ContinueOutput run_continue(const ContinueInput& in) {
  if (in.grid < 2) throw std::invalid_argument("--grid " + std::to_string(in.grid) + ": must be >= 2");
  const ModelFactory make = [&in](double p) {
    auto mp = in.params;
    mp[in.param] = full(p);
    return builtin_registry().make(in.model, mp);
  };
  if (!in.param2.empty()) return two_parameter(in, make);
  if (!in.range2.empty() || !in.curve.empty())
    throw std::invalid_argument("--range2 and --curve need --vary2 PARAM");

  ContinueOutput out;
  // --switch at multiple branch points of a model with symmetry subgroups also follows the
  // equivariant branching lemma's branches (studies/bifurcation_diagram.hpp, shared with Python).
  const studies::BifurcationDiagramResult result =
      studies::bifurcation_diagram(make, in.start, diagram_options(in, true, in.switch_branches));
  const BifurcationDiagram& d = result.diagram;
  const std::vector<EquivariantBranchPoint>& eq = result.equivariant;
  out.status = d.status;
  out.message = d.message;
  json& j = out.fields;
  if (!result.symmetry_note.empty()) {
    j["symmetry_note"] = result.symmetry_note;
    out.footer += "multiple branch points not classified: " + result.symmetry_note + "\n";
  }
  j["parameter"] = in.param;
  j["branch"] = json::array();
  j["bifurcations"] = json::array();
  j["branches"] = json::array();
  out.table = {"the fixed point '" + (in.point.empty() ? std::string("given") : in.point) +
                   "' followed in " + in.param + " (pseudo-arclength)",
               {in.param, "loss", "type", "index", "lambda_max", "escape_time"}, {}};
  auto point = [&](const BranchPoint& b) {
    json p = in.point_json(*make(b.parameter), b);
    p["parameter"] = b.parameter;
    return p;
  };
  if (!d.branches.empty()) {
    for (const auto& b : d.branches[0].samples) {
      j["branch"].push_back(point(b));
      out.table.add_row({num(b.parameter), num(b.loss), b.stability.type,
                         std::to_string(b.stability.index), num(b.stability.lambda_max),
                         b.stability.index > 0 ? num(b.stability.escape_time) : "-"});
    }
    j["end"] = d.branches[0].end;
  }
  for (size_t i = 0; i < d.branches.size(); ++i) {
    const ContinuedBranch& b = d.branches[i];
    json cj = json::array();
    for (const auto& q : b.points) cj.push_back(point(q));
    if (i == 0) j["curve"] = cj;
    j["branches"].push_back({{"origin", b.origin}, {"parent", b.parent},
                             {"status", to_string(b.status)}, {"end", b.end}, {"curve", cj}});
    if (i > 0)
      out.footer += "branch " + std::to_string(i) + " (" + b.origin + "): " +
                    std::to_string(b.points.size()) + " points, " + b.end + "\n";
  }
  for (const auto& s : d.special) {
    const auto ms = make(s.parameter);
    json sj = {{"type", s.type},
               {"parameter", s.parameter},
               {"branch", s.branch},
               {"state", in.state_json(*ms, s.x)},
               {"loss", ms->loss(s.x)},
               {"observables", observables_json(*ms, s.x)},
               {"eigenvalues", eigenvalues_json(s.eigenvalues)}};
    if (s.type == "hopf") {
      sj["frequency"] = s.frequency;
      if (std::isfinite(s.lyapunov)) sj["first_lyapunov"] = s.lyapunov;
    }
    if (s.type == "multiple-branch-point") sj["kernel_dim"] = s.kernel_dim;
    if (s.type == "branch-point" && s.direction.size() == s.x.size() + 1) {  // none on lifted branches
      json dir = in.state_json(*ms, s.direction.head(s.x.size()));
      dir[in.param] = s.direction[s.x.size()];
      sj["direction"] = dir;
    }
    j["bifurcations"].push_back(sj);
    out.footer += s.type + " at " + in.param + " = " + num(s.parameter, 10) + " (branch " +
                  std::to_string(s.branch) + ")" +
                  (s.type == "hopf" ? ", frequency " + num(s.frequency) : std::string()) +
                  (s.type == "multiple-branch-point" ? ", kernel dimension " + std::to_string(s.kernel_dim)
                                                     : std::string()) + "\n";
  }
  if (!eq.empty()) j["equivariant"] = json::array();
  for (const auto& e : eq) {
    json cands = json::array();
    for (const auto& a : e.candidates) {
      json cj = {{"isotropy", a.isotropy}, {"fix_dim", a.fix_dim},
                 {"kernel_fix_dim", a.kernel_fix_dim}, {"branches", a.branches}};
      if (!a.note.empty()) cj["note"] = a.note;
      cands.push_back(cj);
    }
    out.footer += equivariant_summary(e, in.param);
    j["equivariant"].push_back({{"bifurcation", e.special}, {"parameter", e.parameter},
                                {"kernel_dim", e.kernel_dim}, {"symmetry", e.symmetry},
                                {"predicted_multiplicities", e.predicted},
                                {"multiplicity_consistent", e.multiplicity_consistent},
                                {"candidates", cands}});
  }
  return out;
}

}  // namespace summit::cli
