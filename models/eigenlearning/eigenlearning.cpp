#include "models/eigenlearning/eigenlearning.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::eigenlearning {

namespace {

class Eigenlearning final : public JetModel<Eigenlearning, ModelBase> {
 public:
  Eigenlearning(const ParamValues& pv, Eigen::VectorXd lambda, Eigen::VectorXd v2, double n,
                double ridge, double noise)
      : JetModel("eigenlearning", pv), lambda_(std::move(lambda)), v2_(std::move(v2)), n_(n), ridge_(ridge),
        s2_(noise * noise) {
    layout_.add_scalar("kappa");
  }
  std::string time_unit() const override { return "iterations of kappa <- F(kappa) (relaxation time)"; }

  template <class T>
  T sum_L(const T& kappa, T* sum_L2 = nullptr) const {
    T s = gauss::lift<T>(0.0), s2 = gauss::lift<T>(0.0);
    for (int i = 0; i < lambda_.size(); ++i) {
      const T L = gauss::lift<T>(lambda_[i]) / (gauss::lift<T>(lambda_[i]) + kappa);
      s += L;
      s2 += L * L;
    }
    if (sum_L2) *sum_L2 = s2;
    return s;
  }
  template <class T>
  T loss_t(const T* x) const {  // predicted test MSE at kappa
    const T kappa = x[0];
    T s2;
    sum_L(kappa, &s2);
    T bias = gauss::lift<T>(0.0);
    for (int i = 0; i < lambda_.size(); ++i) {
      const T one_minus_L = kappa / (gauss::lift<T>(lambda_[i]) + kappa);
      bias += one_minus_L * one_minus_L * gauss::lift<T>(v2_[i]);
    }
    const T E0 = gauss::lift<T>(n_) / (gauss::lift<T>(n_) - s2);
    return E0 * (bias + gauss::lift<T>(s2_));
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    const T kappa = x[0];
    dx[0] = (gauss::lift<T>(ridge_) + kappa * sum_L(kappa)) / gauss::lift<T>(n_) - kappa;
  }

  bool realisable(const Vec& x, std::string* why, double) const override {
    if (!(x.size() == 1 && std::isfinite(x[0]) && x[0] > 0)) {
      if (why) *why = "kappa must be finite and > 0";
      return false;
    }
    return true;
  }
  Vec initial_state() const override { return Vec::Constant(1, lambda_.maxCoeff()); }
  Vec random_state(std::mt19937_64& rng) const override {
    // log-uniform over the range of the spectrum
    const double lo = std::log(lambda_.minCoeff()), hi = std::log(10 * lambda_.maxCoeff());
    return Vec::Constant(1, std::exp(std::uniform_real_distribution<double>(lo, hi)(rng)));
  }
  std::vector<std::string> observable_names() const override {
    return {"test_mse", "E0", "sum_L", "n_minus_equation"};
  }
  Vec observables(const Vec& x) const override {
    double s2;
    const double s = sum_L(x[0], &s2);
    return Vec{{loss(x), n_ / (n_ - s2), s, n_ - s - ridge_ / x[0]}};
  }

