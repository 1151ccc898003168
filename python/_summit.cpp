// summit._summit: the thin pybind11 layer over the summit library.
//
// Everything here takes and returns plain Python values (str, float, dict, list) and NumPy arrays;
// the user-facing API (keyword parameters, result objects, exceptions) is the pure-Python package
// python/summit/__init__.py. Solvers run with the GIL released (they never call back into Python).
// Arrays are returned without a copy where the layout allows: a result matrix is moved into a
// capsule that owns it and the NumPy array points into it.
//
// Bad input raises ValueError (std::invalid_argument, with the library's message); solver
// failures are returned as a status string plus message, for the Python layer to raise.
#include "models/models.hpp"
#include "models/plugins.hpp"
#include "solvers/basins.hpp"
#include "solvers/bifurcation.hpp"
#include "studies/bifurcation_diagram.hpp"
#include "solvers/bifurcation_curve.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_point_census.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/minimize.hpp"
#include "solvers/simulate.hpp"
#include "solvers/stability.hpp"

#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace summit;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ModelPtr = std::shared_ptr<Model>;

// ---- NumPy arrays that own an Eigen object (no copy) ----

template <class M>
py::capsule owner_of(M* p) {
  return py::capsule(p, [](void* q) { delete static_cast<M*>(q); });
}

py::array adopt(Vec&& v) {
  auto* p = new Vec(std::move(v));
  const auto n = static_cast<py::ssize_t>(p->size());
  return py::array_t<double>({n}, {static_cast<py::ssize_t>(sizeof(double))}, p->data(), owner_of(p));
}

// Column-major (Eigen's default): a Fortran-ordered array.
py::array adopt(Mat&& m) {
  auto* p = new Mat(std::move(m));
  const auto r = static_cast<py::ssize_t>(p->rows()), c = static_cast<py::ssize_t>(p->cols());
  const auto s = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({r, c}, {s, r * s}, p->data(), owner_of(p));
}

py::array adopt(RowMat&& m) {
  auto* p = new RowMat(std::move(m));
  const auto r = static_cast<py::ssize_t>(p->rows()), c = static_cast<py::ssize_t>(p->cols());
  const auto s = static_cast<py::ssize_t>(sizeof(double));
  return py::array_t<double>({r, c}, {c * s, s}, p->data(), owner_of(p));
}

py::array adopt_complex(const std::vector<std::complex<double>>& v) {
  auto* p = new std::vector<std::complex<double>>(v);
  const auto n = static_cast<py::ssize_t>(p->size());
  return py::array_t<std::complex<double>>({n}, {static_cast<py::ssize_t>(sizeof(std::complex<double>))},
                                           p->data(), owner_of(p));
}

// ---- Input ----

