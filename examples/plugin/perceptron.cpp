// A summit plugin with one model, `perceptron-cxx`: a linear student perceptron learning a linear
// teacher of norm 1 by online SGD with weight decay, the model of examples/models/perceptron.summit
// written in C++ (docs/extending.md walks through this file).
//
// Contract: the model's state is (m, Q), the teacher-student overlap and the student's squared
// norm; time is alpha = SGD steps / N. Drift (learning rate lr, weight decay kappa):
//   dm/dalpha = lr (1 - m) - kappa m
//   dQ/dalpha = 2 lr (m - Q) + lr^2 (1 + Q - 2 m) - 2 kappa Q
// loss (1 + Q - 2 m) / 2; realisable where Q > 0 and m^2 <= Q (Cauchy-Schwarz against the
// teacher). Its one fixed point is m* = lr / (lr + kappa),
// Q* = (2 lr m* + lr^2 (1 - 2 m*)) / (2 lr - lr^2 + 2 kappa), stable for 0 < lr < 2 with
// eigenvalues -(lr + kappa) and -(2 lr - lr^2 + 2 kappa); scripts/check-install and
// tests/plugins check summit's answer against it.
#include "lib/gauss/scalar.hpp"   // gauss::lift: constants for plain and nested Jets
#include "lib/jet_model.hpp"      // JetModel: exact Jacobians and Hessians from loss_t / drift_t
#include "lib/model_base.hpp"     // ModelBase: name, parameters, layout
#include "lib/plugin_api.hpp"     // SUMMIT_PLUGIN: the entry point summit looks for

#include <cmath>
#include <random>

namespace {

using namespace summit;

class Perceptron final : public JetModel<Perceptron, ModelBase> {
 public:
  explicit Perceptron(const ParamValues& pv)
      : JetModel("perceptron-cxx", pv),
        lr_(pv.get_real("lr")),
        kappa_(pv.get_real("kappa")),
        m0_(pv.get_real("m0")) {
    layout_.add_scalar("m");
    layout_.add_scalar("Q");
  }
  std::string time_unit() const override { return "alpha (SGD steps / N)"; }

  // The mathematics, written once for double and for Jets.
  template <class T>
  T loss_t(const T* x) const {
    const T& m = x[0];
    const T& Q = x[1];
    return (gauss::lift<T>(1.0) + Q - gauss::lift<T>(2.0) * m) * gauss::lift<T>(0.5);
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    const T& m = x[0];
    const T& Q = x[1];
    const T lr = gauss::lift<T>(lr_), kappa = gauss::lift<T>(kappa_), one = gauss::lift<T>(1.0),
            two = gauss::lift<T>(2.0);
    dx[0] = lr * (one - m) - kappa * m;
    dx[1] = two * lr * (m - Q) + lr * lr * (one + Q - two * m) - two * kappa * Q;
  }

  // The rest of the Model contract (lib/model.hpp).
  bool realisable(const Vec& x, std::string* why, double tol) const override {
    if (!x.allFinite() || x[1] <= 0 || x[0] * x[0] > x[1] * (1 + tol)) {
      if (why) *why = "needs Q > 0 and m^2 <= Q (the overlap of two vectors)";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return Vec{{m0_, 1.0}}; }
  Vec random_state(std::mt19937_64& rng) const override {
    const double Q = std::uniform_real_distribution<double>(0.1, 2.0)(rng);
    const double c = std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
    return Vec{{c * std::sqrt(Q), Q}};
  }
  std::vector<std::string> observable_names() const override { return {"cosine"}; }
  Vec observables(const Vec& x) const override { return Vec{{x[0] / std::sqrt(x[1])}}; }

 private:
  double lr_, kappa_, m0_;
};

void register_models(PluginModels& models) {
  std::vector<ParamSpec> params;
  params.push_back({.name = "lr", .type = ParamType::Real, .default_text = "0.5",
                    .doc = "learning rate", .min = 0, .max = 2,
                    .min_exclusive = true, .max_exclusive = true});
  params.push_back({.name = "kappa", .type = ParamType::Real, .default_text = "0",
                    .doc = "weight decay", .min = 0});
  params.push_back({.name = "m0", .type = ParamType::Real, .default_text = "0.01",
                    .doc = "initial teacher-student overlap (Q starts at 1)", .min = -1, .max = 1});
  models.add({.name = "perceptron-cxx",
              .summary = "linear student perceptron, online SGD, weight decay (C++ plugin example)",
              .doc = "State (m, Q): teacher-student overlap and student norm; loss (1 + Q - 2m)/2.\n"
                     "Fixed point m* = lr/(lr+kappa), Q* = (2 lr m* + lr^2 (1-2m*))/(2 lr - lr^2 + 2 kappa).",
              .params = params,
              .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
                return std::make_unique<Perceptron>(pv);
              }});
}

}  // namespace

SUMMIT_PLUGIN("perceptron-example", register_models)
