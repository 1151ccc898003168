// The model contract, type-erased.
//
// A concrete model writes templated `loss_t` and `drift_t` once (lib/jet_model.hpp; docs/design.md,
// "lib/ — the core"). Solvers and the CLI see it through this abstract interface, which adds
// exact derivatives (computed by JetModel with Ceres Jets), realisability, initialisations,
// observables, special points, symmetries and, where the model has one, a finite-d simulation.
#pragma once

#include "lib/model_hints.hpp"
#include "lib/params.hpp"
#include "lib/state/layout.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace summit {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

struct NamedPoint {
  std::string name;
  Vec x;
  std::string doc;
};

// A finite-d realisation of a model (the actual network trained by SGD on sampled data),
// measuring the same order parameters as the ODE. Time is in the model's time unit.
class Microscopic {
 public:
  virtual ~Microscopic() = default;
  virtual void advance(double dt) = 0;  // run the SGD steps that make up dt
  virtual double time() const = 0;
  virtual Vec measure() const = 0;  // order parameters of the current weights, in layout order
};

class Model {
 public:
  virtual ~Model() = default;

  virtual std::string name() const = 0;  // registry name, e.g. "committee"
  virtual const ParamValues& params() const = 0;
  virtual const Layout& layout() const = 0;
  virtual std::string time_unit() const { return "t"; }
  int dim() const { return layout().size(); }

  // Population loss and the drift d x / d t, with exact derivatives.
  virtual double loss(const Vec& x) const = 0;
  virtual void drift(const Vec& x, Vec& dx) const = 0;
  virtual void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const = 0;
  virtual void loss_gradient(const Vec& x, double& L, Vec& g) const = 0;
  virtual void loss_hessian(const Vec& x, Mat& H) const = 0;
  // The gradient-flow drift derived from the loss by the chain rule (lib/gram.hpp), where the
  // model's state is made of Gram overlaps; returns false if the model has no such structure.
  virtual bool gradient_flow_drift(const Vec& x, Vec& dx) const { return false; }

  // Domain: false (and a reason) where the state is not reachable, e.g. overlaps not PSD.
  // `tol` is the slack allowed for numerical error (relative, e.g. on the smallest eigenvalue of
  // an overlap matrix): integrators pass a slack matched to their error tolerance, because a
  // trajectory converging to the boundary of the domain (perfect learning: a singular overlap
  // matrix) may cross it by O(tolerance).
  virtual bool realisable(const Vec& x, std::string* why, double tol = 1e-9) const = 0;

  // Initial state from the model's `init` and `seed` parameters.
  virtual Vec initial_state() const = 0;
  // A random realisable state (for multi-start searches).
  virtual Vec random_state(std::mt19937_64& rng) const = 0;
  // Points the model knows (e.g. "plateau", "perfect"): starting points for fixed-point searches.
  virtual std::vector<NamedPoint> special_points() const { return {}; }
  // Structured starting points for exhaustive searches (the special points and, e.g., units
  // placed on, against or between teacher units); defaults to the special points.
  virtual std::vector<NamedPoint> structured_starts() const { return special_points(); }

  // Extra named outputs evaluated at a state (the loss is always available as "loss").
  virtual std::vector<std::string> observable_names() const { return {}; }
  virtual Vec observables(const Vec& x) const { return Vec(0); }

  // Distance between two states up to the model's symmetries (e.g. permutations of hidden units).
  virtual double symmetry_distance(const Vec& a, const Vec& b) const {
    return (a - b).lpNorm<Eigen::Infinity>();
  }
  // Whether a and b are the same point up to the model's symmetries, coordinate by coordinate
  // within tol. Used to merge fixed points and minima.
  virtual bool equivalent(const Vec& a, const Vec& b, double tol) const {
    return symmetry_distance(a, b) <= tol;
  }

  // An unconstrained parameterisation u -> x whose image is exactly the realisable set (e.g. weight
  // vectors whose Gram matrix gives the overlaps). free_dim() == 0 means none.
  virtual int free_dim() const { return 0; }
  virtual Vec to_free(const Vec& x) const { return Vec(0); }
  virtual Vec from_free(const Vec& u) const { return Vec(0); }
  // Loss and its gradient with respect to u.
  virtual double free_loss_gradient(const Vec& u, Vec* grad) const { return 0; }

  // Solver hints (lib/model_hints.hpp): natural threshold, escape law, default events and the
  // iteration policy of fixed-point searches. Not mathematics; kept apart from it in one struct.
  using Threshold = NaturalThreshold;
  using EscapeLaw = summit::EscapeLaw;
  virtual ModelHints hints() const { return {}; }

  // True when the drift is a gradient flow of the loss (then stability can be judged from the
  // loss Hessian in the free parameterisation, see solvers/stability.hpp).
  virtual bool is_gradient_flow() const { return false; }
  // True where the overlap-space drift is not differentiable (e.g. a singular overlap matrix for
  // ReLU): there the Jacobian is not a linearisation and stability is judged in weight space.
  virtual bool non_smooth_at(const Vec& x) const { return false; }
  // True where even the loss in the free parameterisation is not twice differentiable (e.g. a
  // zero-norm ReLU unit): no linear stability analysis is reliable there.
  virtual bool non_smooth_in_weights_at(const Vec& x) const { return false; }
  // Tangent directions (columns) in the free parameterisation along which x does not change
  // (e.g. rotations of the weights that leave every overlap fixed): zero modes to discount.
  virtual Mat free_gauge_directions(const Vec& u) const { return Mat(u.size(), 0); }

  // A finite-d simulation starting from state x0 (nullptr if the model has none).
  virtual std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d,
                                                   std::uint64_t seed) const {
    return nullptr;
  }
};

}  // namespace summit
