// The conversions every binding of summit._summit uses: NumPy arrays that own an Eigen object
// (no copy), states read from arrays with messages naming the argument, and the dicts of the
// solver results that several bindings return (stability).
//
// Contract: input conversions throw std::invalid_argument (Python's ValueError) naming the
// argument, the expected length and the coordinates; output conversions move the result's
// vectors and matrices into the returned arrays, so callers pass results they no longer need.
#pragma once

#include "lib/model.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"

#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <complex>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace summit::python {

namespace py = pybind11;

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ModelPtr = std::shared_ptr<Model>;

py::array adopt(Vec&& v);
// Column-major (Eigen's default): a Fortran-ordered array.
py::array adopt(Mat&& m);
py::array adopt(RowMat&& m);
py::array adopt_complex(const std::vector<std::complex<double>>& v);

Vec to_vec(const Model& m, const Array& a, const std::string& what);
// Rows of a 2-D array (or one row of a 1-D array) as states.
std::vector<Vec> to_rows(const Model& m, const Array& a, const std::string& what);

py::dict stability_dict(const Stability& s);
// Loss, then the observables, for each state: rows x (1 + n_obs).
RowMat loss_and_observables(const Model& m, const std::vector<Vec>& xs);
// The start state of a request's "start" object given as JSON text ({"point": NAME, "at":
// {coordinate: value}}), resolved by studies/start.hpp with the CLI's messages.
Vec start_state(const Model& m, const std::string& start_json, bool check_realisable);

// The parts of the module, each in its own translation unit.
void bind_model(py::module_& mod);
void bind_solvers(py::module_& mod);
void bind_studies(py::module_& mod);

}  // namespace summit::python
