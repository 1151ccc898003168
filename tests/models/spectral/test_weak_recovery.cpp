// multi-index-weak-recovery: thresholds against the closed forms of docs/spectral.md, and the
// z1 z2 channel's conditional moment a(y) = |y| K1(|y|)/K0(|y|) against Monte-Carlo.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "z1z2_oracle.hpp"
#include "models/spectral/weak_recovery.hpp"
#include "solvers/continuation.hpp"

#include <boost/math/special_functions/bessel.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <tuple>

using namespace summit;

namespace {
double alpha_c(const std::map<std::string, std::string>& params) {
  const auto nt = test::make("multi-index-weak-recovery", params)->hints().natural_threshold;
  auto make = [&](double a) {
    auto p = params;
    p["alpha"] = format_real(a);
    return test::make("multi-index-weak-recovery", p);
  };
  ThresholdOptions o;
  o.lo = nt.lo;
  o.hi = nt.hi;
  o.grid = 40;
  const ThresholdResult r = locate_stability_change(make, make(o.lo)->special_points()[0].x, o);
  REQUIRE(r.status == Status::Ok);
  CHECK(r.direction == ThresholdDirection::LosesStability);
  return r.threshold;
}
}  // namespace

TEST_CASE("weak recovery: thresholds of the closed-form channels") {
  // Bisection to 1e-8 relative: tolerance 1e-7.
  const double pi = std::numbers::pi;
  CHECK(alpha_c({{"channel", "abs"}}) == doctest::Approx(0.5).epsilon(1e-7));
  CHECK(alpha_c({{"channel", "square"}}) == doctest::Approx(0.5).epsilon(1e-7));
  for (int p : {1, 2, 5})
    CHECK(alpha_c({{"channel", "norm2"}, {"p", std::to_string(p)}}) ==
          doctest::Approx(p / 2.0).epsilon(1e-7));
  CHECK(alpha_c({{"channel", "sign-z1z2"}}) == doctest::Approx(pi * pi / 4).epsilon(1e-7));
  // z1 z2 and |z1 z2| share c = E[(a - 1)^2]: 1/alpha_c(z1z2) = 1 + 1/alpha_c(|z1z2|).
  const double a1 = alpha_c({{"channel", "z1z2"}}), a2 = alpha_c({{"channel", "abs-z1z2"}});
  CHECK(1 / a1 == doctest::Approx(1 + 1 / a2).epsilon(1e-7));
  // The closed forms 1/(1 + c) and 1/c with c from the independent oracle (tests/solvers/
  // z1z2_oracle.hpp: Bessel functions and the outer integral by the trapezoidal rule, not the
  // library's quadrature); tolerance 1e-7 from the bisection (1e-8) and the FD Jacobian.
  const double c = test::z1z2_second_moment_oracle();
  CHECK(a1 == doctest::Approx(1 / (1 + c)).epsilon(1e-7));
  CHECK(a2 == doctest::Approx(1 / c).epsilon(1e-7));
  MESSAGE("alpha_c(z1 z2) = " << a1 << ", alpha_c(|z1 z2|) = " << a2);
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery", {{"channel", "abs"}, {"p", "3"}}),
                       doctest::Contains("only the norm2 channel takes p"), std::invalid_argument);
}

