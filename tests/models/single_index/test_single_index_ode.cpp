// single-index: the drift and loss of the model against independent computations:
//  * the exact closed forms (linear, h2, h3; unconstrained linear) derived in
//    docs/single_index.md, "Derivation of the drift",
//  * the Hermite/Mehler form of R(m) and R'(m) (1-D coefficient quadrature, a different route
//    from the model's 2-D polar quadrature), which checks the DERIVED identity
//    -E[g z*] + m E[g s] = -(1 - m^2) R'(m) (same section),
//  * Monte-Carlo estimates of V(m) = E[g^2] with their CLT error bars,
//  * the projection identity spherical = dm - (m/2) dQ at Q = 1,
//  * Jacobians (Jets, including the boundary m = 1) against closed-form derivatives and finite
//    differences, and the closed-form learning-rate thresholds located from them,
//  * the information exponent of menu pairs against their known Hermite coefficients.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "lib/gauss/hermite.hpp"
#include "lib/gauss/monte_carlo.hpp"
#include "models/single_index/single_index.hpp"

#include <cmath>
#include <numbers>

using namespace summit;

namespace {

std::unique_ptr<Model> si(const std::string& target, const std::string& act, double lr,
                          double noise = 0, const std::string& dyn = "spherical") {
  return test::make("single-index", {{"target", target},
                                     {"activation", act},
                                     {"lr", format_real(lr)},
                                     {"noise", format_real(noise)},
                                     {"dynamics", dyn}});
}
double drift1(const Model& m, double x) {
  Vec dx;
  m.drift(Vec::Constant(1, x), dx);
  return dx[0];
}
double obs(const Model& m, const Vec& x, const std::string& name) {
  const auto names = m.observable_names();
  const auto it = std::find(names.begin(), names.end(), name);
  REQUIRE(it != names.end());
  return m.observables(x)[it - names.begin()];
}

}  // namespace

