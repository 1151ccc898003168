// Selected coordinates of the committee drift (private to models/committee; included at the end
// of committee_impl.hpp so that every explicit instantiation of Committee<Act> sees it).
//
// Contract: Committee<Act>::drift_rows(x, rows, out) sets out[k] = drift(x)[rows[k]], computed
// with the same formulas as drift_t in the same order, so it equals drift() up to rounding (the
// B(i, b) sums are accumulated in the same order: bitwise equal in practice).
//
// Why: a coordinate needs only its own expectations. dR_in needs B(i, K+n); dQ_ik needs B(i, k)
// and B(k, i) (and, for SGD, the n(n+1)/2 four-point terms of the pair (i, k)); each B(i, b) is
// n three-point terms. The whole drift costs K n^2 three-point terms; one coordinate per orbit
// of a symmetry subgroup (solvers/symmetric_search: the reduced drift is sqrt(orbit size) times
// the drift at the orbit's first coordinate) costs about 2 n per orbit: at K = M = 20 with ~20
// orbits, 1,600 terms instead of 32,000.
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace summit::committee {

template <class Act>
void Committee<Act>::drift_rows(const Vec& x, const std::vector<int>& rows, Vec& out) const {
  const Config& c = this->c_;
  const int K = c.K, M = c.M, n = K + M, dim = this->layout_.size();
  const Block& qb = this->layout_.block("Q");
  const Block& rb = this->layout_.block("R");
  // What each coordinate is: kind 0 = Q(i, k), 1 = R(i, m), 2 = v(i).
  struct Coord {
    int kind = -1, i = 0, k = 0;
  };
  std::vector<Coord> what(dim);
  for (int i = 0; i < K; ++i) {
    for (int k = i; k < K; ++k) what[qb.index(i, k)] = {0, i, k};
    for (int m = 0; m < M; ++m) what[rb.index(i, m)] = {1, i, m};
  }
  if (c.train_v) {
    const Block& vb = this->layout_.block("v");
    for (int i = 0; i < K; ++i) what[vb.index(i)] = {2, i, 0};
  }
  std::vector<double> C, w;
  unpack(x.data(), C, w);
  auto cv = [&](int a, int b) { return C[a * n + b]; };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> B(K * n, nan);  // computed on demand
  std::vector<double> Berf;           // erf: the fused closed form, all at once
  auto Bof = [&](int i, int b) {
    if constexpr (std::is_same_v<Act, gauss::Erf>) {
      if (Berf.empty()) {
        Berf.assign(K * n, 0.0);
        erf_B(C, w, Berf);
      }
      return Berf[i * n + b];
    } else {
      double& s = B[i * n + b];
      if (std::isnan(s)) {
        s = 0.0;
        for (int cc = 0; cc < n; ++cc)
          s += w[cc] * Act::I3(gauss::Cov3<double>{cv(i, i), cv(b, b), cv(cc, cc), cv(i, b),
                                                   cv(i, cc), cv(b, cc)});
      }
      return s;
    }
  };
  const double lr = c.lr, wd = c.wd, s2 = c.noise * c.noise;
  out.resize(static_cast<Eigen::Index>(rows.size()));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r] < 0 || rows[r] >= dim)
      throw std::out_of_range("committee drift_rows: coordinate " + std::to_string(rows[r]) +
                              " outside 0.." + std::to_string(dim - 1));
    const Coord q = what[rows[r]];
    const int i = q.i, k = q.k;
    double d = 0;
    if (q.kind == 1) {
      d = -wd * cv(i, K + k) - lr * w[i] * Bof(i, K + k);
    } else if (q.kind == 0) {
      d = -2.0 * wd * cv(i, k) - lr * (w[i] * Bof(i, k) + w[k] * Bof(k, i));
      if (!c.gradient_flow) {
        double quad = 0;
        if constexpr (std::is_same_v<Act, gauss::Erf>) {
          quad = erf_quad(C, w, i, k);
        } else {
          for (int a = 0; a < n; ++a)
            for (int b = a; b < n; ++b)
              quad += (a == b ? 1.0 : 2.0) * w[a] * w[b] *
                      Act::I4(gauss::Cov4<double>{cv(i, i), cv(k, k), cv(a, a), cv(b, b),
                                                  cv(i, k), cv(i, a), cv(i, b), cv(k, a),
                                                  cv(k, b), cv(a, b)});
        }
        if (s2 > 0) quad += s2 * Act::J2(gauss::Cov2<double>{cv(i, i), cv(k, k), cv(i, k)});
        d += lr * lr * w[i] * w[k] * quad;
      }
    } else {
      double s = 0;
      for (int a = 0; a < n; ++a) s += w[a] * Act::I2(gauss::Cov2<double>{cv(i, i), cv(a, a), cv(i, a)});
      d = wd * w[i] + c.lr2 * s;
    }
    out[static_cast<Eigen::Index>(r)] = d;
  }
}

}  // namespace summit::committee
