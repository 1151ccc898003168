// eps-PCA (docs/random_matrix.md, section `eps-pca`): the closed forms against quadrature, the
// per-dimension theory against finite-d sample covariances, eps*(alpha) and the model interface.
#include "tests/statistics.hpp"
#include "tests/support.hpp"
#include "lib/quadrature/tanh_sinh.hpp"
#include "lib/rmt/laws.hpp"
#include "models/random_matrix/eps_pca.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/minimize.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <cmath>
#include <map>
#include <tuple>

using namespace summit;
using namespace summit::random_matrix;

namespace {
// Exact finite-d retain-all GE per dimension for S = (1/n) X X^T, X d x n Gaussian (n > d + 1):
// E tr S^{-1} = d n/(n - d - 1) (inverse-Wishart mean) and E log det S = sum_{i=0}^{d-1}
// psi((n - i)/2) + d log(2/n) (Bartlett decomposition: chi-square diagonal).
double ge_retain_all_exact(int d, int n) {
  double logdet = d * std::log(2.0 / n);
  for (int i = 0; i < d; ++i) logdet += boost::math::digamma((n - i) / 2.0);
  return 0.5 * (static_cast<double>(n) / (n - d - 1) - 1 + logdet / d);
}
// d = 500 sample-covariance spectra, 4 draws per alpha, shared by the simulation test cases.
constexpr int kD = 500, kReps = 4;
const Eigen::MatrixXd& spectra(double alpha) {
  static std::map<double, Eigen::MatrixXd> cache;
  auto it = cache.find(alpha);
  if (it == cache.end())
    it = cache.emplace(alpha, sample_covariance_spectra(alpha, kD, kReps, 11 + cache.size())).first;
  return it->second;
}
}  // namespace

