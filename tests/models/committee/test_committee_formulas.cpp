// The committee model against independent facts: nn2pp's reference generalisation errors, the
// linear-activation ODE written out by hand, the chain-rule (derived) gradient flow, exact
// derivatives vs finite differences, and closed-form fixed points (docs/committee.md, "Special
// points" and "What summit found").
#include "tests/support.hpp"
#include "lib/gram.hpp"
#include "models/committee/committee_impl.hpp"
#include "solvers/integrate.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <numbers>

using namespace summit;
using summit::test::make;

namespace {
const committee::CommitteeBase& base(const Model& m) {
  return dynamic_cast<const committee::CommitteeBase&>(m);
}

// The state of weights w (K x N), teacher B (M x N), second layer v: Q = w w^T/N, R = w B^T/N.
Vec state_of(const Model& m, const Mat& w, const Mat& B, const Vec& v) {
  const double N = double(w.cols());
  return base(m).pack(w * w.transpose() / N, w * B.transpose() / N, v);
}

std::string list_text(const Mat& A) {
  std::string s;
  for (int i = 0; i < A.rows(); ++i)
    for (int j = 0; j < A.cols(); ++j) s += (s.empty() ? "" : ",") + format_real(A(i, j));
  return s;
}

// Weights of the eg_erf_both / eg_lin_both unit tests of nn2pp (Goldt et al.'s public code).
Mat nn2pp_B() {
  Mat B(2, 5);
  B << -0.878181, -0.675171, 0.200794, -0.385201, -1.47387, -0.0760653, -0.450636, 0.887182,
      0.376101, -0.0873384;
  return B;
}
Mat nn2pp_w() {
  Mat w(3, 5);
  w << 1.04404, 0.583583, 1.43897, 0.963895, 0.795075, -0.864295, -0.911849, 2.02883, 0.783554,
      -1.01488, -0.451547, -0.772216, 0.780296, 0.799456, -0.0126815;
  return w;
}
}  // namespace

TEST_CASE("committee: generalisation error reproduces nn2pp's reference values") {
  // nn2pp's tests assert these to 1e-4 (reference values computed there with Python /
  // Mathematica).
  SUBCASE("eg_erf_scm: N=10, K=3, M=2, v = v* = 1") {
    Mat w(3, 10), B(2, 10);
    w << 0.34998185, -0.51730095, -1.27672365, 0.15857457, 0.80636752, -1.30266436, 1.04553608,
        -1.40581276, -0.40119664, 0.31838932, 0.25096269, -0.70390653, -1.60709434, -1.4129378,
        0.29695629, -0.22066656, -0.06572677, -0.59777609, -0.83076419, -0.17760066, 1.35757829,
        -0.90800698, -1.06598149, 0.93462077, 0.38120508, -0.11103256, 0.20648807, -0.14869054,
        1.72580801, 0.59446499;
    B << -0.82269399, -0.36359333, -0.24440212, 0.49828238, 0.61007546, 0.82557495, -0.28769147,
        0.24358059, -1.31009873, -1.15591452, -0.28590803, -0.79115683, 0.40729374, 0.4940799,
        -1.17793196, 0.56464427, 1.99950537, 0.64308283, 0.31500115, 0.18630809;
    const Mat T = B * B.transpose() / 10.0;
    auto m = make("committee", {{"K", "3"}, {"M", "2"}, {"teacher_overlap", list_text(T)}});
    CHECK(m->loss(state_of(*m, w, B, Vec::Ones(3))) == doctest::Approx(1.08045).epsilon(1e-4));
  }
  for (const std::string act : {"erf", "linear"}) {
    SUBCASE(("eg_" + act + "_both: N=5, K=3, M=2, trained v").c_str()) {
      const Mat B = nn2pp_B(), w = nn2pp_w();
      const Mat T = B * B.transpose() / 5.0;
      Vec v(3);
      v << -1.3598, -0.0671005, -0.395626;
      auto m = make("committee", {{"K", "3"},
                                  {"M", "2"},
                                  {"activation", act},
                                  {"train_second_layer", "true"},
                                  {"teacher_second_layer", "0.965846,-1.40304"},
                                  {"teacher_overlap", list_text(T)}});
      const double expect = act == "erf" ? 0.0803271 : 0.287911;
      CHECK(m->loss(state_of(*m, w, B, v)) == doctest::Approx(expect).epsilon(1e-4));
    }
  }
}

