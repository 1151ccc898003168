// The matrix AMP state evolution of the rbm (k hidden units, r spikes) as a summit model: rbm with
// theory = amp and k >= 2 or several spikes.
//
// Contract: state (M, Q, V) (M k x r, Q and V symmetric k x k; amp_matrix.hpp), drift = SE map -
// identity (so fixed points, stability and thresholds are those of the iteration; time unit: SE
// iterations), special points `uninformative` (M = 0) and `informative` (unit a started on spike a),
// each only where its solve converges inside the domain 0 < V < I. Observables overlap2[a,j] =
// M_aj^2 / Q_aa, gain_margin[j] = gain[j] - 1 (> 0: spike j grows at M = 0; the threshold of spike j
// is its root, `summit threshold --observable gain_margin[j]`), replicon, objective. `simulate`
// runs finite-d AMP (one iteration per time unit).
#include "lib/model_base.hpp"
#include "models/rbm/amp_matrix.hpp"
#include "models/rbm/rbm_impl.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace summit::rbm {

namespace {

using MatX = Eigen::MatrixXd;

class MatrixAmpSeRBM final : public ModelBase {
 public:
  MatrixAmpSeRBM(const ParamValues& pv, const Config& c)
      : ModelBase("rbm", pv), c_(c), h_(c.gaussian ? Hidden::gaussian : Hidden::rademacher),
        k_(c.k), r_(static_cast<int>(c.spikes.size())) {
    layout_.add_matrix("M", k_, r_);
    layout_.add_symmetric("Q", k_);
    layout_.add_symmetric("V", k_);
  }
  std::string time_unit() const override { return "state-evolution iterations (relaxation time)"; }

  MatState unpack(const Vec& x) const {
    MatState s;
    s.M = mat_view<double>(layout_.block("M"), x.data());
    s.Q.resize(k_, k_);
    s.V.resize(k_, k_);
    const Block& bq = layout_.block("Q");
    const Block& bv = layout_.block("V");
    for (int a = 0; a < k_; ++a)
      for (int b = 0; b < k_; ++b) {
        s.Q(a, b) = x[bq.index(a, b)];
        s.V(a, b) = x[bv.index(a, b)];
      }
    return s;
  }
  Vec pack(const MatState& s) const {
    Vec x(layout_.size());
    mat_view<double>(layout_.block("M"), x.data()) = s.M;
    const Block& bq = layout_.block("Q");
    const Block& bv = layout_.block("V");
    for (int a = 0; a < k_; ++a)
      for (int b = a; b < k_; ++b) {
        x[bq.index(a, b)] = 0.5 * (s.Q(a, b) + s.Q(b, a));
        x[bv.index(a, b)] = 0.5 * (s.V(a, b) + s.V(b, a));
      }
    return x;
  }
  MatStep step(const Vec& x) const { return matrix_se_step(h_, c_.alpha, c_.spikes, unpack(x)); }

  double loss(const Vec& x) const override {
    const MatStep s = step(x);
    return s.ok ? -s.objective : std::numeric_limits<double>::infinity();
  }
  void loss_gradient(const Vec& x, double& L, Vec& g) const override {
    L = loss(x);
    g = Vec::Zero(x.size());
  }
  void loss_hessian(const Vec& x, Mat& H) const override { H = Mat::Zero(x.size(), x.size()); }

