#include "solvers/lyapunov_coefficient.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include <cmath>
#include <complex>

namespace summit {

namespace {
using CVec = Eigen::VectorXcd;
using CMat = Eigen::MatrixXcd;
using cd = std::complex<double>;
}  // namespace

bool first_lyapunov_coefficient(const Model& model, const Vec& x, LyapunovCoefficient& out,
                                std::string* why, double fd_step) {
  auto fail = [why](const char* w) {
    if (why) *why = w;
    return false;
  };
  const int n = model.dim();
  Vec F;
  Mat J;
  model.drift_jacobian(x, F, J);
  Eigen::ComplexEigenSolver<CMat> es(J.cast<cd>(), true);
  if (es.info() != Eigen::Success) return fail("eigen decomposition failed");
  int best = -1;
  for (int i = 0; i < n; ++i) {
    const cd l = es.eigenvalues()[i];
    if (l.imag() > 0 && (best < 0 || std::abs(l.real()) < std::abs(es.eigenvalues()[best].real())))
      best = i;
  }
  if (best < 0) return fail("no complex eigenvalue pair: not a Hopf point");
  const double omega = es.eigenvalues()[best].imag();
  CVec q = es.eigenvectors().col(best);
  q /= q.norm();
  // The adjoint eigenvector: J^T p = -i omega p (the eigenvalue of J^T nearest -i omega).
  Eigen::ComplexEigenSolver<CMat> et(J.transpose().cast<cd>(), true);
  int pb = 0;
  for (int i = 1; i < n; ++i)
    if (std::abs(et.eigenvalues()[i] - cd(0, -omega)) < std::abs(et.eigenvalues()[pb] - cd(0, -omega)))
      pb = i;
  CVec p = et.eigenvectors().col(pb);
  const cd s = p.dot(q);  // p^H q
  if (std::abs(s) < 1e-12) return fail("adjoint eigenvector orthogonal to the eigenvector");
  p /= std::conj(s);

  const Vec a = q.real(), b = q.imag();
  const double h = fd_step * (1 + x.norm());
  auto jac = [&](const Vec& y) {
    Vec Fy;
    Mat Jy;
    model.drift_jacobian(y, Fy, Jy);
    return Jy;
  };
  // Central differences with steps h and 2h, combined by Richardson extrapolation (the O(h^2)
  // terms cancel).
  auto first = [&](const Vec& u) -> Mat {
    const Mat d1 = (jac(x + h * u) - jac(x - h * u)) / (2 * h);
    const Mat d2 = (jac(x + 2 * h * u) - jac(x - 2 * h * u)) / (4 * h);
    return (4 * d1 - d2) / 3;
  };
  auto second = [&](const Vec& u) -> Mat {
    const Mat d1 = (jac(x + h * u) - 2 * J + jac(x - h * u)) / (h * h);
    const Mat d2 = (jac(x + 2 * h * u) - 2 * J + jac(x - 2 * h * u)) / (4 * h * h);
    return (4 * d1 - d2) / 3;
  };
  const Mat Da = first(a), Db = first(b);
  const Mat Caa = second(a), Cbb = second(b), Cab = (second(a + b) - second(a - b)) / 4;
  // B(q, z) = Da z + i Db z, B(qbar, z) = Da z - i Db z (z complex).
  auto Bq = [&](const CVec& z) -> CVec { return Da.cast<cd>() * z + cd(0, 1) * (Db.cast<cd>() * z); };
  auto Bqbar = [&](const CVec& z) -> CVec { return Da.cast<cd>() * z - cd(0, 1) * (Db.cast<cd>() * z); };
  // C(q, q, w) = Caa w - Cbb w + 2 i Cab w, applied to w = qbar = a - i b.
  auto Cqq = [&](const Vec& w) -> CVec {
    return (Caa * w - Cbb * w).cast<cd>() + cd(0, 2) * (Cab * w).cast<cd>();
  };
  const CVec Cqqqbar = Cqq(a) - cd(0, 1) * Cqq(b);
  const CVec Bqqbar = Bq(q.conjugate());
  const CVec Bqq = Bq(q);
  if (!(std::abs(J.determinant()) > 1e-14))
    return fail("the Jacobian is singular (a zero eigenvalue: zero-Hopf point)");
  const Eigen::PartialPivLU<CMat> A(J.cast<cd>());
  const CVec r1 = A.solve(Bqqbar);
  const CMat shifted = cd(0, 2 * omega) * CMat::Identity(n, n) - J.cast<cd>();
  const CVec r2 = shifted.partialPivLu().solve(Bqq);
  const cd total = p.dot(Cqqqbar) - 2.0 * p.dot(Bq(r1)) + p.dot(Bqbar(r2));
  out.l1 = total.real() / (2 * omega);
  out.omega = omega;
  if (!std::isfinite(out.l1)) return fail("non-finite Lyapunov coefficient");
  return true;
}

}  // namespace summit
