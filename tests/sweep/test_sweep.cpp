// `summit sweep` and `summit merge`, run as a user would (the binary): determinism across thread
// counts, equality with the subcommand run on its own, resume, job-array shares, the MPI farm,
// failed points, malformed specs and plotting.
#include "../cli_support.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Run = summit::test::CliRun;

const fs::path& scratch() {  // removed when the test program exits (tests/scratch_dir.hpp)
  static const summit::test::ScratchDir dir("sweep_test");
  return dir.path();
}

Run run(const std::string& args, const std::string& prefix = "") {
  return summit::test::run_summit(args, prefix);
}

std::string write_spec(const std::string& name, const json& spec) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << spec.dump(2);
  return p.string();
}

std::string write_text(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p.string();
}

json read_json(const fs::path& p) {
  std::ifstream f(p);
  REQUIRE(f.good());
  return json::parse(f);
}

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs a sweep into a fresh folder and returns its result file.
json sweep(const std::string& spec, const std::string& out, const std::string& flags, int expect = 0) {
  fs::remove_all(scratch() / out);
  const Run r = run("sweep " + spec + " --out " + (scratch() / out).string() + " " + flags);
  INFO("summit sweep " << spec << " " << flags << "\nstderr: " << r.err);
  REQUIRE(r.code == expect);
  return read_json(scratch() / out / "sweep.json");
}

// Thresholds of the linearised multi-index state evolution over channels (cheap: ~10 ms each),
// and a noise x lr grid of the committee's perfect fixed point followed in lr (a chain).
json threshold_spec() {
  return {{"model", "multi-index-weak-recovery"},
          {"command", "threshold"},
          {"axes", json::array({{{"param", "channel"}, {"values", {"abs", "square", "z1z2", "sign-z1z2", "abs-z1z2"}}}})},
          {"record", {"threshold", "direction"}}};
}
json chain_spec() {
  return {{"model", "committee"},
          {"command", "stability"},
          {"params", {{"K", 2}, {"M", 2}}},
          {"options", {{"point", "perfect"}}},
          {"axes", json::array({{{"param", "noise"}, {"values", {0, 0.1, 0.2}}},
                                {{"param", "lr"}, {"range", {0.5, 1.5}}, {"points", 4}, {"continue", true}}})},
          {"record", {"fixed_points.0.type", "fixed_points.0.lambda_max", "fixed_points.0.loss"}}};
}

}  // namespace

TEST_CASE("sweep: thresholds over channels match the closed forms, and each point equals the subcommand") {
  const std::string spec = write_spec("thr.json", threshold_spec());
  const json r = sweep(spec, "thr", "--jobs 2");
  REQUIRE(r["points"].size() == 5);
  CHECK(r["summary"]["ok"] == 5);
  // Oracles (tests/models/spectral/test_weak_recovery.cpp): alpha_c = 1/2 for abs and square (phase
  // retrieval), pi^2/4 for sign(z1 z2); the bisection brackets the root to ~1e-8.
  const double pi = std::numbers::pi;
  CHECK(r["points"][0]["record"]["threshold"].get<double>() == doctest::Approx(0.5).epsilon(1e-7));
  CHECK(r["points"][1]["record"]["threshold"].get<double>() == doctest::Approx(0.5).epsilon(1e-7));
  CHECK(r["points"][3]["record"]["threshold"].get<double>() == doctest::Approx(pi * pi / 4).epsilon(1e-7));
  // The in-process result equals the recorded command run as its own process.
  for (int i : {2, 4}) {
    const json& p = r["points"][i];
    const std::string cl = p["command_line"];
    REQUIRE(cl.rfind("summit ", 0) == 0);
    const Run d = run(cl.substr(7));
    REQUIRE(d.code == 0);
    // Identical but for argv[0] in the provenance (the test runs the binary by its path).
    json direct = json::parse(d.out), in_sweep = p["result"];
    CHECK(direct["summit"]["command"].get<std::string>().ends_with(cl.substr(6)));
    direct["summit"].erase("command");
    in_sweep["summit"].erase("command");
    CHECK(direct == in_sweep);
    CHECK(p["values"]["channel"] == p["result"]["params"]["channel"]);
  }
  // Provenance in both files.
  CHECK(r["format"] == "summit-sweep/1");
  CHECK(r["summit"].contains("git"));
  CHECK(r["spec"] == threshold_spec());
  CHECK(r["solver_options"]["grid"] == 24);
  const std::string csv = read_text(scratch() / "thr" / "sweep.csv");
  CHECK(csv.find("# spec: " + threshold_spec().dump()) != std::string::npos);
  CHECK(csv.find("# summit ") != std::string::npos);
  CHECK(csv.find("(git ") != std::string::npos);
  CHECK(csv.find("index,chain,status,channel,threshold,direction,seed,hash,message") != std::string::npos);
}