  void drift(const Vec& x, Vec& dx) const override {
    const MatStep s = step(x);
    if (!s.ok) {
      // Outside the domain: pull V towards I/2 (the direction that restores 0 < V < I).
      dx = Vec::Zero(x.size());
      const Block& bv = layout_.block("V");
      for (int a = 0; a < k_; ++a)
        for (int b = a; b < k_; ++b) dx[bv.index(a, b)] = (a == b ? 0.5 : 0.0) - x[bv.index(a, b)];
      return;
    }
    dx = pack(s.next) - x;
  }
  void drift_jacobian(const Vec& x, Vec& dx, Mat& J) const override {
    // Central differences, step 1e-6 (relative): truncation O(h^2 F''') and rounding of the
    // quadrature sums O(1e-15 / h) ~ 1e-9, ample for stability signs and Newton.
    drift(x, dx);
    const int n = static_cast<int>(x.size());
    J.resize(n, n);
    for (int j = 0; j < n; ++j) {
      const double hs = 1e-6 * std::max(1.0, std::abs(x[j]));
      Vec a = x, b = x, da, db;
      a[j] += hs;
      b[j] -= hs;
      drift(a, da);
      drift(b, db);
      J.col(j) = (da - db) / (2 * hs);
    }
  }
  bool realisable(const Vec& x, std::string* why, double tol) const override {
    if (x.size() == layout_.size() && x.allFinite()) {
      const MatState s = unpack(x);
      const MatX C = s.Q - s.M * s.M.transpose();
      Eigen::SelfAdjointEigenSolver<MatX> ec(C), ev(s.V);
      if (ec.eigenvalues().minCoeff() >= -tol && ev.eigenvalues().minCoeff() > 0 &&
          ev.eigenvalues().maxCoeff() < 1)
        return true;
    }
    if (why) *why = "need Q - M M^T >= 0 (Cauchy-Schwarz) and 0 < V < I (concave proximal step)";
    return false;
  }
  Vec initial_state() const override {
    MatState s;
    s.M = MatX::Constant(k_, r_, c_.m0 / std::sqrt(double(r_)));
    s.Q = MatX::Constant(k_, k_, c_.m0 * c_.m0);
    s.Q.diagonal().setConstant(c_.q0);
    s.V = 0.5 * MatX::Identity(k_, k_);
    return pack(s);
  }
  Vec random_state(std::mt19937_64& rng) const override {
    std::normal_distribution<double> N;
    std::uniform_real_distribution<double> U(0, 1);
    MatState s;
    s.M = MatX(k_, r_);
    for (int a = 0; a < k_; ++a)
      for (int j = 0; j < r_; ++j) s.M(a, j) = 0.5 * N(rng);
    MatX A(k_, k_);
    for (int a = 0; a < k_; ++a)
      for (int b = 0; b < k_; ++b) A(a, b) = 0.4 * N(rng);
    s.Q = s.M * s.M.transpose() + A * A.transpose() + 0.2 * MatX::Identity(k_, k_);
    if (h_ == Hidden::gaussian) s.Q /= 1.5 * std::max(1.0, s.Q.norm());
    s.V = (0.1 + 0.8 * U(rng)) * MatX::Identity(k_, k_);
    return pack(s);
  }