TEST_CASE("single-index: closed-form drifts of linear, h2 and h3 pairs") {
  for (double lr : {0.3, 1.0, 3.0}) {
    for (double noise : {0.0, 0.5}) {
      auto m = si("linear", "linear", lr, noise);
      for (double x : {-0.9, -0.2, 0.0, 0.4, 0.8, 1.0}) {
        const Vec v = Vec::Constant(1, x);
        // dm/dt = lr(1 - m^2) - lr^2/2 m (2(1 - m) + Delta), R = 1 - m + Delta/2, V = 2(1-m) + Delta
        const double V = 2 * (1 - x) + noise;
        CHECK(drift1(*m, x) == doctest::Approx(lr * (1 - x * x) - 0.5 * lr * lr * x * V).epsilon(1e-13));
        CHECK(m->loss(v) == doctest::Approx(1 - x + noise / 2).epsilon(1e-13));
        CHECK(obs(*m, v, "V") == doctest::Approx(V).epsilon(1e-13));
      }
    }
    // h2/h2: V = 12(1 - m^2), dm/dt = 2 lr (1 - 3 lr) m (1 - m^2), R = 1 - m^2
    auto h2 = si("h2", "same", lr);
    for (double x : {-0.6, 0.1, 0.5, 0.95}) {
      const Vec v = Vec::Constant(1, x);
      CHECK(drift1(*h2, x) == doctest::Approx(2 * lr * (1 - 3 * lr) * x * (1 - x * x)).epsilon(1e-12));
      CHECK(obs(*h2, v, "V") == doctest::Approx(12 * (1 - x * x)).epsilon(1e-12));
      CHECK(h2->loss(v) == doctest::Approx(1 - x * x).epsilon(1e-12));
    }
  }
  // h3/h3: V = 96 + 36 m^2 - 186 m^3 + 54 m^4, R = 1 - m^3 (V(1) = 0)
  auto h3 = si("h3", "same", 0.05);
  for (double x : {-0.7, 0.0, 0.3, 1.0}) {
    const Vec v = Vec::Constant(1, x);
    const double V = 96 + 36 * x * x - 186 * x * x * x + 54 * std::pow(x, 4);
    CHECK(obs(*h3, v, "V") == doctest::Approx(V).epsilon(1e-12));
    CHECK(h3->loss(v) == doctest::Approx(1 - x * x * x).epsilon(1e-12));
    CHECK(drift1(*h3, x) ==
          doctest::Approx(3 * 0.05 * x * x * (1 - x * x) - 0.5 * 0.05 * 0.05 * x * V).epsilon(1e-12));
  }
  // linear, eta > 2: the stable fixed point m* = 1/(eta - 1) (eta = 3: 1/2)
  CHECK(std::abs(drift1(*si("linear", "linear", 3.0), 0.5)) < 1e-14);
  // unconstrained linear: dm/dt = lr (1 - m), dQ/dt = 2 lr (m - Q) + lr^2 (1 - 2m + Q + Delta)
  auto un = si("linear", "linear", 0.7, 0.4, "unconstrained");
  for (auto [x, Q] : {std::pair{0.2, 1.0}, {0.5, 0.3}, {-0.9, 2.5}}) {
    Vec st(2), dx;
    st << x, Q;
    un->drift(st, dx);
    CHECK(dx[0] == doctest::Approx(0.7 * (1 - x)).epsilon(1e-13));
    CHECK(dx[1] == doctest::Approx(2 * 0.7 * (x - Q) + 0.49 * (1 - 2 * x + Q + 0.4)).epsilon(1e-13));
  }
  // its fixed point Q* = 1 + eta Delta/(2 - eta) at m = 1
  Vec st(2), dx;
  st << 1.0, 1 + 0.7 * 0.4 / (2 - 0.7);
  un->drift(st, dx);
  CHECK(dx.cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("single-index: drift = -lr (1 - m^2) R'(m) - lr^2/2 m V with R' from Hermite coefficients") {
  // R(m) = 1/2 E f*^2 + 1/2 E sigma^2 - sum c*_k c_k m^k + Delta/2 (Hermite form) from 1-D
  // coefficients (150 terms; the tails of R' at |m| <= 0.9 are < 1e-9 for the kinked links),
  // against the model's 2-D quadrature of the loss and of the drift's first term.
  struct Pair {
    const char *t, *s;
  };
  for (Pair p : {Pair{"relu", "relu"}, Pair{"tanh", "relu"}, Pair{"erf", "tanh"}, Pair{"h3", "relu"},
                 Pair{"sign", "tanh"}, Pair{"relu", "erf"}}) {
    INFO(std::string(p.t) << " / " << p.s);
    const double lr = 0.3, noise = 0.2;
    auto m = si(p.t, p.s, lr, noise);
    const auto lt = single_index::parse_link(p.t, {}, "target");
    const auto ls = single_index::parse_link(p.s, {}, "activation");
    const auto a = lt.hermite(150), b = ls.hermite(150);
    // 1/2 E f*^2 + 1/2 E sigma^2 directly (the Parseval sum converges only like K^{-3/2} for ReLU)
    gauss::HermiteOptions o;
    o.breakpoints = {0.0};
    const double norm =
        0.5 * gauss::normal_expectation([&](double z) { return lt.f(z) * lt.f(z) + ls.f(z) * ls.f(z); }, o).value;
    for (double x : {-0.8, -0.3, 0.0, 0.45, 0.9}) {
      const Vec v = Vec::Constant(1, x);
      double R = norm + noise / 2, dR = 0, pk = 1, pkm1 = 0;  // pk = x^k, pkm1 = x^{k-1}
      for (int k = 0; k <= 150; ++k) {
        R -= a[k] * b[k] * pk;
        if (k >= 1) dR -= k * a[k] * b[k] * pkm1;
        pkm1 = pk;
        pk *= x;
      }
      CHECK(m->loss(v) == doctest::Approx(R).epsilon(1e-8));
      const double V = obs(*m, v, "V");
      CHECK(drift1(*m, x) == doctest::Approx(-lr * (1 - x * x) * dR - 0.5 * lr * lr * x * V).epsilon(1e-8));
      // the Jet gradient of the loss is R'(m) too
      double L;
      Vec g;
      m->loss_gradient(v, L, g);
      INFO("x = " << x << ": Jet R' " << g[0] << ", Hermite R' " << dR << ", diff " << g[0] - dR);
      CHECK(g[0] == doctest::Approx(dR).epsilon(1e-8));
    }
  }
}

TEST_CASE("single-index: V(m) = E[g^2] against Monte Carlo (CLT error bars)") {
  // 2-D Monte Carlo of E[((sigma(s) - f*(z*))^2 + Delta) sigma'(s)^2]; 4e5 samples, |diff| <= z SE with z
  // the normal quantile of tests/statistics.hpp (5.33).
  for (auto [t, s] : {std::pair{"h2", "relu"}, {"relu", "tanh"}, {"sign", "erf"}}) {
    const double noise = 3.0, x = 0.1;
    auto m = si(t, s, 0.2, noise);
    const auto lt = single_index::parse_link(t, {}, "target");
    const auto ls = single_index::parse_link(s, {}, "activation");
    Eigen::Matrix2d C;
    C << 1, x, x, 1;
    const auto mc = gauss::monte_carlo(
        C,
        [&](const Eigen::VectorXd& u) {
          const double e = ls.f(u[1]) - lt.f(u[0]), d = ls.df(u[1]);
          return (e * e + noise) * d * d;
        },
        400000, 7);
    const double V = obs(*m, Vec::Constant(1, x), "V");
    INFO(t << "/" << s << ": V = " << V << ", MC " << mc.mean << " +- " << mc.std_error);
    CHECK(test::within_error_bar(mc.mean, V, mc.std_error, test::normal_error_bar()));  // 4e5 samples
  }
}

TEST_CASE("single-index: spherical drift = projected unconstrained drift at Q = 1") {
  for (auto [t, s] : {std::pair{"relu", "relu"}, {"h3", "tanh"}, {"linear", "erf"}}) {
    auto sp = si(t, s, 0.4, 0.3);
    auto un = si(t, s, 0.4, 0.3, "unconstrained");
    for (double x : {-0.5, 0.2, 0.7}) {
      Vec st(2), dx;
      st << x, 1.0;
      un->drift(st, dx);
      CHECK(drift1(*sp, x) == doctest::Approx(dx[0] - 0.5 * x * dx[1]).epsilon(1e-12));
    }
  }
}

TEST_CASE("single-index: Jacobians, including the boundary m = 1, and the lr thresholds") {
  auto jac = [](const Model& m, double x) {
    Vec dx;
    Mat J;
    m.drift_jacobian(Vec::Constant(1, x), dx, J);
    return J(0, 0);
  };
  // closed forms: h2 F'(m) = 2 lr (1 - 3 lr)(1 - 3 m^2); linear F'(1) = -lr (2 - lr)
  for (double lr : {0.1, 0.25, 0.5}) {
    auto h2 = si("h2", "same", lr);
    for (double x : {0.0, 0.4, 1.0})
      CHECK(jac(*h2, x) == doctest::Approx(2 * lr * (1 - 3 * lr) * (1 - 3 * x * x)).epsilon(1e-6));
    CHECK(jac(*si("linear", "linear", lr), 1.0) == doctest::Approx(-lr * (2 - lr)).epsilon(1e-6));
  }
  // ReLU pair at m = 1: F'(1 - h) = F'(1) + C sqrt(h) + O(h) (E[relu relu] contains
  // (1 - m^2)^{3/2}), so the Richardson combination 2 F'(1 - h/4) - F'(1 - h) of exact interior Jet
  // derivatives (h = 1e-6: residual O(h)) is an independent estimate of the boundary derivative.
  auto rr = si("relu", "relu", 0.5);
  const double h = 1e-6;
  const double extrap = 2 * jac(*rr, 1 - h / 4) - jac(*rr, 1 - h);
  MESSAGE("relu/relu F'(1): Jet " << jac(*rr, 1.0) << ", extrapolated " << extrap
                                  << ", plain F'(1 - 1e-6) " << jac(*rr, 1 - h));
  CHECK(jac(*rr, 1.0) == doctest::Approx(extrap).epsilon(1e-5));
  for (double x : {-0.6, 0.0, 0.3, 0.8}) {
    const double fd = (drift1(*rr, x + 1e-6) - drift1(*rr, x - 1e-6)) / 2e-6;
    CHECK(jac(*rr, x) == doctest::Approx(fd).epsilon(1e-6));
  }
  // The learning rate where m = 1 loses stability: bisection on the sign of F'(1) (Jets):
  // h2: 1/3; linear: 2; h3: F'(1) = -6 lr - lr^2/2 V'(1), V'(1) = -270, so lr = 6/135.
  for (auto [t, exact] : {std::pair{"h2", 1.0 / 3.0}, {"linear", 2.0}, {"h3", 6.0 / 135.0}}) {
    double lo = 0.01, hi = 4.0;
    REQUIRE(jac(*si(t, "same", lo), 1.0) < 0);
    REQUIRE(jac(*si(t, "same", hi), 1.0) > 0);
    for (int it = 0; it < 50; ++it) {
      const double mid = 0.5 * (lo + hi);
      (jac(*si(t, "same", mid), 1.0) < 0 ? lo : hi) = mid;
    }
    INFO(t);
    CHECK(lo == doctest::Approx(exact).epsilon(1e-6));
    const auto th = si(t, "same", 0.1)->hints().natural_threshold;
    CHECK(th.parameter == "lr");
    CHECK(th.point == "learned");
  }
}

TEST_CASE("single-index: m -> -m symmetry when f* or sigma is even") {
  // even target (h2) or even student (h4): loss even and drift odd in m, checked pointwise
  for (auto [t, s] : {std::pair{"h2", "relu"}, {"relu", "h4"}}) {
    auto m = si(t, s, 0.3, 0.1);
    for (double x : {0.2, 0.7}) {
      CHECK(m->loss(Vec::Constant(1, -x)) == doctest::Approx(m->loss(Vec::Constant(1, x))).epsilon(1e-12));
      CHECK(drift1(*m, -x) == doctest::Approx(-drift1(*m, x)).epsilon(1e-12));
    }
    CHECK(m->symmetry_distance(Vec::Constant(1, 0.4), Vec::Constant(1, -0.4)) == 0.0);
  }
  // relu/tanh: no such symmetry (c_1 c_1 != 0), and the distance is the plain one
  auto m = si("relu", "tanh", 0.3);
  CHECK(m->loss(Vec::Constant(1, -0.5)) != doctest::Approx(m->loss(Vec::Constant(1, 0.5))));
  CHECK(m->symmetry_distance(Vec::Constant(1, 0.4), Vec::Constant(1, -0.4)) == doctest::Approx(0.8));
}

TEST_CASE("single-index: free parameterisation and its loss gradient") {
  for (const std::string dyn : {"spherical", "unconstrained"}) {
    auto m = si("relu", "tanh", 0.3, 0.1, dyn);
    const Vec u = dyn == "spherical" ? Vec::Constant(1, 0.4) : Vec{{0.3, 0.8}};
    CHECK((m->to_free(m->from_free(u)) - u).cwiseAbs().maxCoeff() < 1e-14);
    std::string why;
    CHECK(m->realisable(m->from_free(u), &why));
    Vec g;
    m->free_loss_gradient(u, &g);
    auto L = [&](const Vec& v) { return Vec::Constant(1, m->loss(m->from_free(v))); };
    // central differences, h = 1e-6: error O(h^2) + O(eps/h) ~ 1e-10
    CHECK(test::rel_err(g.transpose(), test::fd_jacobian(L, u)) < 1e-8);
  }
}

TEST_CASE("single-index: information exponents of the menu") {
  // Known coefficients: relu c_1 = 1/2, c_2 != 0, c_3 = 0, c_4 != 0; sign/tanh/erf odd with c_1 != 0;
  // h_k a unit vector; linear = h_1.
  struct Case {
    const char *t, *s;
    int k;
  };
  for (Case c : {Case{"linear", "linear", 1}, Case{"h2", "same", 2}, Case{"h3", "same", 3},
                 Case{"h4", "same", 4}, Case{"relu", "relu", 1}, Case{"tanh", "tanh", 1},
                 Case{"sign", "relu", 1}, Case{"erf", "erf", 1}, Case{"h2", "relu", 2},
                 Case{"h4", "relu", 4}, Case{"h3", "relu", 0}, Case{"h2", "tanh", 0},
                 Case{"h3", "tanh", 3}}) {
    INFO(c.t << "/" << c.s);
    auto m = si(c.t, c.s, 0.1);
    CHECK(obs(*m, Vec::Constant(1, 0.0), "info_exponent") == c.k);
  }
  auto cm = test::make("single-index", {{"target", "coeffs"}, {"target_coeffs", "0,0,0,0.6,0,0.8"},
                                        {"activation", "h5"}});
  CHECK(obs(*cm, Vec::Constant(1, 0.0), "info_exponent") == 5);
  CHECK_THROWS_AS(test::make("single-index", {{"target", "coeffs"}}), std::invalid_argument);
  CHECK_THROWS_AS(test::make("single-index", {{"m0", "0.9"}, {"dynamics", "unconstrained"}, {"Q0", "0.5"}}),
                  std::invalid_argument);
}

TEST_CASE("single-index: bool `spherical` is the same switch as `dynamics`") {
  // Oracle: exact identity with the `dynamics` parameterisation (same state layout, same drift
  // at the same state, bit for bit: both build the same Config).
  auto unc = si("h2", "relu", 0.3, 0.1, "unconstrained");
  auto sph = si("h2", "relu", 0.3, 0.1, "spherical");
  auto f = test::make("single-index", {{"target", "h2"}, {"activation", "relu"}, {"lr", "0.3"},
                                       {"noise", "0.1"}, {"spherical", "false"}});
  auto t = test::make("single-index", {{"target", "h2"}, {"activation", "relu"}, {"lr", "0.3"},
                                       {"noise", "0.1"}, {"spherical", "true"}});
  auto both = test::make("single-index", {{"target", "h2"}, {"activation", "relu"}, {"lr", "0.3"},
                                          {"noise", "0.1"}, {"spherical", "false"},
                                          {"dynamics", "unconstrained"}});
  REQUIRE(f->initial_state().size() == 2);
  REQUIRE(both->initial_state().size() == 2);
  REQUIRE(t->initial_state().size() == 1);
  Vec x2(2), a, b, c;
  x2 << 0.4, 1.3;
  unc->drift(x2, a);
  f->drift(x2, b);
  both->drift(x2, c);
  CHECK((a - b).norm() == 0.0);
  CHECK((a - c).norm() == 0.0);
  CHECK(drift1(*t, 0.4) == drift1(*sph, 0.4));
  // default (neither given) stays spherical
  CHECK(test::make("single-index", {{"target", "h2"}})->initial_state().size() == 1);
  // inconsistent: an error that names both parameters
  for (auto [s, d] : {std::pair{"true", "unconstrained"}, std::pair{"false", "spherical"}}) {
    try {
      test::make("single-index", {{"spherical", s}, {"dynamics", d}});
      FAIL("no exception for spherical=" << s << " dynamics=" << d);
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      CHECK(msg.find("spherical") != std::string::npos);
      CHECK(msg.find("dynamics") != std::string::npos);
      CHECK(msg.find(d) != std::string::npos);
    }
  }
}
