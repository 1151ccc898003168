// Sweeps and merges under bad input and faults: the output folder lock, a torn journal, strict
// merge (every point exactly once, valid values and hashes), the whole spec validated before any
// work, values copied into Slurm scripts, and non-finite points.
#include "../cli_support.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using json = nlohmann::json;
namespace fs = std::filesystem;
using summit::test::CliRun;
using summit::test::run_summit;
using summit::test::scratch;

namespace {

std::string write_spec(const std::string& name, const json& spec) {
  std::ofstream(scratch() / name) << spec.dump(2);
  return (scratch() / name).string();
}

json read_json(const fs::path& p) {
  std::ifstream f(p);
  return json::parse(f);
}

void write_json(const fs::path& p, const json& j) { std::ofstream(p) << j.dump(1); }

// Six cheap points: the committee's loss at six learning rates (evaluate: microseconds each).
json small_spec() {
  return {{"model", "committee"},
          {"command", "evaluate"},
          {"axes", json::array({{{"param", "lr"}, {"values", {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}}}})}};
}

void expect(const CliRun& r, int code, const std::string& needle, const std::string& what) {
  INFO(what << "\nexit " << r.code << "\nstderr: " << r.err);
  CHECK(r.code == code);
  CHECK(r.out.empty());
  CHECK(r.err.find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("sweep: a second run on a locked output folder is refused; a killed run leaves no lock") {
  const std::string spec = write_spec("small.json", small_spec());
  const fs::path out = scratch() / "locked";
  fs::create_directories(out);
  {
    // This process holds the lock a running sweep would hold.
    const int fd = ::open((out / ".sweep.lock").c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    expect(run_summit("sweep " + spec + " --out " + out.string() + " -q"), 2, "another summit sweep or merge is writing",
           "locked sweep");
    CHECK(!fs::exists(out / "sweep.json"));
    expect(run_summit("merge " + out.string()), 2, "another summit sweep or merge", "locked merge");
    ::close(fd);  // as when the holder dies, even by SIGKILL
  }
  CHECK(run_summit("sweep " + spec + " --out " + out.string() + " -q").code == 0);
  CHECK(read_json(out / "sweep.json")["summary"]["ok"] == 6);
}

TEST_CASE("sweep: a journal whose last line was torn by a kill is resumed, the torn point recomputed") {
  const std::string spec = write_spec("small.json", small_spec());
  const fs::path ref = scratch() / "ref";
  REQUIRE(run_summit("sweep " + spec + " --out " + ref.string() + " -q").code == 0);
  const json full = read_json(ref / "sweep.json");
  const fs::path out = scratch() / "torn";
  fs::create_directories(out);
  {
    std::ofstream j(out / "sweep.journal.jsonl");
    j << full["points"][0].dump() << "\n" << full["points"][3].dump() << "\n";
    const std::string cut = full["points"][4].dump();
    j << cut.substr(0, cut.size() / 2);  // no newline: the kill came mid-write
  }
  const CliRun r = run_summit("sweep " + spec + " --out " + out.string() + " --skip-existing");
  CHECK(r.code == 0);
  CHECK(r.err.find("6 ok (2 reused)") != std::string::npos);
  CHECK(read_json(out / "sweep.json") == full);
}

TEST_CASE("merge: refuses task files with points missing, null, duplicated, altered or still running") {
  const std::string spec = write_spec("small.json", small_spec());
  const fs::path out = scratch() / "shares";
  for (int i = 0; i < 2; ++i)
    REQUIRE(run_summit("sweep " + spec + " --out " + out.string() + " -q --task-index " + std::to_string(i) +
                       " --task-count 2")
                .code == 0);
  const fs::path t0 = out / "task-0-of-2.json", t1 = out / "task-1-of-2.json";
  const json good0 = read_json(t0), good1 = read_json(t1);
  REQUIRE(run_summit("merge " + out.string()).code == 0);
  CHECK(read_json(out / "sweep.json")["summary"]["ok"] == 6);
  struct Tamper {
    std::string what, needle;
    std::function<void(json&)> edit;
  };
  const std::vector<Tamper> tampers = {
      {"a point removed", "1 of 6 points are missing: ", [](json& j) { j["points"].erase(0); }},
      {"a point null", "is null, not a point record", [](json& j) { j["points"][0] = nullptr; }},
      {"a point duplicated", "appears twice", [&](json& j) { j["points"].push_back(good1["points"][0]); }},
      {"a hash altered", "its hash does not match its arguments",
       [](json& j) { j["points"][0]["hash"] = "0123456789abcdef"; }},
      {"a hash malformed", "no valid hash", [](json& j) { j["points"][0]["hash"] = 7; }},
      {"values altered", "are not the spec's", [](json& j) { j["points"][0]["values"]["lr"] = 9; }},
      {"an index out of range", "no valid index", [](json& j) { j["points"][0]["index"] = 99; }},
      {"a status unknown", "no valid status", [](json& j) { j["points"][0]["status"] = "great"; }},
      {"points not a list", "has no list of points", [](json& j) { j["points"] = 3; }},
      {"another format", "is not a summit-sweep/1 file", [](json& j) { j["format"] = "x"; }},
  };
  for (const auto& t : tampers) {
    json j = good0;
    t.edit(j);
    write_json(t0, j);
    expect(run_summit("merge " + out.string()), 1, t.needle, t.what);
  }
  std::ofstream(t0) << "{\"format\": ";  // a truncated task file
  expect(run_summit("merge " + out.string()), 1, "invalid JSON", "truncated task file");
  write_json(t0, good0);
  fs::remove(t1);
  expect(run_summit("merge " + out.string()), 1, "tasks 1 of 2 are missing", "missing task file");
  write_json(t1, good1);
  {
    const int fd = ::open((out / ".task-1-of-2.lock").c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    expect(run_summit("merge " + out.string()), 1, "is still being written by a running sweep", "running task");
    ::close(fd);
  }
  CHECK(run_summit("merge " + out.string()).code == 0);
}

TEST_CASE("sweep: the whole spec is validated before any work (exit 2, nothing computed)") {
  auto refused = [](const std::string& name, json spec, const std::string& needle) {
    const std::string file = write_spec(name, spec);
    const fs::path out = scratch() / ("refused_" + name);
    expect(run_summit("sweep " + file + " --out " + out.string()), 2, needle, name);
    CHECK(!fs::exists(out));
  };
  json s = small_spec();
  s["params"] = {{"K", 0}};
  refused("fixed_param.json", s, "point 0 (lr = 0.1)");
  s = small_spec();
  s["axes"][0]["values"] = {0.1, 0.2, "abc"};
  refused("axis_value.json", s, "point 2 (lr = abc)");
  s = small_spec();
  s["at"] = {{"Q[1,2]", 5}};
  refused("state.json", s, "not realisable");
  s = small_spec();
  s["options"] = {{"eps", 0}};
  s["command"] = "stability";  // evaluate takes neither --eps nor --tol (cli/study_table.cpp)
  refused("option.json", s, "--eps 0: must be in (0, 1)");
  s = small_spec();
  s["axes"] = json::array({{{"option", "tol"}, {"values", {1e-10, -1}}}});
  s["command"] = "stability";
  refused("option_axis.json", s, "--tol -1: must be > 0");
  s = small_spec();
  s["options"] = {{"eps", 0.1}};
  refused("option_not_taken.json", s, "field 'options': unknown option in summit evaluate");
  s = small_spec();
  s["options"] = {{"solver-seed", 3}};  // as the CLI: summit evaluate takes no --solver-seed
  refused("seed_not_taken.json", s, "field 'options': unknown option in summit evaluate");
  s = small_spec();
  s["options"] = {{"times", "1,2"}, {"t-end", 5}};
  s["command"] = "curve";
  refused("conflict.json", s, "--times and --t-end both given");
}

TEST_CASE("sweep: values copied into the Slurm script are validated") {
  const std::string spec = write_spec("small.json", small_spec());
  expect(run_summit("sweep " + spec + " --emit-slurm --slurm-time '$(rm -rf /)'"), 2, "--slurm-time '$(rm -rf /)'",
         "slurm time injection");
  expect(run_summit("sweep " + spec + " --emit-slurm --slurm-time '1:00\n#SBATCH --x'"), 2, "--slurm-time",
         "slurm time newline");
  expect(run_summit("sweep " + spec + " --emit-slurm --slurm-cpus 0"), 2, "--slurm-cpus 0", "slurm cpus");
  for (const char* t : {"30", "1:30", "01:00:00", "2-12", "2-12:30:00"}) {
    const CliRun r = run_summit("sweep " + spec + " --emit-slurm --slurm-time " + t);
    CHECK(r.code == 0);
    CHECK(r.out.find(std::string("#SBATCH --time=") + t + "\n") != std::string::npos);
  }
  expect(run_summit("sweep " + spec + " --limit -5"), 2, "--limit -5", "negative limit");
}

TEST_CASE("sweep: a point whose result is not finite is recorded as non-finite") {
  json spec = {{"model", "committee"},
               {"command", "evaluate"},
               {"at", {{"Q[2,2]", 1e308}}},
               {"axes", json::array({{{"at", "Q[1,1]"}, {"values", {1.0, 1e308}}}})}};
  const std::string file = write_spec("nonfinite.json", spec);
  const fs::path out = scratch() / "nonfinite";
  const CliRun r = run_summit("sweep " + file + " --out " + out.string() + " -q");
  CHECK(r.code == 1);
  const json res = read_json(out / "sweep.json");
  CHECK(res["points"][1]["status"] == "non-finite");
  CHECK(res["points"][1]["message"].get<std::string>().find("non-finite result: drift.") != std::string::npos);
}
