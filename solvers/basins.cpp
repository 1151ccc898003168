#include "solvers/basins.hpp"

#include "solvers/detail/starts.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>

namespace summit {

BasinResult basins(const Model& model, const BasinOptions& o) {
  BasinResult res;
  if (o.runs < 1) {
    res.status = Status::InvalidInput;
    res.message = "runs must be >= 1";
    return res;
  }
  const std::vector<NamedPoint> starts = detail::gather_starts(model, {}, false, o.runs, o.seed);
  struct End {
    bool ok = false;
    Vec x;
    double loss = 0;
    double drift = 0;
    bool failed = false;  // the integration itself failed (status in why)
    std::string why;
  };
  std::vector<End> ends(o.runs);
  auto run = [&](int i) {
    IntegrateOptions io = o.integrate;
    io.progress = nullptr;  // one report per finished run instead
    io.times = {0.0, o.t_max};
    io.events = {parse_event(model, "steady<" + format_real(o.steady_tol))};
    io.stop_when_events_found = true;
    const Trajectory tr = integrate(model, starts[i].x, io);
    if (tr.status != Status::Ok) {
      ends[i].failed = true;
      ends[i].why = std::string(to_string(tr.status)) + ": " + tr.message;
      return;
    }
    Vec x = tr.events.size() && tr.events[0].found ? tr.events[0].state : tr.x.back();
    Vec dx;
    model.drift(x, dx);
    ends[i].loss = model.loss(x);
    ends[i].drift = dx.lpNorm<Eigen::Infinity>();
    double r;
    if (polish_fixed_point(model, x, o.polish, &r) != Status::Ok) return;
    ends[i] = {true, x, model.loss(x), r, false, ""};
  };
  std::atomic<int> finished{0};
  auto run_and_report = [&](int i) {
    run(i);
    report_progress(o.progress, double(++finished) / o.runs);
  };
  const int nthreads = std::max(
      1, o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int t = 0; t < nthreads; ++t)
    pool.emplace_back([&, t] {
      for (int i = t; i < o.runs; i += nthreads) run_and_report(i);
    });
  for (auto& th : pool) th.join();

  res.runs = o.runs;
  for (const auto& e : ends) {
    if (e.failed) {
      ++res.failed;
      if (res.first_failure.empty()) res.first_failure = e.why;
      continue;
    }
    if (!e.ok) {
      ++res.unconverged;
      auto it = std::find_if(res.uncertified.begin(), res.uncertified.end(), [&](const Uncertified& u) {
        return std::abs(u.loss - e.loss) <= 1e-6 * std::abs(u.loss) + 1e-9;
      });
      if (it == res.uncertified.end()) {
        res.uncertified.push_back({e.loss, e.drift, 1, 0});
      } else {
        ++it->count;
        it->max_drift = std::max(it->max_drift, e.drift);
      }
      continue;
    }
    const int k = detail::find_equivalent(model, res.basins, e.x, o.polish.merge_tol);
    if (k >= 0) {
      ++res.basins[k].count;
    } else {
      res.basins.push_back({e.x, e.loss, analyse_stability(model, e.x, o.stability), 1, 0});
    }
  }
  for (auto& b : res.basins) b.fraction = double(b.count) / o.runs;
  for (auto& u : res.uncertified) u.fraction = double(u.count) / o.runs;
  std::sort(res.uncertified.begin(), res.uncertified.end(),
            [](const Uncertified& a, const Uncertified& b) { return a.loss < b.loss; });
  std::sort(res.basins.begin(), res.basins.end(),
            [](const Basin& a, const Basin& b) { return a.loss < b.loss; });
  if (res.basins.empty() && res.uncertified.empty()) {
    res.status = Status::NoConvergence;
    res.message = "no run produced an end state" +
                  (res.failed ? " (every integration failed; first: " + res.first_failure + ")"
                              : std::string());
  }
  return res;
}

}  // namespace summit
