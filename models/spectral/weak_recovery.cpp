#include "models/spectral/weak_recovery.hpp"

#include "lib/gauss/scalar.hpp"
#include "lib/gram.hpp"
#include "lib/jet_model.hpp"
#include "lib/model_base.hpp"
#include "models/spectral/gamp_se.hpp"
#include "models/spectral/gamp_se_mc.hpp"
#include "models/spectral/spectral_p1.hpp"
#include "models/spectral/spectral_sample.hpp"
#include "models/spectral/user_channel.hpp"

#include <Eigen/Eigenvalues>

#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/bessel.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace summit::spectral {

double z1z2_second_moment() {
  // E[(a - 1)^2] = (2/pi) int_0^inf (y K1(y)/K0(y) - 1)^2 K0(y) dy. K0 has a log singularity at
  // 0 (tanh-sinh on [0, 1] handles it); exp-sinh on [1, inf).
  auto f = [](double y) {
    // Beyond y = 700, K0 ~ e^{-y} underflows: the integrand (~ y^2 e^{-y}) is below 1e-300.
    if (y <= 0 || y > 700) return 0.0;
    const double k0 = boost::math::cyl_bessel_k(0, y), k1 = boost::math::cyl_bessel_k(1, y);
    const double a = y * k1 / k0;
    return (a - 1) * (a - 1) * k0;
  };
  boost::math::quadrature::tanh_sinh<double> ts;
  boost::math::quadrature::exp_sinh<double> es;
  const double i1 = ts.integrate(f, 0.0, 1.0);
  const double i2 = es.integrate(f, 1.0, std::numeric_limits<double>::infinity());
  return 2 / std::numbers::pi * (i1 + i2);
}

namespace {

class WeakRecovery final : public JetModel<WeakRecovery, ModelBase> {
 public:
  // A acts on vec(M) (row-major p x p): vec(F(M)) = A vec(M).
  WeakRecovery(const ParamValues& pv, int p, Eigen::MatrixXd A, double alpha, std::string doc,
               int trivial_dim)
      : JetModel("multi-index-weak-recovery", pv), p_(p), A_(std::move(A)), alpha_(alpha), doc_(std::move(doc)),
        trivial_dim_(trivial_dim) {
    if (const int d = pv.get_int("sample_d"); d > 0) {
      const auto seed = static_cast<std::uint64_t>(pv.get_int("seed"));
      if (pv.get_text("spectral_matrix") == "asymmetric") {
        asym_ = sample_asymmetric_spectral_method(doc_, alpha_, d, seed, p_);
        if (!asym_.converged)
          throw std::runtime_error("sample_d: the eigenvalue search on the asymmetric matrix L did not converge");
        sample_ = {asym_.top_eigenvalue, asym_.subspace_overlap, true, asym_.products};
      } else {
        sample_ = sample_spectral_method(doc_, alpha_, d, seed);
        if (!sample_.converged)
          throw std::runtime_error("sample_d: Lanczos did not converge for the sampled spectral matrix");
      }
    }
    layout_.add_symmetric("M", p_);
    if (doc_ == "abs" || doc_ == "square") {
      // The spectral method with the bounded preprocessing T = (z^2 - 1)/(z^2 + 1) (the same
      // function of z for y = |z| and y = z^2), predicted by the psi/phi equations at alpha.
      spectral_ = predict_p1(alpha_, [](double z) { return (z * z - 1) / (z * z + 1); }, 1.0);
    }
  }
  std::string time_unit() const override { return "state-evolution iterations (relaxation time)"; }