  std::vector<NamedPoint> special_points() const override {
    std::vector<NamedPoint> pts;
    Vec u;
    if (solve(start(false), true, u))
      pts.push_back({"uninformative", u,
                     "M = 0 fixed point of the SE; spike j grows there where gain_margin[j] > 0"});
    Vec i;
    if (solve(start(true), false, i) && unpack(i).M.cwiseAbs().maxCoeff() > 1e-6)
      pts.push_back({"informative", i,
                     "fixed point of the SE from unit a on spike a (damped iteration, then Newton)"});
    return pts;
  }
  std::vector<std::string> observable_names() const override {
    std::vector<std::string> n;
    for (int a = 0; a < k_; ++a)
      for (int j = 0; j < r_; ++j)
        n.push_back("overlap2[" + std::to_string(a + 1) + "," + std::to_string(j + 1) + "]");
    for (int j = 0; j < r_; ++j) n.push_back("gain_margin[" + std::to_string(j + 1) + "]");
    n.push_back("replicon");
    n.push_back("objective");
    return n;
  }
  Vec observables(const Vec& x) const override {
    const MatState s = unpack(x);
    const MatStep st = step(x);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Vec o(k_ * r_ + r_ + 2);
    int i = 0;
    for (int a = 0; a < k_; ++a)
      for (int j = 0; j < r_; ++j) o[i++] = s.Q(a, a) > 0 ? s.M(a, j) * s.M(a, j) / s.Q(a, a) : 0.0;
    for (int j = 0; j < r_; ++j) o[i++] = st.ok ? st.gain[j] - 1 : nan;
    o[i++] = st.ok ? st.replicon : nan;
    o[i++] = st.ok ? st.objective : nan;
    return o;
  }
  ModelHints hints() const override {
    return {{"alpha", c_.gaussian ? 0.2 : 3.8, 20.0, "uninformative", "", std::nullopt, ""},
            {},
            {},
            IterationPolicy::state_evolution()};
  }
  // Symmetries of the SE: permutations and sign flips of the hidden units (M rows, Q and V
  // entries s_a s_b), and the sign of each spike (M columns). Distance: the smallest max-norm
  // difference over unit permutations and signs, each spike's sign chosen per column.
  double symmetry_distance(const Vec& xa, const Vec& xb) const override {
    const MatState a = unpack(xa), b = unpack(xb);
    std::vector<int> perm(k_);
    std::iota(perm.begin(), perm.end(), 0);
    double best = std::numeric_limits<double>::infinity();
    do {
      for (int signs = 0; signs < (1 << k_); ++signs) {
        auto sg = [&](int u) { return (signs >> u) & 1 ? -1.0 : 1.0; };
        double dist = 0;
        for (int u = 0; u < k_; ++u)
          for (int v = 0; v < k_; ++v) {
            const double f = sg(u) * sg(v);
            dist = std::max({dist, std::abs(a.Q(u, v) - f * b.Q(perm[u], perm[v])),
                             std::abs(a.V(u, v) - f * b.V(perm[u], perm[v]))});
          }
        for (int j = 0; j < r_; ++j) {
          double plus = 0, minus = 0;
          for (int u = 0; u < k_; ++u) {
            plus = std::max(plus, std::abs(a.M(u, j) - sg(u) * b.M(perm[u], j)));
            minus = std::max(minus, std::abs(a.M(u, j) + sg(u) * b.M(perm[u], j)));
          }
          dist = std::max(dist, std::min(plus, minus));
        }
        best = std::min(best, dist);
      }
    } while (std::next_permutation(perm.begin(), perm.end()));
    return best;
  }

  std::unique_ptr<Microscopic> microscopic(const Vec& x0, int d, std::uint64_t seed) const override;

