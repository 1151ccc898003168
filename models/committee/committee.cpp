// The activation-independent part of the committee model: parameters, layout, initialisations,
// realisability, symmetries, the weight-space parameterisation and registration.
#include "models/committee/committee_impl.hpp"
#include "lib/gram.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace summit::committee {

// Factories defined in committee_{erf,relu,linear}.cpp (one activation per translation unit).
std::unique_ptr<Model> make_erf(const ParamValues& pv, Config c);
std::unique_ptr<Model> make_relu(const ParamValues& pv, Config c);
std::unique_ptr<Model> make_linear(const ParamValues& pv, Config c);

std::vector<ParamSpec> param_specs() {
  std::vector<ParamSpec> s;
  s.push_back({.name = "K", .type = ParamType::Int, .default_text = "2",
               .doc = "student hidden units", .min = 1, .max = 64});
  s.push_back({.name = "M", .type = ParamType::Int, .default_text = "2",
               .doc = "teacher hidden units", .min = 1, .max = 64});
  s.push_back({.name = "activation", .type = ParamType::Choice, .default_text = "erf",
               .doc = "g(x) for student and teacher: erf = erf(x/sqrt2), relu = max(0,x), linear = x",
                   .choices = {"erf", "relu", "linear"}});
  s.push_back({.name = "lr", .type = ParamType::Real, .default_text = "0.5",
               .doc = "SGD learning rate of the first layer (its square enters the drift: <= 1e100)",
               .min = 0, .max = 1e100, .min_exclusive = true});
  s.push_back({.name = "lr2", .type = ParamType::Real, .default_text = "",
               .doc = "learning rate of the second layer (default: lr); used with train_second_layer",
                   .min = 0, .min_exclusive = true});
  s.push_back({.name = "dynamics", .type = ParamType::Choice, .default_text = "sgd",
               .doc = "sgd = the online-SGD ODE with its O(lr^2) and noise terms; gradient-flow = its "
               "small-lr limit (the lr^2 bracket dropped): the gradient flow of eps_g at rate lr", .choices = {"sgd", "gradient-flow"}});
  s.push_back({.name = "train_second_layer", .type = ParamType::Bool, .default_text = "false",
               .doc = "train the student's second layer v (else v = 1)"});
  s.push_back({.name = "noise", .type = ParamType::Real, .default_text = "0",
               .doc = "std dev of the output noise of the teacher (its square enters the drift: <= 1e100)",
                   .min = 0, .max = 1e100});
  s.push_back({.name = "weight_decay", .type = ParamType::Real, .default_text = "0",
               .doc = "weight decay kappa (per unit time)", .min = 0});
  s.push_back({.name = "teacher_second_layer", .type = ParamType::RealList, .default_text = "",
               .doc = "teacher second layer v* (M values, or one value for all; default all ones)"});
  s.push_back({.name = "teacher_overlap", .type = ParamType::RealList, .default_text = "",
               .doc = "teacher overlaps T, M*M values row by row, symmetric positive definite "
               "(default identity)"});
  s.push_back({.name = "init", .type = ParamType::Choice, .default_text = "random",
               .doc = "initial state: random = fresh student directions of norm init_scale with random "
               "overlaps of size init_overlap; informed = student k on teacher k (k <= M), others "
               "as random, plus the same random perturbation", .choices = {"random", "informed"}});
  // The drift is polynomial in the overlaps (relu: infinite at 1e100), hence the caps at 1e50.
  s.push_back({.name = "init_scale", .type = ParamType::Real, .default_text = "1",
               .doc = "norm of fresh student directions (Q_kk; <= 1e50)", .min = 0, .max = 1e50,
               .min_exclusive = true});
  s.push_back({.name = "init_overlap", .type = ParamType::Real, .default_text = "1e-3",
               .doc = "size of the random initial overlaps (std dev of each weight component in the "
               "(K+M)-dim space of the overlaps; <= 1e50)",
               .min = 0, .max = 1e50});
  s.push_back({.name = "seed", .type = ParamType::Int, .default_text = "0",
               .doc = "seed of the random initial state and simulations", .min = 0,
               .max = 2147483647});
  return s;
}

