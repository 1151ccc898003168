// Small models with known solutions, for testing the generic solvers.
#pragma once

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"

#include <cmath>

namespace summit::test {

// dx/dt = A x with A = [[-a, -w], [w, -a]] (damped rotation):
//   x(t) = e^{-a t} (x1 cos wt - x2 sin wt, x1 sin wt + x2 cos wt).
// loss = (x1^2 + x2^2)/2. Fixed point 0 with eigenvalues -a +- i w.
class Spiral final : public JetModel<Spiral> {
 public:
  Spiral(double a, double w) : a_(a), w_(w) { layout_.add_vector("x", 2); }
  std::string name() const override { return "spiral"; }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return layout_; }
  bool realisable(const Vec& x, std::string* why, double = 1e-9) const override {
    return x.allFinite();
  }
  Vec initial_state() const override { return Vec::Unit(2, 0); }
  Vec random_state(std::mt19937_64& rng) const override {
    std::normal_distribution<double> N;
    return Vec{{N(rng), N(rng)}};
  }
  std::vector<std::string> observable_names() const override { return {"r"}; }
  Vec observables(const Vec& x) const override { return Vec::Constant(1, x.norm()); }

  template <class T>
  T loss_t(const T* x) const {
    return gauss::lift<T>(0.5) * (x[0] * x[0] + x[1] * x[1]);
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    dx[0] = gauss::lift<T>(-a_) * x[0] - gauss::lift<T>(w_) * x[1];
    dx[1] = gauss::lift<T>(w_) * x[0] - gauss::lift<T>(a_) * x[1];
  }
  Vec exact(double t, const Vec& x0) const {
    const double e = std::exp(-a_ * t), c = std::cos(w_ * t), s = std::sin(w_ * t);
    return Vec{{e * (x0[0] * c - x0[1] * s), e * (x0[0] * s + x0[1] * c)}};
  }

 private:
  double a_, w_;
  Layout layout_;
  ParamValues pv_;
};

// Gradient flow of the double well L = (x^2 - 1)^2/4 + y^2/2 + c x y (dx/dt = -grad L):
// minima near x = +-1, a saddle at 0 (index 1). With c = 0: saddle eigenvalues +1 and -1,
// minima at (+-1, 0) with eigenvalues -2 and -1. Parameter `c` couples the two directions.
// `tilt` adds -tilt*x to the loss: the symmetric saddle becomes unstable... (used for thresholds).
class DoubleWell final : public JetModel<DoubleWell> {
 public:
  explicit DoubleWell(double mu = 1.0, double c = 0.0) : mu_(mu), c_(c) {
    layout_.add_scalar("x").add_scalar("y");
  }
  std::string name() const override { return "double-well"; }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return layout_; }
  bool realisable(const Vec& x, std::string* why, double = 1e-9) const override {
    if (std::abs(x[0]) > 10) {
      if (why) *why = "|x| > 10";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return Vec{{0.1, 0.0}}; }
  Vec random_state(std::mt19937_64& rng) const override {
    std::uniform_real_distribution<double> U(-2, 2);
    return Vec{{U(rng), U(rng)}};
  }
  std::vector<NamedPoint> special_points() const override { return {{"origin", Vec::Zero(2), ""}}; }
  double symmetry_distance(const Vec& a, const Vec& b) const override {
    // L is symmetric under (x, y) -> (-x, -y)
    return std::min((a - b).lpNorm<Eigen::Infinity>(), (a + b).lpNorm<Eigen::Infinity>());
  }
  int free_dim() const override { return 2; }
  Vec to_free(const Vec& x) const override { return x; }
  Vec from_free(const Vec& u) const override { return u; }
  double free_loss_gradient(const Vec& u, Vec* grad) const override {
    if (grad) {
      double L;
      loss_gradient(u, L, *grad);
      return L;
    }
    return loss(u);
  }

  // L = (x^2 - mu)^2 / 4 + y^2/2 + c x y
  template <class T>
  T loss_t(const T* x) const {
    const T a = x[0] * x[0] - gauss::lift<T>(mu_);
    return gauss::lift<T>(0.25) * a * a + gauss::lift<T>(0.5) * x[1] * x[1] +
           gauss::lift<T>(c_) * x[0] * x[1];
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    dx[0] = -(x[0] * (x[0] * x[0] - gauss::lift<T>(mu_)) + gauss::lift<T>(c_) * x[1]);
    dx[1] = -(x[1] + gauss::lift<T>(c_) * x[0]);
  }

 private:
  double mu_, c_;
  Layout layout_;
  ParamValues pv_;
};

}  // namespace summit::test