TEST_CASE("sweep: results do not depend on the number of threads; chains warm-start") {
  const std::string spec = write_spec("chain.json", chain_spec());
  const json one = sweep(spec, "c1", "--jobs 1 -q");
  const json two = sweep(spec, "c2", "--jobs 2 -q");
  const json three = sweep(spec, "c3", "--jobs 3 -q");
  CHECK(one == two);
  CHECK(one == three);
  CHECK(read_text(scratch() / "c1" / "sweep.csv") == read_text(scratch() / "c3" / "sweep.csv"));
  REQUIRE(one["points"].size() == 12);
  for (const auto& p : one["points"]) {
    CHECK(p["status"] == "ok");
    CHECK(p["chain"] == p["index"].get<int>() / 4);
    // Along lr each point starts from the previous point's fixed point (given as --at).
    const bool first = p["index"].get<int>() % 4 == 0;
    CHECK((p["command_line"].get<std::string>().find("--at") != std::string::npos) == !first);
    // The perfect student is a stable fixed point; without noise its generalisation error is
    // exactly zero (teacher = student).
    CHECK(p["record"]["fixed_points.0.type"] == "stable");
    if (p["values"]["noise"] == 0) CHECK(std::abs(p["record"]["fixed_points.0.loss"].get<double>()) < 1e-12);
  }
}

TEST_CASE("sweep: resume after a stopped or killed run, and job-array shares merge to the single run") {
  const std::string spec = write_spec("chain2.json", chain_spec());
  const json full = sweep(spec, "full", "-q");
  // A run stopped after 5 new points (exit 3) leaves pending points; --skip-existing finishes it.
  const json part = sweep(spec, "res", "--jobs 2 -q --limit 5", 3);
  CHECK(part["summary"]["pending"] == 7);
  CHECK(part["summary"]["ok"] == 5);
  Run r = run("sweep " + spec + " --out " + (scratch() / "res").string() + " --skip-existing --jobs 2");
  CHECK(r.code == 0);
  CHECK(r.err.find("5 reused") != std::string::npos);
  CHECK(read_json(scratch() / "res" / "sweep.json") == full);

  // A killed run: only the journal of finished points, its last line cut short.
  const fs::path kill = scratch() / "kill";
  fs::remove_all(kill);
  fs::create_directories(kill);
  {
    std::ofstream j(kill / "sweep.journal.jsonl");
    for (int i : {0, 1, 2, 4, 5}) j << full["points"][i].dump() << "\n";
    const std::string cut = full["points"][6].dump();
    j << cut.substr(0, cut.size() / 2);
  }
  r = run("sweep " + spec + " --out " + kill.string() + " --skip-existing");
  CHECK(r.code == 0);
  CHECK(r.err.find("5 reused") != std::string::npos);
  CHECK(read_json(kill / "sweep.json") == full);
  CHECK(!fs::exists(kill / "sweep.journal.jsonl"));
  // Without full results in the files, a resumed chain still warm-starts identically.
  {
    json lean = chain_spec();
    lean["keep_results"] = false;
    const std::string lf = write_spec("lean.json", lean);
    const json all = sweep(lf, "lean_full", "-q");
    CHECK(!all["points"][1].contains("result"));
    CHECK(all["points"][1]["warm_state"].is_object());
    sweep(lf, "lean", "-q --limit 6", 3);
    r = run("sweep " + lf + " --out " + (scratch() / "lean").string() + " --skip-existing");
    CHECK(r.code == 0);
    CHECK(r.err.find("6 reused") != std::string::npos);
    CHECK(read_json(scratch() / "lean" / "sweep.json") == all);
  }
  // A record whose hash does not match (as after a change of code version or options) is
  // recomputed, not reused, even if its content looks valid.
  {
    std::ofstream j(kill / "sweep.journal.jsonl");
    json stale = full["points"][0];
    stale["hash"] = "0000000000000000";
    stale["record"]["fixed_points.0.type"] = "stale";
    j << stale.dump() << "\n";
  }
  fs::remove(kill / "sweep.json");
  r = run("sweep " + spec + " --out " + kill.string() + " --skip-existing");
  CHECK(r.err.find("0 reused") != std::string::npos);
  CHECK(read_json(kill / "sweep.json") == full);

  // Three shares (chains dealt round-robin), one with the Slurm variables, then merge.
  const fs::path arr = scratch() / "arr";
  fs::remove_all(arr);
  for (int i = 0; i < 3; ++i) {
    const std::string env = i == 1 ? "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3" : "";
    const std::string flags = i == 1 ? "" : " --task-index " + std::to_string(i) + " --task-count 3";
    CHECK(run("sweep " + spec + " --out " + arr.string() + flags + " -q", env).code == 0);
    CHECK(fs::exists(arr / ("task-" + std::to_string(i) + "-of-3.json")));
    CHECK(fs::exists(arr / ("task-" + std::to_string(i) + "-of-3.csv")));
  }
  CHECK(read_json(arr / "task-1-of-3.json")["points"].size() == 4);  // chain 1 of 3
  r = run("merge " + arr.string());
  CHECK(r.code == 0);
  CHECK(read_json(arr / "sweep.json") == full);
  CHECK(read_text(arr / "sweep.csv") == read_text(scratch() / "full" / "sweep.csv"));
  fs::remove(arr / "task-2-of-3.json");
  r = run("merge " + arr.string());
  CHECK(r.code == 1);  // an incomplete set of shares is refused (exit 1), naming what is missing
  CHECK(r.err.find("tasks 2 of 3 are missing") != std::string::npos);

  // The job-array script.
  r = run("sweep " + spec + " --emit-slurm --task-count 4");
  CHECK(r.code == 0);
  CHECK(r.out.find("#SBATCH --array=0-3") != std::string::npos);
  CHECK(r.out.find("--task-index \"$SLURM_ARRAY_TASK_ID\" --task-count 4") != std::string::npos);
  CHECK(r.out.find("--skip-existing") != std::string::npos);
}

