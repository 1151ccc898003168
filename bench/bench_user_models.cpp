// Benchmark of model files (issue 13, item 3): the erf committee written as a text file
// (examples/models/committee_erf.summit) against the built-in `committee` (activation erf, same
// parameters), for K = M = 2 and K = M = 6, lr = 0.5, noise = 0.1:
//   1. one drift evaluation, 2. one drift Jacobian (exact, Ceres Jets), at a random realisable
//      state; 3. a whole `curve` (dopri5, default tolerances, 200 log-spaced outputs to
//      alpha = 1e4) from the same initial state;
//   4. parse + set-up of the K = M = 6 file (read, parse, expand, compile to the flat programs).
// Prints the times and the ratio file / built-in (target: <= 3) and the set-up time (target:
// < 0.5 s). Timings are medians of repeated runs of the process's CPU time (std::clock), which a
// loaded machine disturbs less than wall time; still, read ratios.
//
// Usage: bench_user_models [--quick]   (--quick: fewer repetitions, no K = M = 6 curve)
#include "bench/median_time.hpp"
#include "models/models.hpp"
#include "models/user/compile.hpp"
#include "models/user/model_file.hpp"
#include "solvers/integrate.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <random>
#include <string>
#include <vector>

using namespace summit;

namespace {

double seconds(const std::function<void()>& f, int reps) { return bench::median_cpu_seconds(f, reps); }

const std::string kFile = std::string(SUMMIT_SOURCE_DIR) + "/examples/models/committee_erf.summit";

void compare(int K, bool quick) {
  const std::map<std::string, std::string> p{{"K", std::to_string(K)}, {"M", std::to_string(K)},
                                             {"lr", "0.5"}, {"noise", "0.1"}};
  auto file = builtin_registry().make(kFile, p);
  auto builtin = builtin_registry().make("committee", p);
  std::mt19937_64 rng(1);
  const Vec x = builtin->random_state(rng);
  Vec dx;
  Mat J;
  const int n_drift = quick ? 2000 : 20000 / (K * K);
  auto drift = [&](const Model& m) {
    return seconds([&] { for (int r = 0; r < n_drift; ++r) m.drift(x, dx); }, 5) / n_drift;
  };
  auto jac = [&](const Model& m) {
    const int n = std::max(1, n_drift / 10);
    return seconds([&] { for (int r = 0; r < n; ++r) m.drift_jacobian(x, dx, J); }, 5) / n;
  };
  std::printf("\nK = M = %d (%d coordinates), erf, lr = 0.5, noise = 0.1\n", K, builtin->dim());
  {
    std::ifstream in(kFile);
    std::stringstream ss;
    ss << in.rdbuf();
    const user::ModelSpec spec = user::parse_model_file(ss.str(), kFile);
    const user::CompiledModel cm = user::compile_model(spec, ParamValues(spec.params, p));
    std::printf("  flat programs: drift %zu instructions over %d registers, loss %zu\n",
                cm.drift.code.size(), cm.drift.n_registers, cm.loss.code.size());
  }
  std::printf("  %-22s %12s %12s %8s\n", "", "built-in", "file", "ratio");
  const double db = drift(*builtin), df = drift(*file);
  std::printf("  %-22s %10.2f us %10.2f us %8.2f\n", "drift", db * 1e6, df * 1e6, df / db);
  const double jb = jac(*builtin), jf = jac(*file);
  std::printf("  %-22s %10.2f us %10.2f us %8.2f\n", "drift Jacobian", jb * 1e6, jf * 1e6, jf / jb);
  if (quick && K > 2) return;
  IntegrateOptions o;
  o.times = log_grid(1e4, 200);
  const Vec x0 = builtin->initial_state();
  Trajectory tb, tf;
  const double cb = seconds([&] { tb = integrate(*builtin, x0, o); }, quick ? 1 : 3);
  const double cf = seconds([&] { tf = integrate(*file, x0, o); }, quick ? 1 : 3);
  double diff = 0;
  for (std::size_t i = 0; i < std::min(tb.x.size(), tf.x.size()); ++i)
    diff = std::max(diff, (tb.x[i] - tf.x[i]).cwiseAbs().maxCoeff());
  std::printf("  %-22s %10.1f ms %10.1f ms %8.2f   (%ld vs %ld steps; max state difference %.1e)\n",
              "curve to alpha = 1e4", cb * 1e3, cf * 1e3, cf / cb, tb.steps, tf.steps, diff);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  // Set-up: a fresh parse each time (the registry caches parsed files by content, so the first
  // make() parses; later ones only expand and compile).
  const double first = seconds([&] {
    builtin_registry().make(kFile, {{"K", "6"}, {"M", "6"}, {"lr", "0.5"}, {"noise", "0.1"}});
  }, 1);
  const double again = seconds([&] {
    builtin_registry().make(kFile, {{"K", "6"}, {"M", "6"}, {"lr", "0.4"}, {"noise", "0.1"}});
  }, quick ? 1 : 5);
  std::printf("parse + set-up of committee_erf.summit at K = M = 6: %.3f s (first: read, parse, check "
              "at the defaults, expand, compile), %.3f s (expand + compile for new parameters)\n",
              first, again);
  compare(2, quick);
  compare(6, quick);
  return 0;
}
