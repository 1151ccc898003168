// Internal to solvers/integrate: a stepper with dense output behind one small interface.
// Kept free of C++20-only headers: rosenbrock.cpp is compiled as C++17 because Boost 1.74's
// uBLAS (which odeint's rosenbrock4 requires) uses std::allocator members removed in C++20.
#pragma once

#include "lib/model.hpp"

#include <memory>
#include <utility>

namespace summit::detail {

class Dense {
 public:
  virtual ~Dense() = default;
  virtual std::pair<double, double> step() = 0;  // one accepted step: (t_old, t_new)
  virtual void state_at(double t, Vec& x) = 0;   // dense output within the last step
  virtual void current(Vec& x) = 0;
};

// Rosenbrock4 (Kaps-Rentrop, L-stable) with error control and the model's exact Jacobian.
std::unique_ptr<Dense> make_rosenbrock4(const Model& m, const Vec& x0, double abs_tol,
                                        double rel_tol, double dt0, long& nrhs, long& njac);

}  // namespace summit::detail
