// ssi: exact reductions and identities (docs/single_index.md, "Verification of `ssi`"; tied =
// single-index on zeta* with extra noise, untied = single-index in dimension L d, antisymmetric /
// odd targets, the Sequence Information Exponent), and the expectation form of the drift against
// the geometric form -lr (I - u u^T) grad R - lr^2/2 V u with grad R from the loss.
#include "tests/support.hpp"

#include <cmath>
#include <numbers>

using namespace summit;

namespace {

using P = std::map<std::string, std::string>;

Vec drift_at(const Model& m, const Vec& x) {
  Vec dx;
  m.drift(x, dx);
  return dx;
}

Vec vec(std::initializer_list<double> v) {
  Vec x(v.size());
  int i = 0;
  for (double a : v) x[i++] = a;
  return x;
}

double observable(const Model& m, const Vec& x, const std::string& name) {
  const auto names = m.observable_names();
  const Vec o = m.observables(x);
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return o[i];
  FAIL("no observable " << name);
  return 0;
}

}  // namespace

TEST_CASE("ssi tied-ff = single-index on zeta* (exact reductions)") {
  // Target (1/sqrt L) sum z_l depends on zeta* only: identical to single-index linear target.
  // H2sum: E[sum h2(z_l) | zeta*] = h2(zeta*) (L^{1-k/2} with k = 2) and residual variance L - 1:
  // identical to single-index h2 target with noise L - 1. The single-index model integrates by the
  // polar 2-D rule, the ssi model by its (L+1)-dimensional rule: independent computations.
  // Tolerance: 1e-9 where both rules are exact (ReLU: piecewise polynomial); for tanh the two
  // rules (60-node Gauss-Hermite here, 80-node polar there) differ by their ~1e-8 truncation.
  struct Case { int L; std::string target, si_target, act; double noise, tol; };
  for (const Case& c : {Case{3, "inversesqrtsum", "linear", "relu", 0.0, 1e-9},
                        Case{4, "H2sum", "h2", "relu", 3.0, 1e-9}, Case{2, "H2sum", "h2", "tanh", 1.0, 2e-7}}) {
    auto s = test::make("ssi", {{"L", std::to_string(c.L)}, {"target", c.target}, {"activation", c.act},
                                {"lr", "0.3"}});
    auto si = test::make("single-index", {{"target", c.si_target}, {"activation", c.act}, {"lr", "0.3"},
                                          {"noise", format_real(c.noise)}});
    for (double m : {0.0, 0.1, 0.5, 0.9, -0.4}) {
      const Vec x = vec({m});
      const double a = drift_at(*s, x)[0], b = drift_at(*si, x)[0];
      INFO(c.target << " L = " << c.L << " m = " << m << ": ssi " << a << " single-index " << b);
      CHECK(std::abs(a - b) < c.tol);
      CHECK(std::abs(s->loss(x) - si->loss(x)) < c.tol);
    }
  }
  // Linear rate at m = 0 for H2sum, tied ReLU: 2 lr c_2 - lr^2 (L + 1)/4, c_2 = 1/(2 sqrt pi);
  // L = 4, lr = 0.2: 0.2/sqrt(pi) - 0.05.
  auto s = test::make("ssi", {{"L", "4"}, {"target", "H2sum"}, {"activation", "relu"}, {"lr", "0.2"}});
  Vec dx;
  Mat J;
  s->drift_jacobian(vec({0.0}), dx, J);
  CHECK(J(0, 0) == doctest::Approx(0.2 / std::sqrt(std::numbers::pi) - 0.05).epsilon(1e-9));
}

TEST_CASE("ssi untied-ff = single-index in dimension L d") {
  // On a zeta*-target with equal overlaps m_l = M the mean overlap follows the single-index ODE in
  // time steps/(L d): dM/dt = (1/L) drift_single-index(M).
  for (int L : {2, 3}) {
    auto s = test::make("ssi", {{"L", std::to_string(L)}, {"target", "inversesqrtsum"}, {"student", "untied-ff"},
                                {"activation", "relu"}, {"lr", "0.7"}});
    auto si = test::make("single-index", {{"target", "linear"}, {"activation", "relu"}, {"lr", "0.7"}});
    for (double M : {0.05, 0.4, 0.95}) {
      const Vec x = Vec::Constant(L, M);
      const Vec dx = drift_at(*s, x);
      const double b = drift_at(*si, vec({M}))[0] / L;
      INFO("L = " << L << " M = " << M << ": untied " << dx.transpose() << ", single-index/L " << b);
      for (int l = 0; l < L; ++l) CHECK(std::abs(dx[l] - b) < 1e-9);
    }
  }
}