 private:
  // Starts of the special points: Q = I (Gaussian: I/2), V = 1/(1 + sqrt alpha) I (the bulk-edge
  // value of the k = 1 Gaussian point, which converges for the k = 1 +-1 SE as well) and, for the
  // informative start, M_aa = 0.5 for a < min(k, r).
  Vec start(bool informative) const {
    MatState s;
    s.M = MatX::Zero(k_, r_);
    if (informative)
      for (int a = 0; a < std::min(k_, r_); ++a) s.M(a, a) = 0.5;
    s.Q = (c_.gaussian ? 0.5 : 1.0) * MatX::Identity(k_, k_);
    s.V = MatX::Identity(k_, k_) / (1 + std::sqrt(c_.alpha));
    return pack(s);
  }
  // A fixed point: damped iteration x <- x + 0.5 (F(x) - x) (up to 400 steps or residual 1e-10),
  // then Newton on the drift with the central-difference Jacobian (least squares, so the zero modes
  // of continuous symmetries do not stop it). keep_m0 holds M = 0.
  bool solve(Vec x, bool keep_m0, Vec& out) const {
    const Block& bm = layout_.block("M");
    auto zero_m = [&](Vec& v) {
      if (keep_m0) v.segment(bm.offset, bm.size()).setZero();
    };
    zero_m(x);
    Vec dx;
    for (int it = 0; it < 400; ++it) {
      if (!step(x).ok) return false;
      drift(x, dx);
      zero_m(dx);
      if (dx.lpNorm<Eigen::Infinity>() <= 1e-10) break;
      x += 0.5 * dx;
    }
    for (int it = 0; it < 30; ++it) {
      Mat J;
      drift_jacobian(x, dx, J);
      zero_m(dx);
      if (dx.lpNorm<Eigen::Infinity>() <= 1e-11) break;
      if (keep_m0) {
        for (int i = 0; i < bm.size(); ++i) {
          J.row(bm.offset + i).setZero();
          J.col(bm.offset + i).setZero();
        }
      }
      const Vec step_x = J.completeOrthogonalDecomposition().solve(-dx);
      double t = 1;
      bool moved = false;
      for (int ls = 0; ls < 20; ++ls, t *= 0.5) {
        Vec y = x + t * step_x, dy;
        zero_m(y);
        if (!step(y).ok) continue;
        drift(y, dy);
        zero_m(dy);
        if (dy.lpNorm<Eigen::Infinity>() < dx.lpNorm<Eigen::Infinity>()) {
          x = y;
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    drift(x, dx);
    zero_m(dx);
    out = x;
    return step(x).ok && dx.lpNorm<Eigen::Infinity>() <= 1e-9 && realisable(x, nullptr, 1e-9);
  }

  Config c_;
  Hidden h_;
  int k_, r_;
};

// Finite-d AMP as `summit simulate`: one AMP iteration per unit of time (dt rounded).
class MatrixAmpMicroscopic final : public Microscopic {
 public:
  MatrixAmpMicroscopic(const MatrixAmpSeRBM& model, MatrixAmpRun run)
      : model_(model), run_(std::move(run)) {}
  void advance(double dt) override {
    for (long i = 0; i < std::lround(dt); ++i) {
      run_.step();
      t_ += 1;
    }
  }
  double time() const override { return t_; }
  Vec measure() const override { return model_.pack(run_.state()); }

 private:
  const MatrixAmpSeRBM& model_;
  MatrixAmpRun run_;
  double t_ = 0;
};

// Finite-d GD as `summit simulate` (finite_d = gd): time = steps x lr.
class MatrixGdMicroscopic final : public Microscopic {
 public:
  MatrixGdMicroscopic(const MatrixAmpSeRBM& model, MatrixGdRun run, double lr)
      : model_(model), run_(std::move(run)), lr_(lr) {}
  void advance(double dt) override {
    const long target = std::lround((t_ + dt) / lr_);
    run_.advance(target - steps_);
    steps_ = target;
    t_ += dt;
  }
  double time() const override { return t_; }
  // V: the Onsager matrix consistent with the measured (M, Q) (an SE fixed point's V), so that
  // the observables are those of the SE at GD's overlaps; NaN where it does not exist (then
  // `simulate` reports the state as non-finite).
  Vec measure() const override {
    MatState s;
    if (!run_.state_with_onsager(s)) s.V.setConstant(std::numeric_limits<double>::quiet_NaN());
    return model_.pack(s);
  }

 private:
  const MatrixAmpSeRBM& model_;
  MatrixGdRun run_;
  double lr_, t_ = 0;
  long steps_ = 0;
};

std::unique_ptr<Microscopic> MatrixAmpSeRBM::microscopic(const Vec& x0, int d,
                                                         std::uint64_t seed) const {
  if (c_.simulate_gd)
    return std::make_unique<MatrixGdMicroscopic>(
        *this, MatrixGdRun(h_, c_.alpha, c_.spikes, d, c_.lr, unpack(x0), seed), c_.lr);
  return std::make_unique<MatrixAmpMicroscopic>(
      *this, MatrixAmpRun(h_, c_.alpha, c_.spikes, d, unpack(x0), seed));
}

}  // namespace

std::unique_ptr<Model> make_matrix_amp_se(const ParamValues& pv, const Config& c) {
  if (!c.gaussian && c.k > 2)
    throw std::invalid_argument("parameter 'k' = " + std::to_string(c.k) +
                                ": theory = amp with hidden = rademacher allows k <= 2 (the state "
                                "evolution's k-dimensional quadrature)");
  return std::make_unique<MatrixAmpSeRBM>(pv, c);
}

}  // namespace summit::rbm
