// Gaussian expectations of an activation given through its Hermite expansion, emitted as
// elementary instructions of a Tape (so they run on double and on the Jets of JetModel, and value
// numbering shares the node values and coefficients between calls).
//
// Contract. An activation g is named (tanh; sigmoid = 1/(1 + e^-x); erf = erf(x/sqrt 2), the
// activation of erf_I2 & co, for checks) or given by its probabilists' Hermite coefficients
// a_0..a_D: g(x) = sum_j a_j He_j(x) (a polynomial). For fields u_a, u_b of a zero-mean Gaussian
// with covariance C, variances q_a = C_aa, q_b = C_bb > 0 and correlation
// rho = C_ab / sqrt(q_a q_b), and f1, f2 in {g, g', g''}, the two-point function is Mehler's
// series (docs/models.md, "Hermite activations")
//
//   E[f1(u_a) f2(u_b)] = sum_{k=0}^{K} c_k(f1; q_a) c_k(f2; q_b) rho^k,
//   c_k(f; q) = E[f(sqrt(q) z) h_k(z)], h_k = He_k / sqrt(k!), z ~ N(0, 1)
//
// (in probabilists' coefficients of f(sqrt(q) .), b_k = c_k / sqrt(k!), the sum reads
// sum_k b_k b'_k k! rho^k). The variance-dependent coefficients c_k(f; q) are computed inside the
// program by N-node Gauss-Hermite quadrature (lib/gauss/quadrature.hpp) of f(sqrt(q) x_n) h_k(x_n),
// so their derivatives in q are exact derivatives of the quadrature. Truncation error: by
// Cauchy-Schwarz at most |rho|^{K+1} sqrt(t_K(f1; q_a) t_K(f2; q_b)) with the tails
// t_K(f; q) = sum_{k>K} c_k(f; q)^2 = E[f(sqrt(q) z)^2] - sum_{k<=K} c_k^2; for a polynomial of
// degree D with K >= D (the default) and N >= D + 1 nodes the result is exact up to rounding.
// When both fields are the same index (a == b) the series is replaced by the 1-D quadrature
// E[f1(u) f2(u)] = sum_n w_n f1(sqrt(q) x_n) f2(sqrt(q) x_n) (no truncation, rho = 1).
//
// The expectations offered, named by the activation's name NAME in model files:
//   NAME_I2(C, a, b)    = E[g(u_a) g(u_b)]
//   NAME_J2(C, a, b)    = E[g'(u_a) g'(u_b)]
//   NAME_I3(C, a, b, c) = E[g'(u_a) u_b g(u_c)] = C_ab E[g''(u_a) g(u_c)] + C_bc E[g'(u_a) g'(u_c)]
//                         (Gaussian integration by parts in the linear factor u_b: exact).
//   NAME_I4(C, a, b, c, d) = E[g'(u_a) g'(u_b) g(u_c) g(u_d)] (the O(lr^2) SGD term): no reduction
//                         to two-point functions exists, so it is a nested rule
//                         (hermite_four_point.cpp): an outer 2-D rule over the whitened g' fields
//                         (a, b), and, given them, the conditional two-point function of the g
//                         fields (c, d) (conditional means linear in the outer variables, fixed
//                         conditional covariance) as a Mehler series whose coefficients are
//                         computed at every outer node. Outer rule: the trapezoidal rule of step
//                         h = 40 / nodes (0.4 by default) on the whitened plane, cut where the
//                         Gaussian weight falls below 1e-16 (exponentially convergent for the
//                         analytic integrands of tanh, sigmoid, erf: error ~ exp(-pi^2 / (h sqrt q))
//                         for tanh at variance q); for hermite(...) a tensor Gauss-Hermite rule of
//                         2D nodes (exact). Inner: Mehler order ceil(0.3 order) with nodes/4
//                         Gauss-Hermite nodes rounded down to even (12 and 24 by default; for
//                         hermite(...) the order D and nodes of the two-point series: exact).
//                         Errors measured in docs/models.md. The conditional covariance may be
//                         singular (a g field that is a linear function of the g' fields, e.g. at
//                         the perfect point of a committee): the value is right there, but its
//                         derivative (on Jets) is not finite, as that of sqrt(0). a and b must not
//                         be perfectly correlated unless they are the same index.
#pragma once

#include "lib/expr/builder.hpp"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace summit::expr {

