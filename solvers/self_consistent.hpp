// Self-consistent equations x = F(x): damped Picard iteration, Anderson acceleration and Newton's
// method with the exact Jacobian, certified by the residual of the undamped map.
//
// Vector unknowns directly; matrix unknowns flattened into a vector (Eigen::Map); complex
// unknowns through solve_complex_fixed_point, which iterates on (Re, Im).
//
// Contract: status Ok only when the undamped residual max|F(x) - x| <= tol; otherwise a failed
// status (non-finite, diverged, oscillating, stalled, iteration limit) with a message and the
// last iterate.
#pragma once

#include "lib/model.hpp"
#include "solvers/status.hpp"

#include <Eigen/Core>

#include <functional>
#include <string>
#include <vector>

namespace summit {

// F: x -> F(x). The Jacobian version also returns dF/dx.
using FixedPointMap = std::function<void(const Vec& x, Vec& fx)>;
using FixedPointMapJacobian = std::function<void(const Vec& x, Vec& fx, Mat& dfdx)>;

struct SelfConsistentOptions {
  // auto: Newton when a Jacobian is given (falling back to Anderson if Newton fails), else Anderson.
  enum class Method { Auto, Picard, Anderson, Newton } method = Method::Auto;
  double damping = 0.5;      // mixing: x <- x + damping (F(x) - x)   (Picard and Anderson)
  int anderson_depth = 6;    // history length of Anderson acceleration
  double tol = 1e-12;        // certificate: max|F(x) - x| <= tol (the undamped map)
  int max_iterations = 5000;
  double divergence_bound = 1e12;
  int stall_window = 200;    // no 1% decrease of the best residual over this many iterations
};

struct SelfConsistentResult {
  Status status = Status::Ok;
  std::string message;
  Vec x;                      // the last iterate (the solution when status == Ok)
  double residual = INFINITY; // max|F(x) - x| at x
  int iterations = 0;
  int evaluations = 0;        // evaluations of F (or of F and its Jacobian)
  std::string method;         // the method that produced x
};

SelfConsistentResult solve_fixed_point(const FixedPointMap& F, const Vec& x0,
                                       const SelfConsistentOptions& o = {});
SelfConsistentResult solve_fixed_point(const FixedPointMapJacobian& F, const Vec& x0,
                                       const SelfConsistentOptions& o = {});

// Complex unknowns: F acts on complex vectors; solved on the real vector (Re z, Im z) by Picard
// or Anderson (auto = Anderson; Newton needs a real Jacobian and is not offered here).
using ComplexFixedPointMap = std::function<void(const Eigen::VectorXcd& z, Eigen::VectorXcd& fz)>;
struct ComplexSelfConsistentResult {
  SelfConsistentResult real;  // status, residual, iterations, method
  Eigen::VectorXcd z;         // empty when the options were rejected (status invalid-input)
};
ComplexSelfConsistentResult solve_complex_fixed_point(const ComplexFixedPointMap& F,
                                                      const Eigen::VectorXcd& z0,
                                                      const SelfConsistentOptions& o = {});

}  // namespace summit
