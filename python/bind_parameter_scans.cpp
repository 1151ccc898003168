// summit._summit: the computations that rebuild the model at each value of a parameter
// (threshold, follow, pseudo-arclength continuation, two-parameter bifurcation curves).
//
// Contract: the model is given by name and parameters and rebuilt by the registry with the varied
// parameter set; each returns a dict with "status", "message" and the result's numbers.
#include <cmath>

#include "models/models.hpp"
#include "python/convert.hpp"
#include "solvers/bifurcation.hpp"
#include "solvers/bifurcation_curve.hpp"
#include "studies/bifurcation_diagram.hpp"
#include "studies/observable_zero_curve.hpp"

namespace summit::python {

namespace {

// The scan of a threshold search or a followed branch: the grid over [lo, hi], the polish at each
// value and the eps of the escape-time estimates.
// The model rebuilt at (param, param2) = (a, b).
ModelFactory2 factory2(const std::string& name, const std::map<std::string, std::string>& params,
                       const std::string& param, const std::string& param2) {
  return [name, params, param, param2](double a, double b) {
    auto mp = params;
    mp[param] = format_real(a);
    mp[param2] = format_real(b);
    return builtin_registry().make(name, mp);
  };
}

ThresholdOptions scan_options(double lo, double hi, int grid, int random_starts, double tol, std::uint64_t seed,
                              double eps) {
  ThresholdOptions to;
  to.lo = lo;
  to.hi = hi;
  to.grid = grid;
  to.fixed_point = fp_options(random_starts, tol, seed);
  to.stability.eps = eps;
  return to;
}

}  // namespace

void bind_parameter_scans(py::module_& mod) {
  mod.def("threshold_stability", [](const std::string& name, const std::map<std::string, std::string>& params,
                                    const std::string& param, double lo, double hi, int grid,
                                    const std::string& start_json,
                                    int random_starts, double tol, std::uint64_t seed, double eps) {
    const ModelFactory make = factory(name, params, param);
    const ThresholdOptions to = scan_options(lo, hi, grid, random_starts, tol, seed, eps);
    const Vec start = start_state(*make(lo), start_json, false);
    ThresholdResult r;
    {
      py::gil_scoped_release release;
      r = locate_stability_change(make, start, to);
    }
    return threshold_dict(r);
  });

  mod.def("threshold_observable", [](const std::string& name, const std::map<std::string, std::string>& params,
                                     const std::string& param, double lo, double hi, int grid,
                                     const std::string& observable, const std::string& start_json) {
    const ModelFactory make = factory(name, params, param);
    ThresholdOptions to;
    to.lo = lo;
    to.hi = hi;
    to.grid = grid;
    const PointOf at_point = [start_json](const Model& mp) { return start_state(mp, start_json, false); };
    ThresholdResult r;
    {
      py::gil_scoped_release release;
      r = locate_observable_root(make, at_point, observable, to);
    }
    return threshold_dict(r);
  });

  mod.def("follow", [](const std::string& name, const std::map<std::string, std::string>& params,
                       const std::string& param, double lo, double hi, int grid, const std::string& start_json,
                       int random_starts, double tol,
                       std::uint64_t seed, double eps) {
    const ModelFactory make = factory(name, params, param);
    const ThresholdOptions to = scan_options(lo, hi, grid, random_starts, tol, seed, eps);
    const Vec start = start_state(*make(lo), start_json, false);
    BranchResult r;
    {
      py::gil_scoped_release release;
      r = follow_fixed_point(make, start, to);
    }
    py::dict d;
    d["status"] = to_string(r.status);
    d["message"] = r.message;
    d["points"] = branch_points_list(r.points);
    return d;
  });

  // Pseudo-arclength continuation (solvers/bifurcation.hpp), what `summit continue` runs.
  mod.def("continuation", [](const std::string& name, const std::map<std::string, std::string>& params,
                             const std::string& param, double lo, double hi, int grid,
                             const std::string& start_json,
                             bool switch_branches, int random_starts, double tol, std::uint64_t seed,
                             double eps) {
    const ModelFactory make = factory(name, params, param);
    BifurcationOptions bo;
    bo.lo = lo;
    bo.hi = hi;
    bo.switch_branches = switch_branches;
    bo.fixed_point = fp_options(random_starts, tol, seed);
    bo.stability.eps = eps;
    for (int i = 0; i < grid; ++i) bo.samples.push_back(i == grid - 1 ? hi : lo + (hi - lo) * i / (grid - 1));
    const Vec start = start_state(*make(lo), start_json, false);
    // The CLI's computation, equivariant step included (studies/bifurcation_diagram.hpp).
    studies::BifurcationDiagramResult result;
    {
      py::gil_scoped_release release;
      result = studies::bifurcation_diagram(make, start, bo);
    }
    BifurcationDiagram& r = result.diagram;
    py::dict d;
    d["status"] = to_string(r.status);
    d["message"] = r.message;
    py::list branches, special;
    for (auto& b : r.branches) {
      py::dict q;
      q["origin"] = b.origin;
      q["parent"] = b.parent;
      q["status"] = to_string(b.status);
      q["end"] = b.end;
      q["points"] = branch_points_list(b.points);
      q["samples"] = branch_points_list(b.samples);
      branches.append(q);
    }
    for (auto& sp : r.special) {
      py::dict q;
      q["type"] = sp.type;
      q["parameter"] = sp.parameter;
      q["x"] = adopt(std::move(sp.x));
      q["eigenvalues"] = adopt_complex(sp.eigenvalues);
      q["frequency"] = sp.frequency;
      q["branch"] = sp.branch;
      q["direction"] = sp.direction.size() ? py::object(adopt(std::move(sp.direction))) : py::none();
      q["first_lyapunov"] = sp.type == "hopf" && std::isfinite(sp.lyapunov) ? py::object(py::float_(sp.lyapunov))
                                                                            : py::none();
      q["kernel_dim"] = sp.type == "multiple-branch-point" ? py::object(py::int_(sp.kernel_dim)) : py::none();
      special.append(q);
    }
    d["branches"] = branches;
    d["special"] = special;
    py::list equivariant;
    for (auto& e : result.equivariant) {
      py::list cands;
      for (const auto& a : e.candidates) {
        py::dict c;
        c["isotropy"] = a.isotropy;
        c["fix_dim"] = a.fix_dim;
        c["kernel_fix_dim"] = a.kernel_fix_dim;
        c["branches"] = a.branches;
        c["note"] = a.note;
        cands.append(c);
      }
      py::dict q;
      q["bifurcation"] = e.special;
      q["parameter"] = e.parameter;
      q["kernel_dim"] = e.kernel_dim;
      q["symmetry"] = e.symmetry;
      q["predicted_multiplicities"] = e.predicted;
      q["multiplicity_consistent"] = e.multiplicity_consistent;
      q["candidates"] = cands;
      equivariant.append(q);
    }
    d["equivariant"] = equivariant;
    d["symmetry_note"] = result.symmetry_note;
    return d;
  });

  // The zero set of an observable at a fixed state in two parameters
  // (studies/observable_zero_curve.hpp, as `summit continue --curve zero`).
  mod.def("observable_zero_curve", [](const std::string& name, const std::map<std::string, std::string>& params,
                                      const std::string& param, const std::string& param2,
                                      const std::vector<double>& state, const std::string& observable,
                                      double p2, double lo, double hi, double lo2, double hi2, int scan,
                                      double tol) {
    const ModelFactory2 make = factory2(name, params, param, param2);
    LevelCurveOptions o;
    o.p1_lo = lo;
    o.p1_hi = hi;
    o.p2_lo = lo2;
    o.p2_hi = hi2;
    o.scan = scan;
    o.curve.tol = tol;
    const Vec x = Eigen::Map<const Vec>(state.data(), static_cast<Eigen::Index>(state.size()));
    LevelCurve c;
    {
      py::gil_scoped_release release;
      c = studies::observable_zero_curve(make, x, observable, p2, o);
    }
    py::dict d;
    d["status"] = to_string(c.status);
    d["message"] = c.message;
    py::list pts;
    for (const auto& q : c.points) pts.append(py::make_tuple(q.p1, q.p2));
    d["points"] = pts;
    d["start"] = py::make_tuple(c.start.p1, c.start.p2);
    d["ends"] = py::make_tuple(c.ends[0], c.ends[1]);
    return d;
  });

  // Two-parameter curve of a fold / branch point / Hopf point (solvers/bifurcation_curve.hpp).
  mod.def("bifurcation_curve", [](const std::string& name, const std::map<std::string, std::string>& params,
                                  const std::string& param, const std::string& param2,
                                  const std::vector<double>& start, double p1, double p2,
                                  const std::string& kind, double lo, double hi, double lo2,
                                  double hi2, double tol) {
    const ModelFactory2 make = factory2(name, params, param, param2);
    BifurcationCurveOptions co;
    co.kind = kind;
    co.p1_lo = lo;
    co.p1_hi = hi;
    co.p2_lo = lo2;
    co.p2_hi = hi2;
    co.curve.tol = tol;
    BifurcationCurve c;
    {
      py::gil_scoped_release release;
      const Vec x0 = Eigen::Map<const Vec>(start.data(), static_cast<Eigen::Index>(start.size()));
      c = continue_bifurcation_curve(make, x0, p1, p2, co);
    }
    py::dict d;
    d["status"] = to_string(c.status);
    d["message"] = c.message;
    py::list pts, special;
    auto entry = [](auto& q) {
      py::dict e;
      e["p1"] = q.p1;
      e["p2"] = q.p2;
      e["x"] = adopt(std::move(q.x));
      e["eigenvalues"] = adopt_complex(q.eigenvalues);
      return e;
    };
    for (auto& q : c.points) {
      py::dict e = entry(q);
      e["omega_squared"] = q.kappa;
      pts.append(e);
    }
    for (auto& q : c.special) {
      py::dict e = entry(q);
      e["type"] = q.type;
      special.append(e);
    }
    d["points"] = pts;
    d["special"] = special;
    d["ends"] = py::make_tuple(c.ends[0], c.ends[1]);
    return d;
  });
}

}  // namespace summit::python