TEST_CASE("sweep: the MPI task farm with 3 ranks equals the threaded run") {
  const std::string spec = write_spec("mpi.json", chain_spec());
  const json threads = sweep(spec, "thr_ref", "--jobs 2 -q");
  const fs::path out = scratch() / "mpi";
  fs::remove_all(out);
  const std::string launcher = std::string(SUMMIT_MPIEXEC);
  // Where every dependency is installed (.ci/run sets SUMMIT_REQUIRE_ALL=1) a missing mpirun or
  // a build without MPI is a failure, not a skip.
  const char* strict = std::getenv("SUMMIT_REQUIRE_ALL");
  const bool require_all = strict && std::string(strict) == "1";
  if (launcher.empty() || launcher.find("NOTFOUND") != std::string::npos) {
    if (require_all) FAIL("SUMMIT_REQUIRE_ALL=1 but no mpirun was found at configure time");
    MESSAGE("no mpirun found at configure time: MPI farm not tested");
    return;
  }
  const Run r = run("sweep " + spec + " --out " + out.string(),
                    launcher + " --oversubscribe --allow-run-as-root -n 3");
  INFO("stderr: " << r.err);
#ifdef SUMMIT_WITH_MPI
  REQUIRE(r.code == 0);
  CHECK(r.err.find("2 MPI workers") != std::string::npos);
  CHECK(read_json(out / "sweep.json") == threads);
#else
  // Built without MPI: every rank refuses instead of running the whole sweep three times.
  CHECK_MESSAGE(!require_all, "SUMMIT_REQUIRE_ALL=1 but summit was built without MPI");
  CHECK(r.code != 0);
  CHECK(r.err.find("built without MPI") != std::string::npos);
#endif
}

