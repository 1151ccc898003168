// transient-bbp against the direct simulation of the gradient flow on sampled data
// (models/random_matrix/transient_bbp_flow.hpp): the flow is solved in the eigenbasis of the
// sampled X X^T / T, without any of the model's formulas, and compared with the deterministic
// equivalent on the paper's setting: outlier, bulk edge and eigenvector overlap against t, and the
// window (t_on, t_off) and early-stopping time t_stop.
//
// Error bars (tests/statistics.hpp): means over n independent data sets, |mean - theory| <=
// error_bar(n) SE + bias, with the finite-N biases
// - outlier: O(1/N) (spiked Wigner-type matrices), bounded by 2/N in units of the bulk scale
//   sigma_H = E+/2;
// - edge (the second eigenvalue when an outlier is present, else the top one): the Tracy-Widom
//   mean shift -1.21 sigma_H N^{-2/3} of the GOE, bounded by 2 sigma_H N^{-2/3} for a variance
//   profile;
// - squared overlap: its O(N^{-1/2}) fluctuations are in the SE; its O(1/N) bias is bounded by
//   4/N (the times compared lie well inside the window, F >= 2.9, away from the BBP point where
//   the finite-N corrections of the overlap grow).
#include "tests/support.hpp"
#include "tests/statistics.hpp"
#include "models/random_matrix/transient_bbp.hpp"
#include "models/random_matrix/transient_bbp_flow.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace summit;
using namespace summit::random_matrix;

namespace {

struct Stats {
  double mean = 0, se = 0;
};
Stats stats(const std::vector<double>& x) {
  const int n = int(x.size());
  Stats s;
  for (double v : x) s.mean += v / n;
  double var = 0;
  for (double v : x) var += (v - s.mean) * (v - s.mean) / (n - 1);
  s.se = std::sqrt(var / n);
  return s;
}

struct Sampled {
  Stats top, second, overlap;
};

// Per time: the two largest eigenvalues and <xi, v>^2 over n data sets (one flow per seed).
std::vector<Sampled> run(const TransientBBPParams& p, int N, double ratio, FlowData data, int n,
                         const std::vector<double>& ts, std::uint64_t seed) {
  std::vector<std::vector<double>> top(ts.size()), second(ts.size()), ov(ts.size());
  for (int s = 0; s < n; ++s) {
    const SampledFlow flow(p, N, ratio, data, seed + s);
    for (size_t i = 0; i < ts.size(); ++i) {
      const FlowMeasurement m = flow.at(ts[i]);
      top[i].push_back(m.top);
      second[i].push_back(m.second);
      ov[i].push_back(m.overlap);
    }
  }
  std::vector<Sampled> out(ts.size());
  for (size_t i = 0; i < ts.size(); ++i) out[i] = {stats(top[i]), stats(second[i]), stats(ov[i])};
  return out;
}

// Compares one time (each comparison a CHECK).
void compare(const TransientBBP& tb, double t, const Sampled& s, int N, int n,
             const std::string& what) {
  const TransientOutlier o = tb.outlier(t);
  const double sigma_h = o.edge / 2, q = test::error_bar(n);
  const double bias_outlier = 2.0 * sigma_h / N, bias_edge = 2 * sigma_h * std::pow(N, -2.0 / 3);
  MESSAGE(what << ", t = " << t << ": F = " << o.F << "; top " << s.top.mean << " +- " << s.top.se
               << " (theory " << o.position << std::string(o.present ? ", outlier" : ", edge")
               << "), second "
               << s.second.mean << " +- " << s.second.se << " (edge " << o.edge << "), overlap "
               << s.overlap.mean << " +- " << s.overlap.se << " (theory " << o.overlap << ")");
  CAPTURE(what);
  CAPTURE(t);
  if (o.present) {
    CHECK(test::within_error_bar(s.top.mean, o.position, s.top.se, q, bias_outlier));
    CHECK(test::within_error_bar(s.second.mean, o.edge, s.second.se, q, bias_edge));
    CHECK(test::within_error_bar(s.overlap.mean, o.overlap, s.overlap.se, q, 4.0 / N));
  } else {
    CHECK(test::within_error_bar(s.top.mean, o.edge, s.top.se, q, bias_edge));
  }
}

}  // namespace

