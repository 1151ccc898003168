#include "solvers/saddle_ascent.hpp"

#include "solvers/stability.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>

namespace summit {

namespace {

// An orthonormal basis of the real invariant subspace of J belonging to its m eigenvalues of
// largest real part (a complex pair contributes the real and imaginary parts of its eigenvector;
// a pair split by the m-th place contributes its real part only, which is then not invariant:
// the dynamics is then only approximate there, and the polish certifies whatever it reaches).
Mat leading_subspace(const Mat& J, int m) {
  Eigen::EigenSolver<Mat> es(J, true);
  if (es.info() != Eigen::Success) return Mat(J.rows(), 0);
  const auto& ev = es.eigenvalues();
  std::vector<int> order(ev.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&ev](int a, int b) { return ev[a].real() > ev[b].real(); });
  order.resize(m);
  Mat B(J.rows(), m);
  int cols = 0;
  for (int i : order) {
    if (cols == m) break;
    const Eigen::VectorXcd v = es.eigenvectors().col(i);
    if (ev[i].imag() == 0) {
      B.col(cols++) = v.real();
      continue;
    }
    const bool conjugate_selected = std::any_of(order.begin(), order.end(), [&](int j) {
      return j != i && ev[j] == std::conj(ev[i]);
    });
    if (!conjugate_selected) {
      B.col(cols++) = v.real();
    } else if (ev[i].imag() > 0) {
      B.col(cols++) = v.real();
      if (cols < m) B.col(cols++) = v.imag();
    }
  }
  Eigen::HouseholderQR<Mat> qr(B.leftCols(cols));
  return qr.householderQ() * Mat::Identity(J.rows(), cols);
}

// Follows the reflected drift with `reflections` flipped directions from x by pseudo-transient
// continuation; returns false when a step is not finite.
bool follow_reflected_drift(const Model& model, Vec& x, int reflections, double h,
                            const SaddleAscentOptions& o) {
  const int n = model.dim();
  double g_prev = -1;
  for (int step = 0; step < o.max_steps; ++step) {
    Vec f;
    Mat J;
    model.drift_jacobian(x, f, J);
    if (!f.allFinite() || !J.allFinite()) return false;
    if (f.lpNorm<Eigen::Infinity>() <= 1e-8) return true;
    const Mat V = leading_subspace(J, reflections);
    const Mat R = Mat::Identity(n, n) - 2 * V * V.transpose();
    const Vec g = R * f;
    const Mat A = R * J;
    // Switched evolution relaxation: the step grows as |g| falls (at most 4x per step), and
    // becomes Newton's step on f near a zero.
    const double g_norm = g.norm();
    if (g_prev > 0) h *= std::min(4.0, g_prev / g_norm);
    g_prev = g_norm;
    const double max_step = 0.1 * std::max(1.0, x.lpNorm<Eigen::Infinity>());
    Vec dx;
    for (int tries = 0; tries < 30; ++tries, h /= 4) {
      dx = (Mat::Identity(n, n) / h - A).partialPivLu().solve(g);
      if (dx.allFinite() && dx.lpNorm<Eigen::Infinity>() <= max_step) break;
    }
    if (!dx.allFinite()) return false;
    if (dx.lpNorm<Eigen::Infinity>() > max_step) dx *= max_step / dx.lpNorm<Eigen::Infinity>();
    x += dx;
  }
  return x.allFinite();
}

}  // namespace

SaddleAscent ascend_to_saddles(const Model& model, const std::vector<FixedPoint>& points,
                               const FixedPointOptions& search, const SaddleAscentOptions& o) {
  SaddleAscent a;
  FixedPointOptions f = search;
  f.random_starts = 0;
  f.special_points = false;
  f.starts.clear();
  f.flow_time = 0;  // the reflected flow was the flow; only polish
  for (const FixedPoint& p : points) {
    const Stability s = analyse_stability(model, p.x);
    if (s.status != Status::Ok || s.space != "overlap" || s.n_zero != 0) continue;
    const int k = s.index, n = static_cast<int>(s.eigenvalues.size());
    Vec fx;
    Mat J;
    model.drift_jacobian(p.x, fx, J);
    const double delta = 1e-2 * std::max(1.0, p.x.lpNorm<Eigen::Infinity>());
    // Starts x +- delta v, v the direction of the eigenvalue in place `place` (0-based, sorted by
    // real part, largest first: the last column of an orthonormal basis of the leading
    // (place+1)-subspace, which QR keeps in order), followed with `reflections` reflections.
    auto add = [&](int place, int reflections, const std::string& kind) {
      const std::complex<double> lambda = s.eigenvalues[place];
      if (lambda.imag() != 0) return false;
      const Mat V = leading_subspace(J, place + 1);
      if (V.cols() != place + 1) return false;
      const Vec v = V.col(place);
      for (int sign : {+1, -1}) {
        Vec x = p.x + sign * delta * v;
        // h |lambda| = 1/2: the linearly implicit step doubles the displacement along v at first.
        if (follow_reflected_drift(model, x, reflections, 0.5 / std::abs(lambda.real()), o))
          f.starts.push_back({kind + ":" + p.origin + (sign > 0 ? "+" : "-"), x, ""});
      }
      return true;
    };
    bool used = false;
    // Up: the least stable stable direction, k + 1 reflections.
    if (k < o.max_index && k < n && s.eigenvalues[k].real() < 0) used = add(k, k + 1, "ascent") || used;
    // Down: the least unstable unstable direction, k - 1 reflections (k = 1 is saddle_descent's).
    if (o.down && k >= 2 && k <= o.max_index_down) used = add(k - 1, k - 1, "down") || used;
    a.saddle_dynamics_points += used;
  }
  if (f.starts.empty()) {
    a.result.status = Status::NoConvergence;
    a.result.message = "no point to ascend from";
    return a;
  }
  a.result = find_fixed_points(model, f);
  return a;
}

}  // namespace summit