TEST_CASE("ssi: zero population drift for antisymmetric / odd targets") {
  // Antisymmetric target with a permutation-symmetric tied student: grad R = 0 at every m, so the
  // drift is the pure noise term -lr^2/2 m V.
  auto s = test::make("ssi", {{"L", "2"}, {"target", "2squaredifference"}, {"activation", "relu"}, {"lr", "0.4"}});
  for (double m : {0.2, 0.7}) {
    double L;
    Vec g;
    s->loss_gradient(vec({m}), L, g);
    CHECK(std::abs(g[0]) < 1e-12);
    const double V = observable(*s, vec({m}), "V");
    CHECK(drift_at(*s, vec({m}))[0] == doctest::Approx(-0.5 * 0.16 * m * V).epsilon(1e-10));
  }
  CHECK(observable(*s, vec({0.0}), "sie") == 0);
  // The same target with the untied network does carry signal: m_1 and m_2 move apart.
  auto u = test::make("ssi", {{"L", "2"}, {"target", "2difference"}, {"student", "untied-ff"},
                              {"activation", "relu"}, {"lr", "0.1"}});
  const Vec du = drift_at(*u, vec({0.1, 0.1}));
  CHECK(du[0] - du[1] > 1e-3);
  // Even (tied attention) student without PE on an odd target: grad R = 0, the drift is
  // -lr^2/2 m V only, and no kappa_k is non-zero (SIE 0). Tolerance 5e-6: d/dm of E||F(s)||^2 is 0
  // analytically but not under the 4-D Gauss-Hermite rule of the attention integrals (its
  // truncation error, ~1e-3 on the Hessian at 24 nodes, see test_ssi_attention.cpp).
  auto a = test::make("ssi", {{"L", "2"}, {"target", "inversesqrtsum"}, {"student", "attention"}, {"lr", "0.5"}});
  for (double m : {0.3, 0.8}) {
    const double V = observable(*a, vec({m}), "V");
    CHECK(std::abs(drift_at(*a, vec({m}))[0] + 0.5 * 0.25 * m * V) < 5e-6);
  }
  CHECK(observable(*a, vec({0.0}), "sie") == 0);
}

TEST_CASE("ssi: Sequence Information Exponent") {
  auto sie = [](const P& p) {
    auto m = test::make("ssi", p);
    return observable(*m, m->initial_state(), "sie");
  };
  // tied ReLU: kappa_k = c_k(relu) E[f* h_k(zeta*)] (c_1 = 1/2, c_2 = 1/(2 sqrt pi), c_3 = 0)
  CHECK(sie({{"target", "inversesqrtsum"}}) == 1);
  CHECK(sie({{"target", "H2sum"}}) == 2);
  CHECK(sie({{"L", "3"}, {"target", "3product"}}) == 0);                      // c_3(relu) = 0
  CHECK(sie({{"L", "3"}, {"target", "3product"}, {"activation", "h3"}}) == 3);  // kappa_3 = sqrt2/3
  CHECK(sie({{"target", "basic_staircase"}}) == 1);
  // attention: even student; the positional-semantic teacher has SIE 2 (K_odd = 0 by parity)
  CHECK(sie({{"student", "attention"}, {"target", "positional-semantic"}}) == 2);
  CHECK(sie({{"student", "attention"}, {"target", "H2sum"}}) == 2);
  // a positional alignment breaks the parity and lowers the SIE of an odd target from none to 1
  CHECK(sie({{"student", "attention"}, {"target", "inversesqrtsum"}, {"pe", "orthonormal"},
             {"m0", "0"}, {"e0", "0.3"}}) == 1);
}

TEST_CASE("ssi: expectation form of the drift = geometric form") {
  // -lr (I - u u^T) grad R - lr^2/2 V u (untied: -lr (grad R - m (m.grad R)/L) - lr^2/(2L) V m),
  // with grad R by automatic differentiation of the loss and V the observable. Algebraically
  // identical on the same rule; the feed-forward rule moves the target fields with the state at
  // fixed student field, so the two agree up to its truncation (~1e-9 for tanh).
  struct Case { P p; Vec x; bool untied; };
  const std::vector<Case> cases = {
      {{{"student", "attention"}, {"target", "positional-semantic"}, {"a", "0.8"}, {"omega", "0.6"},
        {"lr", "0.5"}, {"nodes", "16"}}, vec({0.4, 0.3}), false},
      {{{"student", "attention"}, {"target", "H2sum"}, {"pe", "orthonormal"}, {"lr", "0.3"}, {"nodes", "16"},
        {"noise", "0.5"}}, vec({0.3, 0.2, -0.4}), false},
      {{{"target", "basic_staircase"}, {"pe", "orthonormal"}, {"activation", "tanh"}, {"lr", "0.3"}},
       vec({0.3, 0.2, -0.4}), false},
      {{{"target", "basic_staircase"}, {"pe", "orthonormal"}, {"activation", "relu"}, {"lr", "0.3"},
        {"noise", "0.2"}}, vec({0.5, -0.3, 0.1}), false},
      {{{"L", "3"}, {"target", "basic_staircase"}, {"student", "untied-ff"}, {"lr", "0.3"}},
       vec({0.3, 0.5, -0.2}), true},
  };
  for (const auto& c : cases) {
    auto m = test::make("ssi", c.p);
    double L;
    Vec g;
    m->loss_gradient(c.x, L, g);
    const double V = observable(*m, c.x, "V");
    const double lr = std::stod(c.p.at("lr"));
    Vec geo;
    if (c.untied) {
      const double Ln = c.x.size();
      geo = -lr * (g - c.x * (c.x.dot(g) / Ln)) - (0.5 * lr * lr / Ln) * V * c.x;
    } else {
      geo = -lr * (g - c.x * c.x.dot(g)) - 0.5 * lr * lr * V * c.x;
    }
    const Vec dx = drift_at(*m, c.x);
    INFO("drift " << dx.transpose() << " geometric " << geo.transpose());
    CHECK((dx - geo).lpNorm<Eigen::Infinity>() < 1e-8);
  }
}
