#include "solvers/stability.hpp"

#include "solvers/detail/free_hessian.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include <algorithm>
#include <cmath>

namespace summit {

namespace {
constexpr StabilityType kStabilityTypes[] = {StabilityType::Empty, StabilityType::Stable,
                                             StabilityType::Marginal, StabilityType::Unstable,
                                             StabilityType::Saddle};
}  // namespace

const char* to_string(StabilityType t) {
  switch (t) {
    case StabilityType::Empty: return "empty";
    case StabilityType::Stable: return "stable";
    case StabilityType::Marginal: return "marginal";
    case StabilityType::Unstable: return "unstable";
    case StabilityType::Saddle: return "saddle";
  }
  return "";
}

std::optional<StabilityType> stability_type_from_string(std::string_view text) {
  for (StabilityType t : kStabilityTypes)
    if (text == to_string(t)) return t;
  return std::nullopt;
}

std::string stability_label(const Stability& s) {
  std::string label = to_string(s.kind);
  if (s.kind == StabilityType::Saddle) label += "-" + std::to_string(s.index);
  if (s.n_zero > 0 && (s.kind == StabilityType::Marginal || s.kind == StabilityType::Saddle))
    label += " (" + std::to_string(s.n_zero) + " flat)";
  if (s.indicative) label += " ?";
  return label;
}

std::optional<StabilityType> stability_type_from_label(std::string_view label) {
  if (label.ends_with(" ?")) label.remove_suffix(2);
  if (const auto open = label.find(" ("); open != std::string_view::npos) {
    if (!label.ends_with(" flat)")) return std::nullopt;
    label = label.substr(0, open);
  }
  if (label.starts_with("saddle-")) {
    const std::string_view k = label.substr(7);
    if (k.empty() || k.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    return StabilityType::Saddle;
  }
  const auto t = stability_type_from_string(label);
  return t == StabilityType::Saddle ? std::nullopt : t;
}

namespace {

// Sorting, counting and typing of a spectrum; eigenvector(i) returns the (real) eigenvector of
// ev[i], called only for the largest real part when it is positive.
template <class EigenvectorOf>
Stability classify_spectrum(const Eigen::VectorXcd& ev, EigenvectorOf eigenvector,
                            const StabilityOptions& o) {
  Stability s;
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
    s.kind = StabilityType::Empty;
    s.type = stability_label(s);
    return s;
  }
  s.lambda_max = ev[order[0]].real();
  if (s.index > 0) {
    Eigen::VectorXd d = eigenvector(order[0]);
    d /= d.norm();
    const int big = static_cast<int>(std::distance(
        d.data(), std::max_element(d.data(), d.data() + n,
                                   [](double a, double b) { return std::abs(a) < std::abs(b); })));
    if (d[big] < 0) d = -d;  // a fixed sign convention
    s.unstable_direction = d;
    s.escape_time = std::log(1.0 / o.eps) / s.lambda_max;
  }
  if (s.index == 0 && s.n_zero == 0) s.kind = StabilityType::Stable;
  else if (s.index == 0) s.kind = StabilityType::Marginal;
  else if (neg == 0 && s.n_zero == 0) s.kind = StabilityType::Unstable;
  else s.kind = StabilityType::Saddle;
  s.type = stability_label(s);
  return s;
}

// A symmetric matrix: the self-adjoint solver (tridiagonalisation, ~4n^3/3 flops with vectors,
// against ~25n^3 for the general real Schur form with vectors), same classification.
Stability classify_symmetric(const Mat& H, const StabilityOptions& o) {
  if (!H.allFinite()) {
    Stability s;
    s.status = Status::NonFinite;
    s.message = "Hessian has non-finite entries";
    return s;
  }
  Eigen::SelfAdjointEigenSolver<Mat> es(H);
  if (es.info() != Eigen::Success) {
    Stability s;
    s.status = Status::NoConvergence;
    s.message = "eigenvalue iteration did not converge";
    return s;
  }
  const Eigen::VectorXcd ev = es.eigenvalues().cast<std::complex<double>>();
  return classify_spectrum(
      ev, [&](int i) -> Eigen::VectorXd { return es.eigenvectors().col(i); }, o);
}

}  // namespace

Stability classify(const Eigen::MatrixXd& J, const StabilityOptions& o) {
  if (!J.allFinite()) {
    Stability s;
    s.status = Status::NonFinite;
    s.message = "Jacobian has non-finite entries";
    return s;
  }
  // Eigen's real Schur form does not accept a 0 x 0 matrix: an empty spectrum is classified as is.
  if (J.size() == 0) return classify_spectrum(Eigen::VectorXcd(0), [](int) { return Eigen::VectorXd(); }, o);
  Eigen::EigenSolver<Eigen::MatrixXd> es(J, true);
  if (es.info() != Eigen::Success) {
    Stability s;
    s.status = Status::NoConvergence;
    s.message = "eigenvalue iteration did not converge";
    return s;
  }
  return classify_spectrum(
      es.eigenvalues(),
      [&](int i) -> Eigen::VectorXd {
        Eigen::VectorXd d = es.eigenvectors().col(i).real();
        if (d.norm() == 0) d = es.eigenvectors().col(i).imag();
        return d;
      },
      o);
}

Stability analyse_stability_weight_space(const Model& model, const Vec& x,
                                         const StabilityOptions& o) {
  if (model.free_dim() == 0) {
    Stability s;
    s.status = Status::Unsupported;
    s.message = "model has no free parameterisation";
    return s;
  }
  const Vec u = model.to_free(x);
  const Mat H = detail::free_hessian(model, u);
  // Orthonormal basis of the complement of the gauge directions.
  const Mat G = model.free_gauge_directions(u);
  Mat B = Mat::Identity(u.size(), u.size());
  if (G.cols() > 0) {
    Eigen::BDCSVD<Mat> svd(G, Eigen::ComputeFullU);
    const double tol = 1e-8 * std::max(1.0, svd.singularValues().maxCoeff());
    int rank = 0;
    for (int i = 0; i < svd.singularValues().size(); ++i) rank += svd.singularValues()[i] > tol;
    B = svd.matrixU().rightCols(u.size() - rank);
  }
  Mat Hr = B.transpose() * H * B;
  Hr = 0.5 * (Hr + Hr.transpose()).eval();  // symmetric up to the finite differences' rounding
  // The finite-difference Hessian is accurate to ~1e-8 where the loss is twice differentiable in
  // the weights, much less next to a zero-norm (dead) unit, where even the weight-space loss has
  // a kink: zero means |lambda| <= 1e-4 relative.
  StabilityOptions oo = o;
  oo.zero_tol = std::max(o.zero_tol, 1e-4);
  Stability s = classify_symmetric(-Hr, oo);
  s.space = "weight";
  // -Hess L is not the drift's Jacobian (no time unit): no escape-time estimate from it.
  s.escape_time = INFINITY;
  // The unstable direction lives in weight space; report it in overlap coordinates.
  if (s.index > 0) {
    const Vec du = B * s.unstable_direction;
    const double h = 1e-6;
    Vec dx = (model.from_free(u + h * du) - model.from_free(u - h * du)) / (2 * h);
    if (dx.norm() > 0) dx.normalize();
    s.unstable_direction = dx;
  }
  return s;
}

Stability analyse_stability(const Model& model, const Vec& x, const StabilityOptions& o) {
  const bool non_smooth = model.non_smooth_at(x);
  if (non_smooth && model.is_gradient_flow() && model.free_dim() > 0 &&
      !model.non_smooth_in_weights_at(x))
    return analyse_stability_weight_space(model, x, o);
  Vec dx;
  Mat J;
  model.drift_jacobian(x, dx, J);
  Stability s = classify(J, o);
  if (non_smooth) {
    s.space = "overlap (not differentiable here: indicative only)";
    s.indicative = true;
    s.type = stability_label(s);
  }
  return s;
}

}  // namespace summit
