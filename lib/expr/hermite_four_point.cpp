// The four-point function NAME_I4(C, a, b, c, d) = E[g'(u_a) g'(u_b) g(u_c) g(u_d)] of a Hermite
// activation, emitted as elementary instructions (contract and error in hermite_inline.hpp; the
// method and its measured error in docs/models.md, "Hermite activations").
//
// Why hand-written: the integrand's parameters (the covariance) are registers of the flat program,
// so no library quadrature can run inside it; the rules themselves are fixed at set-up (the
// Gauss-Hermite rules of lib/gauss/quadrature.hpp and a trapezoidal grid).
//
// Method. Whiten the g' fields: u_a = l11 x, u_b = l21 x + l22 y with x, y independent N(0, 1)
// (l11 = sqrt(C_aa), l21 = C_ab / l11, l22 = sqrt(C_bb - l21^2); for a == b only x). Given (x, y),
// every other field is Gaussian, u_c = alpha_c x + beta_c y + e_c with alpha_c = C_ac / l11,
// beta_c = (C_bc - l21 alpha_c) / l22 and e independent of (x, y) with covariance
// S_cd = C_cd - alpha_c alpha_d - beta_c beta_d. So
//
//   I4 = E_{x,y}[ g'(u_a) g'(u_b) Psi_cd(x, y) ],  Psi_cd = E[g(m_c + e_c) g(m_d + e_d)],
//
// with m_c = alpha_c x + beta_c y, and Psi is a two-point function with means: Mehler's series
// sum_k c_k(g(m_c + .); s_c) c_k(g(m_d + .); s_d) r^k, s_c = S_cc, r = S_cd / sqrt(s_c s_d)
// (clamped to [-1, 1]; r = 0 where s_c s_d < 1e-300, where the c_k, k >= 1, vanish). c == d uses
// the 1-D rule sum_n w_n g(m_c + sqrt(s_c) x_n)^2 and a field equal to a or b is g(u_a) or g(u_b)
// at the node. The coefficients of one field at every outer node are shared by all the calls
// with the same (a, b) block and field, so the sum over (c, d) of an SGD drift costs one set of
// coefficients per field, not per pair. When g is odd or even the integrand is even under
// (x, y) -> (-x, -y), so only half of the outer nodes are used, with doubled weights.
#include "lib/expr/hermite_inline.hpp"

#include "lib/gauss/hermite.hpp"
#include "lib/gauss/quadrature.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace summit::expr {

namespace {

Val c(double v) { return TapeBuilder::constant(v); }

// Keeps one node of each pair (x, y), (-x, -y) of a symmetric rule, with doubled weight, when
// `half` (the origin keeps its weight).
void push_node(bool half, double x, double y, double w, std::vector<double>& xs, std::vector<double>& ys,
               std::vector<double>& ws) {
  if (half) {
    if (y < 0 || (y == 0 && x < 0)) return;
    if (x != 0 || y != 0) w *= 2;
  }
  xs.push_back(x);
  ys.push_back(y);
  ws.push_back(w);
}

}  // namespace