TEST_CASE("committee: the linear-activation ODE equals its closed form") {
  // g(x) = x: I2 = C_ab, I3 = C_bc, I4 = C_cd, J2 = 1, so with u = Q v - R v*, s = R^T v - T v*
  //   dR_in = -wd R_in - lr v_i s_n
  //   dQ_ik = -2 wd Q_ik - lr (v_i u_k + v_k u_i) + lr^2 v_i v_k (2 eps_g + noise^2)
  //   dv_i  = -wd v_i - lr2 u_i,   eps_g = 1/2 (v^T Q v - 2 v^T R v* + v*^T T v*).
  auto m = make("committee", {{"K", "3"},
                              {"M", "2"},
                              {"activation", "linear"},
                              {"lr", "0.7"},
                              {"lr2", "0.3"},
                              {"noise", "0.4"},
                              {"weight_decay", "0.05"},
                              {"train_second_layer", "true"},
                              {"teacher_second_layer", "1.5,-0.5"},
                              {"teacher_overlap", "1,0.3,0.3,2"}});
  std::mt19937_64 rng(7);
  for (int rep = 0; rep < 5; ++rep) {
    const Vec x = m->random_state(rng);
    const auto& b = base(*m);
    const Mat Q = b.Q(x), R = b.R(x), T = b.config().T;
    const Vec v = b.v(x), vs = b.config().vstar;
    const Vec u = Q * v - R * vs, s = R.transpose() * v - T * vs;
    const double eg = 0.5 * (v.dot(Q * v) - 2 * v.dot(R * vs) + vs.dot(T * vs));
    const double lr = 0.7, lr2 = 0.3, wd = 0.05, s2 = 0.16;
    Mat dQ(3, 3), dR(3, 2);
    for (int i = 0; i < 3; ++i) {
      for (int n = 0; n < 2; ++n) dR(i, n) = -wd * R(i, n) - lr * v[i] * s[n];
      for (int k = 0; k < 3; ++k)
        dQ(i, k) = -2 * wd * Q(i, k) - lr * (v[i] * u[k] + v[k] * u[i]) +
                   lr * lr * v[i] * v[k] * (2 * eg + s2);
    }
    const Vec expect = b.pack(dQ, dR, -wd * v - lr2 * u);
    Vec dx;
    m->drift(x, dx);
    // Same arithmetic in a different order: agreement to rounding (1e-12 relative).
    CHECK(test::rel_err(dx, expect) < 1e-12);
    CHECK(m->loss(x) == doctest::Approx(eg).epsilon(1e-12));
  }
}

TEST_CASE("committee: the derived gradient flow equals the lr^1 part of the SGD ODE") {
  // The hand-written drift is exactly lr A(x) + lr^2 B(x) (noise 0, no weight decay), so
  // A = (4 drift(h) - drift(2h)) / (2h) exactly; the chain rule of lib/gram.hpp applied to the
  // Jet gradient of eps_g must give the same A (where a derived and a hand-written drift both
  // exist, a test shows they agree). Tolerance: rounding of the extraction, 1e-10 relative.
  for (const std::string act : {"erf", "relu", "linear"})
    for (const std::string train : {"false", "true"}) {
      CAPTURE(act);
      CAPTURE(train);
      std::map<std::string, std::string> p{{"K", "3"},
                                           {"M", "2"},
                                           {"activation", act},
                                           {"train_second_layer", train},
                                           {"teacher_second_layer", "1.2,0.7"},
                                           {"teacher_overlap", "1,0.2,0.2,0.8"}};
      const double h = 0.25;
      p["lr"] = format_real(h);
      p["lr2"] = format_real(h);
      auto m1 = make("committee", p);
      p["lr"] = format_real(2 * h);
      p["lr2"] = format_real(2 * h);
      auto m2 = make("committee", p);
      std::mt19937_64 rng(11);
      for (int rep = 0; rep < 4; ++rep) {
        const Vec x = m1->random_state(rng);
        Vec d1, d2, g;
        m1->drift(x, d1);
        m2->drift(x, d2);
        Vec lin = (4 * d1 - d2) / 2;  // = h A: the drift of m1 without its lr^2 term
        if (train == "true") {
          // dv is linear in lr2 with no lr^2 term: the extraction keeps it unchanged.
          const Block& vb = m1->layout().block("v");
          lin.segment(vb.offset, vb.size()) = d1.segment(vb.offset, vb.size());
        }
        REQUIRE(m1->gradient_flow_drift(x, g));
        CHECK(test::rel_err(g, lin) < 1e-10);
      }
    }
}

