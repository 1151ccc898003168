// A model's drift restricted to the fixed-point subspace Fix(G) = range(B) of a symmetry subgroup
// G (lib/symmetry.hpp; B the orthonormal orbit basis), as a Model in the coordinates u = B^T x.
//
// Contract: drift(u) = B^T drift(B u), Jacobian B^T J(B u) B, loss(u) = loss(B u), realisable(u) =
// realisable(B u). Exact for an equivariant drift, which maps Fix(G) into itself (Golubitsky,
// Stewart & Schaeffer, "Singularities and Groups in Bifurcation Theory II", ch. XIII): the fixed
// points of the reduced model lifted by x = B u are the fixed points of the full model inside
// Fix(G). With `rows` (the full drift at selected coordinates only, e.g.
// committee::drift_rows_of) the drift costs one coordinate per orbit, sqrt(orbit size) times the
// drift at the orbit's first coordinate. The base model is either referred to (it must outlive
// the reduced one) or owned (`owner`).
#pragma once

#include "lib/model.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace summit {

class FixedSubspaceModel final : public Model {
 public:
  using DriftRows = std::function<void(const Vec& x, const std::vector<int>& rows, Vec& out)>;
  FixedSubspaceModel(const Model& base, Mat B, DriftRows rows = {},
                     std::shared_ptr<const Model> owner = nullptr);

  const Mat& basis() const { return B_; }
  std::string name() const override { return base_.name(); }
  const ParamValues& params() const override { return base_.params(); }
  const Layout& layout() const override { return layout_; }
  double loss(const Vec& u) const override { return base_.loss(B_ * u); }
  void drift(const Vec& u, Vec& du) const override;
  void drift_jacobian(const Vec& u, Vec& du, Mat& J) const override;
  void loss_gradient(const Vec& u, double& L, Vec& g) const override;
  void loss_hessian(const Vec& u, Mat& H) const override;
  bool realisable(const Vec& u, std::string* why, double tol) const override {
    return base_.realisable(B_ * u, why, tol);
  }
  Vec initial_state() const override { return B_.transpose() * base_.initial_state(); }
  Vec random_state(std::mt19937_64& rng) const override {
    return B_.transpose() * base_.random_state(rng);
  }

 private:
  std::shared_ptr<const Model> owner_;
  const Model& base_;
  Mat B_;
  Layout layout_;
  DriftRows rows_;
  std::vector<int> first_;         // first coordinate of each orbit
  std::vector<double> sqrt_size_;  // sqrt of each orbit's size
};

}  // namespace summit