Config make_config(const ParamValues& pv) {
  Config c;
  c.activation = pv.get_choice<Activation>(
      "activation", {{"erf", Activation::Erf}, {"relu", Activation::Relu}, {"linear", Activation::Linear}});
  c.K = pv.get_int("K");
  c.M = pv.get_int("M");
  c.lr = pv.get_real("lr");
  c.lr2 = pv.is_set("lr2") ? pv.get_real("lr2") : c.lr;
  c.train_v = pv.get_bool("train_second_layer");
  c.gradient_flow = pv.get_text("dynamics") == "gradient-flow";
  c.noise = pv.get_real("noise");
  c.wd = pv.get_real("weight_decay");
  c.init = pv.get_choice<Init>("init", {{"random", Init::Random}, {"informed", Init::Informed}});
  c.init_scale = pv.get_real("init_scale");
  c.init_overlap = pv.get_real("init_overlap");
  c.seed = static_cast<std::uint64_t>(pv.get_int("seed"));
  c.vstar = Eigen::VectorXd::Ones(c.M);
  if (pv.is_set("teacher_second_layer")) {
    const auto vs = pv.get_list("teacher_second_layer");
    if (vs.size() == 1) {
      c.vstar.setConstant(vs[0]);
    } else if (static_cast<int>(vs.size()) == c.M) {
      for (int m = 0; m < c.M; ++m) c.vstar[m] = vs[m];
    } else {
      throw std::invalid_argument("parameter 'teacher_second_layer' = '" +
                                  pv.get_text("teacher_second_layer") + "': has " +
                                  std::to_string(vs.size()) + " values; must have 1 or M = " +
                                  std::to_string(c.M));
    }
  }
  c.T = Eigen::MatrixXd::Identity(c.M, c.M);
  if (pv.is_set("teacher_overlap")) {
    const auto t = pv.get_list("teacher_overlap");
    const std::string what = "parameter 'teacher_overlap' = '" + pv.get_text("teacher_overlap") + "'";
    if (static_cast<int>(t.size()) != c.M * c.M)
      throw std::invalid_argument(what + ": has " + std::to_string(t.size()) +
                                  " values; must have M*M = " + std::to_string(c.M * c.M));
    for (int m = 0; m < c.M; ++m)
      for (int l = 0; l < c.M; ++l) c.T(m, l) = t[m * c.M + l];
    if ((c.T - c.T.transpose()).cwiseAbs().maxCoeff() > 1e-12)
      throw std::invalid_argument(what + ": must be symmetric");
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(c.T, Eigen::EigenvaluesOnly);
    if (es.eigenvalues().minCoeff() <= 1e-12)
      throw std::invalid_argument(what + ": must be positive definite (smallest eigenvalue " +
                                  format_real(es.eigenvalues().minCoeff()) + ")");
  }
  return c;
}

CommitteeBase::CommitteeBase(const ParamValues& pv, Config c, double (*g)(double),
                             double (*dg)(double))
    : ModelBase("committee", pv), c_(std::move(c)), g_(g), dg_(dg) {
  layout_.add_symmetric("Q", c_.K).add_matrix("R", c_.K, c_.M);
  if (c_.train_v) layout_.add_vector("v", c_.K);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(c_.T);
  const Eigen::VectorXd s = es.eigenvalues().cwiseSqrt();
  const Eigen::MatrixXd Tsqrt = es.eigenvectors() * s.asDiagonal() * es.eigenvectors().transpose();
  Tinvsqrt_ = es.eigenvectors() * s.cwiseInverse().asDiagonal() * es.eigenvectors().transpose();
  Wt_ = Eigen::MatrixXd::Zero(c_.M, c_.K + c_.M);
  Wt_.leftCols(c_.M) = Tsqrt;
  // Symmetries of the teacher: permutations q with T[q_n, q_m] = T[n, m] and v*[q_n] = v*[n]
  // (enumerated up to M = 8; beyond that only the identity is used).
  std::vector<int> q(c_.M);
  std::iota(q.begin(), q.end(), 0);
  teacher_perms_.push_back(q);
  if (c_.M <= 8) {
    while (std::next_permutation(q.begin(), q.end())) {
      bool ok = true;
      for (int n = 0; n < c_.M && ok; ++n) {
        ok = c_.vstar[q[n]] == c_.vstar[n];
        for (int m = 0; m < c_.M && ok; ++m) ok = c_.T(q[n], q[m]) == c_.T(n, m);
      }
      if (ok) teacher_perms_.push_back(q);
    }
  }
  // Every permutation of the teacher units is a symmetry iff T = a I + b 11^T and v* is constant.
  teacher_fully_symmetric_ = true;
  for (int n = 0; n < c_.M && teacher_fully_symmetric_; ++n) {
    teacher_fully_symmetric_ = c_.vstar[n] == c_.vstar[0] && c_.T(n, n) == c_.T(0, 0);
    for (int m = 0; m < c_.M && teacher_fully_symmetric_; ++m)
      if (m != n) teacher_fully_symmetric_ = c_.T(n, m) == c_.T(c_.M > 1 ? 1 : 0, 0);
  }
}