std::string coordinate_list(const Model& m) {
  std::string s;
  for (const auto& n : m.layout().coord_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

Vec to_vec(const Model& m, const Array& a, const std::string& what) {
  if (a.ndim() != 1 || a.shape(0) != m.dim())
    throw std::invalid_argument(what + ": expected a state of " + std::to_string(m.dim()) +
                                " values (" + coordinate_list(m) + "), got an array of shape " +
                                (a.ndim() == 1 ? "(" + std::to_string(a.shape(0)) + ",)"
                                               : std::to_string(a.ndim()) + "-d"));
  Vec x(m.dim());
  for (int i = 0; i < m.dim(); ++i) x[i] = a.data()[i];
  return x;
}

// Rows of a 2-D array (or one row of a 1-D array) as states.
std::vector<Vec> to_rows(const Model& m, const Array& a, const std::string& what) {
  if (a.ndim() == 1) return {to_vec(m, a, what)};
  if (a.ndim() != 2 || a.shape(1) != m.dim())
    throw std::invalid_argument(what + ": expected states of " + std::to_string(m.dim()) +
                                " values (" + coordinate_list(m) + ") as a 1-d array or the rows of a 2-d array");
  std::vector<Vec> rows(a.shape(0), Vec(m.dim()));
  for (py::ssize_t i = 0; i < a.shape(0); ++i)
    for (int j = 0; j < m.dim(); ++j) rows[i][j] = a.data()[i * m.dim() + j];
  return rows;
}

std::vector<NamedPoint> to_starts(const Model& m, const std::vector<std::pair<std::string, Array>>& s) {
  std::vector<NamedPoint> out;
  for (const auto& [name, a] : s) out.push_back({name, to_vec(m, a, "start '" + name + "'"), ""});
  return out;
}

// ---- Output ----

py::dict stability_dict(const Stability& s) {
  py::dict d;
  d["status"] = to_string(s.status);
  d["message"] = s.message;
  d["space"] = s.space;
  d["eigenvalues"] = adopt_complex(s.eigenvalues);
  d["index"] = s.index;
  d["flat_directions"] = s.n_zero;
  d["type"] = s.type;
  d["lambda_max"] = s.lambda_max;
  d["unstable_direction"] = s.index > 0 ? py::object(adopt(Vec(s.unstable_direction))) : py::none();
  d["escape_time_estimate"] = std::isfinite(s.escape_time) ? py::object(py::float_(s.escape_time)) : py::none();
  return d;
}

py::dict threshold_dict(const ThresholdResult& r) {
  py::dict d;
  d["status"] = to_string(r.status);
  d["message"] = r.message;
  d["threshold"] = r.threshold;
  d["bracket"] = py::make_tuple(r.bracket_lo, r.bracket_hi);
  d["direction"] = to_string(r.direction);
  d["x"] = adopt(Vec(r.state));
  RowMat scan(r.scan.size(), 2);
  for (size_t i = 0; i < r.scan.size(); ++i) scan.row(i) << r.scan[i].first, r.scan[i].second;
  d["scan"] = adopt(std::move(scan));
  return d;
}

// Loss, then the observables, for each state: rows x (1 + n_obs).
RowMat loss_and_observables(const Model& m, const std::vector<Vec>& xs) {
  const int no = static_cast<int>(m.observable_names().size());
  RowMat out(xs.size(), 1 + no);
  for (size_t i = 0; i < xs.size(); ++i) {
    out(i, 0) = m.loss(xs[i]);
    const Vec o = m.observables(xs[i]);
    for (int k = 0; k < no && k < o.size(); ++k) out(i, 1 + k) = o[k];
  }
  return out;
}

// The model's initial state (or a named special point), then explicit coordinates: the CLI's
// --point / --at (cli/commands.cpp, make_state), with its messages.
Vec make_state(const Model& m, const std::string& point, const std::map<std::string, double>& at,
               bool check) {
  Vec x = m.initial_state();
  if (!point.empty()) {
    bool found = false;
    std::string names;
    for (const auto& p : m.special_points()) {
      names += (names.empty() ? "" : ", ") + p.name;
      if (p.name == point) {
        x = p.x;
        found = true;
      }
    }
    if (!found)
      throw std::invalid_argument("point '" + point + "': model '" + m.name() +
                                  "' has special points: " + (names.empty() ? "none" : names));
  }
  for (const auto& [k, v] : at) x[m.layout().index_of(k)] = v;
  std::string why;
  if (check && !m.realisable(x, &why)) throw std::invalid_argument("state is not realisable: " + why);
  return x;
}

// A model rebuilt at each value of one parameter (threshold, continuation).
ModelFactory factory(const std::string& name, const std::map<std::string, std::string>& params,
                     const std::string& param) {
  return [name, params, param](double p) {
    auto mp = params;
    mp[param] = format_real(p);
    return builtin_registry().make(name, mp);
  };
}

// The points of a continued branch (follow, continuation), their states moved into the arrays.
py::list branch_points_list(std::vector<BranchPoint>& v) {
  py::list l;
  for (auto& b : v) {
    py::dict q;
    q["parameter"] = b.parameter;
    q["x"] = adopt(std::move(b.x));
    q["loss"] = b.loss;
    q["stability"] = stability_dict(b.stability);
    l.append(q);
  }
  return l;
}

FixedPointOptions fp_options(int random_starts, double tol, std::uint64_t seed) {
  FixedPointOptions f;
  if (random_starts < 0)
    throw std::invalid_argument("starts " + std::to_string(random_starts) + ": must be >= 0");
  if (!(tol > 0)) throw std::invalid_argument("tol " + format_real(tol) + ": must be > 0");
  f.random_starts = random_starts;
  f.tol = tol;
  f.seed = seed;
  return f;
}

}  // namespace

PYBIND11_MODULE(_summit, mod) {
  mod.doc() = "summit's C++ core (use the summit package, not this module)";
  mod.attr("version") = SUMMIT_VERSION;

  // ---- registry ----
  mod.def("names", [] { return builtin_registry().names(); });
  mod.def("info", [](const std::string& name) {
    const ModelInfo& i = builtin_registry().info(name);
    py::dict d;
    d["name"] = i.name;
    d["summary"] = i.summary;
    d["doc"] = i.doc;
    py::list ps;
    for (const auto& sp : i.params) {
      py::dict p;
      p["name"] = sp.name;
      p["type"] = type_name(sp.type);
      p["default"] = sp.default_text;
      p["allowed"] = sp.allowed();
      p["doc"] = sp.doc;
      p["choices"] = sp.choices;
      ps.append(p);
    }
    d["params"] = ps;
    return d;
  });
  mod.def("make", [](const std::string& name, const std::map<std::string, std::string>& params) {
    return ModelPtr(builtin_registry().make(name, params));
  });
  // Plugins (models/plugins.hpp): std::invalid_argument (ValueError) names the file.
  mod.def("load_plugin", [](const std::string& path) { load_plugin(path); });
  mod.def("load_plugins_from_env", [] { load_plugins_from_env(); });
  mod.def("loaded_plugins", [] { return loaded_plugins(); });
  mod.def("log_grid", &log_grid, py::arg("t_end"), py::arg("n"), py::arg("t_first") = -1.0);

  // ---- the model ----
  py::class_<Model, ModelPtr> model(mod, "Model");
  model.def_property_readonly("name", &Model::name)
      .def_property_readonly("params", [](const Model& m) { return m.params().all(); })
      .def_property_readonly("dim", &Model::dim)
      .def_property_readonly("time_unit", &Model::time_unit)
      .def_property_readonly("source", [](const Model& m) { return model_source(m); })
      .def_property_readonly("coordinates", [](const Model& m) { return m.layout().coord_names(); })
      .def_property_readonly("observable_names", &Model::observable_names)
      .def_property_readonly("default_events", [](const Model& m) { return m.hints().default_events; })
      .def_property_readonly("is_gradient_flow", &Model::is_gradient_flow)
      .def("special_points", [](const Model& m) {
        py::list l;
        for (const auto& p : m.special_points()) l.append(py::make_tuple(p.name, adopt(Vec(p.x)), p.doc));
        return l;
      })
      .def("natural_threshold", [](const Model& m) -> py::object {
        const auto t = m.hints().natural_threshold;
        if (t.parameter.empty()) return py::none();
        py::dict d;
        d["parameter"] = t.parameter;
        d["range"] = py::make_tuple(t.lo, t.hi);
        d["point"] = t.point;
        d["observable"] = t.observable;
        d["exact"] = t.exact ? py::object(py::float_(*t.exact)) : py::none();
        d["note"] = t.note;
        return d;
      })
      .def("index_of", [](const Model& m, const std::string& n) { return m.layout().index_of(n); })
      .def("loss", [](const Model& m, const Array& a) -> py::object {
        const auto xs = to_rows(m, a, "x");
        if (a.ndim() == 1) return py::float_(m.loss(xs[0]));
        Vec out(xs.size());
        for (size_t i = 0; i < xs.size(); ++i) out[i] = m.loss(xs[i]);
        return adopt(std::move(out));
      })
      .def("drift", [](const Model& m, const Array& a) -> py::object {
        const auto xs = to_rows(m, a, "x");
        RowMat out(xs.size(), m.dim());
        for (size_t i = 0; i < xs.size(); ++i) {
          Vec dx;
          m.drift(xs[i], dx);
          out.row(i) = dx.transpose();
        }
        if (a.ndim() == 1) return adopt(Vec(out.row(0).transpose()));
        return adopt(std::move(out));
      })
      .def("observables", [](const Model& m, const Array& a) -> py::object {
        const auto xs = to_rows(m, a, "x");
        RowMat lo = loss_and_observables(m, xs);
        RowMat obs = lo.rightCols(lo.cols() - 1);
        if (a.ndim() == 1) return adopt(Vec(obs.row(0).transpose()));
        return adopt(std::move(obs));
      })
      .def("drift_jacobian", [](const Model& m, const Array& a) {
        Vec dx;
        Mat J;
        m.drift_jacobian(to_vec(m, a, "x"), dx, J);
        return py::make_tuple(adopt(std::move(dx)), adopt(std::move(J)));
      })
      .def("loss_gradient", [](const Model& m, const Array& a) {
        double L;
        Vec g;
        m.loss_gradient(to_vec(m, a, "x"), L, g);
        return py::make_tuple(L, adopt(std::move(g)));
      })
      .def("loss_hessian", [](const Model& m, const Array& a) {
        Mat H;
        m.loss_hessian(to_vec(m, a, "x"), H);
        return adopt(std::move(H));
      })
      .def("realisable", [](const Model& m, const Array& a, double tol) {
        std::string why;
        const bool ok = m.realisable(to_vec(m, a, "x"), &why, tol);
        return py::make_tuple(ok, why);
      }, py::arg("x"), py::arg("tol") = 1e-9)
      .def("initial_state", [](const Model& m) { return adopt(m.initial_state()); })
      .def("random_state", [](const Model& m, std::uint64_t seed) {
        std::mt19937_64 rng(seed);
        return adopt(m.random_state(rng));
      })
      .def("symmetry_distance", [](const Model& m, const Array& a, const Array& b) {
        return m.symmetry_distance(to_vec(m, a, "a"), to_vec(m, b, "b"));
      })
      .def("has_simulation", [](const Model& m) {
        // A model without a finite-d realisation returns nullptr; one that has it may still
        // reject the probe dimension (it then exists).
        try {
          return m.microscopic(m.initial_state(), 1000, 0) != nullptr;
        } catch (const std::invalid_argument&) {
          return true;
        }
      })
      .def("check_event", [](const Model& m, const std::string& e) { parse_event(m, e); })
      .def("make_state", [](const Model& m, const std::string& point,
                            const std::map<std::string, double>& at, bool check) {
        return adopt(make_state(m, point, at, check));
      });

  // ---- solvers ----
  mod.def("integrate", [](const ModelPtr& m, const Array& x0a, const std::vector<double>& times,
                          const std::vector<std::string>& events, const std::string& method,
                          double atol, double rtol, double dt, bool stop_when_events_found,
                          long max_steps) {
    IntegrateOptions io;
    io.method = parse_method(method);
    if (!(dt > 0)) throw std::invalid_argument("dt " + format_real(dt) + ": must be > 0");
    if (!(atol > 0)) throw std::invalid_argument("atol " + format_real(atol) + ": must be > 0");
    if (!(rtol >= 0)) throw std::invalid_argument("rtol " + format_real(rtol) + ": must be >= 0");
    if (max_steps < 1) throw std::invalid_argument("max_steps " + std::to_string(max_steps) + ": must be >= 1");
    io.abs_tol = atol;
    io.rel_tol = rtol;
    io.dt = dt;
    io.max_steps = max_steps;
    io.times = times;
    for (size_t i = 0; i < times.size(); ++i)
      if (times[i] < 0 || (i && !(times[i] > times[i - 1])))
        throw std::invalid_argument("times: must be >= 0 and increasing");
    for (const auto& e : events) io.events.push_back(parse_event(*m, e));
    io.stop_when_events_found = stop_when_events_found;
    const Vec x0 = to_vec(*m, x0a, "x0");
    Trajectory tr;
    RowMat X, LO;
    {
      py::gil_scoped_release release;
      tr = integrate(*m, x0, io);
      X.resize(tr.x.size(), m->dim());
      for (size_t i = 0; i < tr.x.size(); ++i) X.row(i) = tr.x[i].transpose();
      LO = loss_and_observables(*m, tr.x);
    }
    py::dict d;
    d["status"] = to_string(tr.status);
    d["message"] = tr.message;
    d["t"] = adopt(Vec(Eigen::Map<const Vec>(tr.t.data(), tr.t.size())));
    d["x"] = adopt(std::move(X));
    d["loss_observables"] = adopt(std::move(LO));
    py::list ev;
    for (size_t k = 0; k < tr.events.size(); ++k) {
      const auto& e = tr.events[k];
      py::dict je;
      je["name"] = e.name;
      je["expr"] = io.events[k].expr;
      je["found"] = e.found;
      je["time"] = e.found ? py::object(py::float_(e.time)) : py::none();
      je["x"] = e.found ? py::object(adopt(Vec(e.state))) : py::none();
      ev.append(je);
    }
    d["events"] = ev;
    d["steps"] = tr.steps;
    d["rhs_evaluations"] = tr.rhs_evaluations;
    d["jacobian_evaluations"] = tr.jacobian_evaluations;
    d["t_reached"] = tr.t_reached;
    return d;
  });

  mod.def("find_fixed_points", [](const ModelPtr& m, int random_starts, double tol, std::uint64_t seed,
                                  const std::vector<std::pair<std::string, Array>>& starts,
                                  bool special_points, double flow_time, int quiet_batches, int max_starts,
                                  double time_budget) {
    // The census of solvers/fixed_point_census.hpp, as `summit fixed-points` (quiet_batches < 0: auto).
    FixedPointCensusOptions co;
    co.search = fp_options(random_starts, tol, seed);
    FixedPointOptions& f = co.search;
    f.starts = to_starts(*m, starts);
    f.special_points = special_points;
    f.flow_time = flow_time;
    if (max_starts < 0) throw std::invalid_argument("max_starts " + std::to_string(max_starts) + ": must be >= 0");
    co.quiet_batches = quiet_batches >= 0 ? quiet_batches : m->hints().iteration.quiet_batches;
    co.max_random_starts = max_starts;
    co.time_budget = time_budget;
    FixedPointCensusResult c;
    {
      py::gil_scoped_release release;
      c = fixed_point_census(*m, co);
    }
    FixedPointResult& r = c.result;
    py::dict d;
    d["random_starts"] = c.random_starts;
    d["batch_starts"] = c.batch_starts;
    d["new_per_batch"] = c.new_per_batch;
    d["distinct_per_batch"] = c.distinct_per_batch;
    d["stopped_by"] = c.stopped_by();
    d["saddles_descended"] = c.saddles_descended;
    if (c.stopped_by_budget) d["cpu_seconds"] = c.cpu_seconds;
    d["basin_missed_with_probability_0_05"] = c.basin_missed_with(0.05);
    d["status"] = to_string(r.status);
    d["message"] = r.message;
    d["starts"] = r.starts;
    d["converged"] = r.converged;
    d["rejected_unrealisable"] = r.rejected_unrealisable;
    py::list pts;
    for (auto& p : r.points) {
      py::dict q;
      q["x"] = adopt(std::move(p.x));
      q["loss"] = p.loss;
      q["residual"] = p.residual;
      q["origin"] = p.origin;
      q["hits"] = p.hits;
      pts.append(q);
    }
    d["points"] = pts;
    return d;
  });

  mod.def("polish", [](const ModelPtr& m, const Array& xa, double tol) {
    const FixedPointOptions f = fp_options(0, tol, 1);
    Vec x = to_vec(*m, xa, "x");
    double res = 0;
    Status st;
    {
      py::gil_scoped_release release;
      st = polish_fixed_point(*m, x, f, &res);
    }
    return py::make_tuple(to_string(st), adopt(std::move(x)), res);
  });

  mod.def("stability", [](const ModelPtr& m, const Array& xa, double eps, double zero_tol,
                          bool weight_space) {
    StabilityOptions so;
    so.eps = eps;
    so.zero_tol = zero_tol;
    const Vec x = to_vec(*m, xa, "x");
    Stability s;
    {
      py::gil_scoped_release release;
      s = weight_space ? analyse_stability_weight_space(*m, x, so) : analyse_stability(*m, x, so);
    }
    return stability_dict(s);
  });

  mod.def("minimize", [](const ModelPtr& m, int random_starts, std::uint64_t seed, double gradient_tol,
                         const std::vector<std::pair<std::string, Array>>& starts, bool special_points) {
    MinimizeOptions mo;
    mo.random_starts = fp_options(random_starts, 1, seed).random_starts;
    mo.seed = seed;
    if (!(gradient_tol > 0))
      throw std::invalid_argument("gradient_tol " + format_real(gradient_tol) + ": must be > 0");
    mo.gradient_tol = gradient_tol;
    mo.starts = to_starts(*m, starts);
    mo.special_points = special_points;
    MinimizeResult r;
    {
      py::gil_scoped_release release;
      r = minimize(*m, mo);
    }
    py::dict d;
    d["status"] = to_string(r.status);
    d["message"] = r.message;
    d["starts"] = r.starts;
    d["converged"] = r.converged;
    py::list l;
    for (auto& mi : r.minima) {
      py::dict q;
      q["x"] = adopt(std::move(mi.x));
      q["loss"] = mi.loss;
      q["gradient_norm"] = mi.gradient_norm;
      q["hessian_eigenvalues"] = adopt(std::move(mi.hessian_eigenvalues));
      q["weight_hessian_eigenvalues"] = adopt(std::move(mi.free_hessian_eigenvalues));
      q["origin"] = mi.origin;
      q["hits"] = mi.hits;
      l.append(q);
    }
    d["minima"] = l;
    return d;
  });

  mod.def("simulate", [](const ModelPtr& m, const Array& x0a, int d, int seeds, std::uint64_t seed,
                         const std::vector<double>& times, int threads) {
    if (d < 1) throw std::invalid_argument("d " + std::to_string(d) + ": must be >= 1");
    if (seeds < 1) throw std::invalid_argument("seeds " + std::to_string(seeds) + ": must be >= 1");
    SimulateOptions so;
    so.d = d;
    so.seeds = seeds;
    so.seed = seed;
    so.times = times;
    so.threads = threads;
    const Vec x0 = to_vec(*m, x0a, "x0");
    SimulationResult r;
    {
      py::gil_scoped_release release;
      r = simulate(*m, x0, so);
    }
    py::dict out;
    out["status"] = to_string(r.status);
    out["message"] = r.message;
    out["columns"] = r.columns;
    out["t"] = adopt(Vec(Eigen::Map<const Vec>(r.t.data(), r.t.size())));
    out["mean"] = adopt(std::move(r.mean));
    out["sd"] = adopt(std::move(r.sd));
    py::list runs;
    for (auto& run : r.runs) runs.append(adopt(std::move(run)));
    out["runs"] = runs;
    return out;
  });

  mod.def("threshold_stability", [](const std::string& name, const std::map<std::string, std::string>& params,
                                    const std::string& param, double lo, double hi, int grid,
                                    const std::string& point, const std::map<std::string, double>& at,
                                    int random_starts, double tol, std::uint64_t seed, double eps) {
    const ModelFactory make = factory(name, params, param);
    ThresholdOptions to;
    to.lo = lo;
    to.hi = hi;
    to.grid = grid;
    to.fixed_point = fp_options(random_starts, tol, seed);
    to.stability.eps = eps;
    const Vec start = make_state(*make(lo), point, at, false);
    ThresholdResult r;
    {
      py::gil_scoped_release release;
      r = locate_stability_change(make, start, to);
    }
    return threshold_dict(r);
  });

  mod.def("threshold_observable", [](const std::string& name, const std::map<std::string, std::string>& params,
                                     const std::string& param, double lo, double hi, int grid,
                                     const std::string& observable, const std::string& point,
                                     const std::map<std::string, double>& at) {
    const ModelFactory make = factory(name, params, param);
    ThresholdOptions to;
    to.lo = lo;
    to.hi = hi;
    to.grid = grid;
    const PointOf at_point = [point, at](const Model& mp) { return make_state(mp, point, at, false); };
    ThresholdResult r;
    {
      py::gil_scoped_release release;
      r = locate_observable_root(make, at_point, observable, to);
    }
    return threshold_dict(r);
  });

  mod.def("follow", [](const std::string& name, const std::map<std::string, std::string>& params,
                       const std::string& param, double lo, double hi, int grid, const std::string& point,
                       const std::map<std::string, double>& at, int random_starts, double tol,
                       std::uint64_t seed, double eps) {
    const ModelFactory make = factory(name, params, param);
    ThresholdOptions to;
    to.lo = lo;
    to.hi = hi;
    to.grid = grid;
    to.fixed_point = fp_options(random_starts, tol, seed);
    to.stability.eps = eps;
    const Vec start = make_state(*make(lo), point, at, false);
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
                             const std::string& point, const std::map<std::string, double>& at,
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
    const Vec start = make_state(*make(lo), point, at, false);
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

  // Two-parameter curve of a fold / branch point / Hopf point (solvers/bifurcation_curve.hpp).
  mod.def("bifurcation_curve", [](const std::string& name, const std::map<std::string, std::string>& params,
                                  const std::string& param, const std::string& param2,
                                  const std::vector<double>& start, double p1, double p2,
                                  const std::string& kind, double lo, double hi, double lo2,
                                  double hi2, double tol) {
    const ModelFactory2 make = [name, params, param, param2](double a, double b) {
      auto mp = params;
      mp[param] = format_real(a);
      mp[param2] = format_real(b);
      return builtin_registry().make(name, mp);
    };
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

  mod.def("basins", [](const ModelPtr& m, int runs, std::uint64_t seed, double t_max, double steady_tol,
                       const std::string& method, double atol, double rtol, int random_starts,
                       double tol, double eps, int threads) {
    if (runs < 1) throw std::invalid_argument("runs " + std::to_string(runs) + ": must be >= 1");
    BasinOptions bo;
    bo.runs = runs;
    bo.seed = seed;
    bo.t_max = t_max;
    bo.steady_tol = steady_tol;
    bo.integrate.method = parse_method(method);
    bo.integrate.abs_tol = atol;
    bo.integrate.rel_tol = rtol;
    bo.polish = fp_options(random_starts, tol, seed);
    bo.stability.eps = eps;
    bo.threads = threads;
    BasinResult r;
    {
      py::gil_scoped_release release;
      r = basins(*m, bo);
    }
    py::dict d;
    d["status"] = to_string(r.status);
    d["message"] = r.message;
    d["runs"] = r.runs;
    d["unconverged"] = r.unconverged;
    d["failed"] = r.failed;
    d["first_failure"] = r.first_failure;
    py::list l;
    for (auto& b : r.basins) {
      py::dict q;
      q["x"] = adopt(std::move(b.x));
      q["loss"] = b.loss;
      q["stability"] = stability_dict(b.stability);
      q["count"] = b.count;
      q["fraction"] = b.fraction;
      l.append(q);
    }
    d["basins"] = l;
    py::list u;
    for (const auto& b : r.uncertified) {
      py::dict q;
      q["loss"] = b.loss;
      q["max_drift"] = b.max_drift;
      q["count"] = b.count;
      q["fraction"] = b.fraction;
      u.append(q);
    }
    d["uncertified"] = u;
    return d;
  });

  // Distinguish lines in messages: the status names, for the Python layer.
  py::list statuses;
  for (int s = 0; s <= static_cast<int>(Status::Oscillating); ++s) statuses.append(to_string(static_cast<Status>(s)));
  mod.attr("statuses") = statuses;
}
