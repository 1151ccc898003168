// Finite-d online SGD of the ssi model (docs/single_index.md, "The model `ssi`"): every step a
// fresh sequence X = (x_1..x_L), x_l ~ N(0, I_d/d) iid, y = f*(X w*) (+ sqrt(noise) xi), a step
// w <- w - lr grad_w loss, then w <- sqrt(d) w/||w|| (untied: W <- sqrt(L d) W/||W||). By rotation
// invariance w* = sqrt(d) e_1, the PE basis b_j = e_{2+j} (orthogonal to w*), and the student
// starts with exactly the requested (m, e). Measured: m = w.w*/d, e_j = w.b_j/sqrt d (untied:
// m_l = w_l.w*/d).
#include "models/ssi/ssi_impl.hpp"

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace summit::ssi {

namespace {

class SSISGD final : public Microscopic {
 public:
  SSISGD(const Config& c, const Vec& x0, int d, std::uint64_t seed) : c_(c), d_(d), rng_(seed) {
    const int L = c.L;
    if (d < c.J + 3)
      throw std::invalid_argument("simulation dimension d = " + std::to_string(d) + " must be >= " +
                                  std::to_string(c.J + 3));
    const double sd = std::sqrt(double(d));
    X_ = Mat::Zero(L, d);
    if (c.student == Student::UntiedFF) {
      W_ = Mat::Zero(L, d);
      const double s2 = x0.squaredNorm();
      if (s2 > L) throw std::invalid_argument("simulation: the initial overlaps need sum m_l^2 <= L");
      const double r = std::sqrt((L - s2) / L);
      for (int l = 0; l < L; ++l) {
        W_(l, 0) = sd * x0[l];
        W_(l, 2 + l) = sd * r;
      }
    } else {
      W_ = Mat::Zero(1, d);
      const double s2 = x0.squaredNorm();
      if (s2 > 1) throw std::invalid_argument("simulation: the initial state needs m^2 + |e|^2 <= 1");
      W_(0, 0) = sd * x0[0];
      for (int j = 0; j < c.J; ++j) W_(0, 1 + j) = sd * x0[1 + j];
      W_(0, 1 + c.J) = sd * std::sqrt(1 - s2);
    }
  }

  void advance(double dt) override {
    const long long target = std::llround((t_ + dt) * d_);
    while (steps_ < target) step();
    t_ = double(steps_) / d_;
  }
  double time() const override { return t_; }
  Vec measure() const override {
    const double sd = std::sqrt(double(d_));
    if (c_.student == Student::UntiedFF) return W_.col(0) / sd;
    Vec v(1 + c_.J);
    v[0] = W_(0, 0) / sd;
    for (int j = 0; j < c_.J; ++j) v[1 + j] = W_(0, 1 + j) / sd;
    return v;
  }

 private:
  void step() {
    const int L = c_.L;
    const double sd = std::sqrt(double(d_)), isd = 1.0 / sd;
    for (int l = 0; l < L; ++l)
      for (int i = 0; i < d_; ++i) X_(l, i) = isd * normal_(rng_);
    double z[kMaxL] = {}, q[kMaxL] = {}, g[kMaxL] = {};
    for (int l = 0; l < L; ++l) z[l] = sd * X_(l, 0);
    const double noise = c_.noise > 0 ? std::sqrt(c_.noise) * normal_(rng_) : 0.0;
    if (c_.student == Student::UntiedFF) {
      double s = 0;
      for (int l = 0; l < L; ++l) s += X_.row(l).dot(W_.row(l));
      s /= std::sqrt(double(L));
      const double G = (c_.act.f(s) - target_scalar(c_, z) - noise) * c_.act.df(s);
      W_ -= (c_.lr * G / std::sqrt(double(L))) * X_;
      W_ *= std::sqrt(double(L) * d_) / W_.norm();
      ++steps_;
      return;
    }
    for (int l = 0; l < L; ++l) {
      q[l] = X_.row(l).dot(W_.row(0));
      for (int j = 0; j < c_.J; ++j) q[l] += c_.B[l][j] * W_(0, 1 + j) * isd;
    }
    if (c_.student == Student::TiedFF) {
      double zeta = 0;
      for (int l = 0; l < L; ++l) zeta += q[l];
      zeta /= std::sqrt(double(L));
      const double G = (c_.act.f(zeta) - target_scalar(c_, z) - noise) * c_.act.df(zeta);
      for (int l = 0; l < L; ++l) g[l] = G / std::sqrt(double(L));
    } else {
      AttentionSample<double> smp;
      attention_sample(c_, q, z, smp, noise);
      for (int l = 0; l < L; ++l) g[l] = smp.g[l];
    }
    for (int l = 0; l < L; ++l) {
      W_.row(0) -= (c_.lr * g[l]) * X_.row(l);
      for (int j = 0; j < c_.J; ++j) W_(0, 1 + j) -= c_.lr * g[l] * c_.B[l][j] * isd;
    }
    W_ *= sd / W_.norm();
    ++steps_;
  }

  Config c_;
  int d_;
  std::mt19937_64 rng_;
  std::normal_distribution<double> normal_{0.0, 1.0};
  Mat X_, W_;
  double t_ = 0;
  long long steps_ = 0;
};

}  // namespace

std::unique_ptr<Microscopic> make_sgd(const Config& c, const Vec& x0, int d, std::uint64_t seed) {
  return std::make_unique<SSISGD>(c, x0, d, seed);
}

}  // namespace summit::ssi
