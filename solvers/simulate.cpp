#include "solvers/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

namespace summit {

SimulationResult simulate(const Model& model, const Vec& x0, const SimulateOptions& o) {
  SimulationResult res;
  auto fail = [&](Status s, std::string m) {
    res.status = s;
    res.message = std::move(m);
    return res;
  };
  if (o.seeds < 1) return fail(Status::InvalidInput, "seeds must be >= 1");
  if (o.times.empty()) return fail(Status::InvalidInput, "no measurement times");
  for (size_t i = 0; i < o.times.size(); ++i)
    if (o.times[i] < 0 || (i && !(o.times[i] > o.times[i - 1])))
      return fail(Status::InvalidInput, "measurement times must be >= 0 and increasing");
  std::string why;
  if (!model.realisable(x0, &why)) return fail(Status::NotRealisable, "initial state: " + why);
  try {
    if (!model.microscopic(x0, std::max(o.d, 1), o.seed))
      return fail(Status::Unsupported, "model '" + model.name() + "' has no finite-d simulation");
  } catch (const std::exception& e) {
    return fail(Status::InvalidInput, e.what());
  }

  res.columns = model.layout().coord_names();
  res.columns.push_back("loss");
  for (const auto& n : model.observable_names()) res.columns.push_back(n);
  res.t = o.times;
  const int nt = static_cast<int>(o.times.size()), nc = static_cast<int>(res.columns.size());
  res.runs.assign(o.seeds, Mat::Zero(nt, nc));
  // What went wrong in each seed's run: an std::invalid_argument (or an allocation failure) is a
  // request the realisation cannot serve (InvalidInput); any other exception raised while the run
  // advances (a model's iterates stopped being finite: "GD diverged") is a failed simulation
  // (Diverged), not bad input.
  std::vector<std::string> errors(o.seeds);
  std::vector<Status> error_status(o.seeds, Status::Ok);
  std::vector<double> reached(o.seeds, 0.0);  // simulated time per seed, for progress reports
  std::mutex reached_mu;
  auto report = [&](int s, double t) {
    if (!o.progress || !(o.times.back() > 0)) return;
    double sum = 0;
    {
      std::lock_guard<std::mutex> lock(reached_mu);
      reached[s] = t;
      for (double r : reached) sum += r;
    }
    o.progress(std::min(1.0, sum / (o.seeds * o.times.back())));
  };

  auto run = [&](int s) {
    try {
      auto sim = model.microscopic(x0, o.d, o.seed + static_cast<std::uint64_t>(s));
      for (int i = 0; i < nt; ++i) {
        sim->advance(o.times[i] - sim->time());
        if (s == 0) res.t[i] = sim->time();  // the time actually reached (whole SGD steps)
        report(s, i == nt - 1 ? o.times.back() : sim->time());  // whole steps may stop just short
        const Vec x = sim->measure();
        const Vec obs = model.observables(x);
        Mat& r = res.runs[s];
        r.row(i).head(x.size()) = x.transpose();
        r(i, x.size()) = model.loss(x);
        r.row(i).tail(obs.size()) = obs.transpose();
      }
    } catch (const std::invalid_argument& e) {
      errors[s] = e.what();
      error_status[s] = Status::InvalidInput;
    } catch (const std::bad_alloc&) {
      errors[s] = "out of memory for the finite-d realisation (lower --d or --seeds)";
      error_status[s] = Status::InvalidInput;
    } catch (const std::exception& e) {
      errors[s] = "seed " + std::to_string(o.seed + static_cast<std::uint64_t>(s)) + ": " + e.what();
      error_status[s] = Status::Diverged;
    }
  };
  const int nthreads = std::max(1, o.threads > 0 ? o.threads
                                                 : static_cast<int>(std::thread::hardware_concurrency()));
  for (int s0 = 0; s0 < o.seeds; s0 += nthreads) {
    std::vector<std::thread> pool;
    for (int s = s0; s < std::min(o.seeds, s0 + nthreads); ++s) pool.emplace_back(run, s);
    for (auto& th : pool) th.join();
  }
  for (int s = 0; s < o.seeds; ++s)
    if (!errors[s].empty()) return fail(error_status[s], errors[s]);
  res.mean = Mat::Zero(nt, nc);
  res.sd = Mat::Zero(nt, nc);
  for (const auto& r : res.runs) res.mean += r / o.seeds;
  if (o.seeds > 1) {
    for (const auto& r : res.runs) res.sd += (r - res.mean).cwiseAbs2() / (o.seeds - 1);
    res.sd = res.sd.cwiseSqrt();
  }
  if (!res.mean.allFinite()) return fail(Status::NonFinite, "simulation produced non-finite values");
  return res;
}

}  // namespace summit
