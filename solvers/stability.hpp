// Linear stability of a fixed point: eigenvalues of the drift Jacobian, saddle index, type,
// the most unstable direction in named coordinates and the linearised escape time.
//
// Contract: the eigenvalues are those of the exact drift Jacobian at x, or where the drift is not
// differentiable of minus the weight-space loss Hessian without its gauge directions (`space` says
// which); an eigenvalue with |Re| <= zero_tol * max(1, max|lambda|) counts as flat, not as stable
// or unstable, and the type and index follow from that count.
#pragma once

#include "lib/model.hpp"
#include "solvers/status.hpp"

#include <Eigen/Core>

#include <complex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace summit {

// The kind of a fixed point from the signs of the real parts of its eigenvalues (zero within the
// tolerance counting as flat): Stable (all negative), Marginal (none positive, some flat),
// Unstable (all positive), Saddle (some positive, some negative or flat); Empty: no eigenvalues.
enum class StabilityType { Empty, Stable, Marginal, Unstable, Saddle };
// "empty", "stable", "marginal", "unstable", "saddle"; from_string is the inverse (nullopt for
// any other text).
const char* to_string(StabilityType t);
std::optional<StabilityType> stability_type_from_string(std::string_view text);

struct StabilityOptions {
  // An eigenvalue counts as zero when |Re lambda| <= zero_tol * max(1, max|lambda|).
  double zero_tol = 1e-8;
  double eps = 1e-3;  // perturbation size for the escape-time estimate log(1/eps)/lambda_max
};

struct Stability {
  Status status = Status::Ok;
  std::string message;
  // "overlap": eigenvalues of the drift Jacobian; "weight": eigenvalues of minus the loss Hessian
  // in the free parameterisation, gauge zero modes removed (gradient flows at non-smooth points);
  // "overlap (not differentiable here: indicative only)", with " ?" appended to the type, where
  // neither is a valid linearisation (e.g. a dead ReLU unit, or SGD dynamics at a kink).
  std::string space = "overlap";
  std::vector<std::complex<double>> eigenvalues;  // sorted by real part, largest first
  int index = 0;      // number of eigenvalues with Re > tol (unstable directions)
  int n_zero = 0;     // number with |Re| <= tol
  StabilityType kind = StabilityType::Empty;
  bool indicative = false;  // neither space gives a valid linearisation (" ?" in the label)
  // The label shown in tables and JSON, stability_label(*this): "stable", "saddle-k",
  // "unstable", "marginal (n flat)", "saddle-k (n flat)", with " ?" when indicative.
  std::string type;
  double lambda_max = 0;           // largest real part
  Vec unstable_direction;          // unit eigenvector of lambda_max (real part), if index > 0
  double escape_time = INFINITY;   // log(1/eps)/lambda_max if lambda_max > 0
};

// The label of kind, index and n_zero (see Stability::type); stability_type_from_label reads the
// kind back from any such label (nullopt for other text).
std::string stability_label(const Stability& s);
std::optional<StabilityType> stability_type_from_label(std::string_view label);

// Uses the drift Jacobian, except for gradient flows at points where the model is not smooth
// (Model::non_smooth_at), where it classifies minus the weight-space loss Hessian instead:
// the gradient flow in weight space dW/dt = -c grad L(W) (c > 0) has the same fixed points and
// the same stability; the Hessian is taken by central differences of the exact gradient and
// restricted to the complement of the gauge directions. Its eigenvalues are then those of
// -Hess L (not per unit time; the sign pattern is what classifies).
Stability analyse_stability(const Model& model, const Vec& x, const StabilityOptions& o = {});
Stability analyse_stability_weight_space(const Model& model, const Vec& x,
                                         const StabilityOptions& o = {});
// Eigen-decomposition of any real square matrix, classified the same way (used for Hessians too).
Stability classify(const Eigen::MatrixXd& J, const StabilityOptions& o = {});

}  // namespace summit