 private:
  Eigen::VectorXd lambda_, v2_;
  double n_, ridge_, s2_;
};

std::vector<ParamSpec> specs() {
  std::vector<ParamSpec> s;
  s.push_back({.name = "n", .type = ParamType::Real, .default_text = "100",
               .doc = "number of training samples", .min = 0, .max = 1e300, .min_exclusive = true});
  s.push_back({.name = "ridge", .type = ParamType::Real, .default_text = "0",
               .doc = "ridge delta (0: ridgeless, needs more modes than n)",
               .min = 0, .max = 1e300});
  s.push_back({.name = "noise", .type = ParamType::Real, .default_text = "0",
               .doc = "label noise standard deviation sigma (its square enters the error: <= 1e100)",
               .min = 0, .max = 1e100});
  s.push_back({.name = "modes", .type = ParamType::Int, .default_text = "1000",
               .doc = "number of kernel eigenmodes (power-law spectrum)",
               .min = 1, .max = 100000000});
  s.push_back({.name = "decay", .type = ParamType::Real, .default_text = "1.5",
               .doc = "eigenvalues lambda_i = i^-decay", .min = 0, .max = 1e300,
               .min_exclusive = true});
  s.push_back({.name = "target_decay", .type = ParamType::Real, .default_text = "1.5",
               .doc = "target coefficients v_i^2 = i^-target_decay / sum_j j^-target_decay (unit norm)",
                   .min = 0,
               .max = 1e300});
  s.push_back({.name = "eigenvalues", .type = ParamType::RealList, .default_text = "",
               .doc = "explicit kernel eigenvalues (> 0), overriding modes/decay"});
  s.push_back({.name = "target", .type = ParamType::RealList, .default_text = "",
               .doc = "explicit squared target coefficients v_i^2 (>= 0), one per eigenvalue"});
  return s;
}

}  // namespace

void register_model(Registry& registry) {
  registry.add(
      {.name = "eigenlearning",
       .summary = "kernel ridge regression test error from the eigenlearning fixed point",
       .doc =
           "kappa solves n = sum_i lambda_i/(lambda_i + kappa) + ridge/kappa; learnabilities\n"
           "L_i = lambda_i/(lambda_i + kappa); test MSE = E0 (sum_i (1-L_i)^2 v_i^2 + noise^2) with\n"
           "E0 = n/(n - sum_i L_i^2) (Simon et al., arXiv:2110.03922). State: kappa.\n"
           "Drift: F(kappa) - kappa, F(kappa) = (ridge + kappa sum_i L_i)/n; loss: the test MSE.\n"
           "Use `summit fixed-points eigenlearning` for kappa and the test error (observables).",
       .params = specs(),
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         Eigen::VectorXd lambda, v2;
         if (pv.is_set("eigenvalues")) {
           const auto l = pv.get_list("eigenvalues");
           lambda = Eigen::Map<const Eigen::VectorXd>(l.data(), l.size());
           if (lambda.minCoeff() <= 0)
             throw std::invalid_argument("parameter 'eigenvalues' = '" +
                                         pv.get_text("eigenvalues") +
                                         "': every eigenvalue must be > 0");
         } else {
           const int P = pv.get_int("modes");
           lambda.resize(P);
           for (int i = 0; i < P; ++i) lambda[i] = std::pow(i + 1.0, -pv.get_real("decay"));
         }
         if (pv.is_set("target")) {
           const auto t = pv.get_list("target");
           if (static_cast<int>(t.size()) != lambda.size())
             throw std::invalid_argument("parameter 'target' = '" + pv.get_text("target") +
                                         "': has " + std::to_string(t.size()) +
                                         " values; must have one per "
                                         "eigenvalue (" +
                                         std::to_string(lambda.size()) + ")");
           v2 = Eigen::Map<const Eigen::VectorXd>(t.data(), t.size());
           if (v2.minCoeff() < 0)
             throw std::invalid_argument("parameter 'target': squared coefficients must be >= 0");
         } else {
           v2.resize(lambda.size());
           for (int i = 0; i < v2.size(); ++i)
             v2[i] = std::pow(i + 1.0, -pv.get_real("target_decay"));
           v2 /= v2.sum();
         }
         const double n = pv.get_real("n"), ridge = pv.get_real("ridge");
         if (ridge == 0 && n >= lambda.size())
           throw std::invalid_argument("parameter 'n' = '" + pv.get_text("n") +
                                       "': ridgeless (ridge = 0) needs n < number of modes (" +
                                       std::to_string(lambda.size()) + ")");
         return std::make_unique<Eigenlearning>(pv, lambda, v2, n, ridge, pv.get_real("noise"));
       }});
}

}  // namespace summit::eigenlearning
