// Random-matrix laws and the Dyson solver against closed forms, exact moments and sampled matrices.
#include "lib/rmt/laws.hpp"

#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>

#include <cmath>
#include <random>

using namespace summit::rmt;

namespace {
// (1/N) tr (H - z)^{-1} from the eigenvalues of a sampled matrix.
cplx empirical_stieltjes(const Eigen::VectorXd& ev, cplx z) {
  cplx s = 0;
  for (int i = 0; i < ev.size(); ++i) s += 1.0 / (ev[i] - z);
  return s / double(ev.size());
}
// Symmetric N x N matrix with a block variance profile: blocks of sizes phi_a N, entries of
// variance S_ab / N.
Eigen::MatrixXd sample_profile(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, int N,
                               std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> G;
  std::vector<int> block(N);
  int i0 = 0;
  for (int a = 0; a < phi.size(); ++a) {
    const int n = a + 1 == phi.size() ? N - i0 : int(std::lround(phi[a] / phi.sum() * N));
    for (int i = 0; i < n; ++i) block[i0 + i] = a;
    i0 += n;
  }
  Eigen::MatrixXd H(N, N);
  for (int i = 0; i < N; ++i)
    for (int j = i; j < N; ++j) H(i, j) = H(j, i) = G(rng) * std::sqrt(S(block[i], block[j]) / N);
  return H;
}
}  // namespace