Eigen::MatrixXd CommitteeBase::Q(const Vec& x) const {
  return gram::unpack_symmetric(layout_.block("Q"), x);
}
Eigen::MatrixXd CommitteeBase::R(const Vec& x) const {
  const Block& b = layout_.block("R");
  return mat_view(b, x.data());
}
Eigen::VectorXd CommitteeBase::v(const Vec& x) const {
  if (!c_.train_v) return Eigen::VectorXd::Ones(c_.K);
  return vec_view(layout_.block("v"), x.data());
}

Vec CommitteeBase::pack(const Eigen::MatrixXd& Qm, const Eigen::MatrixXd& Rm,
                        const Eigen::VectorXd& vv) const {
  Vec x(layout_.size());
  gram::pack_symmetric(layout_.block("Q"), Qm, x);
  mat_view(layout_.block("R"), x.data()) = Rm;
  if (c_.train_v) vec_view(layout_.block("v"), x.data()) = vv;
  return x;
}

bool CommitteeBase::weights(const Vec& x, Eigen::MatrixXd& W) const {
  const Eigen::MatrixXd Qm = Q(x), Rm = R(x);
  const Eigen::MatrixXd A = Rm * Tinvsqrt_;  // component in the teacher span
  const Eigen::MatrixXd S = Qm - A * A.transpose();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(S);
  const double scale = std::max(1.0, Qm.cwiseAbs().maxCoeff());
  if (!std::isfinite(es.eigenvalues().minCoeff()) || es.eigenvalues().minCoeff() < -1e-9 * scale)
    return false;
  const Eigen::VectorXd s = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  W.resize(c_.K, c_.K + c_.M);
  W.leftCols(c_.M) = A;
  W.rightCols(c_.K) = es.eigenvectors() * s.asDiagonal() * es.eigenvectors().transpose();
  return true;
}

bool CommitteeBase::realisable(const Vec& x, std::string* why, double tol) const {
  if (x.size() != layout_.size()) {
    if (why)
      *why = "state has " + std::to_string(x.size()) + " coordinates, expected " +
             std::to_string(layout_.size());
    return false;
  }
  if (!x.allFinite()) {
    if (why) *why = "state has non-finite coordinates";
    return false;
  }
  const double lmin = gram::min_eigenvalue(Q(x), R(x), c_.T);
  const double scale = std::max(1.0, Q(x).cwiseAbs().maxCoeff());
  if (lmin < -tol * scale) {
    if (why)
      *why = "overlap matrix [[Q, R], [R^T, T]] is not positive semi-definite (smallest "
             "eigenvalue " +
             format_real(lmin) + ")";
    return false;
  }
  return true;
}

namespace {
Eigen::MatrixXd gaussian(int r, int c, std::mt19937_64& rng, double sd = 1.0) {
  std::normal_distribution<double> N(0.0, sd);
  Eigen::MatrixXd G(r, c);
  for (int i = 0; i < r; ++i)
    for (int j = 0; j < c; ++j) G(i, j) = N(rng);
  return G;
}
}  // namespace

Vec CommitteeBase::initial_state() const {
  const int K = c_.K, M = c_.M;
  std::mt19937_64 rng(c_.seed);
  // Fresh directions: the K coordinates orthogonal to the teacher span.
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(K, K + M);
  Eigen::VectorXd vv = Eigen::VectorXd::Ones(K);
  for (int k = 0; k < K; ++k) W(k, M + k) = c_.init_scale;
  if (c_.init == Init::Informed) {
    for (int k = 0; k < std::min(K, M); ++k) {
      W.row(k) = Wt_.row(k);
      vv[k] = c_.vstar[k];
    }
  }
  W += gaussian(K, K + M, rng, c_.init_overlap);
  return pack(W * W.transpose(), W * Wt_.transpose(), vv);
}

