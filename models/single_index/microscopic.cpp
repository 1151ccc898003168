// Finite-d online SGD of the single-index model (docs/single_index.md, "Conventions"): a fresh
// x ~ N(0, I_d/d) and y = f*(x.w*) + sqrt(noise) xi every step, w <- w - lr g x with
// g = -(y - sigma(s)) sigma'(s), then (spherical) w <- sqrt(d) w/||w||. By rotation invariance of
// the data the teacher is w* = sqrt(d) e_1 and the student starts in span(e_1, e_2) with exactly
// the requested m (and Q); the measured m = w.w*/d, Q = ||w||^2/d.
//
// `simulation = reduced` runs the same process exactly in law in O(1) per step: with a = w.e_1 and
// b = ||w_perp|| (w_perp the part of w orthogonal to w*), write x = x_1 e_1 + x_u u + x_rest with
// u = w_perp/b. By rotation invariance x_1, x_u ~ N(0, 1/d) and ||x_rest||^2 ~ chi^2_{d-2}/d are
// independent of the past, and the step gives a' = a - lr g x_1,
// b'^2 = (b - lr g x_u)^2 + (lr g)^2 ||x_rest||^2 (the new w_perp direction is again a uniformly
// random direction independent of future samples). Fields s = a x_1 + b x_u, z* = sqrt(d) x_1.
#include "models/single_index/single_index_impl.hpp"

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace summit::single_index {

namespace {

class SingleIndexSGD final : public Microscopic {
 public:
  SingleIndexSGD(const Config& c, const Vec& x0, int d, std::uint64_t seed)
      : c_(c), d_(d), rng_(seed) {
    if (d < 2) throw std::invalid_argument("simulation dimension d = " + std::to_string(d) + " must be >= 2");
    const double m0 = x0[0], Q0 = c.spherical ? 1.0 : x0[1];
    if (!(Q0 > 0) || m0 * m0 > Q0)
      throw std::invalid_argument("simulation: initial state needs Q > 0 and m^2 <= Q");
    w_ = Eigen::VectorXd::Zero(d);
    x_.resize(d);
    const double sd = std::sqrt(double(d));
    w_[0] = sd * m0;
    w_[1] = sd * std::sqrt(Q0 - m0 * m0);
  }

  void advance(double dt) override {
    const long long target = std::llround((t_ + dt) * d_);
    while (steps_ < target) step();
    t_ = double(steps_) / d_;
  }
  double time() const override { return t_; }
  Vec measure() const override {
    const double m = w_[0] / std::sqrt(double(d_));
    if (c_.spherical) return Vec::Constant(1, m);
    Vec v(2);
    v << m, w_.squaredNorm() / d_;
    return v;
  }

 private:
  void step() {
    const double isd = 1.0 / std::sqrt(double(d_));
    double s = 0;
    for (int i = 0; i < d_; ++i) {
      x_[i] = isd * normal_(rng_);
      s += x_[i] * w_[i];
    }
    const double zs = std::sqrt(double(d_)) * x_[0];  // x.w* with w* = sqrt(d) e_1
    double y = c_.target.f(zs);
    if (c_.noise > 0) y += std::sqrt(c_.noise) * normal_(rng_);
    const double g = -(y - c_.student.f(s)) * c_.student.df(s);
    const double a = c_.lr * g;
    double n2 = 0;
    for (int i = 0; i < d_; ++i) {
      w_[i] -= a * x_[i];
      n2 += w_[i] * w_[i];
    }
    if (c_.spherical) w_ *= std::sqrt(double(d_) / n2);
    ++steps_;
  }

  Config c_;
  int d_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  Eigen::VectorXd w_, x_;
  double t_ = 0;
  long long steps_ = 0;
};

class SingleIndexReduced final : public Microscopic {
 public:
  SingleIndexReduced(const Config& c, const Vec& x0, int d, std::uint64_t seed)
      : c_(c), d_(d), rng_(seed), chi2_(d - 2.0) {
    if (d < 3) throw std::invalid_argument("simulation dimension d = " + std::to_string(d) + " must be >= 3");
    const double m0 = x0[0], Q0 = c.spherical ? 1.0 : x0[1];
    if (!(Q0 > 0) || m0 * m0 > Q0)
      throw std::invalid_argument("simulation: initial state needs Q > 0 and m^2 <= Q");
    const double sd = std::sqrt(double(d));
    a_ = sd * m0;
    b_ = sd * std::sqrt(Q0 - m0 * m0);
  }
  void advance(double dt) override {
    const long long target = std::llround((t_ + dt) * d_);
    while (steps_ < target) step();
    t_ = double(steps_) / d_;
  }
  double time() const override { return t_; }
  Vec measure() const override {
    const double m = a_ / std::sqrt(double(d_));
    if (c_.spherical) return Vec::Constant(1, m);
    Vec v(2);
    v << m, (a_ * a_ + b_ * b_) / d_;
    return v;
  }

 private:
  void step() {
    const double isd = 1.0 / std::sqrt(double(d_));
    const double x1 = isd * normal_(rng_), xu = isd * normal_(rng_), rest2 = chi2_(rng_) / d_;
    const double s = a_ * x1 + b_ * xu;
    double y = c_.target.f(std::sqrt(double(d_)) * x1);
    if (c_.noise > 0) y += std::sqrt(c_.noise) * normal_(rng_);
    const double A = c_.lr * (-(y - c_.student.f(s)) * c_.student.df(s));
    a_ -= A * x1;
    const double bu = b_ - A * xu;
    b_ = std::sqrt(bu * bu + A * A * rest2);
    if (c_.spherical) {
      const double f = std::sqrt(double(d_) / (a_ * a_ + b_ * b_));
      a_ *= f;
      b_ *= f;
    }
    ++steps_;
  }

  Config c_;
  int d_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  std::chi_squared_distribution<double> chi2_;
  double a_ = 0, b_ = 0, t_ = 0;
  long long steps_ = 0;
};

}  // namespace

std::unique_ptr<Microscopic> make_sgd(const Config& c, const Vec& x0, int d, std::uint64_t seed) {
  if (c.reduced) return std::make_unique<SingleIndexReduced>(c, x0, d, seed);
  return std::make_unique<SingleIndexSGD>(c, x0, d, seed);
}

}  // namespace summit::single_index
