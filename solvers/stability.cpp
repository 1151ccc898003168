#include "solvers/stability.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

namespace summit {

Stability classify(const Eigen::MatrixXd& J, const StabilityOptions& o) {
  Stability s;
  if (!J.allFinite()) {
    s.status = Status::NonFinite;
    s.message = "Jacobian has non-finite entries";
    return s;
  }
  Eigen::EigenSolver<Eigen::MatrixXd> es(J, true);
  if (es.info() != Eigen::Success) {
    s.status = Status::NoConvergence;
    s.message = "eigenvalue iteration did not converge";
    return s;
  }
  const Eigen::VectorXcd ev = es.eigenvalues();
  std::vector<int> order(ev.size());
  for (int i = 0; i < ev.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (ev[a].real() != ev[b].real()) return ev[a].real() > ev[b].real();
    return ev[a].imag() > ev[b].imag();
  });
  double scale = 1.0;
  for (int i = 0; i < ev.size(); ++i) scale = std::max(scale, std::abs(ev[i]));
  const double tol = o.zero_tol * scale;
  int neg = 0;
  for (int i : order) {
    s.eigenvalues.push_back(ev[i]);
    if (ev[i].real() > tol) ++s.index;
    else if (ev[i].real() < -tol) ++neg;
    else ++s.n_zero;
  }
  const int n = static_cast<int>(ev.size());
  if (n == 0) {
    s.type = "empty";
    return s;
  }
  s.lambda_max = ev[order[0]].real();
  if (s.index > 0) {
    Eigen::VectorXd d = es.eigenvectors().col(order[0]).real();
    if (d.norm() == 0) d = es.eigenvectors().col(order[0]).imag();
    d /= d.norm();
    const int big = static_cast<int>(std::distance(
        d.data(), std::max_element(d.data(), d.data() + n,
                                   [](double a, double b) { return std::abs(a) < std::abs(b); })));
    if (d[big] < 0) d = -d;  // a fixed sign convention
    s.unstable_direction = d;
    s.escape_time = std::log(1.0 / o.eps) / s.lambda_max;
  }
  const std::string flat = s.n_zero ? " (" + std::to_string(s.n_zero) + " flat)" : "";
  if (s.index == 0 && s.n_zero == 0) s.type = "stable";
  else if (s.index == 0) s.type = "marginal" + flat;
  else if (neg == 0 && s.n_zero == 0) s.type = "unstable";
  else s.type = "saddle-" + std::to_string(s.index) + flat;
  return s;
}

Stability analyse_stability(const Model& model, const Vec& x, const StabilityOptions& o) {
  Vec dx;
  Mat J;
  model.drift_jacobian(x, dx, J);
  return classify(J, o);
}

}  // namespace summit