Vec CommitteeBase::random_state(std::mt19937_64& rng) const {
  const int K = c_.K, M = c_.M;
  Eigen::MatrixXd W = gaussian(K, K + M, rng, 1.0 / std::sqrt(double(K + M)));
  std::uniform_real_distribution<double> U(0.2, 1.5);
  for (int k = 0; k < K; ++k) W.row(k) *= U(rng);
  Eigen::VectorXd vv = Eigen::VectorXd::Ones(K);
  std::uniform_real_distribution<double> V(0.0, 2.0);
  if (c_.train_v)
    for (int k = 0; k < K; ++k) vv[k] = V(rng);
  return pack(W * W.transpose(), W * Wt_.transpose(), vv);
}

std::vector<NamedPoint> CommitteeBase::special_points() const {
  const int K = c_.K, M = c_.M;
  std::vector<NamedPoint> pts;
  // Saad-Solla symmetric phase: all students equal, w_k = S sum_n w*_n, with the small-lr values
  // Q_ik = 1/(2K-1), R_in = 1/sqrt(K(2K-1)) for erf, K = M, T = I (Saad & Solla 1995;
  // docs/committee.md, "Special points").
  const double qs = 1.0 / (2.0 * K - 1.0), rs = 1.0 / std::sqrt(K * (2.0 * K - 1.0));
  pts.push_back({"symmetric", pack(Eigen::MatrixXd::Constant(K, K, qs),
                                   Eigen::MatrixXd::Constant(K, M, rs), Eigen::VectorXd::Ones(K)),
                 "symmetric plateau ansatz (exact small-lr values for erf, K = M, T = I)"});
  if (K >= M) {
    Eigen::MatrixXd W = Eigen::MatrixXd::Zero(K, K + M);
    Eigen::VectorXd vv = Eigen::VectorXd::Zero(K);
    for (int k = 0; k < M; ++k) {
      W.row(k) = Wt_.row(k);
      vv[k] = c_.vstar[k];
    }
    if (!c_.train_v) vv.setOnes();
    if (c_.train_v || (K == M && c_.vstar.isOnes()))
      pts.push_back({"perfect", pack(W * W.transpose(), W * Wt_.transpose(), vv),
                     "perfect learning: student k = teacher k, extra units zero"});
  }
  return pts;
}

std::vector<NamedPoint> CommitteeBase::structured_starts() const {
  // Weight configurations of the landscape analyses (Safran & Shamir 2018; Huang, Loureiro &
  // Sarao Mannelli 2026): students on teachers, k1 students anti-aligned with distinct teachers
  // (the k1 families), pairs of students splitting one teacher, and dead (near-zero) students.
  // Each gets a small deterministic perturbation (1e-3) so that searches leave exact symmetries.
  const int K = c_.K, M = c_.M, n = K + M;
  std::vector<NamedPoint> pts = special_points();
  std::mt19937_64 rng(12345);
  auto add = [&](const std::string& name, Eigen::MatrixXd W, Eigen::VectorXd vv,
                 const std::string& doc) {
    W += gaussian(K, n, rng, 1e-3);
    pts.push_back({name, pack(W * W.transpose(), W * Wt_.transpose(), vv), doc});
  };
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(K);
  auto aligned = [&] {
    Eigen::MatrixXd W = Eigen::MatrixXd::Zero(K, n);
    for (int k = 0; k < std::min(K, M); ++k) W.row(k) = Wt_.row(k);
    for (int k = M; k < K; ++k) W(k, k) = 0.5;  // extra students: fresh directions, norm 1/2
    return W;
  };
  for (int k1 = 1; k1 <= std::min(K, M); ++k1) {
    Eigen::MatrixXd W = aligned();
    for (int k = 0; k < k1; ++k) W.row(k) = -0.5 * Wt_.row(k);
    add("anti-" + std::to_string(k1), W, ones,
        std::to_string(k1) + " students anti-aligned with distinct teachers, the rest aligned");
  }
  for (int k = M; k < K; ++k) {
    Eigen::MatrixXd W = aligned();
    W.row(k) = 0.5 * Wt_.row(k % M);
    W.row(k % M) *= 0.5;
    add("split-" + std::to_string(k + 1), W, ones,
        "students " + std::to_string(k % M + 1) + " and " + std::to_string(k + 1) +
            " each carry half of teacher " + std::to_string(k % M + 1));
  }
  {
    Eigen::MatrixXd W = aligned();
    W.row(K - 1).setZero();
    add("dead", W, ones, "the last student at (near) zero norm, the others aligned");
  }
  if (K < M) {
    Eigen::MatrixXd W = aligned();
    for (int m = K; m < M; ++m) W.row(K - 1) += Wt_.row(m);
    add("merged", W, ones, "the last student carries all uncovered teachers");
  }
  // Large cancelling students: aligned, plus 2 sigma_k s with s the unit sum of the teachers and
  // sigma = (1, -2, 1, 0, ...) (K = 2: (1, -1)), so sum_k sigma_k = 0 and the committee's output
  // is unchanged where g is linear. Added for the census at K = M = 3, lr = 0.3 (docs/committee.md):
  // from here the search reaches the saddle-1 at loss 0.0767 whose unstable manifold ends at the
  // stable large-norm point (loss 0.07665) that random starts hit about once in 1000.
  if (K >= 2) {
    Eigen::RowVectorXd s = Wt_.colwise().sum();
    if (s.norm() > 0) {
      s /= s.norm();
      Eigen::VectorXd sigma = Eigen::VectorXd::Zero(K);
      sigma[0] = 1;
      sigma[1] = K >= 3 ? -2 : -1;
      if (K >= 3) sigma[2] = 1;
      add("cancel", aligned() + 2.0 * sigma * s, ones,
          "students on teachers plus large cancelling multiples (1, -2, 1) of the teachers' sum");
    }
  }
  return pts;
}