void HermiteEmitter::make_outer_rules() {
  const bool series = g_.kind == HermiteActivation::Kind::Series;
  const bool half = parity_ != 0;
  std::vector<double> x1, w1;  // the 1-D outer rule
  if (series) {  // Gauss-Hermite, exact: the integrand is a polynomial of degree <= 4D - 2 per variable
    const int degree = static_cast<int>(g_.coefficients.size()) - 1;
    const gauss::Rule& r = gauss::gauss_hermite(std::max(2, 2 * degree));
    x1 = r.x;
    w1 = r.w;
  } else {  // trapezoid of step h on the Gaussian weight, cut where h phi(x) < 1e-16
    const double h = 40.0 / g_.nodes;
    const double phi0 = 1 / std::sqrt(2 * std::numbers::pi);
    for (int j = -1000; j <= 1000; ++j) {
      const double x = j * h, w = h * phi0 * std::exp(-x * x / 2);
      if (w >= 1e-16) {
        x1.push_back(x);
        w1.push_back(w);
      }
    }
  }
  for (std::size_t i = 0; i < x1.size(); ++i) {
    std::vector<double> unused;
    push_node(half, x1[i], 0, w1[i], line_x_, unused, line_w_);
  }
  for (std::size_t i = 0; i < x1.size(); ++i)
    for (std::size_t j = 0; j < x1.size(); ++j)
      if (series || w1[i] * w1[j] >= 1e-16) push_node(half, x1[i], x1[j], w1[i] * w1[j], plane_x_, plane_y_, plane_w_);
  // The inner Mehler series: for a polynomial the order and nodes of the two-point series (exact).
  int inner_nodes = g_.nodes;
  inner_order_ = g_.order;
  if (!series) {
    inner_order_ = (3 * g_.order + 9) / 10;  // ceil(0.3 order)
    inner_nodes = std::max(2, g_.nodes / 4 / 2 * 2);
  }
  const gauss::Rule& r = gauss::gauss_hermite(inner_nodes);
  inner_x_ = r.x;
  inner_w_ = r.w;
  inner_h_.assign(inner_order_ + 1, std::vector<double>(inner_x_.size()));
  for (int k = 0; k <= inner_order_; ++k)
    for (std::size_t n = 0; n < inner_x_.size(); ++n) inner_h_[k][n] = gauss::hermite_h(k, inner_x_[n]);
}

const HermiteEmitter::Outer& HermiteEmitter::outer_at(const Val& qa, const Val& qb, const Val& cab, bool same) {
  auto& slot = outers_[{key(qa), key(qb), key(cab), same}];
  if (slot) return *slot;
  slot = std::make_unique<Outer>();
  Outer& o = *slot;
  o.same = same;
  o.l11 = b_.apply(Op::Sqrt, {qa});
  if (!same) {
    o.l21 = b_.apply(Op::Div, {cab, o.l11});
    o.l22 = b_.apply(Op::Sqrt, {b_.apply(Op::Sub, {qb, b_.apply(Op::Mul, {o.l21, o.l21})})});
  }
  const std::size_t n = same ? line_x_.size() : plane_x_.size();
  for (std::size_t j = 0; j < n; ++j) {
    const double x = same ? line_x_[j] : plane_x_[j];
    const Val ua = b_.apply(Op::Mul, {o.l11, c(x)});
    const auto da = derivatives_at(ua);
    Val ub = ua;
    auto db = da;
    if (!same) {
      ub = b_.apply(Op::Add, {b_.apply(Op::Mul, {o.l21, c(x)}), b_.apply(Op::Mul, {o.l22, c(plane_y_[j])})});
      db = derivatives_at(ub);
    }
    const double w = same ? line_w_[j] : plane_w_[j];
    o.weight.push_back(b_.apply(Op::Mul, {c(w), b_.apply(Op::Mul, {da[1], db[1]})}));
    o.ga.push_back(da[0]);
    o.gb.push_back(db[0]);
  }
  return o;
}

const HermiteEmitter::Field& HermiteEmitter::field_at(const Outer& o, const Val& qc, const Val& cac, const Val& cbc) {
  auto& slot = fields_[{&o, key(qc), key(cac), key(cbc)}];
  if (slot) return *slot;
  slot = std::make_unique<Field>();
  Field& f = *slot;
  f.alpha = b_.apply(Op::Div, {cac, o.l11});
  f.beta = o.same ? c(0) : b_.apply(Op::Div, {b_.apply(Op::Sub, {cbc, b_.apply(Op::Mul, {o.l21, f.alpha})}), o.l22});
  // s_c >= 0 up to rounding (C PSD); clamp so that a singular C gives sqrt(0), not NaN.
  const Val explained = b_.apply(Op::Add, {b_.apply(Op::Mul, {f.alpha, f.alpha}), b_.apply(Op::Mul, {f.beta, f.beta})});
  f.s = b_.apply(Op::Max, {b_.apply(Op::Sub, {qc, explained}), c(0)});
  const Val sigma = b_.apply(Op::Sqrt, {f.s});
  std::vector<Val> shift;  // sqrt(s_c) x_n
  for (double xn : inner_x_) shift.push_back(b_.apply(Op::Mul, {sigma, c(xn)}));
  const std::size_t n = o.weight.size();
  for (std::size_t j = 0; j < n; ++j) {
    const double x = o.same ? line_x_[j] : plane_x_[j], y = o.same ? 0.0 : plane_y_[j];
    const Val m = b_.apply(Op::Add, {b_.apply(Op::Mul, {f.alpha, c(x)}), b_.apply(Op::Mul, {f.beta, c(y)})});
    std::vector<Val> values;
    for (const Val& sh : shift) values.push_back(derivatives_at(b_.apply(Op::Add, {m, sh}))[0]);
    std::vector<Val> cs;
    for (int k = 0; k <= inner_order_; ++k) {
      Val acc = c(0);
      for (std::size_t i = 0; i < values.size(); ++i)
        acc = b_.apply(Op::Add, {acc, b_.apply(Op::Mul, {c(inner_w_[i] * inner_h_[k][i]), values[i]})});
      cs.push_back(acc);
    }
    f.values.push_back(std::move(values));
    f.coefficients.push_back(std::move(cs));
  }
  return f;
}

