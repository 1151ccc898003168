// A two-parameter curve traced by continuation against the grid sweep it replaces: the m = 0
// instability curve of the rbm AMP state evolution (±1 hidden units, k = 1; docs/bifurcation.md)
// in (alpha, beta). Baseline: `summit threshold` (solvers/continuation.hpp
// locate_stability_change: a 24-point scan in alpha and bisection to 1e-8) at each of N uniform
// beta values, the way the diagram is computed as a grid sweep. Measured: the wall time of the
// curve (continue_bifurcation_curve, --curve branch, tol 1e-8, window [1, 10] x [0.2, 2]) over that
// of the sweep, the time per point of each, and the distance between the two: at a subset of the
// curve's own points (beta_c, alpha_c), |alpha_c - threshold(beta_c)|, so no interpolation enters.
// Usage: bench_continuation [N] [CSV]: N grid values (default 20); CSV receives
// "kind,beta,alpha" rows (kind curve or sweep) for the figure of docs/bifurcation.md.
#include "bench/median_time.hpp"
#include "lib/params.hpp"
#include "models/models.hpp"
#include "solvers/bifurcation.hpp"
#include "solvers/bifurcation_curve.hpp"
#include "solvers/continuation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace summit;

namespace {

std::unique_ptr<Model> rbm(double alpha, double beta) {
  return builtin_registry().make("rbm", {{"hidden", "rademacher"}, {"theory", "amp"},
                                         {"alpha", format_real(alpha)}, {"beta", format_real(beta)}});
}

Vec uninformative(const Model& m) {
  for (const auto& s : m.structured_starts())
    if (s.name == "uninformative") return s.x;
  std::fprintf(stderr, "bench_continuation: no 'uninformative' point\n");
  std::exit(1);
}

// The threshold in alpha at fixed beta (NaN when none in [2.3, 10]).
double threshold_at(double beta) {
  ThresholdOptions o;
  o.lo = 2.3;
  o.hi = 10;
  const ModelFactory make = [beta](double a) { return rbm(a, beta); };
  const ThresholdResult r = locate_stability_change(make, uninformative(*make(o.lo)), o);
  return r.status == Status::Ok ? r.threshold : NAN;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 20;
  const std::string csv = argc > 2 ? argv[2] : "";
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("bench_continuation: rbm ±1 AMP SE, m = 0 instability curve in (alpha, beta); load average %.2f\n",
              load[0]);

  // The curve: from the branch point of the m = 0 branch at beta = 0.5.
  BifurcationCurve curve;
  const double t_curve = bench::median_seconds([&] {
    BifurcationOptions bo;
    bo.lo = 3;
    bo.hi = 10;
    const ModelFactory at_half = [](double a) { return rbm(a, 0.5); };
    const BifurcationDiagram d = continue_branches(at_half, uninformative(*at_half(3)), bo);
    const SpecialPoint* bp = nullptr;
    for (const auto& s : d.special)
      if (!bp && s.type == "branch-point") bp = &s;
    if (!bp) {
      std::fprintf(stderr, "bench_continuation: no branch point at beta = 0.5\n");
      std::exit(1);
    }
    BifurcationCurveOptions co;
    co.kind = "branch";
    co.p1_lo = 1;
    co.p1_hi = 10;
    co.p2_lo = 0.2;
    co.p2_hi = 2;
    co.curve.tol = 1e-8;
    curve = continue_bifurcation_curve([](double a, double b) { return rbm(a, b); }, bp->x,
                                       bp->parameter, 0.5, co);
  }, 1);
  if (curve.status != Status::Ok || curve.points.size() < 4) {
    std::fprintf(stderr, "bench_continuation: the curve failed: %s\n", curve.message.c_str());
    return 1;
  }
  double bmin = 1e300, bmax = -1e300;
  for (const auto& p : curve.points) bmin = std::min(bmin, p.p2), bmax = std::max(bmax, p.p2);

  // The baseline: thresholds on a uniform beta grid over the curve's beta range.
  std::vector<std::pair<double, double>> sweep;
  const double t_sweep = bench::median_seconds([&] {
    sweep.clear();
    for (int i = 0; i < n; ++i) {
      const double b = bmin + (bmax - bmin) * (i + 0.5) / n;
      sweep.emplace_back(b, threshold_at(b));
    }
  }, 1);

  // The distance at every k-th curve point.
  double dmax = 0;
  int compared = 0, missing = 0;
  const size_t stride = std::max<size_t>(1, curve.points.size() / 12);
  for (size_t i = 0; i < curve.points.size(); i += stride) {
    const double a = threshold_at(curve.points[i].p2);
    if (!std::isfinite(a)) {
      ++missing;
      continue;
    }
    dmax = std::max(dmax, std::abs(a - curve.points[i].p1));
    ++compared;
  }
  std::printf("  curve: %zu points in %.2f s (%.3f s per point), beta in [%.4f, %.4f]\n",
              curve.points.size(), t_curve, t_curve / curve.points.size(), bmin, bmax);
  std::printf("  sweep: %d thresholds in %.2f s (%.3f s per point)\n", n, t_sweep, t_sweep / n);
  std::printf("  ratio curve / sweep (wall): %.3f; per point: %.3f\n", t_curve / t_sweep,
              (t_curve / curve.points.size()) / (t_sweep / n));
  std::printf("  max |alpha_curve - alpha_threshold| at %d curve points: %.3g (%d without a threshold in [2.3, 10])\n",
              compared, dmax, missing);
  if (!csv.empty()) {
    std::ofstream f(csv);
    f << "kind,beta,alpha\n";
    for (const auto& p : curve.points) f << "curve," << format_real(p.p2) << "," << format_real(p.p1) << "\n";
    for (const auto& [b, a] : sweep) f << "sweep," << format_real(b) << "," << format_real(a) << "\n";
  }
  return 0;
}
