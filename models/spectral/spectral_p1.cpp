#include "models/spectral/spectral_p1.hpp"

#include <boost/math/quadrature/sinh_sinh.hpp>
#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>

#include <cmath>
#include <numbers>

namespace summit::spectral {

SpectralPrediction predict_p1(double alpha, const std::function<double(double)>& T, double sup_T) {
  // Gaussian expectations E[h(z)] by sinh-sinh quadrature on the real line.
  boost::math::quadrature::sinh_sinh<double> ss;
  const double norm = 1 / std::sqrt(2 * std::numbers::pi);
  auto E = [&](const std::function<double(double)>& h) {
    return ss.integrate([&](double z) { return h(z) * norm * std::exp(-0.5 * z * z); });
  };
  auto psi = [&](double l) { return l * (1 / alpha + E([&](double z) { return T(z) / (l - T(z)); })); };
  auto phi = [&](double l) {
    return l * E([&](double z) { return T(z) * z * z / (l - T(z)); });
  };
  auto dpsi = [&](double l) {  // d/dl of psi, differentiated under the integral
    return 1 / alpha + E([&](double z) { const double t = T(z); return t / (l - t) - l * t / ((l - t) * (l - t)); });
  };
  auto dphi = [&](double l) {
    return E([&](double z) { const double t = T(z); return t * z * z * (1 / (l - t) - l / ((l - t) * (l - t))); });
  };
  // lambda_bar = argmin psi on (sup T, inf): psi -> +inf at both ends when sup T is attained in
  // the limit; search on a bracket in log scale.
  const double lo = sup_T * (1 + 1e-9) + 1e-12, hi = sup_T + 1e3 * (1 + std::abs(sup_T));
  const auto mn = boost::math::tools::brent_find_minima(psi, lo, hi, 52);
  SpectralPrediction p;
  const double lbar = mn.first;
  p.bulk_edge = mn.second;
  // psi = phi for lambda > lambda_bar: h = psi - phi is increasing there when an outlier exists.
  auto h = [&](double l) { return psi(l) - phi(l); };
  double a = lbar, b = lbar * 2 + 1;
  if (h(a) >= 0) return p;  // no crossing beyond lambda_bar: no outlier
  int guard = 0;
  while (h(b) < 0 && guard++ < 60) b *= 2;
  if (h(b) < 0) return p;
  boost::uintmax_t it = 200;
  const auto r = boost::math::tools::toms748_solve(
      h, a, b, [](double x, double y) { return std::abs(x - y) <= 1e-14 * std::abs(y); }, it);
  const double ls = 0.5 * (r.first + r.second);
  const double d1 = dpsi(ls), d2 = dphi(ls);
  if (!(d1 > 0)) return p;
  p.outlier = true;
  p.top_eigenvalue = psi(ls);
  p.overlap2 = d1 / (d1 - d2);
  return p;
}

}  // namespace summit::spectral
