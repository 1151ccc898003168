// A plugin whose model fails while it computes, as a model's numerical routine that gives up does
// (a Dyson iteration or an eigenvalue search that does not converge): the loss throws
// std::runtime_error for x > 1. The CLI reports that as a failed computation (exit 1, "failed:"),
// Python as summit.SolverError with status "failed" (python/_summit.cpp), never as bad input.
// Used by tests/plugins/test_plugins.cpp and python/tests/test_plugins.py.
#include "lib/model_base.hpp"
#include "lib/plugin_api.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

namespace {

using namespace summit;

// Gradient flow of L(x) = x^2/2, defined for x <= 1 only.
class FailingModel final : public ModelBase {
 public:
  explicit FailingModel(const ParamValues& pv) : ModelBase("failing-cxx", pv) { layout_.add_scalar("x"); }
  double loss(const Vec& x) const override {
    if (x[0] > 1) throw std::runtime_error("failing-cxx: the loss routine gave up at x = " + std::to_string(x[0]));
    return 0.5 * x[0] * x[0];
  }
  void drift(const Vec& x, Vec& dx) const override { dx = -x; }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    dx = -x;
    J = -Mat::Identity(1, 1);
  }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = loss(x);
    g = x;
  }
  void loss_hessian(const Vec&, Mat& H) const override { H = Mat::Identity(1, 1); }
  bool realisable(const Vec& x, std::string* why, double) const override {
    if (x.size() == 1 && std::isfinite(x[0])) return true;
    if (why) *why = "x must be finite";
    return false;
  }
  Vec initial_state() const override { return Vec::Constant(1, 0.5); }
  Vec random_state(std::mt19937_64& rng) const override {
    return Vec::Constant(1, std::uniform_real_distribution<double>(-1.0, 1.0)(rng));
  }
};

void register_models(PluginModels& models) {
  models.add({.name = "failing-cxx",
              .summary = "test model whose loss throws std::runtime_error for x > 1",
              .doc = "State x; loss x^2/2 for x <= 1, a runtime failure above.",
              .params = {},
              .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
                return std::make_unique<FailingModel>(pv);
              }});
}

}  // namespace

SUMMIT_PLUGIN("failing-model", register_models)