std::vector<std::string> CommitteeBase::observable_names() const {
  return {"eg", "test_error", "r_spread"};
}

Vec CommitteeBase::observables(const Vec& x) const {
  const Eigen::MatrixXd Rm = R(x);
  Vec o(3);
  o[0] = loss(x);
  o[1] = o[0] + 0.5 * c_.noise * c_.noise;
  o[2] = Rm.maxCoeff() - Rm.minCoeff();
  return o;
}

ModelHints CommitteeBase::hints() const {
  ModelHints h;
  h.default_events = {"escape: r_spread>0.5"};
  // The critical learning rate above which perfect learning loses stability (docs/committee.md,
  // "What summit found").
  for (const auto& p : special_points())
    if (p.name == "perfect") h.natural_threshold = {"lr", 0.05, 10.0, "perfect"};
  return h;
}

bool CommitteeBase::non_smooth_at(const Vec& x) const {
  // ReLU expectations contain sqrt(C_aa C_bb - C_ab^2): not differentiable where two fields are
  // collinear (or a unit is dead), i.e. where a 2x2 principal minor of C vanishes. erf and linear
  // are smooth on the whole PSD cone.
  if (c_.activation != Activation::Relu) return false;
  const int K = c_.K, n = K + c_.M;
  Eigen::MatrixXd C(n, n);
  C << Q(x), R(x), R(x).transpose(), c_.T;
  for (int a = 0; a < K; ++a)
    for (int b = 0; b < n; ++b) {
      if (b == a) continue;
      const double det = C(a, a) * C(b, b) - C(a, b) * C(a, b);
      if (det <= 1e-8 * std::max(1e-300, C(a, a) * C(b, b))) return true;
    }
  return false;
}

bool CommitteeBase::non_smooth_in_weights_at(const Vec& x) const {
  // relu(w.x) is not twice differentiable in w at w = 0: a dead (zero-norm) ReLU student. Units
  // with a norm below 1% of the largest are treated as dead: the finite-difference Hessian next
  // to the kink is meaningless (we measured spurious eigenvalues ~1e2 at Q_kk = 1e-5).
  if (c_.activation != Activation::Relu) return false;
  const Eigen::MatrixXd Qm = Q(x);
  const double scale = std::max(1.0, Qm.diagonal().maxCoeff());
  for (int k = 0; k < c_.K; ++k)
    if (Qm(k, k) <= 1e-4 * scale) return true;  // norm below 1% of the largest
  return false;
}

Mat CommitteeBase::free_gauge_directions(const Vec& u) const {
  // Rotations of R^{K+M} that fix the teacher span pointwise act on the last K coordinates of
  // every student (W -> W [I 0; 0 O]); their generators A_ab (antisymmetric K x K) move W by
  // W[:, M+a] e_b - W[:, M+b] e_a. They leave every overlap unchanged.
  const int K = c_.K, M = c_.M, n = K + M;
  Mat G = Mat::Zero(u.size(), K * (K - 1) / 2);
  int col = 0;
  for (int a = 0; a < K; ++a)
    for (int b = a + 1; b < K; ++b, ++col)
      for (int k = 0; k < K; ++k) {
        G(k * n + M + b, col) += u[k * n + M + a];
        G(k * n + M + a, col) -= u[k * n + M + b];
      }
  return G;
}

