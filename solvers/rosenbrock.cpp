// odeint's rosenbrock4 behind the Dense interface. Compiled as C++17 (see detail/dense.hpp).
#include "solvers/detail/dense.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_dense_output.hpp>

#include <algorithm>

namespace summit::detail {

namespace {
namespace odeint = boost::numeric::odeint;
namespace ublas = boost::numeric::ublas;

class RosenbrockDense final : public Dense {
 public:
  using UVec = ublas::vector<double>;
  using UMat = ublas::matrix<double>;
  RosenbrockDense(const Model& m, const Vec& x0, double atol, double rtol, double dt0,
                  long& nrhs, long& njac)
      : m_(m), nrhs_(nrhs), njac_(njac),
        st_(odeint::make_dense_output(atol, rtol, odeint::rosenbrock4<double>())) {
    UVec x(x0.size());
    std::copy(x0.data(), x0.data() + x0.size(), x.begin());
    st_.initialize(x, 0.0, dt0);
  }
  std::pair<double, double> step() override {
    auto rhs = [this](const UVec& x, UVec& dx, double) {
      ++nrhs_;
      Vec xe = to_eigen(x), de;
      m_.drift(xe, de);
      std::copy(de.data(), de.data() + de.size(), dx.begin());
    };
    auto jac = [this](const UVec& x, UMat& J, double, UVec& dfdt) {
      ++njac_;
      Vec xe = to_eigen(x), de;
      Mat Je;
      m_.drift_jacobian(xe, de, Je);
      for (int i = 0; i < Je.rows(); ++i) {
        dfdt[i] = 0.0;
        for (int j = 0; j < Je.cols(); ++j) J(i, j) = Je(i, j);
      }
    };
    return st_.do_step(std::make_pair(rhs, jac));
  }
  void state_at(double t, Vec& x) override {
    UVec s(st_.current_state().size());
    st_.calc_state(t, s);
    x = to_eigen(s);
  }
  void current(Vec& x) override { x = to_eigen(st_.current_state()); }

 private:
  static Vec to_eigen(const UVec& u) {
    Vec v(u.size());
    std::copy(u.begin(), u.end(), v.data());
    return v;
  }
  const Model& m_;
  long& nrhs_;
  long& njac_;
  odeint::rosenbrock4_dense_output<odeint::rosenbrock4_controller<odeint::rosenbrock4<double>>> st_;
};

}  // namespace

std::unique_ptr<Dense> make_rosenbrock4(const Model& m, const Vec& x0, double abs_tol,
                                        double rel_tol, double dt0, long& nrhs, long& njac) {
  return std::make_unique<RosenbrockDense>(m, x0, abs_tol, rel_tol, dt0, nrhs, njac);
}

}  // namespace summit::detail