  template <class T>
  T loss_t(const T*) const {
    return gauss::lift<T>(0.0);
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    const Block& b = layout_.block("M");
    std::vector<T> vecM(p_ * p_);
    for (int i = 0; i < p_; ++i)
      for (int j = 0; j < p_; ++j) vecM[i * p_ + j] = x[b.index(i, j)];
    for (int i = 0; i < p_; ++i)
      for (int j = i; j < p_; ++j) {
        T s = gauss::lift<T>(0.0);
        for (int k = 0; k < p_ * p_; ++k)
          if (A_(i * p_ + j, k) != 0) s += gauss::lift<T>(A_(i * p_ + j, k)) * vecM[k];
        dx[b.index(i, j)] = gauss::lift<T>(alpha_) * s - x[b.index(i, j)];
      }
  }
  bool realisable(const Vec& x, std::string* why, double tol) const override {
    // M is an overlap matrix: positive semi-definite.
    const Eigen::MatrixXd M = gram::unpack_symmetric(layout_.block("M"), x);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(M, Eigen::EigenvaluesOnly);
    if (!x.allFinite() || es.eigenvalues().minCoeff() < -tol * std::max(1.0, M.cwiseAbs().maxCoeff())) {
      if (why) *why = "M must be a finite positive semi-definite matrix";
      return false;
    }
    return true;
  }
  Vec initial_state() const override {
    Vec x = Vec::Zero(layout_.size());
    for (int i = 0; i < p_; ++i) x[layout_.block("M").index(i, i)] = 0.01;  // Q0 = 0.01 I
    return x;
  }
  Vec random_state(std::mt19937_64& rng) const override {
    Eigen::MatrixXd B(p_, p_);
    std::normal_distribution<double> N;
    for (int i = 0; i < p_; ++i)
      for (int j = 0; j < p_; ++j) B(i, j) = N(rng);
    Vec x(layout_.size());
    gram::pack_symmetric(layout_.block("M"), B * B.transpose() / p_, x);
    return x;
  }
  std::vector<NamedPoint> special_points() const override {
    return {{"trivial", Vec::Zero(layout_.size()), "M = 0, the uninformative fixed point"}};
  }
  std::vector<std::string> observable_names() const override {
    std::vector<std::string> n{"trace_M", "trivial_subspace_dim"};
    if (p_ == 1) n.insert(n.end(), {"spectral_top_eigenvalue", "spectral_overlap2"});
    if (sample_.products > 0) n.insert(n.end(), {"sampled_top_eigenvalue", "sampled_subspace_overlap"});
    if (asym_.products > 0) n.push_back("sampled_outlier");
    return n;
  }
  Vec observables(const Vec& x) const override {
    std::vector<double> v{gram::unpack_symmetric(layout_.block("M"), x).trace(), double(trivial_dim_)};
    if (p_ == 1)
      v.insert(v.end(), {spectral_.outlier ? spectral_.top_eigenvalue : spectral_.bulk_edge,
                         spectral_.overlap2});
    if (sample_.products > 0) v.insert(v.end(), {sample_.top_eigenvalue, sample_.subspace_overlap});
    if (asym_.products > 0) v.push_back(asym_.outlier ? 1.0 : 0.0);
    return Eigen::Map<const Vec>(v.data(), static_cast<Eigen::Index>(v.size()));
  }
  ModelHints hints() const override { return {natural_threshold(), {}, {}, {}}; }
  Threshold natural_threshold() const {
    if (trivial_dim_ > 0) {
      Threshold t{"alpha", 0.0, 0.0, "", "", 0.0, ""};
      t.note = "E[z | y] != 0: a trivial subspace of dimension " + std::to_string(trivial_dim_) +
               " is weakly learnable at any alpha > 0, so alpha_c = 0";
      return t;
    }
    return {"alpha", 0.01, 20.0, "trivial"};
  }

 private:
  int p_;
  Eigen::MatrixXd A_;
  double alpha_;
  std::string doc_;
  int trivial_dim_;
  SpectralPrediction spectral_;
  SpectralSample sample_;
  AsymmetricSample asym_;
};

// vec(S M S^T) = (S kron S) vec(M) for row-major vec.
Eigen::MatrixXd kron(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Y) {
  Eigen::MatrixXd K(X.rows() * Y.rows(), X.cols() * Y.cols());
  for (int i = 0; i < X.rows(); ++i)
    for (int j = 0; j < X.cols(); ++j) K.block(i * Y.rows(), j * Y.cols(), Y.rows(), Y.cols()) = X(i, j) * Y;
  return K;
}

}  // namespace

