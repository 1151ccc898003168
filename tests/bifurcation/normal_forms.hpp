// Normal forms of the codimension-one bifurcations of equilibria (Kuznetsov, "Elements of Applied
// Bifurcation Theory", 3rd ed., ch. 3) and a hysteresis S-curve, as models with one parameter p:
//   fold          x' = p - x^2                      fold at p = 0, x = 0
//   transcritical x' = p x - x^2                    branch point at p = 0 (branches x = 0, x = p)
//   pitchfork     x' = p x - x^3,  y' = -y          branch point at p = 0 (x = 0, x^2 = p)
//   hopf          x' = p x - y - x r^2, y' = x + p y - y r^2   (r^2 = x^2 + y^2): Hopf at p = 0,
//                 eigenvalues p +- i at the origin, frequency 1
//   hysteresis    x' = p + x - x^3                  folds at x = -+1/sqrt 3, p = +-2/(3 sqrt 3)
// A second state coordinate (y' = -y) is carried where the form is one-dimensional, so that the
// branch-point and fold tests also exercise a non-critical direction.
// Two parameters (p1, p2):
//   cusp          x' = p2 + p1 x - x^3, y' = -y     fold curve p1 = 3 x^2, p2 = -2 x^3
//                                                   (27 p2^2 = 4 p1^3), cusp at (0, 0)
//   bogdanov-takens  x' = y, y' = p1 + p2 x + x^2 - x y   equilibria y = 0, x^2 + p2 x + p1 = 0;
//                 trace -x: Hopf curve p1 = 0, p2 < 0 (x = 0, omega^2 = -p2), neutral saddles for
//                 p2 > 0, Bogdanov-Takens point at (0, 0) (Kuznetsov sec. 8.4)
//   pitchfork2    x' = (p1 - p2) x - x^3, y' = -y   branch-point curve p1 = p2 on x = 0
//   bautin        x' = p1 x - y + (p2 r^2 - r^4) x, y' = x + p1 y + (p2 r^2 - r^4) y   (r^2 = x^2 + y^2):
//                 z = x + i y obeys z' = (p1 + i) z + p2 z|z|^2 - z|z|^4 (Kuznetsov sec. 8.3);
//                 Hopf curve p1 = 0 (omega = 1) with first Lyapunov coefficient l1 = 2 p2 (with
//                 q^H q = 1: C(q, q, qbar) = 4 p2 q from the cubic 2 (u.v) w + ... terms), so the
//                 generalised Hopf point is (0, 0)
//   zero-hopf     the fold-Hopf normal form of Kuznetsov sec. 8.5 with a third coordinate z (the
//                 real direction) and zeta = x + i y:
//                   z' = p1 + z^2 + s |zeta|^2,  zeta' = (p2 + i w) zeta + (th + i vt) z zeta + z^2 zeta
//                 with s = 1, w = 1, th = 1, vt = 0.5 (zetaHopf* constants below). Equilibria
//                 zeta = 0, z^2 = -p1, eigenvalues 2z and p2 + th z + z^2 +- i (w + vt z): the Hopf
//                 curve is (p1, p2) = (-z^2, -th z - z^2) with omega = w + vt z, and det J =
//                 2 z omega^2 changes sign at z = 0: the zero-Hopf point (0, 0). On the centre
//                 manifold u = z - z0 = -s |zeta|^2 / (2 z0) + ..., so zeta' = i omega zeta +
//                 (th + 2 z0 + i vt) u zeta + ... and the first Lyapunov coefficient (q^H q = 1, as
//                 for bautin) is l1 = -s (th + 2 z0) / (z0 omega): a pole at the zero-Hopf point
//                 and a zero at z0 = -th / 2, the generalised Hopf point (p1, p2) = (-th^2/4, th^2/4).
#pragma once

#include "lib/gauss/scalar.hpp"
#include "lib/jet_model.hpp"
#include "solvers/continuation.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

