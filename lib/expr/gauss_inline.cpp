#include "lib/expr/gauss_inline.hpp"

#include <numbers>

namespace summit::expr {

namespace {

struct Emit {
  TapeBuilder& b;
  Val add(const Val& x, const Val& y) { return b.apply(Op::Add, {x, y}); }
  Val sub(const Val& x, const Val& y) { return b.apply(Op::Sub, {x, y}); }
  Val mul(const Val& x, const Val& y) { return b.apply(Op::Mul, {x, y}); }
  Val div(const Val& x, const Val& y) { return b.apply(Op::Div, {x, y}); }
  Val sqrt(const Val& x) { return b.apply(Op::Sqrt, {x}); }
  static Val c(double v) { return TapeBuilder::constant(v); }
};

}  // namespace

bool inline_erf(TapeBuilder& b, Op op, const std::vector<Val>& v, Val& out) {
  Emit e{b};
  const double two_pi = 2.0 / std::numbers::pi;
  switch (op) {
    case Op::ErfI2: {  // (2/pi) asin(C_ab / sqrt((1 + C_aa)(1 + C_bb)))
      const Val& aa = v[0]; const Val& bb = v[1]; const Val& ab = v[2];
      const Val r = e.div(ab, e.sqrt(e.mul(e.add(e.c(1), aa), e.add(e.c(1), bb))));
      out = e.mul(e.c(two_pi), b.apply(Op::AsinClamped, {r}));
      return true;
    }
    case Op::ErfJ2: {  // (2/pi) / sqrt((1 + C_aa)(1 + C_bb) - C_ab^2)
      const Val& aa = v[0]; const Val& bb = v[1]; const Val& ab = v[2];
      const Val l = e.sub(e.mul(e.add(e.c(1), aa), e.add(e.c(1), bb)), e.mul(ab, ab));
      out = e.div(e.c(two_pi), e.sqrt(l));
      return true;
    }
    case Op::ErfI3: {  // (2/pi) [C_bc a1 - C_ab C_ac] / (a1 sqrt(L3)), L3 = a1 (1 + C_cc) - C_ac^2
      const Val& aa = v[0]; const Val& cc = v[2]; const Val& ab = v[3]; const Val& ac = v[4];
      const Val& bc = v[5];
      const Val a1 = e.add(e.c(1), aa);
      const Val l3 = e.sub(e.mul(a1, e.add(e.c(1), cc)), e.mul(ac, ac));
      const Val factor = e.div(e.c(two_pi), e.mul(a1, e.sqrt(l3)));  // depends on (a, c) only
      out = e.mul(factor, e.sub(e.mul(bc, a1), e.mul(ab, ac)));
      return true;
    }
    case Op::ErfI4: {  // (4/pi^2) asin(L0 / sqrt(L1 L2)) / sqrt(L4), lib/gauss/erf.hpp
      const Val& aa = v[0]; const Val& bb = v[1]; const Val& cc = v[2]; const Val& dd = v[3];
      const Val& ab = v[4]; const Val& ac = v[5]; const Val& ad = v[6]; const Val& bc = v[7];
      const Val& bd = v[8]; const Val& cd = v[9];
      const Val a1 = e.add(e.c(1), aa), b1 = e.add(e.c(1), bb);
      const Val l4 = e.sub(e.mul(a1, b1), e.mul(ab, ab));
      // With P(x) = C_ab C_ax - a1 C_bx and R(x) = C_ab C_bx - b1 C_ax (functions of (a, b, x)):
      //   L0 = L4 C_cd + C_bd P(c) + C_ad R(c),  L1 = L4 (1 + C_cc) + C_bc P(c) + C_ac R(c),
      // and L2 likewise with d. The same instructions for x = c and x = d, so that value numbering
      // computes P, R and 1/sqrt(L1) once per (a, b, x) across calls.
      auto P = [&](const Val& ax, const Val& bx) { return e.sub(e.mul(ab, ax), e.mul(a1, bx)); };
      auto R = [&](const Val& ax, const Val& bx) { return e.sub(e.mul(ab, bx), e.mul(b1, ax)); };
      auto inv_sqrt_l = [&](const Val& xx, const Val& ax, const Val& bx) {
        const Val l = e.add(e.add(e.mul(l4, e.add(e.c(1), xx)), e.mul(bx, P(ax, bx))), e.mul(ax, R(ax, bx)));
        return e.div(e.c(1), e.sqrt(l));
      };
      const Val rc = inv_sqrt_l(cc, ac, bc), rd = inv_sqrt_l(dd, ad, bd);
      const Val l0 = e.add(e.add(e.mul(l4, cd), e.mul(bd, P(ac, bc))), e.mul(ad, R(ac, bc)));
      const Val factor = e.div(e.c(4.0 / (std::numbers::pi * std::numbers::pi)), e.sqrt(l4));
      out = e.mul(factor, b.apply(Op::AsinClamped, {e.mul(l0, e.mul(rc, rd))}));
      return true;
    }
    default: return false;
  }
}

}  // namespace summit::expr
