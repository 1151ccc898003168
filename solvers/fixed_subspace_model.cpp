#include "solvers/fixed_subspace_model.hpp"

namespace summit {

FixedSubspaceModel::FixedSubspaceModel(const Model& base, Mat B, DriftRows rows,
                                       std::shared_ptr<const Model> owner)
    : owner_(std::move(owner)), base_(base), B_(std::move(B)), rows_(std::move(rows)) {
  layout_.add_vector("u", static_cast<int>(B_.cols()));
  // Column o of B is an orbit's indicator over sqrt(orbit size); an equivariant drift is
  // constant on each orbit at x in Fix(G), so (B^T dx)[o] = sqrt(size) dx[first coordinate].
  for (Eigen::Index o = 0; o < B_.cols(); ++o) {
    Eigen::Index c = 0;
    while (B_(c, o) == 0.0) ++c;
    first_.push_back(static_cast<int>(c));
    sqrt_size_.push_back(1.0 / B_(c, o));
  }
}

void FixedSubspaceModel::drift(const Vec& u, Vec& du) const {
  if (!rows_) {
    Vec dx;
    base_.drift(B_ * u, dx);
    du = B_.transpose() * dx;
    return;
  }
  rows_(B_ * u, first_, du);
  for (Eigen::Index o = 0; o < du.size(); ++o) du[o] *= sqrt_size_[o];
}

void FixedSubspaceModel::drift_jacobian(const Vec& u, Vec& du, Mat& J) const {
  Vec dx;
  Mat Jx;
  base_.drift_jacobian(B_ * u, dx, Jx);
  du = B_.transpose() * dx;
  J = B_.transpose() * Jx * B_;
}

void FixedSubspaceModel::loss_gradient(const Vec& u, double& L, Vec& g) const {
  Vec gx;
  base_.loss_gradient(B_ * u, L, gx);
  g = B_.transpose() * gx;
}

void FixedSubspaceModel::loss_hessian(const Vec& u, Mat& H) const {
  Mat Hx;
  base_.loss_hessian(B_ * u, Hx);
  H = B_.transpose() * Hx * B_;
}

}  // namespace summit