bool CommitteeBase::gradient_flow_drift(const Vec& x, Vec& dx) const {
  double L;
  Vec g;
  loss_gradient(x, L, g);
  const Eigen::MatrixXd Gs = gram::symmetric_gradient(layout_.block("Q"), g);
  const Eigen::MatrixXd S = mat_view(layout_.block("R"), g.data());
  Eigen::MatrixXd dQ, dR;
  gram::flow(Q(x), R(x), c_.T, Gs, S, dQ, dR);
  // The online-SGD flow at learning rate lr: dw/dt = -lr N dL/dw (lib/gram.hpp).
  Eigen::VectorXd dv = Eigen::VectorXd::Zero(c_.K);
  if (c_.train_v) dv = -c_.lr2 * vec_view(layout_.block("v"), g.data());
  dx = pack(c_.lr * dQ, c_.lr * dR, dv);
  return true;
}

int CommitteeBase::free_dim() const { return c_.K * (c_.K + c_.M) + (c_.train_v ? c_.K : 0); }

// The free coordinates u = [W row by row (K x (K+M)), v (if trained)].
Vec CommitteeBase::to_free(const Vec& x) const {
  Eigen::MatrixXd W;
  if (!weights(x, W)) throw std::invalid_argument("to_free: state is not realisable");
  Vec u(free_dim());
  Eigen::Map<RowMajorMatrix<double>>(u.data(), c_.K, c_.K + c_.M) = W;
  if (c_.train_v) u.tail(c_.K) = v(x);
  return u;
}

Vec CommitteeBase::from_free(const Vec& u) const {
  const Eigen::MatrixXd W = Eigen::Map<const RowMajorMatrix<double>>(u.data(), c_.K, c_.K + c_.M);
  const Eigen::VectorXd vv = c_.train_v ? Eigen::VectorXd(u.tail(c_.K)) : Eigen::VectorXd::Ones(c_.K);
  return pack(W * W.transpose(), W * Wt_.transpose(), vv);
}

double CommitteeBase::free_loss_gradient(const Vec& u, Vec* grad) const {
  const Vec x = from_free(u);
  if (!grad) return loss(x);
  double L;
  Vec g;
  loss_gradient(x, L, g);
  const int n = c_.K + c_.M;
  const Eigen::Map<const RowMajorMatrix<double>> W(u.data(), c_.K, n);
  // dL/dW = Gs W + S Wt (lib/gram.hpp)
  const Eigen::MatrixXd Gs = gram::symmetric_gradient(layout_.block("Q"), g);
  const Eigen::MatrixXd S = mat_view(layout_.block("R"), g.data());
  grad->resize(u.size());
  Eigen::Map<RowMajorMatrix<double>>(grad->data(), c_.K, n) = Gs * W + S * Wt_;
  if (c_.train_v) grad->tail(c_.K) = vec_view(layout_.block("v"), g.data());
  return L;
}

void register_model(Registry& registry) {
  registry.add(
      {.name = "committee",
       .summary = "two-layer teacher-student network (soft committee machine), online SGD ODEs",
       .doc =
           "Saad & Solla (1995) / Goldt et al. (2019) order-parameter ODEs of one-pass SGD for\n"
           "phi(x) = sum_k v_k g(w_k.x/sqrt N) learning phi*(x) = sum_m v*_m g(w*_m.x/sqrt N) + noise.\n"
           "State: Q[i,k] = w_i.w_k/N (stored once), R[i,m] = w_i.w*_m/N, v[k] if the second layer is\n"
           "trained. Time: alpha = SGD steps / N. Loss: eps_g = 1/2 E[(phi - phi*)^2], label noise\n"
           "excluded (observable test_error adds noise^2/2). Observables: eg, test_error, r_spread =\n"
           "max R - min R (0 on the symmetric plateau). Special points: symmetric, perfect.\n"
           "See docs/committee.md.",
       .params = param_specs(),
       .make = [](const ParamValues& pv) -> std::unique_ptr<Model> {
         Config c = make_config(pv);
         if (c.activation == Activation::Erf) return make_erf(pv, std::move(c));
         if (c.activation == Activation::Relu) return make_relu(pv, std::move(c));
         return make_linear(pv, std::move(c));
       }});
}

}  // namespace summit::committee