Val HermiteEmitter::four_point(const std::vector<Val>& v, const std::vector<int>& f) {
  // Cov4 order: aa, bb, cc, dd, ab, ac, ad, bc, bd, cd.
  const Val &aa = v[0], &bb = v[1], &cc = v[2], &dd = v[3], &ab = v[4], &ac = v[5], &ad = v[6], &bc = v[7],
            &bd = v[8], &cd = v[9];
  const Outer& o = outer_at(aa, bb, ab, f[0] == f[1]);
  // Role of a g field: 0 = u_a, 1 = u_b (known at the node), 2 = a conditional field.
  auto role = [&](int x) { return x == f[0] ? 0 : (x == f[1] ? 1 : 2); };
  const int rc = role(f[2]), rd = role(f[3]);
  const Field* fc = rc == 2 ? &field_at(o, cc, ac, bc) : nullptr;
  const Field* fd = rd == 2 ? (f[3] == f[2] ? fc : &field_at(o, dd, ad, bd)) : nullptr;
  Val r;  // the conditional correlation of c and d
  if (fc && fd && fc != fd) {
    const Val s_cd = b_.apply(Op::Sub, {cd, b_.apply(Op::Add, {b_.apply(Op::Mul, {fc->alpha, fd->alpha}),
                                                                  b_.apply(Op::Mul, {fc->beta, fd->beta})})});
    const Val var = b_.apply(Op::Max, {b_.apply(Op::Mul, {fc->s, fd->s}), c(1e-300)});
    r = b_.apply(Op::Div, {s_cd, b_.apply(Op::Sqrt, {var})});
    r = b_.apply(Op::Max, {b_.apply(Op::Min, {r, c(1)}), c(-1)});
  }
  auto known = [&](int role_x, std::size_t j) { return role_x == 0 ? o.ga[j] : o.gb[j]; };
  Val total = c(0);
  for (std::size_t j = 0; j < o.weight.size(); ++j) {
    Val psi;
    if (!fc && !fd) {
      psi = b_.apply(Op::Mul, {known(rc, j), known(rd, j)});
    } else if (!fc || !fd) {  // one known factor times E[g(m + e)] = c_0
      psi = b_.apply(Op::Mul, {known(fc ? rd : rc, j), (fc ? fc : fd)->coefficients[j][0]});
    } else if (fc == fd) {  // E[g(m + e)^2]: the 1-D rule
      psi = c(0);
      for (std::size_t n = 0; n < inner_w_.size(); ++n)
        psi = b_.apply(Op::Add, {psi, b_.apply(Op::Mul, {c(inner_w_[n]), b_.apply(Op::Mul, {fc->values[j][n], fc->values[j][n]})})});
    } else {  // Mehler, Horner in r
      psi = c(0);
      for (int k = inner_order_; k >= 0; --k)
        psi = b_.apply(Op::Add, {b_.apply(Op::Mul, {psi, r}), b_.apply(Op::Mul, {fc->coefficients[j][k], fd->coefficients[j][k]})});
    }
    total = b_.apply(Op::Add, {total, b_.apply(Op::Mul, {o.weight[j], psi})});
  }
  return total;
}

}  // namespace summit::expr