TEST_CASE("sweep: failed points are recorded with their status and the sweep goes on") {
  // Over [0.01, 0.4] the abs channel's alpha_c = 1/2 is not bracketed: that point fails.
  json spec = threshold_spec();
  spec["axes"] = json::array({{{"param", "channel"}, {"values", {"abs", "sign-z1z2"}}},
                              {{"option", "range"}, {"values", {"0.01,1", "0.01,0.4", "1,4"}}}});
  const json r = sweep(write_spec("fail.json", spec), "fail", "-q", 1);
  REQUIRE(r["points"].size() == 6);
  const std::vector<std::string> expect{"ok", "failed", "failed", "failed", "failed", "ok"};
  for (size_t i = 0; i < 6; ++i) {
    CHECK(r["points"][i]["status"] == expect[i]);
    if (expect[i] == "failed") {
      CHECK(!r["points"][i]["message"].get<std::string>().empty());
      CHECK(r["points"][i]["record"]["threshold"].is_null());
    }
  }
  CHECK(r["summary"]["failed"] == 4);
  const std::string csv = read_text(scratch() / "fail" / "sweep.csv");
  CHECK(csv.find(",failed,") != std::string::npos);
}

TEST_CASE("sweep: malformed specs fail before any work with a message naming the field") {
  auto expect_error = [](const std::string& name, const std::string& text, const std::string& needle) {
    const std::string spec = write_text(name, text);
    const fs::path out = scratch() / ("bad_" + name);
    const Run r = run("sweep " + spec + " --out " + out.string());
    INFO(name << ": " << r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(needle) != std::string::npos);
    CHECK(!fs::exists(out));
  };
  expect_error("b1.json", "{\"command\": \"threshold\"}", "field 'model': required");
  expect_error("b2.json", "{\"model\": \"nope\", \"command\": \"threshold\"}", "field 'model': unknown model 'nope'");
  expect_error("b3.json", "{\"model\": \"saxe\", \"command\": \"minimise\"}", "field 'command': 'minimise' cannot be swept");
  expect_error("b4.json", "{\"model\": \"saxe\", \"command\": \"evaluate\", \"axis\": []}", "field 'axis': unknown field");
  expect_error("b5.json", "{\"model\": \"saxe\", \"command\": \"evaluate\", \"axes\": [{\"param\": \"lr2\", \"values\": [1]}]}",
               "field 'axes[0].param': 'lr2' is not a parameter of 'saxe'");
  expect_error("b6.json",
               "{\"model\": \"committee\", \"command\": \"evaluate\", \"axes\": [{\"param\": \"lr\", \"range\": [0.1, 1]}]}",
               "field 'axes[0].points'");
  expect_error("b7.json",
               "{\"model\": \"committee\", \"command\": \"evaluate\", \"axes\": [{\"param\": \"lr\", \"range\": [0, 1], "
               "\"points\": 3, \"scale\": \"log\"}]}",
               "field 'axes[0].range': a log range needs lo, hi > 0");
  expect_error("b8.json",
               "{\"model\": \"committee\", \"command\": \"evaluate\", \"axes\": [{\"zip\": [{\"param\": \"lr\", \"values\": [1, 2]},"
               " {\"param\": \"noise\", \"values\": [0]}]}]}",
               "field 'axes[0].zip': axes of a zip need equal lengths (2 and 1)");
  expect_error("b9.json", "{\"model\": \"committee\", \"command\": \"evaluate\", \"options\": {\"t-endd\": 3}}",
               "field 'options': unknown option");
  expect_error("b10.json", "{\"model\": \"committee\", \"command\": \"evaluate\", \"options\": {\"format\": \"csv\"}}",
               "field 'options.format'");
  expect_error("b11.json",
               "{\"model\": \"committee\", \"command\": \"evaluate\", \"axes\": [{\"param\": \"lr\", \"values\": [1, 2], "
               "\"continue\": true}]}",
               "field 'axes': a continue axis needs a fixed point");
  expect_error("b12.json", "{\"model\": \"committee\", \"command\": \"evaluate\",", "invalid JSON");
  expect_error("b13.json", "{\"model\": \"committee\", \"command\": \"evaluate\", \"record\": [3]}", "field 'record[0]'");
  expect_error("b14.json", "{\"model\": \"committee\", \"command\": \"evaluate\", \"params\": {\"KK\": 3}}",
               "field 'params.KK': not a parameter of 'committee'");
  const Run r = run("sweep " + (scratch() / "does-not-exist.json").string());
  CHECK(r.code == 2);
  CHECK(r.err.find("no such file") != std::string::npos);
}

