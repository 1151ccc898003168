#include "models/saxe/saxe.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::saxe {

namespace {

class Saxe final : public JetModel<Saxe, ModelBase> {
 public:
  Saxe(const ParamValues& pv, Eigen::VectorXd s, Eigen::VectorXd a0, double tau)
      : JetModel("saxe", pv), s_(std::move(s)), a0_(std::move(a0)), tau_(tau) {
    layout_.add_vector("a", static_cast<int>(s_.size()));
  }
  std::string time_unit() const override { return "t (learning time constant tau)"; }

  template <class T>
  T loss_t(const T* a) const {
    T L = gauss::lift<T>(0.0);
    for (int i = 0; i < s_.size(); ++i) {
      const T e = gauss::lift<T>(s_[i]) - a[i];
      L += gauss::lift<T>(0.5) * e * e;
    }
    return L;
  }
  template <class T>
  void drift_t(const T* a, T* da) const {
    for (int i = 0; i < s_.size(); ++i)
      da[i] = gauss::lift<T>(2.0 / tau_) * a[i] * (gauss::lift<T>(s_[i]) - a[i]);
  }

  bool realisable(const Vec& x, std::string* why, double tol) const override {
    // a = (layer-2 weight)(layer-1 weight) of a balanced mode: a >= 0.
    if (!x.allFinite() || x.minCoeff() < -tol * std::max(1.0, s_.maxCoeff())) {
      if (why) *why = "mode strengths must be finite and >= 0 (balanced initialisation)";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return a0_; }
  Vec random_state(std::mt19937_64& rng) const override {
    Vec a(s_.size());
    for (int i = 0; i < a.size(); ++i) a[i] = std::uniform_real_distribution<double>(0, 2 * s_[i])(rng);
    return a;
  }
  std::vector<NamedPoint> special_points() const override {
    return {{"zero", Vec::Zero(s_.size()), "nothing learned (unstable)"},
            {"learned", s_, "every mode learned (stable)"}};
  }
  std::vector<std::string> observable_names() const override { return {"learned_fraction"}; }
  Vec observables(const Vec& a) const override { return Vec::Constant(1, a.sum() / s_.sum()); }
  ModelHints hints() const override { return {{}, {}, default_events(), {}}; }
  std::vector<std::string> default_events() const {
    std::vector<std::string> e;
    for (int i = 0; i < s_.size(); ++i) {
      const std::string n = std::to_string(i + 1);
      e.push_back("mode " + n + " half learned: a[" + n + "]>" + format_real(0.5 * s_[i]));
    }
    return e;
  }
  // Free parameterisation a = b^2 (the balanced layer weight b): every b is realisable.
  int free_dim() const override { return static_cast<int>(s_.size()); }
  Vec to_free(const Vec& a) const override { return a.cwiseMax(0.0).cwiseSqrt(); }
  Vec from_free(const Vec& b) const override { return b.cwiseAbs2(); }
  double free_loss_gradient(const Vec& b, Vec* grad) const override {
    const Vec a = from_free(b);
    if (grad) *grad = (-(s_ - a)).cwiseProduct(2 * b);
    return 0.5 * (s_ - a).squaredNorm();
  }
  bool is_gradient_flow() const override { return false; }  // a gradient flow in b, not in a

 private:
  Eigen::VectorXd s_, a0_;
  double tau_;
};

std::vector<ParamSpec> specs() {
  std::vector<ParamSpec> s;
  s.push_back({.name = "s", .type = ParamType::RealList, .default_text = "3,2,1",
               .doc = "singular values of the input-output correlation (one per mode), > 0",
                   .min = 0, .max = 1e300, .min_exclusive = true});
  s.push_back({.name = "a0", .type = ParamType::RealList, .default_text = "0.001",
               .doc = "initial mode strengths (one value for all modes, or one per mode), > 0",
                   .min = 0, .max = 1e300,
               .min_exclusive = true});
  s.push_back({.name = "tau", .type = ParamType::Real, .default_text = "1",
               .doc = "learning time constant (1/learning rate)", .min = 0, .max = 1e300,
               .min_exclusive = true});
  return s;
}

}  // namespace

Eigen::VectorXd solution(const Eigen::VectorXd& s, const Eigen::VectorXd& a0, double tau, double t) {
  Eigen::VectorXd a(s.size());
  for (int i = 0; i < s.size(); ++i) {
    // a = s / (1 + (s/a0 - 1) e^{-2 s t / tau}), the same closed form without overflow
    a[i] = s[i] / (1.0 + (s[i] / a0[i] - 1.0) * std::exp(-2.0 * s[i] * t / tau));
  }
  return a;
}

void register_model(Registry& registry) {
  registry.add(
      {.name = "saxe",
       .summary = "deep linear network mode dynamics (Saxe et al. 2014), closed-form sigmoids",
       .doc =
           "tau da_i/dt = 2 a_i (s_i - a_i) for the strength a_i of each singular mode of a two-layer\n"
           "linear network trained by gradient flow from small balanced weights (Saxe, McClelland &\n"
           "Ganguli 2014). Solution a_i(t) = s_i / (1 + (s_i/a_i(0) - 1) e^{-2 s_i t/tau}). Loss:\n"
           "1/2 sum_i (s_i - a_i)^2. Events: mode i half learned at t = tau/(2 s_i) ln(s_i/a_i(0) - 1).",
       .params = specs(),
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         const auto sl = pv.get_list("s");
         Eigen::VectorXd s = Eigen::Map<const Eigen::VectorXd>(sl.data(), sl.size());
         const auto al = pv.get_list("a0");
         Eigen::VectorXd a0(s.size());
         if (al.size() == 1)
           a0.setConstant(al[0]);
         else if (al.size() == sl.size())
           a0 = Eigen::Map<const Eigen::VectorXd>(al.data(), al.size());
         else
           throw std::invalid_argument("parameter 'a0' = '" + pv.get_text("a0") + "': has " +
                                       std::to_string(al.size()) + " values; must have 1 or " +
                                       std::to_string(sl.size()) + " (one per mode of s)");
         return std::make_unique<Saxe>(pv, s, a0, pv.get_real("tau"));
       }});
}

}  // namespace summit::saxe
