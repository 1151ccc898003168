// JetModel<Derived>: implements the derivative part of the Model interface from a model's
// templated code, so a model author writes only
//
//   template <class T> T loss_t(const T* x) const;            // population loss
//   template <class T> void drift_t(const T* x, T* dx) const;  // d x / d t
//
// and gets exact Jacobians of the drift and exact gradients and Hessians of the loss (Ceres Jets,
// lib/autodiff/jets.hpp). Include it only in a model's own .cpp files, where the templates are
// instantiated once (keeps ceres/jet.h out of public headers).
#pragma once

#include "lib/autodiff/jets.hpp"
#include "lib/model.hpp"

namespace summit {

template <class Derived, class Base = Model>
class JetModel : public Base {
 public:
  using Base::Base;
  double loss(const Vec& x) const override { return self().template loss_t<double>(x.data()); }
  void drift(const Vec& x, Vec& dx) const override {
    dx.resize(x.size());
    self().template drift_t<double>(x.data(), dx.data());
  }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    autodiff::jacobian([this](const autodiff::Jet1* xj,
                              autodiff::Jet1* out) { self().drift_t(xj, out); },
                       x, static_cast<int>(x.size()), dx, J);
  }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = autodiff::gradient([this](const autodiff::Jet1* xj) { return self().loss_t(xj); }, x, g);
  }
  void loss_hessian(const Vec& x, Mat& H) const override {
    autodiff::hessian([this](const autodiff::Jet2* xj) { return self().loss_t(xj); }, x, H);
  }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace summit
