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

  // Distinguish lines in messages: the status names, for the Python layer.
  py::list statuses;
  for (int s = 0; s <= static_cast<int>(Status::Oscillating); ++s) statuses.append(to_string(static_cast<Status>(s)));
  mod.attr("statuses") = statuses;
}
