// Model files (examples/models/*.summit) against independent oracles: the built-in committee
// (same equations written in C++), closed-form fixed points, and the invariance of a reduced
// ansatz.
#include "solvers/fixed_points.hpp"
#include "tests/support.hpp"

#include <cmath>
#include <random>
#include <string>

namespace summit::test {
namespace {

const std::string kModels = std::string(SUMMIT_SOURCE_DIR) + "/examples/models/";

double max_abs(const Mat& a) { return a.size() ? a.cwiseAbs().maxCoeff() : 0.0; }

TEST_CASE("perceptron.summit: fixed point equals the closed form") {
  for (double kappa : {0.0, 0.1}) {
    const double lr = 0.5;
    auto m = make(kModels + "perceptron.summit", {{"lr", "0.5"}, {"kappa", format_real(kappa)}});
    REQUIRE(m->dim() == 2);
    FixedPointOptions o;
    o.random_starts = 5;
    const FixedPointResult r = find_fixed_points(*m, o);
    REQUIRE(r.status == Status::Ok);
    REQUIRE(r.points.size() == 1);  // the ODE is linear with a stable node: one fixed point
    const double ms = lr / (lr + kappa);
    const double Qs = (2 * lr * ms + lr * lr * (1 - 2 * ms)) / (2 * lr + 2 * kappa - lr * lr);
    // certificate max|drift| <= 1e-10 and Jacobian eigenvalues of size >= lr - lr^2/2 = 0.375:
    // the distance to the exact point is below 1e-10 / 0.375 < 1e-9.
    CHECK(std::abs(r.points[0].x[0] - ms) < 1e-9);
    CHECK(std::abs(r.points[0].x[1] - Qs) < 1e-9);
    // The loss and the exact Jacobian of this linear ODE (closed form, exact to rounding).
    CHECK(m->loss(r.points[0].x) == doctest::Approx((1 + Qs - 2 * ms) / 2).epsilon(1e-9));
    Vec dx;
    Mat J;
    m->drift_jacobian(r.points[0].x, dx, J);
    Mat Jexact(2, 2);
    Jexact << -lr - kappa, 0, 2 * lr - 2 * lr * lr, -2 * lr + lr * lr - 2 * kappa;
    CHECK(max_abs(J - Jexact) < 1e-14);
  }
}

// Random realisable states of the built-in model, its drift, Jacobian and loss.
void expect_same(const Model& file, const Model& builtin, bool flow_only) {
  std::mt19937_64 rng(7);
  for (int s = 0; s < 5; ++s) {
    const Vec x = builtin.random_state(rng);
    REQUIRE(file.dim() == builtin.dim());
    Vec d1, d2;
    Mat J1, J2;
    file.drift_jacobian(x, d1, J1);
    builtin.drift_jacobian(x, d2, J2);
    // The same closed forms (lib/gauss) summed in another order: rounding only, ~1e-15.
    CHECK(std::abs(file.loss(x) - builtin.loss(x)) < 1e-12);
    CHECK(max_abs(d1 - d2) < 1e-12);
    CHECK(max_abs(J1 - J2) < 1e-12);
    Vec d3;
    file.drift(x, d3);
    CHECK(max_abs(d3 - d2) < 1e-12);
    if (flow_only) {
      Vec g1, g2;
      REQUIRE(file.gradient_flow_drift(x, g1));
      REQUIRE(builtin.gradient_flow_drift(x, g2));
      CHECK(max_abs(g1 - g2) < 1e-12);
    }
  }
}

TEST_CASE("committee_erf.summit reproduces the built-in committee (loss, drift, Jacobian)") {
  for (auto [K, M] : {std::pair{2, 2}, std::pair{3, 2}}) {
    for (const char* extra : {"plain", "noisy"}) {
      std::map<std::string, std::string> p{{"K", std::to_string(K)}, {"M", std::to_string(M)},
                                           {"lr", "0.7"}};
      if (std::string(extra) == "noisy") {
        p["noise"] = "0.3";
        p["weight_decay"] = "0.02";
      }
      auto file = make(kModels + "committee_erf.summit", p);
      p["activation"] = "erf";
      auto builtin = make("committee", p);
      INFO("K=" << K << " M=" << M << " " << extra);
      expect_same(*file, *builtin, false);
    }
  }
}

// A fixed point certified for one model (max|drift| <= 1e-10) is one of `other` too, which has the
// same equations: its drift there agrees up to rounding (1e-12), polishing does not move it, and
// the loss agrees.
void check_fixed_point_of(const Model& other, const FixedPoint& fp, const FixedPointOptions& o) {
  Vec dx;
  other.drift(fp.x, dx);
  CHECK(max_abs(dx) < 1e-10 + 1e-12);
  Vec x = fp.x;
  double res = 0;
  CHECK(polish_fixed_point(other, x, o, &res) == Status::Ok);
  CHECK(max_abs(x - fp.x) < 1e-12);
  CHECK(std::abs(other.loss(x) - fp.loss) < 1e-12);
}

TEST_CASE("committee_erf.summit reproduces the built-in committee's fixed points") {
  for (auto [K, M] : {std::pair{2, 2}, std::pair{3, 2}}) {
    const std::map<std::string, std::string> p{{"K", std::to_string(K)}, {"M", std::to_string(M)},
                                               {"lr", "0.5"}};
    auto file = make(kModels + "committee_erf.summit", p);
    auto builtin = make("committee", p);
    FixedPointOptions o;
    o.random_starts = 8;
    const FixedPointResult rb = find_fixed_points(*builtin, o);
    REQUIRE(rb.status == Status::Ok);
    REQUIRE(!rb.points.empty());
    for (const FixedPoint& fp : rb.points) {
      INFO("K=" << K << " M=" << M << " built-in fixed point from " << fp.origin);
      check_fixed_point_of(*file, fp, o);
    }
    // And the other way round: every point the file model's own search certifies is a fixed
    // point of the built-in (same equations; the two searches start from different random
    // states, so they need not find the same set).
    const FixedPointResult rf = find_fixed_points(*file, o);
    REQUIRE(rf.status == Status::Ok);
    REQUIRE(!rf.points.empty());
    for (const FixedPoint& fp : rf.points) {
      INFO("K=" << K << " M=" << M << " file-model fixed point from " << fp.origin);
      check_fixed_point_of(*builtin, fp, o);
    }
  }
}

TEST_CASE("committee_erf_flow.summit: the drift derived from the loss is the built-in gradient flow") {
  for (auto [K, M] : {std::pair{2, 2}, std::pair{3, 2}}) {
    for (const char* wd : {"0", "0.05"}) {
      std::map<std::string, std::string> p{{"K", std::to_string(K)}, {"M", std::to_string(M)},
                                           {"lr", "0.6"}, {"weight_decay", wd}};
      auto file = make(kModels + "committee_erf_flow.summit", p);
      p["dynamics"] = "gradient-flow";
      auto builtin = make("committee", p);
      INFO("K=" << K << " M=" << M << " weight_decay=" << wd);
      expect_same(*file, *builtin, std::string(wd) == "0");
    }
  }
}

TEST_CASE("committee_erf_plateau.summit: the reduced ansatz is the full model on its subspace") {
  const std::map<std::string, std::string> p{{"K", "3"}, {"M", "3"}, {"lr", "0.5"}, {"noise", "0.1"}};
  auto reduced = make(kModels + "committee_erf_plateau.summit", p);
  auto full = make(kModels + "committee_erf.summit", p);
  const Layout& L = full->layout();
  auto embed = [&](const Vec& y) {
    Vec x(full->dim());
    for (int i = 1; i <= 3; ++i) {
      for (int k = i; k <= 3; ++k)
        x[L.index_of("Q[" + std::to_string(i) + "," + std::to_string(k) + "]")] = i == k ? y[0] : y[1];
      for (int n = 1; n <= 3; ++n) x[L.index_of("R[" + std::to_string(i) + "," + std::to_string(n) + "]")] = y[2];
    }
    return x;
  };
  // The identity at arbitrary symmetric states (same formulas: rounding only).
  for (const Vec& y : {Vec((Vec(3) << 1.0, 0.2, 0.3).finished()), Vec((Vec(3) << 0.8, -0.1, 0.6).finished())}) {
    Vec dy, dx;
    reduced->drift(y, dy);
    full->drift(embed(y), dx);
    CHECK(std::abs(dy[0] - dx[L.index_of("Q[1,1]")]) < 1e-12);
    CHECK(std::abs(dy[1] - dx[L.index_of("Q[1,2]")]) < 1e-12);
    CHECK(std::abs(dy[2] - dx[L.index_of("R[1,1]")]) < 1e-12);
    // and the full drift stays in the subspace
    CHECK(std::abs(dx[L.index_of("Q[2,3]")] - dx[L.index_of("Q[1,2]")]) < 1e-12);
    CHECK(std::abs(dx[L.index_of("R[3,1]")] - dx[L.index_of("R[1,2]")]) < 1e-12);
    CHECK(std::abs(reduced->loss(y) - full->loss(embed(y))) < 1e-12);
  }
  // Fixed points of the ansatz are fixed points of the full model (certificate 1e-10 in the
  // reduced drift, which is the full drift on the subspace).
  FixedPointOptions o;
  o.random_starts = 6;
  const FixedPointResult r = find_fixed_points(*reduced, o);
  REQUIRE(r.status == Status::Ok);
  REQUIRE(!r.points.empty());
  for (const FixedPoint& fp : r.points) {
    Vec dx;
    full->drift(embed(fp.x), dx);
    INFO("reduced fixed point " << fp.x.transpose());
    CHECK(max_abs(dx) < 1e-10 + 1e-12);
  }
}

}  // namespace
}  // namespace summit::test
