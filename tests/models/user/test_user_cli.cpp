// Model files through the summit executable, as a user would run them: every subcommand takes a
// path, the file's content hash is in the provenance, sweeps find files relative to the spec,
// `summit list` shows the search path, and bad files give one file:line:column message, exit 2.
#include "tests/cli_support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace summit::test {
namespace {

namespace fs = std::filesystem;

const std::string kModels = std::string(SUMMIT_SOURCE_DIR) + "/examples/models/";

const fs::path& scratch() {  // removed when the test program exits (tests/scratch_dir.hpp)
  static const summit::test::ScratchDir dir("user_test");
  return dir.path();
}

std::string write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p.string();
}

const char* kPerceptron =
    "model perceptron \"linear perceptron\"\n"       // 1
    "param lr = 0.5 in (0, 2) \"learning rate\"\n"   // 2
    "param K = 2 int in [1, 9]\n"                    // 3
    "state m = 0.01\n"                               // 4
    "state Q = 1 in (0, inf)\n"                      // 5
    "loss = (1 + Q - 2*m) / 2\n"                     // 6
    "d/dt m = lr*(1 - m)\n"                          // 7
    "d/dt Q = 2*lr*(m - Q) + lr^2*(1 + Q - 2*m)\n";  // 8

// kPerceptron with line `line` (1-based) replaced by `text` ("" deletes it, a line past the end
// appends).
std::string with_line(int line, const std::string& text) {
  std::string out, l;
  std::istringstream in(kPerceptron);
  int n = 0;
  while (std::getline(in, l)) {
    ++n;
    if (n == line) {
      if (!text.empty()) out += text + "\n";
    } else {
      out += l + "\n";
    }
  }
  if (line > n) out += text + "\n";
  return out;
}

TEST_CASE("every subcommand takes a model file; its content hash is in the provenance") {
  const std::string f = kModels + "perceptron.summit";
  const auto j = run_json("fixed-points " + f + " --set lr=0.5 --set kappa=0.1");
  CHECK(j["model"] == f);
  CHECK(j["model_source"].get<std::string>().find("fnv1a64 ") != std::string::npos);
  REQUIRE(j["fixed_points"].size() == 1);
  // closed form m = lr / (lr + kappa); certificate 1e-10 (see test_user_models.cpp)
  CHECK(j["fixed_points"][0]["state"]["m"].get<double>() == doctest::Approx(0.5 / 0.6).epsilon(1e-9));
  const CliRun csv = run_summit("curve " + f + " --t-end 10 --format csv");
  CHECK(csv.code == 0);
  CHECK(csv.out.find("# model source: model file " + f) != std::string::npos);
  for (const std::string& args : {"describe " + f, "evaluate " + f + " --at m=0.5",
                                  "escape " + f + " --t-end 100", "stability " + f + " --at m=1",
                                  "basins " + f}) {
    const CliRun r = run_summit(args);
    INFO("summit " << args << "\nstderr: " << r.err);
    CHECK(r.code == 0);
  }
}

TEST_CASE("summit list shows the models on SUMMIT_MODEL_PATH; bare names find them") {
  const fs::path dir = scratch() / "path";
  fs::create_directories(dir);
  fs::copy_file(kModels + "perceptron.summit", dir / "my_perceptron.summit",
                fs::copy_options::overwrite_existing);
  const std::string env = "SUMMIT_MODEL_PATH=" + dir.string();
  const CliRun l = run_summit("list", env);
  CHECK(l.code == 0);
  CHECK(l.out.find("my_perceptron") != std::string::npos);
  CHECK(l.out.find("committee") != std::string::npos);
  const CliRun d = run_summit("describe my_perceptron", env);
  CHECK(d.code == 0);
  CHECK(d.out.find("learning rate") != std::string::npos);
}

TEST_CASE("a sweep spec names a model file relative to itself") {
  const fs::path dir = scratch() / "sweep";
  fs::create_directories(dir / "models");
  fs::copy_file(kModels + "perceptron.summit", dir / "models" / "p.summit", fs::copy_options::overwrite_existing);
  std::ofstream(dir / "spec.json") << R"({"model": "models/p.summit", "command": "fixed-points",
    "axes": [{"param": "kappa", "values": [0, 0.1]}]})";
  const CliRun r = run_summit("sweep " + (dir / "spec.json").string() + " --out " + (dir / "out").string());
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(fs::exists(dir / "out" / "sweep.json"));
}

TEST_CASE("bad model files: one message with file:line:column, exit 2, nothing else") {
  struct Case {
    const char* what;
    std::string text;
    int line, col;
    const char* needle;
  };
  const Case cases[] = {
      {"syntax error", with_line(6, "loss = (1 + Q - 2*m / 2"), 6, 24, "expected ')' before the end of the line"},
      {"unknown symbol", with_line(7, "d/dt m = lr*(1 - mm)"), 7, 18, "unknown symbol 'mm'"},
      {"index out of range", with_line(9, "state v[K]\nd/dt v[i] = v[i + 1]"), 10, 13, "out of range 1..2"},
      {"size not an int parameter", with_line(9, "state v[lr]\nd/dt v[i] = 0"), 9, 9, "must be an int parameter"},
      {"drift for an undeclared block", with_line(9, "d/dt z = 1"), 9, 6, "'z', which is not a declared state"},
      {"block without a drift", with_line(8, ""), 5, 7, "state 'Q' has no drift"},
      {"initial state not realisable", with_line(5, "state Q = -1 in (0, inf)"), 5, 7, "not realisable"},
  };
  for (const Case& c : cases) {
    const std::string f = write(std::string("bad_") + std::to_string(&c - cases) + ".summit", c.text);
    const CliRun r = run_summit("describe " + f);
    INFO(c.what << "\n" << c.text << "\nstderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    const std::string where = f + ":" + std::to_string(c.line) + ":" + std::to_string(c.col) + ": ";
    CHECK(r.err.rfind("summit: error: " + where, 0) == 0);
    CHECK(r.err.find(c.needle) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  // A file that does not exist.
  expect_error("describe " + (scratch() / "missing.summit").string(), "no such file");
}

// docs/models.md's commands and its error example are run by test_docs (tests/docs/check_docs.py).

}  // namespace
}  // namespace summit::test
