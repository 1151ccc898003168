#include "models/spectral/gamp_se_model.hpp"

#include "lib/model_base.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace summit::spectral {

namespace {

class GampSeModel final : public ModelBase {
 public:
  GampSeModel(const ParamValues& pv, GampSeSpec s)
      : ModelBase("multi-index-weak-recovery", pv, s.layout), s_(std::move(s)) {}
  std::string time_unit() const override { return "state-evolution iterations (relaxation time)"; }

  double loss(const Vec&) const override { return 0; }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = 0;
    g = Vec::Zero(x.size());
  }
  void loss_hessian(const Vec& x, Mat& H) const override { H = Mat::Zero(x.size(), x.size()); }
  void drift(const Vec& x, Vec& dx) const override { dx = s_.step(s_.project(x)) - x; }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    drift(x, dx);
    const int n = static_cast<int>(x.size());
    const double h = s_.fd_step;
    J.resize(n, n);
    auto map = [&](const Vec& y) { return Vec(s_.step(s_.project(y))); };
    bool central = true;
    for (int k = 0; k < n && central; ++k) {
      Vec a = x, b = x;
      a[k] -= h;
      b[k] += h;
      central = s_.inside(a, 0) && s_.inside(b, 0);
    }
    if (central) {
      for (int k = 0; k < n; ++k) {
        Vec a = x, b = x;
        a[k] -= h;
        b[k] += h;
        J.col(k) = (map(b) - map(a)) / (2 * h);
      }
    } else {
      // One-sided along the boundary directions D (columns): (map(x + h D) - map(x)) / h = J_map D.
      const Mat& D = s_.boundary_directions;
      double sign = 0;
      for (double sg : {1.0, -1.0}) {
        bool ok = true;
        for (int k = 0; k < D.cols() && ok; ++k) ok = s_.inside(x + sg * h * D.col(k), 0);
        if (ok) {
          sign = sg;
          break;
        }
      }
      if (sign == 0) sign = 1;  // outside or on a corner: difference the projected map anyway
      const Vec m0 = map(x);
      Mat dM(n, D.cols());
      for (int k = 0; k < D.cols(); ++k) dM.col(k) = (map(x + sign * h * D.col(k)) - m0) / (sign * h);
      J = dM * D.inverse();
    }
    J -= Mat::Identity(n, n);
  }
  bool realisable(const Vec& x, std::string* why, double tol) const override {
    if (x.size() != s_.layout.size() || !x.allFinite() || !s_.inside(x, tol)) {
      if (why) *why = s_.domain_text;
      return false;
    }
    return !s_.check || s_.check(x, why);
  }
  Vec initial_state() const override { return s_.initial; }
  Vec random_state(std::mt19937_64& rng) const override { return s_.random(rng); }
  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> v = s_.special;
    if (s_.lazy_special) {
      std::call_once(lazy_once_, [this] { lazy_ = s_.lazy_special(); });
      v.insert(v.end(), lazy_.begin(), lazy_.end());
    }
    return v;
  }
  std::vector<NamedPoint> structured_starts() const override {
    std::vector<NamedPoint> v = special_points();
    v.insert(v.end(), s_.extra_starts.begin(), s_.extra_starts.end());
    return v;
  }
  std::vector<std::string> observable_names() const override { return s_.observable_names; }
  Vec observables(const Vec& x) const override { return s_.observables(s_.project(x)); }
  double symmetry_distance(const Vec& a, const Vec& b) const override {
    return s_.symmetry_distance ? s_.symmetry_distance(a, b) : (a - b).lpNorm<Eigen::Infinity>();
  }
  ModelHints hints() const override { return {s_.threshold, {}, {}, IterationPolicy::state_evolution()}; }

 private:
  GampSeSpec s_;
  mutable std::once_flag lazy_once_;
  mutable std::vector<NamedPoint> lazy_;
};

}  // namespace

GampSeSpec scalar_gamp_spec(std::function<double(double)> step) {
  // State q (Q = q I_p), q in [0, 1]; the SE map is evaluated at q clipped to [0, 1].
  GampSeSpec s;
  s.layout.add_scalar("q");
  s.step = [step](const Vec& x) { return Vec::Constant(1, step(x[0])); };
  s.project = [](const Vec& x) { return Vec::Constant(1, std::clamp(x[0], 0.0, 1.0)); };
  s.inside = [](const Vec& x, double tol) { return x[0] >= -tol && x[0] <= 1 + tol; };
  s.domain_text = "q must be in [0, 1] (an overlap with a unit-variance Gaussian signal)";
  s.boundary_directions = Mat::Ones(1, 1);
  s.initial = Vec::Constant(1, 0.01);  // Q0 = 0.01 I
  s.random = [](std::mt19937_64& rng) {
    return Vec::Constant(1, std::uniform_real_distribution<double>(0, 0.99)(rng));
  };
  s.special = {{"trivial", Vec::Zero(1), "q = 0, the uninformative fixed point"},
               {"perfect", Vec::Ones(1), "q = 1, perfect recovery (a fixed point of the iteration)"}};
  // The per-index MSE of the posterior-mean estimate (Gaussian prior) is 1 - q; q_next is one
  // undamped state-evolution step from q.
  s.observable_names = {"mse", "q_next"};
  s.observables = [step](const Vec& x) { return Vec{{1 - x[0], step(x[0])}}; };
  return s;
}

std::unique_ptr<Model> make_gamp_se_model(const ParamValues& pv, GampSeSpec spec) {
  if (!spec.step || !spec.project || !spec.inside || !spec.random || !spec.observables)
    throw std::logic_error("make_gamp_se_model: incomplete spec");
  if (spec.boundary_directions.rows() != spec.layout.size() ||
      spec.boundary_directions.cols() != spec.layout.size())
    throw std::logic_error("make_gamp_se_model: boundary_directions must be square (state size)");
  return std::make_unique<GampSeModel>(pv, std::move(spec));
}

}  // namespace summit::spectral