void register_weak_recovery(Registry& registry) {
  registry.add(
      {.name = "multi-index-weak-recovery",
       .summary =
           "weak recovery in multi-index models: thresholds, GAMP state evolution, spectral methods",
       .doc =
           "G(y) = E[z z^T | y] - I_p, F(M) = E_y[G M G], linearised state evolution M <- alpha F(M).\n"
           "State: M (p x p, symmetric). Drift: alpha F(M) - M. `summit threshold` gives\n"
           "alpha_c = 1/r(F), where M = 0 becomes unstable. Channels: abs, square (p = 1), norm2 (any p),\n"
           "sign-z1z2, z1z2, abs-z1z2 (p = 2), sign-committee (p = 3, y = sign z1 + sign z2 + sign z3:\n"
           "E[z|y] != 0, a trivial subspace, alpha_c = 0), user (y = g(z1..zp), --set g=EXPR:\n"
           "G(y), E[z|y] by Monte-Carlo, binned in y). state_evolution=gamp (abs, square,\n"
           "sign-z1z2, norm2: state q with Q = q I_p; z1z2, abs-z1z2: the symmetric 2x2 Q): the\n"
           "full GAMP state evolution with a Gaussian prior by quadrature, drift = one SE step -\n"
           "state (fixed-points: --starts 0 polishes the damped SE from Q0 = 0.01 I); for user and\n"
           "sign-committee by Monte-Carlo (a reweighted pool, state the full matrix Q; the\n"
           "committee's second threshold via kernel_growth). For abs/square the observables also give the spectral\n"
           "method D = (1/n) sum T(y) x x^T with T = (z^2-1)/(z^2+1) at alpha: top eigenvalue and\n"
           "squared overlap (psi/phi equations). sample_d=D samples the spectral method at d = D:\n"
           "spectral_matrix=symmetric (default) or asymmetric (the linearised-GAMP matrix L).\n"
           "Troiani et al. 2024; Defilippis et al. 2025;\n"
           "docs/spectral.md.",
       .params =
           std::vector<ParamSpec>{
               {.name = "channel",
                .type = ParamType::Choice,
                .default_text = "z1z2",
                .doc = "the label channel y = g(z)",
                .choices = {"abs", "square", "norm2", "sign-z1z2", "z1z2", "abs-z1z2",
                            "sign-committee", "user"}},
               {.name = "g",
                .type = ParamType::Text,
                .default_text = "",
                .doc = "channel=user: the label y = g(z1, ..., zp) as an expression (muparser: "
                       "+ - * / ^, abs, sign, sqrt, exp, log, tanh, erf, min, max, ...)"},
               {.name = "samples",
                .type = ParamType::Int,
                .default_text = "2000000",
                .doc = "channel=user: Monte-Carlo samples of z for G(y) and E[z | y]",
                .min = 1000,
                .max = 1e9},
               {.name = "bins",
                .type = ParamType::Int,
                .default_text = "400",
                .doc = "channel=user: equal-count bins of y when y takes more than 64 values",
                .min = 2,
                .max = 1e6},
               {.name = "state_evolution",
                .type = ParamType::Choice,
                .default_text = "linear",
                .doc =
                    "linear: the linearised SE M <- alpha F(M); gamp: the full GAMP SE (Gaussian "
                    "prior; channels abs, square, sign-z1z2, norm2, z1z2, abs-z1z2 by quadrature; "
                    "user, sign-committee by Monte-Carlo with the full matrix Q)",
                .choices = {"linear", "gamp"}},
               {.name = "pool",
                .type = ParamType::Int,
                .default_text = "200000",
                .doc = "state_evolution=gamp, channels user/sign-committee: Monte-Carlo pool of z "
                       "(importance-reweighted for every Q)",
                .min = 1000,
                .max = 1e8},
               {.name = "nodes",
                .type = ParamType::Int,
                .default_text = "",
                .doc =
                    "state_evolution=gamp, channels user/sign-committee: Gauss-Hermite nodes per "
                    "eigen-direction of Q for the average over omega (default 40, 16, 12, 8, "
                    "6, 5, 4, 4 for p = 1..8)",
                .min = 1,
                .max = 400},
               {.name = "min_ess",
                .type = ParamType::Real,
                .default_text = "30",
                .doc = "state_evolution=gamp, channels user/sign-committee: smallest effective "
                       "sample size of the importance weights accepted (else not realisable)",
                .min = 0,
                .max = 1e9,
                .min_exclusive = true},
               {.name = "p",
                .type = ParamType::Int,
                .default_text = "",
                .doc = "number of indices (norm2, user; default 2)",
                .min = 1,
                .max = 64},
               {.name = "alpha",
                .type = ParamType::Real,
                .default_text = "1",
                .doc = "sample ratio n/d",
                .min = 0,
                .min_exclusive = true},
               {.name = "sample_d",
                .type = ParamType::Int,
                .default_text = "0",
                .doc =
                    "d > 0: also sample the spectral method (spectral_matrix) at this d (n = alpha d; "
                    "observables sampled_top_eigenvalue, sampled_subspace_overlap)",
                .min = 0,
                .max = 100000},
               {.name = "spectral_matrix",
                .type = ParamType::Choice,
                .default_text = "symmetric",
                .doc =
                    "with sample_d: symmetric = the dp x dp matrix (1/n) sum x x^T (kron) G(G+I)^{-1}; "
                    "asymmetric = the np x np linearised-GAMP matrix L (largest real eigenvalue "
                    ">= 1.05, the estimator X^T[G u]/sqrt d; also channel norm2; observable "
                    "sampled_outlier = 1 if L has such an eigenvalue, else 0 with overlap 0)",
                .choices = {"symmetric", "asymmetric"}},
               {.name = "seed",
                .type = ParamType::Int,
                .default_text = "1",
                .doc = "seed of the sampled spectral matrix and of the user channel's Monte-Carlo",
                .min = 0,
                .max = 1e18}},
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         const std::string ch = pv.get_text("channel");
         int p = 2;
         if (ch == "abs" || ch == "square") p = 1;
         if (ch == "sign-committee") p = 3;
         if (pv.is_set("p")) {
           if (ch != "norm2" && ch != "user")
             throw std::invalid_argument(
                 "parameter 'p': only the norm2 channel takes p (channel '" + ch +
                 "' has p = " + std::to_string(p) + ")");
           p = pv.get_int("p");
         }
         if ((ch == "user") != pv.is_set("g"))
           throw std::invalid_argument(ch == "user"
                                           ? "channel=user needs the label function: --set g=EXPR"
                                           : "parameter 'g': only channel=user takes g");
         if (pv.get_text("state_evolution") == "gamp") {
           if (pv.get_int("sample_d") > 0)
             throw std::invalid_argument(
                 "parameter 'sample_d': use it with state_evolution=linear");
           if (pv.get_text("spectral_matrix") != "symmetric")
             throw std::invalid_argument(
                 "parameter 'spectral_matrix': use it with state_evolution=linear and sample_d");
           if (ch == "user" || ch == "sign-committee")
             return make_gamp_mc_model(pv, ch, p, pv.get_real("alpha"));
           return make_gamp_model(pv, ch, pv.get_real("alpha"));
         }
         Eigen::MatrixXd A;
         const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(p * p, p * p);
         Eigen::MatrixXd sx(2, 2);
         sx << 0, 1, 1, 0;
         const double pi = std::numbers::pi;
         if (ch == "abs" || ch == "square")
           A = 2.0 * I;  // E[(z^2 - 1)^2] = 2
         else if (ch == "norm2")
           A = (2.0 / p) * I;  // Var(chi2_p / p) = 2/p
         else if (ch == "sign-z1z2")
           A = 4 / (pi * pi) * kron(sx, sx);
         else if (ch == "z1z2")
           A = z1z2_second_moment() * I + kron(sx, sx);  // E[y^2] = 1
         else if (ch == "abs-z1z2")
           A = z1z2_second_moment() * I;
         int user_trivial = 0;
         if (ch == "user") {
           const ChannelEstimate e =
               estimate_channel(pv.get_text("g"), p, pv.get_int("samples"), pv.get_int("bins"),
                                static_cast<std::uint64_t>(pv.get_int("seed")));
           A = e.A;
           user_trivial = e.trivial_dim;
         } else if (ch == "sign-committee") {
           // sign-committee: given the signs s, E[z_i z_j | s] = (2/pi) s_i s_j (i != j), so
           // G(y) = (2/pi) E[s_i s_j | y] (J - I) off the diagonal: 1 for y = +-3 (prob 1/8 each),
           // -1/3 for y = +-1 (prob 3/8 each); F(M) = (4/pi^2)(1/4 + 3/4 * 1/9)(J - I) M (J - I).
           const Eigen::MatrixXd JmI =
               Eigen::MatrixXd::Ones(3, 3) - Eigen::MatrixXd::Identity(3, 3);
           A = 4 / (3 * pi * pi) * kron(JmI, JmI);
         }
         // E[z | y] = sqrt(2/pi) E[s | y] is along (1, 1, 1) for the sign committee: one trivial
         // direction; every other channel in the menu is even in z (E[z | y] = 0).
         const int trivial_dim = ch == "sign-committee" ? 1 : user_trivial;
         const bool asym = pv.get_text("spectral_matrix") == "asymmetric";
         if (asym && pv.get_int("sample_d") <= 0)
           throw std::invalid_argument(
               "parameter 'spectral_matrix': 'asymmetric' samples a matrix, so it needs "
               "--set sample_d=D (D > 0)");
         if (pv.get_int("sample_d") > 0 &&
             (ch == "sign-committee" || ch == "user" || (ch == "norm2" && !asym)))
           throw std::invalid_argument(
               "parameter 'sample_d': the sampled spectral method is available for channels abs, square, "
               "sign-z1z2, z1z2, abs-z1z2 (and norm2 with spectral_matrix=asymmetric), not '" +
               ch + "'" + (ch == "norm2" ? " with spectral_matrix=symmetric" : ""));
         return std::make_unique<WeakRecovery>(pv, p, A, pv.get_real("alpha"), ch, trivial_dim);
       }});
}

}  // namespace summit::spectral
