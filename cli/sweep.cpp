// summit sweep: the spec read and validated (cli/sweep_spec.hpp), its chains shared out to the
// threads, the job-array share or the MPI farm, each point run (cli/sweep_task.hpp), journalled
// and written (cli/sweep_results.hpp); the options of sweep and merge; the Slurm script.
#include "cli/sweep.hpp"
#include "cli/plot.hpp"

#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/sweep_lock.hpp"
#include "cli/sweep_mpi.hpp"
#include "cli/sweep_results.hpp"
#include "cli/sweep_spec.hpp"
#include "cli/sweep_task.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace summit::cli {

using json = nlohmann::json;
namespace fs = std::filesystem;
using namespace sweeps;

namespace {

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one rewritten line, only on a terminal (logs and pipes get the final summary
// line alone).

class Progress {
 public:
  // Shown under the rule of every progress line (cli/progress.hpp): on a terminal rewritten in
  // place, when forced on (SUMMIT_PROGRESS=1) for another stderr one appended line per update.
  Progress(size_t total, bool quiet) : total_(total), quiet_(!progress_wanted(quiet)), tty_(isatty(2) != 0) {
    start_ = last_ = std::chrono::steady_clock::now();
  }
  void tick(const std::string& status, bool reused) {
    ++done_;
    if (reused) ++reused_;
    if (status != "ok" && status != "pending") ++failed_;
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (done_ != total_ && since < 0.2) return;
    last_ = now;
    const double el = std::chrono::duration<double>(now - start_).count();
    const size_t computed = done_ - reused_;
    const double rate = el > 0 ? computed / el : 0;
    char buf[256];
    std::string eta = "-";
    if (rate > 0 && done_ < total_) eta = num((total_ - done_) / rate, 3) + " s";
    std::snprintf(buf, sizeof buf, "sweep: %zu/%zu points (%zu reused, %zu failed), %.3g points/s, ETA %s",
                  done_, total_, reused_, failed_, rate, eta.c_str());
    std::cerr << (tty_ ? "\r" : "") << buf << (tty_ ? "\x1b[K" : "") << (done_ == total_ || !tty_ ? "\n" : "")
              << std::flush;
  }
  size_t reused() const { return reused_; }
  void finish() {
    if (tty_ && !quiet_ && done_ != total_) std::cerr << "\n";
  }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  size_t total_, done_ = 0, reused_ = 0, failed_ = 0;
  bool quiet_, tty_;
  std::chrono::steady_clock::time_point start_, last_;
};

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (*end) throw std::invalid_argument(std::string(name) + "='" + v + "': not an integer");
  return static_cast<int>(x);
}

std::string emit_slurm(const Spec& s, const SweepOptions& o, const fs::path& dir, int count) {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const std::string bin = ec ? std::string("summit") : exe.string();
  const std::string spec = fs::absolute(o.spec).string();
  const std::string out = fs::absolute(dir).string();
  std::ostringstream os;
  os << "#!/bin/bash\n"
     << "# Slurm job array for the sweep " << spec << " (" << s.total << " points, " << count
     << " tasks).\n"
     << "# Submit: mkdir -p " << shell_quote(out) << " && sbatch this-file.sh (Slurm opens the log\n"
     << "# there before the script runs); each task writes " << out << "/task-I-of-" << count
     << ".json/.csv.\n"
     << "# Afterwards: " << bin << " merge " << out << "\n"
     << "# Resubmitting resumes: finished points are kept (--skip-existing).\n"
     << "#SBATCH --job-name=summit-sweep\n"
     << "#SBATCH --array=0-" << count - 1 << "\n"
     << "#SBATCH --cpus-per-task=" << o.slurm_cpus << "\n"
     << "#SBATCH --time=" << o.slurm_time << "\n"
     << "#SBATCH --output=" << out << "/slurm-%A_%a.log\n\n"
     << "set -euo pipefail\n"
     << "mkdir -p " << shell_quote(out) << "\n"
     << shell_quote(bin) << " sweep " << shell_quote(spec) << " --out " << shell_quote(out)
     << " --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count " << count
     << " --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --skip-existing\n";
  return os.str();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

void add_sweep_options(CLI::App& a, SweepOptions& o) {
  a.add_option("SPEC", o.spec, "sweep specification (JSON; see docs/sweeps.md)")->required();
  a.add_option("--out", o.out, "results folder (default: the spec's \"output\", else SPEC-stem.sweep)");
  a.add_option("--jobs,-j", o.jobs, "worker threads (default: all cores)");
  a.add_option("--task-index", o.task_index, "run share I of a job array (default: $SLURM_ARRAY_TASK_ID)");
  a.add_option("--task-count", o.task_count, "number of shares N (default: $SLURM_ARRAY_TASK_COUNT, else 1)");
  a.add_flag("--skip-existing", o.skip_existing,
             "reuse finished points of an earlier run in the folder (same content hash)");
  a.add_option("--limit", o.limit, "compute at most this many new points, then stop (exit 3)");
  a.add_flag("--emit-slurm", o.emit_slurm, "print a Slurm job-array script for this sweep and exit");
  a.add_option("--slurm-time", o.slurm_time, "--emit-slurm: time limit per task (default 01:00:00)");
  a.add_option("--slurm-cpus", o.slurm_cpus, "--emit-slurm: cpus per task (default 2)");
  a.add_flag("--quiet,-q", o.quiet, "no progress lines on stderr");
  a.add_option("--plot", o.plot, "also render the results to this PNG (matplotlib)");
  a.add_option("--plot-value", o.plot_value, "record to plot (default: the first)");
  a.add_option("--plot-x", o.plot_x, "axis on x (default: the first numeric axis)");
  a.add_option("--plot-y", o.plot_y, "axis on y for a 2-D map (default: the next numeric axis)");
}

void add_merge_options(CLI::App& a, SweepOptions& o) {
  a.add_option("DIR", o.spec, "results folder holding task-I-of-N.json files")->required();
  a.add_option("--plot", o.plot, "also render the merged results to this PNG");
  a.add_option("--plot-value", o.plot_value, "record to plot (default: the first)");
  a.add_option("--plot-x", o.plot_x, "axis on x");
  a.add_option("--plot-y", o.plot_y, "axis on y");
}

namespace {

// Values copied into the generated Slurm script: a time limit in one of Slurm's formats, a cpu
// count, and paths without control characters (the paths are also shell-quoted).
void validate_slurm(const SweepOptions& o, const fs::path& dir) {
  static const std::regex time_re(R"(([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}|UNLIMITED|INFINITE)");
  if (!std::regex_match(o.slurm_time, time_re))
    throw std::invalid_argument("--slurm-time '" + o.slurm_time +
                                "': must be a Slurm time limit: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS");
  if (o.slurm_cpus < 1 || o.slurm_cpus > 4096)
    throw std::invalid_argument("--slurm-cpus " + std::to_string(o.slurm_cpus) + ": must be in [1, 4096]");
  for (const std::string& p : {o.spec, dir.string()})
    for (unsigned char c : p)
      if (c < 0x20 || c == 0x7f)
        throw std::invalid_argument("path '" + p + "': contains a control character; it cannot go into a Slurm script");
}

int sweep_main(const SweepOptions& o) {
  const Spec s = parse_spec(o.spec);
  if (o.limit < -1) throw std::invalid_argument("--limit " + std::to_string(o.limit) + ": must be >= 0");
  validate_spec(s);
  int count = o.task_count >= 0 ? o.task_count : env_int("SLURM_ARRAY_TASK_COUNT", -1);
  int index = o.task_index >= 0 ? o.task_index : env_int("SLURM_ARRAY_TASK_ID", -1);
  if (o.task_index < 0 && index >= 0) index -= env_int("SLURM_ARRAY_TASK_MIN", 0);
  if (o.emit_slurm && count < 0) count = 16;
  if (count < 0) count = 1;
  if (index < 0) index = 0;
  if (count < 1) throw std::invalid_argument("--task-count " + std::to_string(count) + ": must be >= 1");
  if (index >= count)
    throw std::invalid_argument("--task-index " + std::to_string(index) + ": must be < --task-count " +
                                std::to_string(count));
  if (o.jobs < 0) throw std::invalid_argument("--jobs " + std::to_string(o.jobs) + ": must be >= 1");
  fs::path dir = !o.out.empty() ? fs::path(o.out)
                 : !s.output.empty() ? fs::path(o.spec).parent_path() / s.output
                                     : fs::path(o.spec).parent_path() / (fs::path(o.spec).stem().string() + ".sweep");
  // Before any point is computed: a bad --plot would otherwise fail after the whole sweep.
  if (!o.plot.empty() && !o.emit_slurm) check_plot_request(o.plot);
  if (o.emit_slurm) {
    validate_slurm(o, dir);
    emit(emit_slurm(s, o, dir, count), "");
    return 0;
  }
  const Mpi mpi = mpi_start();
  const bool writer = mpi.rank == 0;
  std::error_code ec;
  if (writer) {
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("--out '" + dir.string() + "': cannot create (" + ec.message() + ")");
  }
  const std::string base = count == 1 ? "sweep" : "task-" + std::to_string(index) + "-of-" + std::to_string(count);
  // One writer per result file: a second sweep on the same folder and share is refused.
  std::unique_ptr<FolderLock> lock;
  if (writer) lock = std::make_unique<FolderLock>(dir, base, "summit sweep");
  const auto all_chains = make_chains(s);
  std::vector<std::vector<size_t>> chains;
  for (size_t c = 0; c < all_chains.size(); ++c)
    if (static_cast<int>(c % static_cast<size_t>(count)) == index) chains.push_back(all_chains[c]);
  std::vector<size_t> chain_id;
  for (size_t c = 0; c < all_chains.size(); ++c)
    if (static_cast<int>(c % static_cast<size_t>(count)) == index) chain_id.push_back(c);
  size_t n_points = 0;
  for (const auto& c : chains) n_points += c.size();

  const std::map<std::string, json> cache =
      o.skip_existing ? load_existing(dir, base) : std::map<std::string, json>{};
  std::vector<json> records(s.total);  // null: not in this task
  std::mutex mu;
  std::ofstream journal;
  const fs::path journal_path = dir / (base + ".journal.jsonl");
  if (writer) {
    // Append mode (under the lock): a fresh run starts a new journal; a resumed one continues the
    // old one after ending a line torn by a killed run, so no record is glued onto it.
    bool torn = false;
    if (!o.skip_existing) {
      fs::remove(journal_path, ec);
    } else if (std::ifstream old(journal_path, std::ios::binary); old && old.seekg(-1, std::ios::end)) {
      torn = old.get() != '\n';
    }
    journal.open(journal_path, std::ios::app | std::ios::binary);
    if (!journal) throw OutputError("journal '" + journal_path.string() + "': cannot open for appending (" +
                                    std::strerror(errno) + ")");
    if (torn) journal << "\n" << std::flush;
  }
  Progress progress(n_points, o.quiet || !writer);
  std::atomic<long> computed{0};

  // Runs one chain; returns its records in order (also used by MPI workers).
  auto run_chain = [&](size_t k) {
    json out = json::array();
    json warm;
    bool stopped = false;
    for (size_t idx : chains[k]) {
      Task t = make_task(s, idx, warm);
      json rec;
      bool reused = false;
      if (auto it = cache.find(t.hash); it != cache.end()) {
        rec = it->second;
        rec["index"] = idx;
        rec["chain"] = chain_id[k];
        rec["values"] = t.values;
        reused = true;
      } else if (stopped || (o.limit >= 0 && computed.fetch_add(1) >= o.limit)) {
        stopped = true;  // the rest of the chain waits for its warm start
        rec = {{"index", idx}, {"chain", chain_id[k]}, {"values", t.values}, {"hash", t.hash},
               {"seed", t.seed}, {"status", "pending"}, {"command_line", command_line(t)}};
      } else {
        rec = compute_point(s, t, chain_id[k]);
      }
      // Chains keep the warm state in the record, so a resume without full results
      // ("keep_results": false) still reproduces the next point's arguments.
      if (s.cont_dim >= 0 && rec["status"] == "ok" && !rec.contains("warm_state") && rec.contains("result"))
        rec["warm_state"] = warm_state(s, rec["result"]);
      if (rec.contains("warm_state") && !rec["warm_state"].is_null()) warm = rec["warm_state"];
      rec["reused"] = reused;
      out.push_back(std::move(rec));
    }
    return out;
  };
  auto deliver = [&](const json& recs) {
    std::lock_guard<std::mutex> lock(mu);
    for (json rec : recs) {
      const bool reused = rec["reused"].get<bool>();
      rec.erase("reused");
      if (!reused && rec["status"] != "pending") {
        journal << rec.dump() << "\n" << std::flush;
        if (!journal) throw OutputError("journal '" + journal_path.string() + "': write failed (" +
                                        std::strerror(errno) + ")");
      }
      progress.tick(rec["status"].get<std::string>(), reused);
      const size_t idx = rec["index"].get<size_t>();
      records[idx] = std::move(rec);
    }
  };

  if (mpi.size > 1) {
    mpi_farm(mpi, chains.size(), [&](size_t k) { return run_chain(k).dump(); },
             [&](const std::string& text) { deliver(json::parse(text)); });
  } else {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const size_t jobs = std::min<size_t>(o.jobs > 0 ? static_cast<size_t>(o.jobs) : hw, std::max<size_t>(1, chains.size()));
    std::atomic<size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mu;
    auto worker = [&] {
      try {
        for (size_t k; (k = next.fetch_add(1)) < chains.size();) deliver(run_chain(k));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
        next = chains.size();
      }
    };
    std::vector<std::thread> pool;
    for (size_t i = 1; i < jobs; ++i) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
  }
  progress.finish();
  if (!writer) return mpi_finish(mpi, 0);

  json points = json::array();
  for (auto& r : records)
    if (!r.is_null()) {
      if (!s.keep_results) r.erase("result");
      points.push_back(std::move(r));
    }
  json header = header_of(s, index, count);
  header["solver_options"] = options_json(task_options(s, make_task(s, 0, json())));
  journal.close();
  write_results(header, points, dir, base);
  fs::remove(journal_path, ec);
  const json sum = summary_of(points);
  warn_empty_records(s, points);
  if (!o.quiet)
    std::cerr << "summit sweep: " << sum["ok"] << " ok (" << progress.reused() << " reused), " << sum["failed"]
              << " failed, " << sum["pending"]
              << " pending of " << sum["points"] << " points in " << num(progress.elapsed(), 3) << " s"
              << (mpi.size > 1 ? " (" + std::to_string(mpi.size - 1) + " MPI workers)" : std::string())
              << "; results: " << (dir / (base + ".json")).string() << " and .csv\n";
  maybe_plot(o, header, points);
  return mpi_finish(mpi, exit_code_of(sum));
}

int guarded(const std::function<int()>& f, const char* who) {
  try {
    return f();
  } catch (const MergeRefused& e) {
    std::cerr << e.what() << "\n";
    return 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << who << ": error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << who << ": error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

int run_sweep(const SweepOptions& o) {
  return guarded([&] { return sweep_main(o); }, "summit sweep");
}
int run_merge(const SweepOptions& o) {
  return guarded([&] { return merge_main(o); }, "summit merge");
}

}  // namespace summit::cli