struct HermiteActivation {
  enum class Kind { Tanh, Sigmoid, Erf, Series };
  Kind kind = Kind::Tanh;
  std::vector<double> coefficients;  // Series: probabilists' a_0..a_D
  int order = 40;                    // K: the last term of the Mehler series
  int nodes = 100;                   // N: Gauss-Hermite nodes for c_k(f; q) (even)
};

// The named activation ("tanh", "sigmoid", "erf") with the default order and nodes; throws
// std::invalid_argument for other names.
HermiteActivation named_activation(const std::string& name);

// g(x) = sum_j a_j He_j(x); order D and D + 2 nodes rounded up to even (exact for polynomials).
HermiteActivation series_activation(const std::vector<double>& probabilists_coefficients);

enum class HermiteQuantity { I2, J2, I3, I4 };

// Emits the expectations of one activation into one TapeBuilder, keeping the coefficients
// c_k(f; q) and node values of every variance register it has seen, so that a later call with the
// same variance reuses them without rebuilding (value numbering would find them too, but slowly).
class HermiteEmitter {
 public:
  HermiteEmitter(TapeBuilder& b, HermiteActivation g);
  // The expectation `what` of g at the covariance entries `cov` (gauss::Cov2 order for I2, J2:
  // aa, bb, ab; gauss::Cov3 order for I3: aa, bb, cc, ab, ac, bc; gauss::Cov4 order for I4: aa, bb,
  // cc, dd, ab, ac, ad, bc, bd, cd); `fields` are the field indices (a, b[, c[, d]]), used only to
  // recognise equal fields.
  Val expectation(HermiteQuantity what, const std::vector<Val>& cov, const std::vector<int>& fields);

 private:
  struct Nodes {  // f, f', f'' at sqrt(q) x_n for the positive nodes, and at -sqrt(q) x_n
    std::vector<std::array<Val, 3>> plus, minus;
  };
  using Key = std::tuple<bool, double, int>;
  // g, g', g'' at y.
  std::array<Val, 3> derivatives_at(const Val& y);
  const Nodes& nodes_at(const Val& q);
  const std::vector<Val>& coefficients(const Val& q, int d);
  Val pair(int d1, int d2, const Val& qa, const Val& qb, const Val& cab, bool same_field);
  static Key key(const Val& v) { return {v.is_const, v.is_const ? v.c : 0.0, v.reg}; }

  // The four-point function (hermite_four_point.cpp).
  struct Outer {  // the outer rule at one (a, b) block (u_a = l11 x, u_b = l21 x + l22 y)
    bool same = false;          // a == b: a rule on the line, u_a = u_b
    Val l11, l21, l22;
    std::vector<Val> weight;    // rule weight times g'(u_a) g'(u_b), per node
    std::vector<Val> ga, gb;    // g(u_a), g(u_b), per node
  };
  struct Field {  // a g field c given the outer node: u_c = alpha x + beta y + N(0, s)
    Val alpha, beta, s;
    std::vector<std::vector<Val>> coefficients;  // [node][k]: c_k(g(m + .); s), k <= inner order
    std::vector<std::vector<Val>> values;        // [node][n]: g(m + sqrt(s) x_n), inner nodes
  };
  Val four_point(const std::vector<Val>& cov, const std::vector<int>& fields);
  const Outer& outer_at(const Val& qa, const Val& qb, const Val& cab, bool same);
  const Field& field_at(const Outer& o, const Val& qc, const Val& cac, const Val& cbc);
  void make_outer_rules();

  TapeBuilder& b_;
  HermiteActivation g_;
  int parity_ = 0;  // g(-x) = parity g(x) (+1, -1), or 0
  std::vector<double> x_, w_;           // positive Gauss-Hermite nodes, weights
  std::vector<std::vector<double>> h_;  // h_[k][n] = h_k(x_n)
  std::map<std::tuple<bool, double, int>, Nodes> nodes_;
  std::map<std::pair<std::tuple<bool, double, int>, int>, std::vector<Val>> coefficients_;
  // Four-point rules (constants): outer nodes on the line (x) and the plane (x, y) with weights
  // (halved by parity when g has one), and the inner Gauss-Hermite rule with h_k at its nodes.
  int inner_order_ = 0;
  std::vector<double> line_x_, line_w_, plane_x_, plane_y_, plane_w_, inner_x_, inner_w_;
  std::vector<std::vector<double>> inner_h_;  // inner_h_[k][n] = h_k(inner_x_[n])
  std::map<std::tuple<Key, Key, Key, bool>, std::unique_ptr<Outer>> outers_;
  std::map<std::tuple<const Outer*, Key, Key, Key>, std::unique_ptr<Field>> fields_;
};

}  // namespace summit::expr