TEST_CASE("eps-pca: Marchenko-Pastur closed forms (alpha < 1) against quadrature") {
  for (const double alpha : {0.1, 0.25, 0.5, 0.8}) {
    CAPTURE(alpha);
    const rmt::MarchenkoPastur mp{alpha, 1.0};
    // Second-kind Chebyshev rule on the full support (the existing, independent integrator).
    CHECK(mp.integrate([](double x) { return 1 / x; }, 400) ==
          doctest::Approx(EpsPcaTheory::mean_inverse(alpha)).epsilon(1e-10));
    CHECK(mp.integrate([](double x) { return std::log(x); }, 400) ==
          doctest::Approx(EpsPcaTheory::mean_log(alpha)).epsilon(1e-10));
    // ge(retain-all) = ge(l-) from the partial-range integrator vs the closed form.
    const EpsPcaTheory th(alpha, 0.5 * mp.edges().first);
    CHECK(th.ge(th.lambda_minus()) ==
          doctest::Approx(EpsPcaTheory::ge_retain_all_closed(alpha)).epsilon(1e-10));
    CHECK(th.kappa(th.lambda_minus()) == doctest::Approx(1).epsilon(1e-12));
    // Partial ranges: theta-substituted Gauss-Kronrod vs tanh-sinh on the raw density (through
    // lib/quadrature/tanh_sinh.hpp: Boost 1.74's own call rounds abscissae onto c >= 0.5).
    for (const double c : {0.3, 0.7, 1.0, 1.9}) {
      if (c <= th.lambda_minus() || c >= th.lambda_plus()) continue;
      const double raw = quadrature::tanh_sinh_integral(
          [&](double x) { return eps_pca_h(x) * mp.density(x); }, c, th.lambda_plus());
      CHECK(th.data_bias(c) == doctest::Approx(0.5 * raw).epsilon(1e-9));
      const double mass = quadrature::tanh_sinh_integral([&](double x) { return mp.density(x); }, c,
                                                          th.lambda_plus());
      CHECK(th.kappa(c) == doctest::Approx(mass).epsilon(1e-9));
    }
  }
  // alpha > 1: the continuous part carries 1/alpha; the atom is always discarded.
  const EpsPcaTheory th2(2.0, 0.5);
  CHECK(th2.kappa(th2.c_min()) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(th2.model_error(th2.c_min()) == doctest::Approx(0.25 * eps_pca_h(0.5)).epsilon(1e-12));
}

TEST_CASE("eps-pca: marginal condition d ge/dc = rho(c) [h(eps) - h(c)] / 2") {
  // Against central finite differences of the quadrature ge (error O(h^2) ~ 1e-8 + 1e-12/h).
  for (const auto& [alpha, eps] : {std::pair{0.25, 0.5}, {0.5, 0.3}, {0.1, 0.6}, {2.0, 0.4}}) {
    const EpsPcaTheory th(alpha, eps);
    for (double t : {0.15, 0.4, 0.6, 0.85}) {
      const double c = th.lambda_minus() + t * (th.lambda_plus() - th.lambda_minus());
      const double h = 1e-5;
      CAPTURE(alpha);
      CAPTURE(c);
      CHECK(th.dge(c) == doctest::Approx((th.ge(c + h) - th.ge(c - h)) / (2 * h)).epsilon(1e-6));
      CHECK(th.d2ge(c) == doctest::Approx((th.dge(c + h) - th.dge(c - h)) / (2 * h)).epsilon(1e-5));
    }
    // The sign pattern: ge decreases below eps and increases just above it.
    CHECK(th.dge(0.95 * eps) < 0);
    CHECK(th.dge(1.05 * eps) > 0);
  }
}

TEST_CASE("eps-pca: exact finite-d retain-all GE tends to the closed form at rate 1/d") {
  // The inverse-Wishart / log-det formulas are exact at every d; their distance to the d -> inf
  // closed form must shrink like 1/d (the ratio of distances at d and 4d is ~4).
  const double alpha = 0.25, inf_d = EpsPcaTheory::ge_retain_all_closed(alpha);
  const double e1 = ge_retain_all_exact(250, 1000) - inf_d;
  const double e4 = ge_retain_all_exact(1000, 4000) - inf_d;
  MESSAGE("retain-all ge: d -> inf " << inf_d << ", d = 250: +" << e1 << ", d = 1000: +" << e4);
  CHECK(e4 > 0);
  CHECK(e1 / e4 == doctest::Approx(4).epsilon(0.05));
}

TEST_CASE("eps-pca: ge and its components against sample covariances at d = 500") {
  // 4 draws of S per alpha (d = 500, n = d/alpha). Tolerance: the Student-t quantile for 4 draws
  // (tests/statistics.hpp: 280, so the statistical term is loose) times the standard error of the
  // mean over draws plus 2/d for the finite-d bias: the exact retain-all formula gives the bias at d = 500
  // as 3.0e-4 (alpha = 0.25), 1.7e-3 (0.5), 7.1e-5 (0.1), all below 1/d = 2e-3 (checked
  // below). kappa: t SE + 2/d (an eigenvalue or two crossing the cutoff).
  const int d = kD;
  for (const auto& [alpha, eps] : {std::pair{0.25, 0.5}, {0.5, 0.3}, {0.1, 0.6}, {0.25, 0.2}}) {
    CAPTURE(alpha);
    CAPTURE(eps);
    const EpsPcaTheory th(alpha, eps);
    const double c = th.optimal_cutoff();
    const EpsPcaSimulation s = simulate_eps_pca(alpha, eps, c, spectra(alpha));
    const double bias = ge_retain_all_exact(d, s.n) - EpsPcaTheory::ge_retain_all_closed(alpha);
    MESSAGE("alpha " << alpha << " eps " << eps << " (" << std::string(to_string(th.regime())) << ", c = " << c
                     << "): ge " << th.ge(c) << " sim " << s.ge << " +- " << s.ge_se << "; kappa "
                     << th.kappa(c) << " sim " << s.kappa << "; ME " << th.model_error(c) << " sim "
                     << s.model_error << "; DB " << th.data_bias(c) << " sim " << s.data_bias
                     << "; V sim " << s.variance << "; retain-all finite-d bias " << bias);
    CHECK(std::abs(bias) < 1.0 / d);
    CHECK(test::within_error_bar(s.ge, th.ge(c), s.ge_se, test::error_bar(4), 2.0 / d));
    CHECK(test::within_error_bar(s.kappa, th.kappa(c), s.kappa_se, test::error_bar(4), 2.0 / d));
    // Fixed-rank split: ME is exact up to rounding N_K; DB within the same finite-d allowance.
    CHECK(std::abs(s.model_error - th.model_error(c)) <= eps_pca_h(eps) / d);
    CHECK(std::abs(s.data_bias - th.data_bias(c)) <= 2.0 / d);
    // The variance per dimension vanishes: at d = 500 it is O(1/d) (a few 1e-4 at most).
    CHECK(s.variance > -1e-4);
    CHECK(s.variance < 1.0 / d);
  }
}

TEST_CASE("eps-pca: the empirical optimal cutoff is eps (finite d), and eps_low for eps > 1") {
  // GE(c) on a grid of cutoffs from the same 4 draws (d = 500, alpha = 0.25); the argmin must be
  // within one grid step of the predicted c*. For eps = 2.5 > 1 the prediction is the partner
  // eps_low < 1 with h(eps_low) = h(eps) (c = eps is a local maximum there).
  const double alpha = 0.25;
  const int d = kD, reps = kReps;
  const Eigen::MatrixXd& L = spectra(alpha);
  for (const double eps : {0.35, 0.5, 0.65, 2.5}) {
    const EpsPcaTheory th(alpha, eps);
    REQUIRE(th.regime() == EpsPcaRegime::Interior);
    const double step = 0.01;
    double best = INFINITY, argbest = 0;
    for (double c = th.lambda_minus(); c < th.lambda_plus(); c += step) {
      double g = 0;
      for (int r = 0; r < reps; ++r)
        for (int i = 0; i < d; ++i) g += eps_pca_h(L(i, r) > c ? L(i, r) : eps);
      if (g < best) best = g, argbest = c;
    }
    MESSAGE("eps " << eps << ": empirical argmin " << argbest << ", predicted c* "
                   << th.optimal_cutoff());
    CHECK(std::abs(argbest - th.optimal_cutoff()) <= step + 1e-12);
    if (eps > 1) CHECK(th.optimal_cutoff() == doctest::Approx(th.eps_low()));
  }
}

TEST_CASE("eps-pca: collapse regime: no cutoff beats Sigma = eps I") {
  // eps = 0.8 > eps*(0.25) = 0.724: every finite-d cutoff does worse than keeping nothing
  // (per-draw exact statement up to the finite-d top eigenvalues; checked on the mean over draws).
  const double alpha = 0.25, eps = 0.8;
  const EpsPcaTheory th(alpha, eps);
  CHECK(th.regime() == EpsPcaRegime::Collapse);
  CHECK(th.ge_optimal() == doctest::Approx(0.5 * eps_pca_h(eps)).epsilon(1e-14));
  const int d = kD, reps = kReps;
  const Eigen::MatrixXd& L = spectra(alpha);
  double best = INFINITY;
  for (double c = th.lambda_minus(); c <= th.lambda_plus() + 0.5; c += 0.01) {
    double g = 0;
    for (int r = 0; r < reps; ++r)
      for (int i = 0; i < d; ++i) g += eps_pca_h(L(i, r) > c ? L(i, r) : eps);
    best = std::min(best, 0.5 * g / (d * reps));
  }
  CHECK(best == doctest::Approx(th.ge_collapse()).epsilon(1e-12));
}

TEST_CASE("eps-pca: eps*(alpha): root of Delta in (l-, 1), small-alpha limit") {
  for (const double alpha : {0.01, 0.1, 0.25, 0.5, 1.0, 2.0}) {
    const EpsStar es = eps_star(alpha);
    REQUIRE(es.status == Status::Ok);
    const EpsPcaTheory th(alpha, es.value);
    CAPTURE(alpha);
    CHECK(std::abs(th.collapse_margin()) < 1e-10);
    // Delta increases through the root (never the spurious root at l+, which is > 1).
    CHECK(EpsPcaTheory(alpha, es.value * 0.99).collapse_margin() < 0);
    CHECK(EpsPcaTheory(alpha, std::min(1.0, es.value * 1.01)).collapse_margin() > 0);
    CHECK(es.value < 1);
    if (alpha < 1) CHECK(es.value > th.lambda_minus());
    // At eps*, ge(c = eps*) equals the collapse ge (the definition of the threshold).
    CHECK(th.ge(std::max(th.c_min(), es.value)) == doctest::Approx(th.ge_collapse()).epsilon(1e-9));
  }
  // e* from the semicircle limit; eps* = 1 + 2 sqrt(alpha) e* + O(alpha): the scaled deviation
  // (eps* - 1)/(2 sqrt alpha) - e* is O(sqrt alpha) (ratio ~10 between alpha = 1e-4 and 1e-6).
  const double e = eps_star_small_alpha_e();
  CHECK(e > -1);
  CHECK(e < 0);
  auto dev = [e](double a) { return (eps_star(a).value - 1) / (2 * std::sqrt(a)) - e; };
  const double d4 = dev(1e-4), d6 = dev(1e-6);
  MESSAGE("e* = " << e << "; scaled deviations " << d4 << " (alpha 1e-4), " << d6 << " (1e-6)");
  CHECK(std::abs(d6) < 1e-2);
  CHECK(d4 / d6 == doctest::Approx(10).epsilon(0.1));
}

TEST_CASE("eps-pca: eps*(alpha) at the ends of alpha's range [1e-20, 1e20]; beyond, refused") {
  // alpha = 1e-20: the scaled deviation from the small-alpha limit is O(sqrt alpha) = 1e-10 in
  // theory; 1 - eps* = 8.6e-11 carries the rounding of a double near 1 (1.1e-16), i.e. 5.5e-7 of
  // the scaled deviation. Bound 1e-5.
  const EpsStar lo = eps_star(1e-20);
  REQUIRE(lo.status == Status::Ok);
  CHECK(std::abs((lo.value - 1) / (2 * 1e-10) - eps_star_small_alpha_e()) < 1e-5);
  // alpha = 1e20: Delta changes sign at eps* (scale of Delta ~ 1/alpha, so compare signs), and
  // eps* is of the order of 1/log(alpha) = 0.0217 (Delta ~ (E log lambda - h(eps))/alpha).
  const EpsStar hi = eps_star(1e20);
  REQUIRE(hi.status == Status::Ok);
  CHECK(EpsPcaTheory(1e20, hi.value * 0.99).collapse_margin() < 0);
  CHECK(EpsPcaTheory(1e20, hi.value * 1.01).collapse_margin() > 0);
  CHECK(hi.value > 0.5 / std::log(1e20));
  CHECK(hi.value < 2 / std::log(1e20));
  // The model refuses alpha outside [1e-20, 1e20] (bad input naming the parameter).
  for (const char* a : {"1e-300", "1e-21", "1e21", "1e300"}) {
    CAPTURE(a);
    CHECK_THROWS_WITH_AS(test::make("eps-pca", {{"alpha", a}}), doctest::Contains("alpha"),
                         std::invalid_argument);
  }
  CHECK_NOTHROW(test::make("eps-pca", {{"alpha", "1e-20"}}));
  CHECK_NOTHROW(test::make("eps-pca", {{"alpha", "1e20"}}));
}

TEST_CASE("eps-pca model: minimize and fixed points find c* = eps; threshold observable") {
  auto m = test::make("eps-pca", {{"alpha", "0.25"}, {"eps", "0.5"}});
  MinimizeOptions mo;
  mo.random_starts = 6;
  const MinimizeResult r = minimize(*m, mo);
  REQUIRE(r.status == Status::Ok);
  CHECK(r.minima[0].x[0] == doctest::Approx(0.5).epsilon(1e-8));
  FixedPointOptions fo;
  fo.random_starts = 6;
  const FixedPointResult fp = find_fixed_points(*m, fo);
  bool found = false;
  for (const auto& p : fp.points) found = found || std::abs(p.x[0] - 0.5) < 1e-8;
  CHECK(found);
  // sigma2 scales eps, the cutoff and eps* together.
  auto m2 = test::make("eps-pca", {{"alpha", "0.25"}, {"eps", "1"}, {"sigma2", "2"}});
  const auto names = m2->observable_names();
  const Vec o1 = m->observables(m->initial_state()), o2 = m2->observables(m2->special_points()[0].x);
  auto at = [&](const Vec& o, const std::string& n) {
    return o[std::find(names.begin(), names.end(), n) - names.begin()];
  };
  CHECK(at(o2, "eps_star") == doctest::Approx(2 * at(o1, "eps_star")));
  CHECK(at(o2, "ge_opt") == doctest::Approx(at(o1, "ge_opt")));
  CHECK(at(o2, "c_opt") == doctest::Approx(1.0));
  // natural threshold: eps on (l-, 1), the root of collapse_margin.
  const auto nt = m->hints().natural_threshold;
  CHECK(nt.parameter == "eps");
  CHECK(nt.observable == "collapse_margin");
  CHECK(nt.lo == doctest::Approx(0.25));
  CHECK(nt.hi == doctest::Approx(1.0));
  // Regime codes across the threshold (0 retain-all below l-, 1 interior, 2 collapse). For eps > 1
  // the collapse window ends at the partner of eps* = 0.7242 above 1 (h(1.43) ~ h(0.7242)):
  // eps = 1.3 collapses, eps = 2.5 is interior with c* = eps_low. For alpha = 4 (l- = 1 > eps*
  // = 0.4003) there is no interior regime.
  for (const auto& [alpha, eps, code] :
       {std::tuple{"0.25", "0.2", 0}, {"0.25", "0.5", 1}, {"0.25", "0.9", 2}, {"0.25", "1.3", 2},
        {"0.25", "2.5", 1}, {"4", "0.3", 0}, {"4", "0.5", 2}}) {
    CAPTURE(alpha);
    CAPTURE(eps);
    auto mm = test::make("eps-pca", {{"alpha", alpha}, {"eps", eps}});
    CHECK(at(mm->observables(mm->initial_state()), "regime") == code);
  }
  // sim_d > 0: the *_sim observables from sampled covariances (d = 200, 3 draws): ge within
  // t SE + 2/d of the theory (t for 3 draws, tests/statistics.hpp) (the finite-d allowance of the d = 500 test above).
  auto ms = test::make("eps-pca", {{"alpha", "0.5"}, {"eps", "0.3"}, {"sim_d", "200"}, {"sim_reps", "3"}});
  const auto sn = ms->observable_names();
  const Vec so = ms->observables(ms->special_points()[0].x);
  auto sat = [&](const std::string& n) { return so[std::find(sn.begin(), sn.end(), n) - sn.begin()]; };
  CHECK(test::within_error_bar(sat("ge_sim"), sat("ge"), sat("ge_sim_se"), test::error_bar(3), 2.0 / 200));
  CHECK(sat("variance_sim") < 1.0 / 200);
  CHECK_THROWS_WITH_AS(test::make("eps-pca", {{"sim_d", "5"}}), doctest::Contains("parameter 'sim_d'"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(test::make("eps-pca", {{"alpha", "0"}}),
                       doctest::Contains("parameter 'alpha'"), std::invalid_argument);
}