TEST_CASE("committee: exact derivatives agree with finite differences") {
  // Central differences with h = 1e-5: truncation O(h^2 f''') ~ 1e-10 and rounding
  // O(eps f / h) ~ 1e-11, so 1e-7 relative is a safe bound for these smooth functions.
  for (const std::string act : {"erf", "relu", "linear"}) {
    CAPTURE(act);
    auto m = make("committee", {{"K", "2"},
                                {"M", "3"},
                                {"activation", act},
                                {"lr", "0.8"},
                                {"noise", "0.3"},
                                {"train_second_layer", "true"},
                                {"weight_decay", "0.01"}});
    std::mt19937_64 rng(3);
    const Vec x = m->random_state(rng);
    Vec dx, g;
    Mat J, H;
    m->drift_jacobian(x, dx, J);
    const Mat Jfd = test::fd_jacobian(
        [&](const Vec& y) {
          Vec d;
          m->drift(y, d);
          return d;
        },
        x, 1e-5);
    CHECK(test::rel_err(J, Jfd) < 1e-7);
    double L;
    m->loss_gradient(x, L, g);
    CHECK(L == doctest::Approx(m->loss(x)).epsilon(1e-14));
    const Mat gfd = test::fd_jacobian([&](const Vec& y) { return Vec::Constant(1, m->loss(y)); },
                                      x, 1e-5);
    CHECK(test::rel_err(g.transpose(), gfd) < 1e-7);
    m->loss_hessian(x, H);
    const Mat Hfd = test::fd_jacobian(
        [&](const Vec& y) {
          double l;
          Vec gg;
          m->loss_gradient(y, l, gg);
          return gg;
        },
        x, 1e-5);
    CHECK(test::rel_err(H, Hfd) < 1e-7);
    CHECK((H - H.transpose()).cwiseAbs().maxCoeff() == 0.0);
    // The weight-space gradient used by minimize: chain rule vs finite differences.
    const Vec u = m->to_free(x);
    CHECK(test::rel_err(m->from_free(u), x) < 1e-10);  // eigen-decomposition round trip
    Vec gu;
    m->free_loss_gradient(u, &gu);
    const Mat gufd = test::fd_jacobian(
        [&](const Vec& y) { return Vec::Constant(1, m->free_loss_gradient(y, nullptr)); }, u, 1e-5);
    CHECK(test::rel_err(gu.transpose(), gufd) < 1e-7);
  }
}

TEST_CASE("committee: Saad-Solla symmetric point and its plateau error") {
  // Small-lr symmetric fixed point for erf, K = M, T = I: Q_ik = 1/(2K-1), R_in = 1/sqrt(K(2K-1)),
  // eps_sym = (K/pi) [pi/6 - K asin(1/(2K))]. Gradient flow vanishes there exactly (rounding).
  for (int K = 2; K <= 5; ++K) {
    CAPTURE(K);
    auto m = make("committee", {{"K", std::to_string(K)}, {"M", std::to_string(K)}});
    const Vec x = m->special_points().front().x;
    Vec g;
    m->gradient_flow_drift(x, g);
    CHECK(g.lpNorm<Eigen::Infinity>() < 1e-14);
    const double eps = K / std::numbers::pi * (std::numbers::pi / 6 - K * std::asin(0.5 / K));
    CHECK(m->loss(x) == doctest::Approx(eps).epsilon(1e-13));
  }
  // The tabulated K = 2 value (6 digits; docs/committee.md, "Special points").
  auto m2 = make("committee");
  CHECK(m2->loss(m2->special_points().front().x) == doctest::Approx(0.0116108).epsilon(1e-5));
}

TEST_CASE("committee: perfect learning is a fixed point for every lr at zero noise") {
  for (const std::string act : {"erf", "relu", "linear"})
    for (const std::string lr : {"0.1", "1", "3"}) {
      auto m = make("committee", {{"K", "3"}, {"M", "3"}, {"activation", act}, {"lr", lr}});
      Vec x;
      for (const auto& p : m->special_points())
        if (p.name == "perfect") x = p.x;
      REQUIRE(x.size() == m->dim());
      Vec dx;
      m->drift(x, dx);
      CHECK(dx.lpNorm<Eigen::Infinity>() < 1e-12);  // exact zero up to rounding
      CHECK(std::abs(m->loss(x)) < 1e-14);
    }
}

