// summit._summit: the thin pybind11 layer over the summit library.
//
// Everything here takes and returns plain Python values (str, float, dict, list) and NumPy arrays;
// the user-facing API (keyword parameters, result objects, exceptions) is the pure-Python package
// python/summit. Solvers run with the GIL released (they never call back into Python). Arrays are
// returned without a copy where the layout allows: a result matrix is moved into a capsule that
// owns it and the NumPy array points into it (python/convert.hpp). The bindings are split by
// concern: bind_model.cpp (registry, Model), bind_solvers.cpp (the solvers Python offers beyond
// the CLI's studies), bind_studies.cpp (the catalog of studies: every CLI study, by JSON).
//
// Contract: bad input raises ValueError (std::invalid_argument, with the library's message);
// solver failures are returned as a status string plus message, for the Python layer to raise.
// Any other std::runtime_error a model or solver throws while it computes (the CLI's exit 1,
// "COMMAND MODEL failed: WHAT", cli/commands.cpp) raises summit.SolverError with status "failed";
// pybind11's own errors (cast and type errors) keep their Python types.
#include "python/convert.hpp"
#include "solvers/status.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_summit, mod) {
  using namespace summit;
  mod.doc() = "summit's C++ core (use the summit package, not this module)";
  mod.attr("version") = SUMMIT_VERSION;
  python::bind_model(mod);
  python::bind_solvers(mod);
  python::bind_studies(mod);

  // Registered last, so it sees an exception before pybind11's default translation does.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const py::builtin_exception&) {
      throw;  // pybind11's TypeError, ValueError, ... (derived from std::runtime_error)
    } catch (const std::runtime_error& e) {
      const py::object cls = py::module_::import("summit._errors").attr("SolverError");
      const py::object err = cls(e.what(), "failed");
      PyErr_SetObject(cls.ptr(), err.ptr());
    }
  });

  // Distinguish lines in messages: the status names, for the Python layer.
  py::list statuses;
  for (int s = 0; s <= static_cast<int>(Status::Oscillating); ++s) statuses.append(to_string(static_cast<Status>(s)));
  mod.attr("statuses") = statuses;
}