TEST_CASE("transient-bbp (paper setting): the direct gradient flow on two-block data") {
  // X with the paper's prescribed singular values (X X^T / T = C exactly): the theory is the
  // N -> infinity limit of this flow at any T/N, so both ratios must agree within the finite-N
  // bounds.
  const TransientBBPParams p = paper_setting();
  const TransientBBP tb(p);
  const TransientWindow& w = tb.window();
  REQUIRE(w.regime == Regime::Transient);
  REQUIRE(w.t_stop > w.t_on);
  REQUIRE(w.t_stop < w.t_off);
  const std::vector<double> ts{0.5 * w.t_on, std::sqrt(w.t_on * w.t_stop), w.t_stop,
                               std::sqrt(w.t_stop * w.t_off), 2 * w.t_off};
  const int N = 300, n = 10;
  for (double ratio : {2.0, 6.0}) {
    const auto s = run(p, N, ratio, FlowData::TwoBlock, n, ts, 100 + int(ratio));
    for (size_t i = 0; i < ts.size(); ++i)
      compare(tb, ts[i], s[i], N, n, "two-block data, T/N = " + std::to_string(int(ratio)));
  }
}

TEST_CASE("transient-bbp (paper setting): the direct gradient flow on Gaussian data") {
  // Gaussian inputs x ~ N(0, C): the sample covariance X X^T / T is a two-block Wishart matrix,
  // not C, and the theory is the T/N -> infinity limit of this flow. Its O(N/T) correction is
  // not derived (docs/random_matrix.md): the comparison allows a relative deviation of
  // 0.5 N/T on top of the finite-N bounds, a bound widened with a reason rather than derived.
  // Measured here (the MESSAGEs; docs/random_matrix.md): at T/N = 2 the top eigenvalue is 5 % and
  // the overlap 6 % below the theory at t = 1.74, coefficients 0.10 and 0.12 of N/T; the
  // allowance is about four times the larger, 25 % at T/N = 2 and 3 % at T/N = 16.
  const TransientBBPParams p = paper_setting();
  const TransientBBP tb(p);
  const TransientWindow& w = tb.window();
  const std::vector<double> ts{std::sqrt(w.t_on * w.t_stop), w.t_stop};
  const int N = 300, n = 10;
  for (double ratio : {2.0, 16.0}) {
    const auto s = run(p, N, ratio, FlowData::Gaussian, n, ts, 200 + int(ratio));
    for (size_t i = 0; i < ts.size(); ++i) {
      const TransientOutlier o = tb.outlier(ts[i]);
      REQUIRE(o.present);
      const double q = test::error_bar(n), allow = 0.5 / ratio;
      MESSAGE("Gaussian data, T/N = " << ratio << ", t = " << ts[i] << ": top " << s[i].top.mean
                                      << " +- " << s[i].top.se << " (theory " << o.position
                                      << "), overlap " << s[i].overlap.mean << " +- "
                                      << s[i].overlap.se << " (theory " << o.overlap << ")");
      CAPTURE(ratio);
      CAPTURE(ts[i]);
      CHECK(test::within_error_bar(s[i].top.mean, o.position, s[i].top.se, q,
                                   o.edge / N + allow * o.position));
      CHECK(test::within_error_bar(s[i].overlap.mean, o.overlap, s[i].overlap.se, q,
                                   4.0 / N + allow * o.overlap));
    }
  }
}

TEST_CASE("transient-bbp: the sim_N observables are the means of the direct flows") {
  // The registry path (CLI, Python, sweeps): seeds seed * 1000003 + i, two-block data by default.
  const auto m = test::make("transient-bbp", {{"sim_N", "40"}, {"sim_seeds", "3"},
                                              {"sim_ratio", "3"}, {"seed", "7"}});
  const auto names = m->observable_names();
  const Vec o = m->observables(Vec::Constant(1, 2.0));
  auto get = [&](const std::string& name) {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return o[i];
    FAIL("no observable " << name);
    return 0.0;
  };
  double top = 0, ov = 0;
  for (int i = 0; i < 3; ++i) {
    const FlowMeasurement f =
        SampledFlow(paper_setting(), 40, 3.0, FlowData::TwoBlock, 7 * 1000003 + i).at(2.0);
    top += f.top / 3;
    ov += f.overlap / 3;
  }
  CHECK(get("top_eigenvalue_sim") == doctest::Approx(top).epsilon(1e-12));  // same arithmetic
  CHECK(get("overlap_sim") == doctest::Approx(ov).epsilon(1e-12));
  CHECK(get("top_eigenvalue_sim_se") > 0);
  // Without sim_N there are no *_sim observables.
  const auto plain = test::make("transient-bbp")->observable_names();
  CHECK(std::find(plain.begin(), plain.end(), "overlap_sim") == plain.end());
}