TEST_CASE("plotting: sweep maps and learning curves to PNG, and a clear error without the backend") {
  auto is_png = [](const fs::path& p) {
    const std::string s = read_text(p);
    return s.size() > 1000 && s.compare(0, 4, "\x89PNG") == 0;
  };
  json spec = chain_spec();
  const std::string file = write_spec("plot.json", spec);
  const fs::path png = scratch() / "map.png";
  Run r = run("sweep " + file + " --out " + (scratch() / "plot").string() + " -q --plot " + png.string() +
              " --plot-value fixed_points.0.lambda_max");
  if (r.code != 0 && r.err.find("matplotlib") != std::string::npos) {
    MESSAGE("matplotlib not available: " << r.err);
  } else {
    CHECK(r.code == 0);
    CHECK(is_png(png));
    const fs::path curve = scratch() / "curve.png";
    r = run("curve saxe --t-end 10 --points 12 --plot " + curve.string());
    CHECK(r.code == 0);
    CHECK(is_png(curve));
  }
  r = run("curve saxe --t-end 10 --points 12 --plot " + (scratch() / "x.png").string(),
          "SUMMIT_PYTHON=/nonexistent/python3");
  CHECK(r.code == 2);
  CHECK(r.err.find("matplotlib") != std::string::npos);
  CHECK(r.err.find("SUMMIT_PYTHON") != std::string::npos);
  r = run("sweep " + file + " --out " + (scratch() / "plot").string() + " -q --plot " + png.string() +
          " --plot-value nope");
  CHECK(r.code == 2);
  CHECK(r.err.find("--plot-value 'nope': not a recorded value") != std::string::npos);
}

TEST_CASE("sweep: simulations are seeded from the spec's seed and the point, whatever the threads") {
  json spec = {{"model", "committee"},
               {"command", "simulate"},
               {"options", {{"d", 200}, {"seeds", 2}, {"t-end", 2}, {"points", 3}}},
               {"axes", json::array({{{"param", "lr"}, {"values", {0.3, 0.6, 0.9}}}})}};
  const std::string file = write_spec("sim.json", spec);
  const json a = sweep(file, "sim1", "--jobs 1 -q");
  const json b = sweep(file, "sim2", "--jobs 3 -q");
  CHECK(a == b);
  for (const auto& p : a["points"]) {
    // The model's seed parameter is the point's seed (so the run is reproducible on its own).
    CHECK(p["result"]["params"]["seed"] == std::to_string(p["seed"].get<long long>()));
    CHECK(p["result"]["solver"]["seed"] == p["seed"]);
  }
  CHECK(a["points"][0]["seed"] != a["points"][1]["seed"]);
  // Another spec seed gives other simulations (the seed is really used).
  spec["seed"] = 7;
  const json c = sweep(write_spec("sim7.json", spec), "sim3", "-q");
  CHECK(c["points"][0]["seed"] != a["points"][0]["seed"]);
  CHECK(c["points"][0]["record"]["rows.-1.1"] != a["points"][0]["record"]["rows.-1.1"]);
}

TEST_CASE("sweep: every point's recorded command line is one the CLI runs as it is") {
  // --solver-seed is passed only to commands that take it: evaluate and simulate refuse it.
  for (const std::string command : {"evaluate", "simulate", "stability"}) {
    json spec = {{"model", "committee"},
                 {"command", command},
                 {"axes", json::array({{{"param", "lr"}, {"values", {0.3, 0.6}}}})}};
    if (command == "simulate") spec["options"] = {{"d", 50}, {"seeds", 2}, {"t-end", 1}, {"points", 2}};
    const json res = sweep(write_spec("cmdline_" + command + ".json", spec), "cmdline_" + command, "-q");
    for (const auto& p : res["points"]) {
      const std::string line = p["command_line"];
      INFO(line);
      CHECK((line.find("--solver-seed") != std::string::npos) == (command == "stability"));
      REQUIRE(line.rfind("summit ", 0) == 0);
      const Run r = run(line.substr(7));
      CHECK(r.code == 0);
      // The same result as the sweep's own (header fields such as the version left aside).
      json by_cli = json::parse(r.out);
      for (const char* k : {"summit", "command", "model", "params", "time_unit"}) by_cli.erase(k);
      json by_sweep = p["result"];
      for (const char* k : {"summit", "command", "model", "params", "time_unit"}) by_sweep.erase(k);
      CHECK(!by_cli.empty());
      CHECK(by_cli == by_sweep);
    }
  }
}
