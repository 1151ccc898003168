// Conversions between the solvers' results and Python values (python/convert.hpp).
#include "python/convert.hpp"

#include "models/models.hpp"
#include "studies/start.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <stdexcept>

namespace summit::python {

namespace {

template <class M>
py::capsule owner_of(M* p) {
  return py::capsule(p, [](void* q) { delete static_cast<M*>(q); });
}

std::string coordinate_list(const Model& m) {
  std::string s;
  for (const auto& n : m.layout().coord_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

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

Vec start_state(const Model& m, const std::string& start_json, bool check_realisable) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(start_json);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(std::string("start: not JSON (") + e.what() + ")");
  }
  return studies::resolve_start(m, j.get<studies::StartSpec>(), check_realisable);
}

}  // namespace summit::python
