#include "lib/expr/hermite_inline.hpp"

#include "lib/gauss/hermite.hpp"
#include "lib/gauss/quadrature.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace summit::expr {

namespace {

Val c(double v) { return TapeBuilder::constant(v); }

// g(-x) = p g(x): -1 for the odd named activations, from the coefficients for a series
// (He_j has the parity of j), 0 when g has neither parity.
int parity_of(const HermiteActivation& g) {
  switch (g.kind) {
    case HermiteActivation::Kind::Tanh:
    case HermiteActivation::Kind::Erf: return -1;
    case HermiteActivation::Kind::Sigmoid: return 0;
    case HermiteActivation::Kind::Series: {
      bool odd = false, even = false;
      for (std::size_t j = 0; j < g.coefficients.size(); ++j)
        if (g.coefficients[j] != 0.0) (j % 2 ? odd : even) = true;
      return odd && even ? 0 : (odd ? -1 : 1);
    }
  }
  return 0;
}

}  // namespace

HermiteActivation named_activation(const std::string& name) {
  HermiteActivation g;
  if (name == "tanh") g.kind = HermiteActivation::Kind::Tanh;
  else if (name == "sigmoid") g.kind = HermiteActivation::Kind::Sigmoid;
  else if (name == "erf") g.kind = HermiteActivation::Kind::Erf;
  else throw std::invalid_argument("activation '" + name + "': allowed tanh, sigmoid, erf or hermite(a0, a1, ...)");
  return g;
}

HermiteActivation series_activation(const std::vector<double>& a) {
  HermiteActivation g;
  g.kind = HermiteActivation::Kind::Series;
  g.coefficients = a;
  const int degree = static_cast<int>(a.size()) - 1;
  g.order = degree;
  g.nodes = degree + 2 + (degree % 2);  // >= D + 1 and even: exact for f(x) h_k(x), k <= D
  return g;
}

HermiteEmitter::HermiteEmitter(TapeBuilder& b, HermiteActivation g) : b_(b), g_(std::move(g)) {
  if (g_.nodes < 2 || g_.nodes % 2 || g_.nodes > 400 || g_.order < 0)
    throw std::invalid_argument("HermiteEmitter: nodes = " + std::to_string(g_.nodes) + ", order = " +
                                std::to_string(g_.order) + "; allowed an even number of nodes in 2..400, order >= 0");
  parity_ = parity_of(g_);
  const gauss::Rule& r = gauss::gauss_hermite(g_.nodes);
  for (int n = 0; n < r.size(); ++n)
    if (r.x[n] > 0) {
      x_.push_back(r.x[n]);
      w_.push_back(r.w[n]);
    }
  h_.assign(g_.order + 1, std::vector<double>(x_.size()));
  for (int k = 0; k <= g_.order; ++k)
    for (std::size_t n = 0; n < x_.size(); ++n) h_[k][n] = gauss::hermite_h(k, x_[n]);
  make_outer_rules();
}

std::array<Val, 3> HermiteEmitter::derivatives_at(const Val& y) {
  auto mul = [&](const Val& u, const Val& v) { return b_.apply(Op::Mul, {u, v}); };
  auto sub = [&](const Val& u, const Val& v) { return b_.apply(Op::Sub, {u, v}); };
  switch (g_.kind) {
    case HermiteActivation::Kind::Tanh: {  // tanh' = 1 - t^2, tanh'' = -2 t (1 - t^2)
      const Val t = b_.apply(Op::Tanh, {y});
      const Val d1 = sub(c(1), mul(t, t));
      return {t, d1, mul(c(-2), mul(t, d1))};
    }
    case HermiteActivation::Kind::Sigmoid: {  // sigma = (1 + tanh(y/2))/2, sigma' = (1 - t^2)/4
      const Val t = b_.apply(Op::Tanh, {mul(c(0.5), y)});
      const Val d1 = mul(c(0.25), sub(c(1), mul(t, t)));
      return {b_.apply(Op::Add, {c(0.5), mul(c(0.5), t)}), d1, mul(c(-1), mul(t, d1))};
    }
    case HermiteActivation::Kind::Erf: {  // erf(y/sqrt2)' = sqrt(2/pi) e^{-y^2/2}, '' = -y (')
      const Val d1 = mul(c(std::sqrt(2 / std::numbers::pi)),
                         b_.apply(Op::Exp, {mul(c(-0.5), mul(y, y))}));
      return {b_.apply(Op::Erf, {mul(c(1 / std::numbers::sqrt2), y)}), d1, mul(c(-1), mul(y, d1))};
    }
    case HermiteActivation::Kind::Series: {  // He_{j+1} = y He_j - j He_{j-1}
      const auto& a = g_.coefficients;
      std::vector<Val> he{c(1), y};
      for (std::size_t j = 1; j + 1 < a.size(); ++j)
        he.push_back(sub(mul(y, he[j]), mul(c(double(j)), he[j - 1])));
      Val f = c(0), f1 = c(0), f2 = c(0);
      for (std::size_t j = 0; j < a.size(); ++j) {
        const double jd = double(j);
        f = b_.apply(Op::Add, {f, mul(c(a[j]), he[j])});
        if (j >= 1) f1 = b_.apply(Op::Add, {f1, mul(c(jd * a[j]), he[j - 1])});
        if (j >= 2) f2 = b_.apply(Op::Add, {f2, mul(c(jd * (jd - 1) * a[j]), he[j - 2])});
      }
      return {f, f1, f2};
    }
  }
  return {c(0), c(0), c(0)};
}

