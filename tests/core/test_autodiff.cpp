// Exact derivatives with Jets (lib/autodiff/jets.hpp) against closed forms and finite differences.
#include "lib/autodiff/jets.hpp"
#include "lib/gauss/scalar.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace summit;

namespace {
// f(x) = sum_i sin(x_i) x_{i+1}^2 + exp(x_0 x_{n-1}); 11 inputs so that blocks of 8 are partial.
template <class T>
T scalar_fn(const T* x, int n) {
  using std::exp;
  using std::sin;
  T s = gauss::lift<T>(0.0);
  for (int i = 0; i + 1 < n; ++i) s += sin(x[i]) * x[i + 1] * x[i + 1];
  return s + exp(x[0] * x[n - 1] * gauss::lift<T>(0.1));
}
}  // namespace

TEST_CASE("autodiff: gradient and Hessian equal the analytic derivatives") {
  const int n = 11;
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, -1.0, 1.3);
  Eigen::VectorXd g;
  const double f = autodiff::gradient([&](const auto* xj) { return scalar_fn(xj, n); }, x, g);
  CHECK(f == doctest::Approx(scalar_fn(x.data(), n)).epsilon(1e-15));
  // Analytic gradient and Hessian.
  Eigen::VectorXd ga = Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd Ha = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i + 1 < n; ++i) {
    ga[i] += std::cos(x[i]) * x[i + 1] * x[i + 1];
    ga[i + 1] += 2 * std::sin(x[i]) * x[i + 1];
    Ha(i, i) += -std::sin(x[i]) * x[i + 1] * x[i + 1];
    Ha(i, i + 1) += 2 * std::cos(x[i]) * x[i + 1];
    Ha(i + 1, i) += 2 * std::cos(x[i]) * x[i + 1];
    Ha(i + 1, i + 1) += 2 * std::sin(x[i]);
  }
  const double e = std::exp(0.1 * x[0] * x[n - 1]);
  ga[0] += 0.1 * x[n - 1] * e;
  ga[n - 1] += 0.1 * x[0] * e;
  Ha(0, 0) += 0.01 * x[n - 1] * x[n - 1] * e;
  Ha(n - 1, n - 1) += 0.01 * x[0] * x[0] * e;
  Ha(0, n - 1) += 0.1 * e + 0.01 * x[0] * x[n - 1] * e;
  Ha(n - 1, 0) = Ha(0, n - 1);
  // Forward-mode derivatives are exact up to rounding: 1e-13 relative.
  CHECK((g - ga).cwiseAbs().maxCoeff() < 1e-13);
  Eigen::MatrixXd H;
  autodiff::hessian([&](const auto* xj) { return scalar_fn(xj, n); }, x, H);
  CHECK((H - Ha).cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("autodiff: Jacobian of a vector function in several blocks") {
  const int n = 19;  // three passes of 8 directions
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, 0.1, 2.0);
  auto f = [&](const auto* xj, auto* out) {
    using std::log;
    for (int i = 0; i < n; ++i) out[i] = log(xj[i]) * xj[(i + 3) % n];
  };
  Eigen::VectorXd fx;
  Eigen::MatrixXd J;
  autodiff::jacobian(f, x, n, fx, J);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < n; ++k) {
      double expect = 0;
      if (k == i) expect += x[(i + 3) % n] / x[i];
      if (k == (i + 3) % n) expect += std::log(x[i]);
      CHECK(J(i, k) == doctest::Approx(expect).epsilon(1e-14));
    }
}
