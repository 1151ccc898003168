// summit._summit: the catalog of studies (studies/catalog.hpp), the one entry the keyword
// functions of the Python package go through, as `summit sweep` and the CLI do.
//
// Contract: requests and results cross as JSON text (Python's json module on the other side), so
// every number arrives exactly as the CLI prints it with --format json. study_names() lists the
// studies; study_defaults(name) is the request with every field at its default;
// validate_study(model, name, request) returns None or the first check's message (the CLI's);
// run_study(model, name, request, progress) returns the result JSON (the CLI's fields, "status" and
// "message"), raising ValueError for a request that validate_study refuses. `progress`, when not
// None, is called as progress(stage, fraction) with fraction None for a new stage, from the thread
// that holds the GIL; an exception it raises stops further calls and is raised after the run.
#include "python/convert.hpp"
#include "studies/catalog.hpp"

#include <mutex>
#include <stdexcept>

namespace summit::python {

namespace {

const studies::StudyKind& kind_of(const std::string& name) {
  const auto* k = studies::find_study_kind(name);
  if (!k) throw std::invalid_argument("study '" + name + "': not a study; studies: " + studies::study_kind_names());
  return *k;
}

nlohmann::json parse_request(const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(std::string("request: not JSON (") + e.what() + ")");
  }
}

// Forwards stages and fractions to a Python callable; the GIL is taken for each call (the solvers
// report from their worker threads), calls are serialised, and the first exception silences it.
class PythonProgress final : public studies::Progress {
 public:
  explicit PythonProgress(py::object f) : f_(std::move(f)) {}
  void stage(const std::string& what) override { call(&what, nullptr); }
  void fraction(double f) override { call(nullptr, &f); }
  // Re-raises what the callable raised, if anything, as a Python RuntimeError (set here, with the
  // GIL held, so that the translation of a model's std::runtime_error into SolverError in
  // python/_summit.cpp does not apply: the callback is the caller's code, not the computation).
  void rethrow() {
    if (!failed_) return;
    PyErr_SetString(PyExc_RuntimeError, ("progress callback raised: " + error_).c_str());
    throw py::error_already_set();
  }

 private:
  // The Python arguments are made here, with the GIL held (made before it, in stage() and
  // fraction(), a raising callback crashed the interpreter).
  void call(const std::string* stage, const double* fraction) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_) return;
    py::gil_scoped_acquire gil;
    try {
      f_(stage ? py::object(py::str(*stage)) : py::object(py::none()),
         fraction ? py::object(py::float_(*fraction)) : py::object(py::none()));
    } catch (py::error_already_set& e) {
      failed_ = true;
      error_ = e.what();
    }
  }
  py::object f_;
  std::mutex mutex_;
  bool failed_ = false;
  std::string error_;
};

}  // namespace

void bind_studies(py::module_& mod) {
  mod.def("study_names", [] {
    std::vector<std::string> names;
    for (const auto& k : studies::study_kinds()) names.push_back(k.name);
    return names;
  });
  mod.def("study_defaults", [](const std::string& name) { return kind_of(name).defaults.dump(); });
  mod.def("validate_study", [](const ModelPtr& m, const std::string& name, const std::string& request) {
    const auto& k = kind_of(name);
    const auto j = parse_request(request);
    std::optional<std::string> why;
    {
      py::gil_scoped_release release;
      why = k.validate(*m, j);
    }
    return why;
  });
  mod.def("run_study", [](const ModelPtr& m, const std::string& name, const std::string& request,
                          const py::object& progress) {
    const auto& k = kind_of(name);
    const auto j = parse_request(request);
    std::unique_ptr<PythonProgress> listener;
    if (!progress.is_none()) listener = std::make_unique<PythonProgress>(progress);
    std::string out;
    {
      py::gil_scoped_release release;
      out = k.run(*m, j, listener.get()).dump();
    }
    if (listener) listener->rethrow();
    return out;
  }, py::arg("model"), py::arg("name"), py::arg("request"), py::arg("progress") = py::none());
}

}  // namespace summit::python