TEST_CASE("committee: small-lr spectrum at perfect learning, K = M = 1") {
  // The Jacobian is lr A + lr^2 B exactly; extract A. Its eigenvalues for K = M = 1 are
  // identified numerically as -2/(3 sqrt(3) pi) (slowest; our computation, not from a paper,
  // docs/committee.md, "What summit found"); we check the slowest against it to 1e-9 (rounding
  // of the extraction).
  auto jac = [](double lr) {
    auto m = make("committee", {{"K", "1"}, {"M", "1"}, {"lr", format_real(lr)}});
    Vec dx;
    Mat J;
    m->drift_jacobian(m->special_points().back().x, dx, J);
    return J;
  };
  const double h = 0.01;
  const Mat A = (4 * jac(h) - jac(2 * h)) / (2 * h);
  Eigen::EigenSolver<Mat> es(A);
  double slowest = -INFINITY;
  for (int i = 0; i < es.eigenvalues().size(); ++i) {
    CHECK(std::abs(es.eigenvalues()[i].imag()) < 1e-12);  // gradient flow: real spectrum
    slowest = std::max(slowest, es.eigenvalues()[i].real());
  }
  CHECK(slowest == doctest::Approx(-2.0 / (3.0 * std::sqrt(3.0) * std::numbers::pi)).epsilon(1e-9));
}

TEST_CASE("committee: bad parameters give clear errors") {
  CHECK_THROWS_WITH_AS(make("committee", {{"teacher_second_layer", "1,2,3"}}),
                       doctest::Contains("has 3 values; must have 1 or M = 2"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make("committee", {{"teacher_overlap", "1,2,2,1"}}),
                       doctest::Contains("must be positive definite"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(make("committee", {{"teacher_overlap", "1,0.1,0.2,1"}}),
                       doctest::Contains("must be symmetric"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(make("committee", {{"activation", "tanh"}}),
                       doctest::Contains("must be one of erf|relu|linear"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(make("committee", {{"lr", "-1"}}), doctest::Contains("must be a real > 0"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make("nope"), doctest::Contains("unknown model 'nope'; known models:"),
                       std::invalid_argument);
  auto m = make("committee");
  Vec x = m->initial_state();
  x[m->layout().index_of("R[1,1]")] = 2.0;  // |R| > sqrt(Q T): not a Gram matrix
  std::string why;
  CHECK_FALSE(m->realisable(x, &why));
  CHECK(why.find("not positive semi-definite") != std::string::npos);
}

TEST_CASE("committee: initial states are realisable and follow init / seed") {
  for (const std::string init : {"random", "informed"}) {
    auto m = make("committee", {{"K", "4"}, {"M", "2"}, {"init", init}, {"seed", "5"},
                                {"train_second_layer", "true"}});
    const Vec x = m->initial_state();
    CHECK(m->realisable(x, nullptr));
    auto m2 = make("committee", {{"K", "4"}, {"M", "2"}, {"init", init}, {"seed", "6"},
                                 {"train_second_layer", "true"}});
    CHECK((m2->initial_state() - x).norm() > 0);  // the seed matters
    const auto& b = base(*m);
    if (init == "informed") {
      // student 1 on teacher 1 up to the 1e-3 perturbation: R[1,1] = 1 +- a few 1e-3
      CHECK(std::abs(b.R(x)(0, 0) - 1.0) < 1e-2);
    } else {
      CHECK(b.R(x).cwiseAbs().maxCoeff() < 1e-2);
      CHECK(std::abs(b.Q(x)(0, 0) - 1.0) < 1e-2);
    }
  }
}

TEST_CASE("committee: the critical learning rate separates convergence from stalling") {
  // Dynamics check of the threshold found from the Jacobian: K = M = 2 erf,
  // eta_c = 2.30683 (docs/committee.md). From an informed start, 5% below eta_c the error decays
  // to perfect learning (rate |lambda_max| ~ 0.008 at lr = 2.19: e^{-0.008*4000} ~ 1e-14 of the
  // start), 5% above it stalls at a stationary state with eg > 1e-4 (lambda_max > 0 there).
  const double eta_c = 2.3068277;
  for (const double f : {0.95, 1.05}) {
    auto m = test::make("committee", {{"lr", format_real(f * eta_c)}, {"init", "informed"},
                                      {"init_overlap", "0.01"}});
    IntegrateOptions io;
    io.times = {0.0, 4000.0};
    const Trajectory tr = integrate(*m, m->initial_state(), io);
    REQUIRE(tr.status == Status::Ok);
    const double eg = m->loss(tr.x.back());
    CAPTURE(f);
    if (f < 1) CHECK(eg < 1e-10);
    else CHECK(eg > 1e-4);
  }
}
