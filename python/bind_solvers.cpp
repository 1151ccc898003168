// summit._summit: the solvers that take one model and that Python offers beyond the CLI's studies
// (integrate with Python's own output, the --perturb start, stability without a polish, simulate
// with threads), with the GIL released while they run.
//
// Contract: each takes the settings as plain values and returns a dict with "status" and
// "message" and the result's numbers; settings out of range are a ValueError naming them.
#include "python/convert.hpp"
#include "solvers/integrate.hpp"
#include "solvers/simulate.hpp"
#include "studies/perturbed_start.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace summit::python {

void bind_solvers(py::module_& mod) {
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

  // The --perturb start of curve and escape (studies/perturbed_start.hpp): polish, stability, displacement.
  mod.def("perturbed_start", [](const ModelPtr& m, const Array& xa, double eps, const std::string& polish_json) {
    const auto polish = nlohmann::json::parse(polish_json).get<studies::SearchRequest>();
    std::string why;
    if (!polish.is_valid(&why)) throw std::invalid_argument(why);
    const Vec x = to_vec(*m, xa, "x0");
    studies::PerturbedStart p;
    {
      py::gil_scoped_release release;
      p = studies::perturbed_start(*m, x, eps, polish);
    }
    if (p.outcome.status == Status::InvalidInput) throw std::invalid_argument(p.outcome.message);
    py::dict d;
    d["status"] = to_string(p.outcome.status);
    d["message"] = p.outcome.message;
    if (p.outcome.ok()) {
      d["state"] = adopt(std::move(p.state));
      d["fixed_point"] = adopt(std::move(p.fixed_point));
      d["stability"] = stability_dict(p.stability);
    }
    return d;
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

}

}  // namespace summit::python
