// Throughput of `summit sweep` on many small fixed-point problems with 1 and 2 threads, and the
// per-task overhead of the MPI task farm (mpirun -n 2: one worker) against one thread. Runs the
// summit binary; prints wall times (best of 3) and the machine's load average, since other
// processes on the machine distort the thread speed-up. docs/performance.md quotes the numbers.
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const fs::path dir = fs::temp_directory_path() / ("summit_bench_sweep_" + std::to_string(getpid()));

double wall(const std::string& cmd) {
  double best = 1e300;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) {
      std::fprintf(stderr, "bench_sweep: failed: %s\n", cmd.c_str());
      std::exit(1);
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

std::string spec(const std::string& name, const std::string& command, int n_points, const json& options) {
  const json s = {{"model", "eigenlearning"},
                  {"command", command},
                  {"params", {{"modes", 300}}},
                  {"options", options},
                  {"axes", json::array({n_points > 1 ? json{{"param", "n"}, {"range", {10, 200}}, {"points", n_points}, {"scale", "log"}}
                                                     : json{{"param", "n"}, {"values", {10}}},
                                        {{"param", "ridge"}, {"range", {0.001, 1}}, {"points", 10}, {"scale", "log"}}})}};
  const fs::path p = dir / name;
  std::ofstream(p) << s.dump(2);
  return p.string();
}

}  // namespace

int main(int argc, char** argv) {
  const int rows = argc > 1 ? std::atoi(argv[1]) : 60;  // points = 10 * rows
  fs::create_directories(dir);
  const std::string bin = std::string(SUMMIT_BINARY_DIR) + "/summit";
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("bench_sweep: %d points of `fixed-points eigenlearning --starts 4` (300 modes); load average %.2f\n",
              10 * rows, load[0]);
  const std::string fp = spec("fp.json", "fixed-points", rows, {{"starts", 4}});
  const std::string out = " --out " + (dir / "out").string() + " -q";
  const double t1 = wall(bin + " sweep " + fp + out + " --jobs 1");
  const double t2 = wall(bin + " sweep " + fp + out + " --jobs 2");
  std::printf("  1 thread : %.3f s  (%.0f points/s)\n", t1, 10 * rows / t1);
  std::printf("  2 threads: %.3f s  (%.0f points/s)  speed-up %.2f\n", t2, 10 * rows / t2, t1 / t2);
#ifdef SUMMIT_WITH_MPI
  const std::string mpirun = std::string(SUMMIT_MPIEXEC) + " --oversubscribe --allow-run-as-root -n 2 ";
  // Per-task overhead: slope in the number of tasks of (farm - one thread), startup cancelled.
  const std::string tiny_small = spec("tiny_small.json", "evaluate", 1, json::object());
  const std::string tiny_big = spec("tiny_big.json", "evaluate", 5 * rows, json::object());
  const double n_small = 10, n_big = 50.0 * rows;
  const double thr_small = wall(bin + " sweep " + tiny_small + out + " --jobs 1");
  const double thr_big = wall(bin + " sweep " + tiny_big + out + " --jobs 1");
  const double mpi_small = wall(mpirun + bin + " sweep " + tiny_small + out);
  const double mpi_big = wall(mpirun + bin + " sweep " + tiny_big + out);
  const double per_thr = (thr_big - thr_small) / (n_big - n_small);
  const double per_mpi = (mpi_big - mpi_small) / (n_big - n_small);
  std::printf("MPI farm (mpirun -n 2: one worker) on %g tiny tasks (`evaluate`):\n", n_big);
  std::printf("  startup: mpirun %.3f s vs plain %.3f s\n", mpi_small, thr_small);
  std::printf("  per task: farm %.1f us, one thread %.1f us -> overhead %.1f us per task\n", 1e6 * per_mpi,
              1e6 * per_thr, 1e6 * (per_mpi - per_thr));
  const double mfp = wall(std::string(SUMMIT_MPIEXEC) + " --oversubscribe --allow-run-as-root -n 3 " + bin +
                          " sweep " + fp + out);
  std::printf("  fixed-point sweep with mpirun -n 3 (two workers): %.3f s (speed-up %.2f over 1 thread)\n", mfp,
              t1 / mfp);
#else
  std::printf("MPI: not built (SUMMIT_MPI=OFF)\n");
#endif
  fs::remove_all(dir);
  return 0;
}
