// The boundaries of the ssi positional-semantic phase diagram (docs/single_index.md) traced as
// zero sets of the region code's margins (solvers/level_curve.hpp) and compared with the grid
// sweep they replace: the region code on the grid of the docs' sweep
// (examples/sweeps/positional_semantic.json: step 0.025 in a and omega), here on its part
// a in [0.6, 0.8], omega in [0.8, 1] (9 x 9 points, for the suite's time) that holds the
// boundary of bit 2 (positional initial dynamics), computed by the same function,
// ssi::positional_semantic, that `summit evaluate` (and so `summit sweep`) reports.
//
// Oracle and tolerance: the sweep's bit changes between two neighbouring grid points of a column
// a = a_i exactly when the margin changes sign there, i.e. when the traced curve crosses the
// segment an odd number of times (intermediate value theorem). The curve's crossing of a = a_i
// is interpolated linearly between its points, whose spacing (<= 0.02) bounds the interpolation
// error by ~1e-4 for these curves (curvature < 1); a crossing closer than 1e-3 to a grid node is
// not counted either way. So: on every column and every grid segment, parity of the curve's
// crossings == the sweep's bit change, to the grid's resolution (0.025 in omega).
#include "models/ssi/ssi.hpp"
#include "solvers/level_curve.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace summit;

namespace {

constexpr double kA0 = 0.6, kW0 = 0.8;
constexpr int kN = 9;

using Margin = std::function<double(const ssi::PositionalSemantic&)>;

struct Boundary {
  std::string name;
  Margin margin;
  double omega_start;
  int bit;  // the region bit the margin decides (0: compared with the margin's sign only)
};

void compare_with_sweep(const Boundary& b) {
  CAPTURE(b.name);
  const ScalarField2 g = [&](double a, double w, std::string*) { return b.margin(ssi::positional_semantic(a, w)); };
  LevelCurveOptions o;
  o.p1_lo = kA0;
  o.p1_hi = kA0 + 0.025 * (kN - 1);
  o.p2_lo = kW0;
  o.p2_hi = kW0 + 0.025 * (kN - 1);
  o.scan = kN;
  o.curve.ds_max = 0.02;
  const LevelCurve c = trace_level_curve(g, b.omega_start, o);
  REQUIRE(c.status == Status::Ok);
  REQUIRE(c.points.size() > 5);
  for (const auto& q : c.points) CHECK(std::abs(g(q.p1, q.p2, nullptr)) < 1e-9);
  int compared = 0, flips = 0;
  for (int i = 0; i < kN; ++i) {
    const double a = kA0 + 0.025 * i;
    std::vector<double> crossings;
    for (size_t k = 0; k + 1 < c.points.size(); ++k) {
      const auto &p = c.points[k], &q = c.points[k + 1];
      if ((p.p1 - a) * (q.p1 - a) < 0 || (q.p1 == a && k + 2 == c.points.size()))
        crossings.push_back(p.p2 + (q.p2 - p.p2) * (a - p.p1) / (q.p1 - p.p1));
    }
    int prev_bit = -1;
    for (int j = 0; j < kN; ++j) {
      const double w = kW0 + 0.025 * j;
      const ssi::PositionalSemantic ps = ssi::positional_semantic(a, w);
      const int bit = b.bit ? (ps.region & b.bit) != 0 : b.margin(ps) > 0;
      if (b.bit) CHECK(bit == (b.margin(ps) > 0));  // the margin decides the sweep's bit
      if (j > 0) {
        const double w0 = w - 0.025;
        int n = 0;
        bool near_node = false;
        for (double x : crossings) {
          if (x > w0 && x < w) ++n;
          near_node = near_node || std::abs(x - w0) < 1e-3 || std::abs(x - w) < 1e-3;
        }
        if (!near_node) {
          CAPTURE(a);
          CAPTURE(w);
          CHECK((n % 2 == 1) == (bit != prev_bit));
          ++compared;
          flips += bit != prev_bit;
        }
      }
      prev_bit = bit;
    }
  }
  CHECK(compared > kN * (kN - 1) - 4);
  CHECK(flips > 0);
  MESSAGE(b.name << ": " << c.points.size() << " curve points, " << flips << " sweep boundary crossings, ends "
                 << c.ends[0] << "; " << c.ends[1]);
}

}  // namespace

TEST_CASE("ssi positional-semantic: the traced boundary of bit 2 matches the grid sweep of the region code") {
  // The other margins (margin_global, margin_semantic_local, margin_positional_local) are traced
  // the same way by `summit continue --curve zero` (docs/bifurcation.md); the suite checks one.
  const Boundary all[] = {
      {"dynamics (bit 2)", [](const ssi::PositionalSemantic& p) { return p.margin_dynamics; }, 0.95, 2},
  };
  for (const auto& b : all) compare_with_sweep(b);
}
