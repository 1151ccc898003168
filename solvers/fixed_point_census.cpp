#include "solvers/fixed_point_census.hpp"

#include "lib/params.hpp"
#include "solvers/saddle_ascent.hpp"
#include "solvers/saddle_descent.hpp"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <cstddef>
#include <string>

namespace summit {

namespace {
// Rounds of ascent and descent after a batch (each on the points the previous round found).
constexpr size_t kLandscapeRounds = 4;
}  // namespace

double FixedPointCensusResult::miss_probability(double basin_fraction) const {
  return std::pow(1 - basin_fraction, random_starts);
}

double FixedPointCensusResult::basin_missed_with(double probability) const {
  return random_starts > 0 ? 1 - std::pow(probability, 1.0 / random_starts) : 1.0;
}

FixedPointCensusResult fixed_point_census(const Model& model, const FixedPointCensusOptions& o) {
  FixedPointCensusResult c;
  FixedPointResult& all = c.result;
  const int per_batch = o.search.random_starts >= 0 ? o.search.random_starts
                                                   : model.hints().iteration.random_starts;
  c.batch_starts = per_batch;
  int quiet = 0;
  // The budget is in CPU time of the whole process (every thread), so that a census costs the
  // same on a busy machine as on an idle one.
  auto cpu_now = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  const double start = cpu_now();
  auto since = [&cpu_now](double t) { return cpu_now() - t; };
  for (int b = 0;; ++b) {
    const double batch_start = cpu_now();
    FixedPointOptions f = o.search;
    f.random_starts = per_batch;
    // Batch b draws its random starts from its own seed; structured and user starts only once.
    f.seed = o.search.seed + static_cast<std::uint64_t>(b) * 0x9E3779B97F4A7C15ULL;
    if (b > 0) {
      f.special_points = false;
      f.starts.clear();
    }
    const FixedPointResult r = find_fixed_points(model, f);
    c.random_starts += per_batch;
    c.distinct_per_batch.push_back(static_cast<int>(r.points.size()));
    std::vector<FixedPoint> fresh_points;
    // Merges a search's points into the census; returns the points no earlier search had.
    auto merge = [&](const FixedPointResult& found) {
      all.starts += found.starts;
      all.converged += found.converged;
      all.rejected_unrealisable += found.rejected_unrealisable;
      for (const FixedPoint& p : found.points) {
        auto it = std::find_if(all.points.begin(), all.points.end(), [&](const FixedPoint& q) {
          return model.equivalent(q.x, p.x, f.merge_tol);
        });
        if (it == all.points.end()) {
          FixedPoint n = p;
          if (b > 0) n.origin = "batch" + std::to_string(b) + ":" + p.origin;
          all.points.push_back(n);
          fresh_points.push_back(n);
        } else {
          it->hits += p.hits;
          if (p.residual < it->residual) {
            it->x = p.x;
            it->residual = p.residual;
            it->loss = p.loss;
          }
        }
      }
    };
    merge(r);
    // Ascent from the new points to saddles of the next index (solvers/saddle_ascent.hpp) and
    // descent along the unstable manifolds of the new isolated index-1 saddles
    // (solvers/saddle_descent.hpp), repeated on what they reach until nothing new is found (at most
    // kLandscapeRounds rounds): the upward and downward searches of a solution landscape.
    const bool flows = !model.hints().iteration.drift_is_map_residual;
    for (size_t done = 0, round = 0; flows && done < fresh_points.size() && round < kLandscapeRounds; ++round) {
      const std::vector<FixedPoint> todo(fresh_points.begin() + static_cast<std::ptrdiff_t>(done), fresh_points.end());
      done = fresh_points.size();
      if (o.ascend_to_saddles) {
        const SaddleAscent a = ascend_to_saddles(model, todo, f);
        c.saddle_dynamics_points += a.saddle_dynamics_points;
        if (a.result.status == Status::Ok) merge(a.result);
      }
      if (o.descend_from_saddles) {
        const SaddleDescent d = descend_from_saddles(model, todo, f);
        c.saddles_descended += d.saddles_followed;
        if (d.result.status == Status::Ok) merge(d.result);
      }
    }
    const int fresh = static_cast<int>(fresh_points.size());
    c.new_per_batch.push_back(fresh);
    quiet = fresh == 0 && b > 0 ? quiet + 1 : 0;
    const double batch_seconds = since(batch_start);
    c.cpu_seconds = since(start);
    if (o.max_random_starts > 0 || o.time_budget > 0)
      report_progress(o.progress,
                      std::min(1.0, std::max(o.max_random_starts > 0 ? double(c.random_starts) / o.max_random_starts : 0.0,
                                             o.time_budget > 0 ? c.cpu_seconds / o.time_budget : 0.0)));
    // Stop when the last quiet_batches batches, and at least the last half of all random starts,
    // found nothing new (quiet_batches = 0: one batch).
    if (o.quiet_batches <= 0 || (quiet >= o.quiet_batches && 2 * quiet * per_batch >= c.random_starts)) {
      c.stopped_by_rule = true;
      break;
    }
    if (per_batch == 0 || c.random_starts + per_batch > o.max_random_starts) break;
    if (o.time_budget > 0 && c.cpu_seconds + batch_seconds > o.time_budget) {
      c.stopped_by_budget = true;
      break;
    }
  }
  c.cpu_seconds = since(start);
  std::sort(all.points.begin(), all.points.end(),
            [](const FixedPoint& a, const FixedPoint& b) { return a.loss < b.loss; });
  if (all.points.empty()) {
    all.status = Status::NoConvergence;
    all.message = "no start converged to max|drift| <= " + format_real(o.search.tol) + " (" +
                  std::to_string(all.starts) + " starts in " +
                  std::to_string(c.new_per_batch.size()) + " batches)";
  }
  return c;
}

}  // namespace summit