const HermiteEmitter::Nodes& HermiteEmitter::nodes_at(const Val& q) {
  auto it = nodes_.find(key(q));
  if (it != nodes_.end()) return it->second;
  Nodes& out = nodes_[key(q)];
  const Val s = b_.apply(Op::Sqrt, {q});
  for (double x : x_) {
    out.plus.push_back(derivatives_at(b_.apply(Op::Mul, {s, c(x)})));
    if (parity_ == 0) out.minus.push_back(derivatives_at(b_.apply(Op::Mul, {s, c(-x)})));
  }
  return out;
}

// c_k(f^(d); q) = sum over positive nodes of w_n h_k(x_n) [f(s x_n) + (-1)^k f(-s x_n)].
const std::vector<Val>& HermiteEmitter::coefficients(const Val& q, int d) {
  const auto k0 = std::make_pair(key(q), d);
  auto it = coefficients_.find(k0);
  if (it != coefficients_.end()) return it->second;
  const Nodes& nd = nodes_at(q);
  const int p = parity_ == 0 ? 0 : (d % 2 ? -parity_ : parity_);  // parity of f^(d)
  std::vector<Val> cs;
  for (int k = 0; k <= g_.order; ++k) {
    const int sign = k % 2 ? -1 : 1;  // h_k(-x) = (-1)^k h_k(x)
    Val acc = c(0);
    if (p == 0 || p == sign) {
      for (std::size_t n = 0; n < x_.size(); ++n) {
        const double wh = w_[n] * h_[k][n];
        const Val term =
            p == 0 ? b_.apply(Op::Add, {nd.plus[n][d], b_.apply(Op::Mul, {c(sign), nd.minus[n][d]})})
                   : b_.apply(Op::Mul, {c(2), nd.plus[n][d]});
        acc = b_.apply(Op::Add, {acc, b_.apply(Op::Mul, {c(wh), term})});
      }
    }
    cs.push_back(acc);
  }
  return coefficients_[k0] = std::move(cs);
}

// E[f^(d1)(u_a) f^(d2)(u_b)].
Val HermiteEmitter::pair(int d1, int d2, const Val& qa, const Val& qb, const Val& cab, bool same_field) {
  if (same_field) {  // sum_n w_n f1 f2 at +-sqrt(q) x_n
    const Nodes& nd = nodes_at(qa);
    Val acc = c(0);
    for (std::size_t n = 0; n < x_.size(); ++n) {
      Val both = b_.apply(Op::Mul, {nd.plus[n][d1], nd.plus[n][d2]});
      if (parity_ == 0)
        both = b_.apply(Op::Add, {both, b_.apply(Op::Mul, {nd.minus[n][d1], nd.minus[n][d2]})});
      else if ((d1 + d2) % 2)
        continue;  // f1 f2 is odd
      else
        both = b_.apply(Op::Mul, {c(2), both});
      acc = b_.apply(Op::Add, {acc, b_.apply(Op::Mul, {c(w_[n]), both})});
    }
    return acc;
  }
  const std::vector<Val>& ca = coefficients(qa, d1);
  const std::vector<Val>& cb = coefficients(qb, d2);  // std::map: references stay valid
  const Val rho = b_.apply(Op::Div, {cab, b_.apply(Op::Sqrt, {b_.apply(Op::Mul, {qa, qb})})});
  Val acc = c(0);  // Horner in rho
  for (int k = g_.order; k >= 0; --k)
    acc = b_.apply(Op::Add, {b_.apply(Op::Mul, {acc, rho}), b_.apply(Op::Mul, {ca[k], cb[k]})});
  return acc;
}

Val HermiteEmitter::expectation(HermiteQuantity what, const std::vector<Val>& v, const std::vector<int>& f) {
  switch (what) {
    case HermiteQuantity::I2: return pair(0, 0, v[0], v[1], v[2], f[0] == f[1]);
    case HermiteQuantity::J2: return pair(1, 1, v[0], v[1], v[2], f[0] == f[1]);
    case HermiteQuantity::I3: {  // C_ab E[g''(a) g(c)] + C_bc E[g'(a) g'(c)]
      const Val& aa = v[0]; const Val& cc = v[2]; const Val& ab = v[3]; const Val& ac = v[4];
      const Val& bc = v[5];
      const bool same = f[0] == f[2];
      return b_.apply(Op::Add, {b_.apply(Op::Mul, {ab, pair(2, 0, aa, cc, ac, same)}),
                                b_.apply(Op::Mul, {bc, pair(1, 1, aa, cc, ac, same)})});
    }
    case HermiteQuantity::I4: return four_point(v, f);
  }
  return c(0);
}

}  // namespace summit::expr