namespace summit::test {

// The coefficients of the zero-hopf form (see the header comment).
inline constexpr double kZeroHopfS = 1, kZeroHopfOmega = 1, kZeroHopfTheta = 1, kZeroHopfVartheta = 0.5;

// One class for every form: `p` is the parameter of the one-parameter forms, (p, p2) = (p1, p2)
// of the two-parameter ones.
class NormalForm final : public JetModel<NormalForm> {
 public:
  NormalForm(std::string kind, double p, double p2 = 0) : kind_(std::move(kind)), p1_(p), p2_(p2) {
    static const char* const kinds[] = {"fold",      "transcritical",   "pitchfork", "hopf",
                                        "hysteresis", "cusp", "bogdanov-takens", "pitchfork2",
                                        "bautin", "zero-hopf"};
    if (std::find(std::begin(kinds), std::end(kinds), kind_) == std::end(kinds))
      throw std::invalid_argument("kind '" + kind_ + "'");
    layout_.add_scalar("x").add_scalar("y");
    if (kind_ == "zero-hopf") layout_.add_scalar("z");
  }
  std::string name() const override { return "normal-form-" + kind_; }
  const ParamValues& params() const override { return pv_; }
  const Layout& layout() const override { return layout_; }
  bool realisable(const Vec& x, std::string*, double = 1e-9) const override { return x.allFinite(); }
  Vec initial_state() const override { return Vec::Zero(layout_.size()); }
  Vec random_state(std::mt19937_64&) const override { return Vec::Zero(layout_.size()); }

  template <class T>
  T loss_t(const T* x) const {
    return gauss::lift<T>(0.5) * (x[0] * x[0] + x[1] * x[1]);
  }
  template <class T>
  void drift_t(const T* x, T* dx) const {
    const T p = gauss::lift<T>(p1_), p2 = gauss::lift<T>(p2_);
    dx[1] = -x[1];
    if (kind_ == "fold") {
      dx[0] = p - x[0] * x[0];
    } else if (kind_ == "transcritical") {
      dx[0] = p * x[0] - x[0] * x[0];
    } else if (kind_ == "pitchfork") {
      dx[0] = p * x[0] - x[0] * x[0] * x[0];
    } else if (kind_ == "hopf") {
      const T r2 = x[0] * x[0] + x[1] * x[1];
      dx[0] = p * x[0] - x[1] - x[0] * r2;
      dx[1] = x[0] + p * x[1] - x[1] * r2;
    } else if (kind_ == "hysteresis") {
      dx[0] = p + x[0] - x[0] * x[0] * x[0];
    } else if (kind_ == "cusp") {
      dx[0] = p2 + p * x[0] - x[0] * x[0] * x[0];
    } else if (kind_ == "bogdanov-takens") {
      dx[0] = x[1];
      dx[1] = p + p2 * x[0] + x[0] * x[0] - x[0] * x[1];
    } else if (kind_ == "bautin") {
      const T r2 = x[0] * x[0] + x[1] * x[1];
      const T g = p2 * r2 - r2 * r2;
      dx[0] = p * x[0] - x[1] + g * x[0];
      dx[1] = x[0] + p * x[1] + g * x[1];
    } else if (kind_ == "zero-hopf") {
      const T z = x[2], r2 = x[0] * x[0] + x[1] * x[1];
      const T re = p2 + gauss::lift<T>(kZeroHopfTheta) * z + z * z;
      const T im = gauss::lift<T>(kZeroHopfOmega) + gauss::lift<T>(kZeroHopfVartheta) * z;
      dx[0] = re * x[0] - im * x[1];
      dx[1] = im * x[0] + re * x[1];
      dx[2] = p + z * z + gauss::lift<T>(kZeroHopfS) * r2;
    } else {  // pitchfork2
      dx[0] = (p - p2) * x[0] - x[0] * x[0] * x[0];
    }
  }

 private:
  std::string kind_;
  double p1_, p2_;
  Layout layout_;
  ParamValues pv_;
};

inline ModelFactory normal_form(const std::string& kind) {
  return [kind](double p) { return std::make_unique<NormalForm>(kind, p); };
}

}  // namespace summit::test