TEST_CASE("rmt: semicircle and Marchenko-Pastur closed forms") {
  const Semicircle sc{2.0};
  // Exact moments: mass 1, second moment sigma2, fourth 2 sigma2^2 (Catalan numbers); the
  // Chebyshev rule is exact for polynomials of degree < 2n.
  CHECK(sc.integrate([](double) { return 1.0; }) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(sc.integrate([](double x) { return x * x; }) == doctest::Approx(2.0).epsilon(1e-14));
  CHECK(sc.integrate([](double x) { return x * x * x * x; }) == doctest::Approx(8.0).epsilon(1e-14));
  // m(z) = int rho/(x - z): the quadrature of 1/(x - z) for z away from the support.
  for (const cplx z : {cplx(0.3, 1.0), cplx(-4.0, 0.2), cplx(5.0, 0.0), cplx(-5.0, 0.0)}) {
    const double re = sc.integrate([&](double x) { return (1.0 / (x - z)).real(); }, 400);
    const double im = sc.integrate([&](double x) { return (1.0 / (x - z)).imag(); }, 400);
    CHECK(std::abs(sc.stieltjes(z) - cplx(re, im)) < 1e-8);
  }
  for (const double q : {0.25, 1.0, 2.0}) {
    CAPTURE(q);
    const MarchenkoPastur mp{q, 1.5};
    // mass 1 (atom included); mean sigma2; second moment sigma2^2 (1 + q)
    CHECK(mp.integrate([](double) { return 1.0; }, 200) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(mp.integrate([](double x) { return x; }, 200) == doctest::Approx(1.5).epsilon(1e-12));
    CHECK(mp.integrate([](double x) { return x * x; }, 200) ==
          doctest::Approx(1.5 * 1.5 * (1 + q)).epsilon(1e-12));
    // m(z) against the quadrature of 1/(x - z) (atom included), in the upper half-plane and on
    // the real axis on both sides of the support (where the branch choice matters for q > 1).
    for (const cplx z : {cplx(1.0, 0.5), cplx(-1.0, 0.0), cplx(12.0, 0.0)}) {
      CAPTURE(z);
      const double re = mp.integrate([&](double x) { return (1.0 / (x - z)).real(); }, 2000);
      const double im = mp.integrate([&](double x) { return (1.0 / (x - z)).imag(); }, 2000);
      CHECK(std::abs(mp.stieltjes(z) - cplx(re, im)) < 1e-9);
    }
  }
}

TEST_CASE("rmt: sampled Wishart and Wigner spectra follow the laws") {
  // d = 400, n = 800: (1/n) X X^T. Fluctuations of (1/d) tr resolvent at Im z = 0.5 are O(1/d):
  // tolerance 0.01.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> G;
  const int d = 400, n = 800;
  Eigen::MatrixXd X(d, n);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < n; ++j) X(i, j) = G(rng);
  const Eigen::VectorXd ev =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(X * X.transpose() / n).eigenvalues();
  const MarchenkoPastur mp{0.5, 1.0};
  for (const cplx z : {cplx(1.0, 0.5), cplx(2.5, 0.5), cplx(0.2, 0.5)})
    CHECK(std::abs(empirical_stieltjes(ev, z) - mp.stieltjes(z)) < 0.01);
  // The largest eigenvalue sits at the edge up to Tracy-Widom fluctuations: scale
  // sigma_TW = d^{-2/3} (1 + sqrt q)(1 + 1/sqrt q)^{1/3} = 0.042, TW1 mean -1.21 sigma, sd 1.27
  // sigma: |lambda_max - edge| < 0.05 + 3 sd = 0.21 (measured 0.072).
  CHECK(std::abs(ev.maxCoeff() - mp.edges().second) < 0.21);
}

TEST_CASE("rmt: the Dyson equation with one block is the semicircle; with two, it matches samples") {
  Eigen::MatrixXd S1(1, 1);
  S1 << 2.0;
  const Eigen::VectorXd phi1 = Eigen::VectorXd::Ones(1);
  const Semicircle sc{2.0};
  for (const cplx z : {cplx(0.5, 0.3), cplx(-3.0, 0.01), cplx(1.0, 2.0)}) {
    const DysonResult r = solve_dyson(S1, phi1, z);
    REQUIRE(r.converged);
    CHECK(std::abs(r.m[0] - sc.stieltjes(z)) < 1e-11);
  }
  CHECK(dyson_right_edge(S1, phi1) == doctest::Approx(2 * std::sqrt(2.0)).epsilon(1e-9));
  CHECK(dyson_density(S1, phi1, 0.7, 1e-8) == doctest::Approx(sc.density(0.7)).epsilon(1e-6));

  // A two-block variance profile (block sizes 1/3, 2/3): the average Stieltjes transform and the
  // right edge against a sampled N = 1200 matrix (resolvent fluctuations O(1/N) at Im z = 0.3;
  // edge fluctuations ~ N^{-2/3}).
  Eigen::MatrixXd S(2, 2);
  S << 3.0, 0.5, 0.5, 1.0;
  Eigen::VectorXd phi(2);
  phi << 1.0 / 3, 2.0 / 3;
  const Eigen::VectorXd ev =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(sample_profile(S, phi, 1200, 5)).eigenvalues();
  for (const cplx z : {cplx(0.0, 0.3), cplx(1.5, 0.3), cplx(-2.5, 0.3)}) {
    const DysonResult r = solve_dyson(S, phi, z);
    REQUIRE(r.converged);
    const cplx avg = (phi[0] * r.m[0] + phi[1] * r.m[1]) / phi.sum();
    CHECK(std::abs(empirical_stieltjes(ev, z) - avg) < 0.01);
  }
  // Tracy-Widom-sized fluctuations of the top eigenvalue: N^{-2/3} ~ 0.009 times an O(1) scale.
  MESSAGE("two-block edge " << dyson_right_edge(S, phi) << ", sampled top eigenvalue " << ev.maxCoeff());
  CHECK(std::abs(ev.maxCoeff() - dyson_right_edge(S, phi)) < 0.1);
}

TEST_CASE("rmt: the edge with m there, and the real solution above the edge") {
  // One block: semicircle of variance sigma2: E+ = 2 sigma, m(E+) = -1/sigma, and for x > E+ the
  // real Stieltjes transform (closed form), for scales from 1e-8 to 1e6 (the edge search is
  // scale-invariant).
  for (const double sigma2 : {1e-8, 0.3, 2.0, 1e6}) {
    CAPTURE(sigma2);
    Eigen::MatrixXd S1(1, 1);
    S1 << sigma2;
    const Eigen::VectorXd phi1 = Eigen::VectorXd::Ones(1);
    const DysonEdge e = dyson_edge(S1, phi1);
    CHECK(e.polished);
    CHECK(e.x == doctest::Approx(2 * std::sqrt(sigma2)).epsilon(1e-12));
    CHECK(e.m[0] == doctest::Approx(-1 / std::sqrt(sigma2)).epsilon(1e-10));
    const Semicircle sc{sigma2};
    for (const double r : {1.0 + 1e-9, 1.001, 1.5, 10.0}) {
      const double x = r * e.x;
      const DysonRealResult s = solve_dyson_real(S1, phi1, x);
      REQUIRE(s.converged);
      CHECK(s.m[0] == doctest::Approx(sc.stieltjes(cplx(x, 0)).real()).epsilon(1e-9));
      CHECK(s.radius < 1);
    }
    // Below the edge there is no real solution.
    CHECK_FALSE(solve_dyson_real(S1, phi1, 0.999 * e.x).converged);
  }
  // Two blocks: m(x) on the real axis above the edge against the complex solver (a different
  // algorithm: the averaged iteration) at x + 1e-10 i; the edge value m(E+) against m(E+ + d),
  // which differs by O(sqrt d) at a square-root edge.
  Eigen::MatrixXd S(2, 2);
  S << 0.5, 12.0, 12.0, 23.5;
  Eigen::VectorXd phi(2);
  phi << 0.5, 0.5;
  const DysonEdge e = dyson_edge(S, phi);
  CHECK(e.polished);
  for (const double r : {1.01, 1.2, 3.0}) {
    const DysonRealResult s = solve_dyson_real(S, phi, r * e.x);
    REQUIRE(s.converged);
    const DysonResult c = solve_dyson(S, phi, cplx(r * e.x, 1e-10));
    REQUIRE(c.converged);
    CHECK(std::abs(s.m[0] - c.m[0].real()) < 1e-8);
    CHECK(std::abs(s.m[1] - c.m[1].real()) < 1e-8);
  }
  const DysonRealResult near = solve_dyson_real(S, phi, e.x * (1 + 1e-10));
  REQUIRE(near.converged);
  CHECK((near.m - e.m).cwiseAbs().maxCoeff() < 1e-3 * e.m.cwiseAbs().maxCoeff());
  // The stability operator is singular at the edge: spectral radius of diag(m^2) S diag(phi) = 1.
  const Eigen::MatrixXd B = e.m.array().square().matrix().asDiagonal() * S * phi.asDiagonal();
  CHECK(B.eigenvalues().cwiseAbs().maxCoeff() == doctest::Approx(1.0).epsilon(1e-10));
  CHECK_THROWS_AS(dyson_edge(Eigen::MatrixXd::Zero(2, 2), phi), std::invalid_argument);
  // The density close to the edge (eta = 1e-9, where the averaged iteration alone is too slow)
  // against the semicircle.
  Eigen::MatrixXd S1(1, 1);
  S1 << 1.0;
  CHECK(dyson_density(S1, Eigen::VectorXd::Ones(1), 1.999, 1e-9) ==
        doctest::Approx(Semicircle{1.0}.density(1.999)).epsilon(1e-4));
}
