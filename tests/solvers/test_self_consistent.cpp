// The self-consistent solver on maps with known fixed points.
#include "solvers/self_consistent.hpp"

#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include <cmath>
#include <complex>

using namespace summit;
using Method = SelfConsistentOptions::Method;

TEST_CASE("self-consistent: x = cos x (the Dottie number) by every method") {
  const FixedPointMapJacobian F = [](const Vec& x, Vec& fx, Mat& J) {
    fx = x.array().cos();
    J = Mat(x.array().sin().matrix().asDiagonal()) * -1.0;
  };
  // 0.739085133215160641655312087673873404... (the unique real root of cos x = x)
  const double dottie = 0.7390851332151607;
  for (Method m : {Method::Picard, Method::Anderson, Method::Newton, Method::Auto}) {
    SelfConsistentOptions o;
    o.method = m;
    const SelfConsistentResult r = solve_fixed_point(F, Vec::Constant(1, 0.1), o);
    CAPTURE(r.method);
    REQUIRE(r.status == Status::Ok);
    CHECK(r.residual <= o.tol);
    CHECK(std::abs(r.x[0] - dottie) < 1e-11);  // |x - x*| <= residual / (1 - |F'|) ~ 2 tol
  }
}

TEST_CASE("self-consistent: where damped Picard fails, Anderson and Newton succeed") {
  // F(x) = A x + b with an eigenvalue -3 of A: damped Picard (damping 0.5) has the iteration
  // matrix (I + A)/2 with eigenvalue -1, so it cannot converge; the exact answer is
  // x* = (I - A)^{-1} b. Anderson on an affine map is GMRES-like and converges in ~n+1 steps.
  Mat A(3, 3);
  A << -3, 0.2, 0, 0.1, 0.5, 0.3, 0, 0.2, -0.4;
  const Vec b{{1.0, -2.0, 0.5}};
  const Vec xstar = (Mat::Identity(3, 3) - A).lu().solve(b);
  const FixedPointMapJacobian F = [&](const Vec& x, Vec& fx, Mat& J) {
    fx = A * x + b;
    J = A;
  };
  SelfConsistentOptions o;
  o.method = Method::Picard;
  const SelfConsistentResult p = solve_fixed_point(F, Vec::Zero(3), o);
  CHECK(p.status != Status::Ok);
  MESSAGE("damped Picard: " << std::string(to_string(p.status)) << " - " << p.message);
  CHECK((p.status == Status::Oscillating || p.status == Status::Stalled));
  o.method = Method::Anderson;
  const SelfConsistentResult a = solve_fixed_point(F, Vec::Zero(3), o);
  REQUIRE(a.status == Status::Ok);
  CHECK((a.x - xstar).lpNorm<Eigen::Infinity>() < 1e-11);
  CHECK(a.iterations <= 10);
  o.method = Method::Newton;
  const SelfConsistentResult n = solve_fixed_point(F, Vec::Zero(3), o);
  REQUIRE(n.status == Status::Ok);
  CHECK(n.iterations == 1);  // exact for an affine map
  CHECK((n.x - xstar).lpNorm<Eigen::Infinity>() < 1e-12);
}

TEST_CASE("self-consistent: a matrix unknown, X = (X + A X^{-1}) / 2 has X = A^{1/2}") {
  Mat A(3, 3);
  A << 4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2;
  const FixedPointMap F = [&](const Vec& x, Vec& fx) {
    const Eigen::Map<const Mat> X(x.data(), 3, 3);
    const Mat Y = 0.5 * (X + A * X.inverse());
    fx = Eigen::Map<const Vec>(Y.data(), 9);
  };
  SelfConsistentOptions o;
  o.method = Method::Anderson;
  const Mat I = Mat::Identity(3, 3);
  const SelfConsistentResult r = solve_fixed_point(F, Eigen::Map<const Vec>(I.data(), 9), o);
  REQUIRE(r.status == Status::Ok);
  const Eigen::Map<const Mat> X(r.x.data(), 3, 3);
  CHECK((X * X - A).lpNorm<Eigen::Infinity>() < 1e-10);
}

TEST_CASE("self-consistent: complex unknown, the semicircle Stieltjes transform g = 1/(z - g)") {
  // Closed form g(z) = (z - sqrt(z - 2) sqrt(z + 2)) / 2, the branch with Im g < 0 for Im z > 0.
  for (const std::complex<double> z : {std::complex<double>(1.0, 0.5), {-2.5, 0.1}, {0.0, 2.0}}) {
    const ComplexFixedPointMap F = [&](const Eigen::VectorXcd& g, Eigen::VectorXcd& fg) {
      fg = Eigen::VectorXcd::Constant(1, 1.0 / (z - g[0]));
    };
    const ComplexSelfConsistentResult r =
        solve_complex_fixed_point(F, Eigen::VectorXcd::Constant(1, {0.0, -1.0}));
    REQUIRE(r.real.status == Status::Ok);
    const std::complex<double> exact = 0.5 * (z - std::sqrt(z - 2.0) * std::sqrt(z + 2.0));
    CAPTURE(z);
    CHECK(std::abs(r.z[0] - exact) < 1e-11);
  }
}

TEST_CASE("self-consistent: failures are statuses") {
  SelfConsistentOptions o;
  o.method = Method::Picard;
  o.damping = 1.0;
  // x -> 2x + 1 (undamped) runs away from its fixed point -1.
  const FixedPointMap grow = [](const Vec& x, Vec& fx) { fx = 2 * x + Vec::Ones(x.size()); };
  CHECK(solve_fixed_point(grow, Vec::Zero(1), o).status == Status::Diverged);
  // x -> 2 - x (undamped) alternates between 0 and 2 around its fixed point 1.
  const FixedPointMap flip = [](const Vec& x, Vec& fx) { fx = 2 * Vec::Ones(x.size()) - x; };
  CHECK(solve_fixed_point(flip, Vec::Zero(1), o).status == Status::Oscillating);
  // A map that returns NaN.
  const FixedPointMap bad = [](const Vec& x, Vec& fx) { fx = Vec::Constant(x.size(), NAN); };
  CHECK(solve_fixed_point(bad, Vec::Zero(2), o).status == Status::NonFinite);
  // Too few iterations for a slow contraction (rate 0.999).
  const FixedPointMap slow = [](const Vec& x, Vec& fx) { fx = 0.999 * x + Vec::Ones(x.size()); };
  o.max_iterations = 50;
  CHECK(solve_fixed_point(slow, Vec::Zero(1), o).status == Status::MaxSteps);
  o.damping = 0;
  CHECK(solve_fixed_point(slow, Vec::Zero(1), o).status == Status::InvalidInput);
  o.damping = 0.5;
  o.method = Method::Newton;
  CHECK(solve_fixed_point(slow, Vec::Zero(1), o).status == Status::InvalidInput);
}
