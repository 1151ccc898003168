// summit._summit: the registry and the Model class (its evaluations: loss, drift, observables,
// derivatives, realisability, states).
//
// Contract: every method takes states as 1-d arrays of dim values (or rows of them where stated)
// and returns NumPy arrays owning their data; bad input is a ValueError naming the argument.
#include "models/models.hpp"
#include "models/plugins.hpp"
#include "python/convert.hpp"
#include "solvers/integrate.hpp"

#include <random>
#include <stdexcept>

namespace summit::python {

void bind_model(py::module_& mod) {
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
      .def("start_state", [](const Model& m, const std::string& start, bool check) {
        return adopt(start_state(m, start, check));
      });
}

}  // namespace summit::python