TEST_CASE("weak recovery: the z1 z2 conditional moment and c = E[(a - 1)^2] vs Monte-Carlo") {
  // a(y) = E[z1^2 | z1 z2 = y] = |y| K1(|y|)/K0(|y|) (docs/spectral.md). For any h,
  // E[z1^2 h(y)] = E[a(y) h(y)]: both sides estimated on the same 2e6 samples, compared within the normal
  // quantile of tests/statistics.hpp (5.33) times the standard error of their difference. Then c
  // from the library's quadrature vs E[(a - 1)^2] on the samples (the same quantile).
  auto a = [](double y) {
    y = std::abs(y);
    if (y < 1e-300) return 0.0;
    return y * boost::math::cyl_bessel_k(1, y) / boost::math::cyl_bessel_k(0, y);
  };
  std::mt19937_64 rng(11);
  std::normal_distribution<double> N;
  const int n = 2'000'000;
  const std::function<double(double)> hs[] = {[](double y) { return y * y; },
                                              [](double y) { return std::exp(-std::abs(y)); },
                                              [](double y) { return std::abs(y) < 0.5 ? 1.0 : 0.0; }};
  for (const auto& h : hs) {
    double md = 0, vd = 0;
    std::mt19937_64 r2(rng());
    for (int i = 0; i < n; ++i) {
      const double z1 = N(r2), z2 = N(r2), y = z1 * z2;
      const double d = (z1 * z1 - a(y)) * h(y);
      md += d;
      vd += d * d;
    }
    md /= n;
    vd = vd / n - md * md;
    CHECK(test::within_error_bar(md, 0, std::sqrt(vd / n), test::normal_error_bar()));  // n = 2e6
  }
  double m = 0, v = 0;
  for (int i = 0; i < n; ++i) {
    const double y = N(rng) * N(rng), e = (a(y) - 1) * (a(y) - 1);
    m += e;
    v += e * e;
  }
  m /= n;
  v = v / n - m * m;
  const double c = spectral::z1z2_second_moment();
  MESSAGE("c = " << c << " (quadrature), " << m << " +- " << std::sqrt(v / n) << " (Monte-Carlo)");
  CHECK(test::within_error_bar(m, c, std::sqrt(v / n), test::normal_error_bar()));
}

TEST_CASE("weak recovery: user channels (Monte-Carlo G(y)) reproduce the closed forms") {
  // Discrete labels are grouped exactly: only Monte-Carlo error. F's entries are means over
  // 2e6 samples of O(1) variables (relative standard error ~1e-3; measured seed-to-seed spread of
  // alpha_c ~2e-4): tolerance 5e-3 relative.
  CHECK(alpha_c({{"channel", "user"}, {"g", "sign(z1*z2)"}}) ==
        doctest::Approx(std::numbers::pi * std::numbers::pi / 4).epsilon(5e-3));
  // Continuous labels: binned in y. The binning bias (within-bin variation of G lowers F) is
  // estimated by halving the bins; tolerance 2 |alpha(400 bins) - alpha(200 bins)| + 5e-3 relative.
  // z1*z2: 1/(1 + c) with c from the independent oracle (tests/models/spectral/z1z2_oracle.hpp).
  const double z1z2_exact = 1 / (1 + test::z1z2_second_moment_oracle());
  for (const auto& [g, p, exact] : {std::tuple{"z1*z2", "2", z1z2_exact}, std::tuple{"abs(z1)", "1", 0.5},
                                    std::tuple{"z1^2+z2^2", "2", 1.0}}) {
    CAPTURE(g);
    const double a400 = alpha_c({{"channel", "user"}, {"g", g}, {"p", p}});
    const double a200 = alpha_c({{"channel", "user"}, {"g", g}, {"p", p}, {"bins", "200"}});
    CHECK(std::abs(a400 - exact) <= 2 * std::abs(a400 - a200) + 5e-3 * exact);
  }
  // The sign committee as a user channel: the trivial direction is detected.
  const auto sc = test::make("multi-index-weak-recovery",
                             {{"channel", "user"}, {"g", "sign(z1)+sign(z2)+sign(z3)"}, {"p", "3"}});
  CHECK(sc->observables(sc->initial_state())[1] == 1);
  REQUIRE(sc->hints().natural_threshold.exact.has_value());
  const auto zz = test::make("multi-index-weak-recovery", {{"channel", "user"}, {"g", "z1*z2"}});
  CHECK(zz->observables(zz->initial_state())[1] == 0);
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery", {{"channel", "user"}, {"g", "z1*z3"}}),
                       doctest::Contains("parameter 'g' = 'z1*z3'"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("multi-index-weak-recovery", {{"channel", "user"}}),
                       doctest::Contains("--set g=EXPR"), std::invalid_argument);
}
