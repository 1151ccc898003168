// Random-matrix laws and the (block) Dyson equation.
//
// Convention: the Stieltjes transform of a probability measure rho is
//   m(z) = int rho(x) / (x - z) dx,   Im m > 0 for Im z > 0,   m(z) ~ -1/z at infinity.
//
// - Semicircle(sigma2): eigenvalues of a Wigner matrix with entries of variance sigma2/N;
//   rho(x) = sqrt(4 sigma2 - x^2) / (2 pi sigma2) on [-2 sigma, 2 sigma]; m solves
//   sigma2 m^2 + z m + 1 = 0.
// - MarchenkoPastur(q, sigma2): eigenvalues of (1/n) X X^T, X of size d x n with i.i.d. entries of
//   variance sigma2, q = d/n; edges sigma2 (1 -+ sqrt q)^2; an atom 1 - 1/q at 0 when q > 1;
//   m solves q sigma2 z m^2 + (z - sigma2 (1 - q)) m + 1 = 0.
// - Integrals against the continuous parts use x = c + r cos(theta) and Gauss-Chebyshev
//   quadrature of the second kind, which absorbs the square-root edges exactly (exact for
//   polynomial f times the semicircle; smooth f converges spectrally). For MP with q = 1 the
//   x^{-1/2} singularity at 0 is removed first by x = u^2.
// - solve_dyson: the quadratic vector equation -1/m_a(z) = z + sum_b phi_b S_ab m_b(z) (a block
//   variance profile: blocks of relative sizes phi_b, entry variances S_ab / N), by the averaged
//   iteration m <- (m + F(m))/2, which contracts for Im z > 0 (Helton, Rashidi Far & Speicher 2007;
//   Ajanki, Erdos & Kruger 2019). The right spectral edge is where the stability operator
//   1 - diag(m^2) S diag(phi) of the real solution becomes singular (dyson_right_edge).
#pragma once

#include <Eigen/Core>

#include <complex>
#include <functional>
#include <utility>

namespace summit::rmt {

using cplx = std::complex<double>;

struct Semicircle {
  double sigma2 = 1;
  std::pair<double, double> edges() const;
  double density(double x) const;
  cplx stieltjes(cplx z) const;  // Im z > 0 (or real z outside the support)
  // int f(x) rho(x) dx with an n-point second-kind Gauss-Chebyshev rule.
  double integrate(const std::function<double(double)>& f, int n = 64) const;
};

struct MarchenkoPastur {
  double q = 0.5, sigma2 = 1;
  std::pair<double, double> edges() const;
  double atom() const { return q > 1 ? 1 - 1 / q : 0.0; }  // mass at 0
  double density(double x) const;                         // continuous part
  cplx stieltjes(cplx z) const;
  // int f(x) dmu(x), the atom included (its contribution f(0) atom()).
  double integrate(const std::function<double(double)>& f, int n = 64) const;
  // int_lo^hi f(x) rho(x) dx over the continuous part only (no atom), [lo, hi] clipped to the
  // support: x = c + r cos(theta) turns rho dx into a smooth measure in theta (the square-root
  // edges are absorbed, partial ranges included); adaptive Gauss-Kronrod in theta to relative
  // tolerance `tol` (below ~1e-11 the Kronrod error estimate hits its rounding floor and the
  // recursion would run to full depth). f may be singular at 0 only when q = 1 (then lo must be > 0).
  double integrate_range(const std::function<double(double)>& f, double lo, double hi,
                         double tol = 1e-10) const;
};

struct DysonResult {
  bool converged = false;
  int iterations = 0;
  double residual = 0;  // max_a |m_a - F(m)_a|
  Eigen::VectorXcd m;
};

// Solves -1/m_a = z + sum_b S_ab phi_b m_b for Im z > 0, from m = i (or from `start`).
DysonResult solve_dyson(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, cplx z,
                        double tol = 1e-13, int max_iterations = 200000,
                        const Eigen::VectorXcd* start = nullptr);
// The average density sum_a phi_a Im m_a(x + i eta) / (pi sum phi) at small eta. Where the
// averaged iteration is too slow (small eta near an edge) it falls back to a continuation in eta
// (halving from the spectral scale, Newton warm-started at each step). Throws
// std::runtime_error if neither converges.
double dyson_density(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double x,
                     double eta = 1e-6);
// The right edge of the support: the largest real x at which the real solution of the Dyson
// equation (continued from x = +infinity, where m ~ -1/x) loses stability, i.e. the spectral
// radius of diag(m^2) S diag(phi) reaches 1. Found by bisection to `tol` (relative to the scale
// sqrt(max_a sum_b S_ab phi_b) of the spectrum), then polished (dyson_edge).
double dyson_right_edge(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double tol = 1e-12);

// The right edge E+ and the real solution m_a(E+) there (the limit from the right; finite, < 0,
// at a square-root edge). Bisection as in dyson_right_edge, then Newton on the fold system
//   m + 1/(x + S diag(phi) m) = 0,  (I - diag(m^2) S diag(phi)) w = 0,  l.w = 1
// in (m, w, x), which converges quadratically at a regular (square-root) edge; if that Newton
// does not converge the bisection value is kept (`polished` false; m then has an error
// O(sqrt(tol))). Scale-invariant: S is normalised by max_a sum_b S_ab phi_b first. Throws
// std::invalid_argument if S diag(phi) has no positive entry (no bulk) or has a negative one.
struct DysonEdge {
  double x = 0;
  Eigen::VectorXd m;
  bool polished = false;
};
DysonEdge dyson_edge(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double tol = 1e-12);

// The real solution m_a(x) < 0 of the Dyson equation for real x above the right edge (the branch
// continued from +infinity, m = int rho_a(y)/(y - x) dy). Newton from `start`, which must be a
// super-solution (componentwise m >= F(m), e.g. 0 or the solution at any larger x): for such
// starts Newton decreases monotonically to the solution because F(m) = -1/(x + S diag(phi) m) is
// order-preserving and concave. Below the edge there is no real solution and `converged` is
// false. `radius` is the spectral radius of diag(m^2) S diag(phi) (< 1 above the edge).
struct DysonRealResult {
  bool converged = false;
  int iterations = 0;
  double radius = 0;
  Eigen::VectorXd m;
};
DysonRealResult solve_dyson_real(const Eigen::MatrixXd& S, const Eigen::VectorXd& phi, double x,
                                 const Eigen::VectorXd* start = nullptr);

}  // namespace summit::rmt
