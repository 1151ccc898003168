// The erf committee against an independent oracle: the Saad & Solla (1995) closed forms written
// out in tests/models/committee/erf_ode_oracle.hpp (not models/committee, not lib/gauss). Drift and loss
// at random states, the symmetric plateau of K = M = 2, lr = 0.5 (its loss and escape rate, the
// values tests/cli/test_cli.cpp checks through the CLI), and the critical learning rate of
// perfect learning for K = M = 1, 2, 3 (docs/committee.md).
#include "tests/support.hpp"
#include "erf_ode_oracle.hpp"
#include "solvers/continuation.hpp"
#include "solvers/stability.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace summit;

TEST_CASE("committee oracle: drift and loss agree with the Saad-Solla closed forms") {
  // Tolerance 1e-12 relative: both sides are closed forms evaluated in double precision (the
  // arcsin arguments are O(1), so rounding differences are a few ulp).
  for (const int K : {1, 2, 3}) {
    for (const double lr : {0.3, 1.7}) {
      const test::ErfCommitteeOracle o(K, K, lr);
      for (const std::string seed : {"1", "2", "3"}) {
        auto m = test::make("committee", {{"K", std::to_string(K)}, {"M", std::to_string(K)},
                                          {"lr", format_real(lr)}, {"seed", seed}, {"init_overlap", "0.3"},
                                          {"init_scale", "0.8"}});
        const Vec x = m->initial_state();
        REQUIRE(x.size() == o.dim());
        Vec dx;
        m->drift(x, dx);
        CAPTURE(K);
        CAPTURE(lr);
        CAPTURE(seed);
        CHECK(test::rel_err(dx, o.drift(x)) < 1e-12);
        CHECK(m->loss(x) == doctest::Approx(o.loss(x)).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("committee oracle: the K = M = 2 symmetric plateau at lr = 0.5") {
  // Oracle: Newton on the oracle's drift from the rounded plateau of tests/cli/test_cli.cpp, then
  // its loss and the largest real eigenvalue of its finite-difference Jacobian (error ~1e-10).
  // The model's fixed point search finds the same point (symmetric start); tolerance 1e-9 on the
  // state (both certified to |drift| < 1e-10 with O(1) Jacobians) and 1e-8 on lambda_max.
  const test::ErfCommitteeOracle o(2, 2, 0.5);
  Vec x0(7);
  x0 << 0.3677, 0.3254, 0.3677, 0.4144, 0.4144, 0.4144, 0.4144;
  const Vec x = o.polish(x0);
  REQUIRE(o.drift(x).cwiseAbs().maxCoeff() < 1e-12);
  const double loss = o.loss(x), lam = o.max_real_eigenvalue(x);
  MESSAGE("oracle plateau: loss " << loss << ", lambda_max " << lam);
  CHECK(loss == doctest::Approx(0.0146448).epsilon(1e-5));  // the value shown in docs/committee.md
  CHECK(lam == doctest::Approx(0.0316182).epsilon(1e-5));
  auto m = test::make("committee");
  const Stability s = analyse_stability(*m, x);
  CHECK(s.lambda_max == doctest::Approx(lam).epsilon(1e-8));
  CHECK(m->loss(x) == doctest::Approx(loss).epsilon(1e-12));
}

TEST_CASE("committee oracle: the critical learning rate of perfect learning, K = M = 1, 2, 3") {
  // Oracle: bisection (to 1e-9) on the sign of the oracle's largest real Jacobian eigenvalue at
  // Q = R = I. The library: locate_stability_change on the model (the `threshold` command).
  // Tolerance 1e-7 relative: both bisections stop at <= 1e-8, and the finite-difference Jacobian
  // moves the oracle's eigenvalue by ~1e-10, i.e. the root by ~1e-10 / |d lambda / d lr| ~ 1e-9.
  for (const auto& [K, lo, hi] : {std::tuple{1, 3.0, 5.0}, {2, 1.5, 3.0}, {3, 1.0, 2.5}}) {
    const double oracle = test::erf_committee_critical_lr(K, lo, hi);
    auto make = [K](double lr) {
      return test::make("committee", {{"K", std::to_string(K)}, {"M", std::to_string(K)}, {"lr", format_real(lr)}});
    };
    ThresholdOptions to;
    to.lo = lo;
    to.hi = hi;
    const auto m = make(lo);
    const ThresholdResult r = locate_stability_change(make, m->special_points().back().x, to);
    REQUIRE(r.status == Status::Ok);
    MESSAGE("K = " << K << ": lr_c oracle " << oracle << ", library " << r.threshold);
    CHECK(r.threshold == doctest::Approx(oracle).epsilon(1e-7));
  }
}
