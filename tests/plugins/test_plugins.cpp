// Plugins (models/plugins.hpp, docs/extending.md): the example plugin of examples/plugin reaches
// every front door of the CLI and sweeps with its provenance, and every kind of bad plugin is
// refused with one message naming the file (exit 2, nothing on stdout).
#include "../cli_support.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using summit::test::CliRun;
using summit::test::expect_error;
using summit::test::run_json;
using summit::test::run_summit;

namespace {

const std::string kPlugins = std::string(SUMMIT_BINARY_DIR) + "/plugins/";
const std::string kExample = kPlugins + "libsummit_example_plugin.so";
std::string bad(int kind) { return kPlugins + "libsummit_bad_plugin_" + std::to_string(kind) + ".so"; }

const fs::path& scratch() {
  static const summit::test::ScratchDir dir("plugins_test");
  return dir.path();
}

}  // namespace

// The perceptron sweep over kappa = 0, 0.1 in OUT: both points hold m* = lr / (lr + kappa) at
// lr = 0.5 (closed form; the fixed point is certified to 1e-9 as in the first test case).
nlohmann::json check_perceptron_sweep(const fs::path& out) {
  std::ifstream in(out / "sweep.json");
  const auto res = nlohmann::json::parse(in);
  REQUIRE(res["points"].size() == 2);
  CHECK(res["points"][0]["record"]["fixed_points.0.state.m"].get<double>() == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(res["points"][1]["record"]["fixed_points.0.state.m"].get<double>() == doctest::Approx(0.5 / 0.6).epsilon(1e-9));
  return res;
}

TEST_CASE("the example plugin's model is listed and its fixed point is the closed form") {
  const CliRun l = run_summit("list --plugin " + kExample);
  INFO(l.err);
  CHECK(l.code == 0);
  CHECK(l.out.find("perceptron-cxx") != std::string::npos);
  CHECK(l.out.find("committee") != std::string::npos);

  const double lr = 0.5, kappa = 0.1;
  const auto j = run_json("fixed-points perceptron-cxx --plugin " + kExample + " --set lr=0.5 --set kappa=0.1");
  CHECK(j["model"] == "perceptron-cxx");
  const std::string src = j["model_source"].get<std::string>();
  CHECK(src.find("plugin " + fs::canonical(kExample).string()) != std::string::npos);
  CHECK(src.find("fnv1a64 ") != std::string::npos);
  REQUIRE(j["fixed_points"].size() == 1);
  // Closed form (examples/plugin/perceptron.cpp). The point is certified by max|drift| <= 1e-10;
  // the Jacobian's smallest |eigenvalue| is lr + kappa = 0.6, so the position error is below
  // 1e-10 / 0.6 < 1e-9.
  const double m = lr / (lr + kappa);
  const double Q = (2 * lr * m + lr * lr * (1 - 2 * m)) / (2 * lr - lr * lr + 2 * kappa);
  const auto& p = j["fixed_points"][0];
  CHECK(p["state"]["m"].get<double>() == doctest::Approx(m).epsilon(1e-9));
  CHECK(p["state"]["Q"].get<double>() == doctest::Approx(Q).epsilon(1e-9));
  CHECK(p["type"] == "stable");

  // The CSV carries the same provenance line.
  const CliRun csv = run_summit("curve perceptron-cxx --plugin " + kExample + " --t-end 10 --format csv");
  CHECK(csv.code == 0);
  CHECK(csv.out.find("# model source: plugin ") != std::string::npos);
}

TEST_CASE("the plugin's exact Jacobian: eigenvalues -(lr + kappa) and -(2 lr - lr^2 + 2 kappa)") {
  const double lr = 0.5, kappa = 0.1;
  const auto j = run_json("stability perceptron-cxx --plugin " + kExample +
                          " --set lr=0.5 --set kappa=0.1 --at m=0.3 --at Q=0.4");
  REQUIRE(j["fixed_points"].size() == 1);
  std::vector<double> re;
  for (const auto& e : j["fixed_points"][0]["eigenvalues"]) re.push_back(e[0].get<double>());
  std::sort(re.begin(), re.end());
  REQUIRE(re.size() == 2);
  // The drift is linear, so its Jet Jacobian is exact to rounding (1e-12 relative).
  CHECK(re[0] == doctest::Approx(-(2 * lr - lr * lr + 2 * kappa)).epsilon(1e-12));
  CHECK(re[1] == doctest::Approx(-(lr + kappa)).epsilon(1e-12));
}

TEST_CASE("SUMMIT_PLUGIN_PATH takes files and folders; a sweep reaches the plugin's model") {
  const CliRun f = run_summit("describe perceptron-cxx", "SUMMIT_PLUGIN_PATH=" + kExample);
  INFO(f.err);
  CHECK(f.code == 0);
  CHECK(f.out.find("weight decay") != std::string::npos);
  const fs::path dir = scratch() / "plugin_dir";
  fs::create_directories(dir);
  fs::copy_file(kExample, dir / "perceptron.so", fs::copy_options::overwrite_existing);
  const CliRun d = run_summit("describe perceptron-cxx", "SUMMIT_PLUGIN_PATH=" + dir.string());
  CHECK(d.code == 0);
  // The same file twice (environment and --plugin) is loaded once.
  const CliRun twice = run_summit("describe perceptron-cxx --plugin " + kExample, "SUMMIT_PLUGIN_PATH=" + kExample);
  CHECK(twice.code == 0);

  const fs::path sw = scratch() / "sweep";
  fs::create_directories(sw);
  std::ofstream(sw / "spec.json") << R"({"model": "perceptron-cxx", "command": "fixed-points",
    "axes": [{"param": "kappa", "values": [0, 0.1]}], "record": ["fixed_points.0.state.m"]})";
  const CliRun r = run_summit("sweep " + (sw / "spec.json").string() + " --out " + (sw / "out").string() +
                              " --plugin " + kExample);
  INFO(r.err);
  REQUIRE(r.code == 0);
  check_perceptron_sweep(sw / "out");
}

TEST_CASE("a sweep spec names its plugins relative to itself") {
  const fs::path sw = scratch() / "sweep_plugins";
  fs::create_directories(sw / "libs");
  fs::copy_file(kExample, sw / "libs" / "perceptron.so", fs::copy_options::overwrite_existing);
  std::ofstream(sw / "spec.json") << R"({"model": "perceptron-cxx", "command": "fixed-points",
    "plugins": ["libs/perceptron.so"],
    "axes": [{"param": "kappa", "values": [0, 0.1]}], "record": ["fixed_points.0.state.m"]})";
  const CliRun r = run_summit("sweep " + (sw / "spec.json").string() + " --out " + (sw / "out").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  const auto res = check_perceptron_sweep(sw / "out");
  // The point's command line names the plugin, so the point can be re-run on its own.
  const std::string line = res["points"][1]["command_line"].get<std::string>();
  CHECK(line.find("--plugin " + (sw / "libs" / "perceptron.so").string()) != std::string::npos);
  const std::string src = res["points"][1]["result"]["model_source"].get<std::string>();
  CHECK(src.find("plugin " + fs::canonical(sw / "libs" / "perceptron.so").string()) != std::string::npos);

  // A plugin that does not load is an error of the spec naming the field and the file.
  std::ofstream(sw / "bad.json") << R"({"model": "perceptron-cxx", "command": "fixed-points",
    "plugins": ["libs/missing.so"], "axes": [{"param": "kappa", "values": [0]}]})";
  expect_error("sweep " + (sw / "bad.json").string() + " --out " + (sw / "out_bad").string(),
               "field 'plugins.0': plugin '" + (sw / "libs" / "missing.so").string() + "': no such file");
}

TEST_CASE("summit list names the source of every model: built-in, plugin or model file") {
  const fs::path dir = scratch() / "model_path";
  fs::create_directories(dir);
  fs::copy_file(fs::path(SUMMIT_SOURCE_DIR) / "examples/models/perceptron.summit", dir / "my-perceptron.summit",
                fs::copy_options::overwrite_existing);
  const CliRun l = run_summit("list --format json --plugin " + kExample, "SUMMIT_MODEL_PATH=" + dir.string());
  INFO(l.err);
  REQUIRE(l.code == 0);
  const auto j = nlohmann::json::parse(l.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& m : j["models"]) by_name[m["name"].get<std::string>()] = m;
  REQUIRE(by_name.count("committee") == 1);
  REQUIRE(by_name.count("perceptron-cxx") == 1);
  REQUIRE(by_name.count("my-perceptron") == 1);
  CHECK(by_name["committee"]["source"] == "built-in");
  CHECK(by_name["perceptron-cxx"]["source"] == "plugin");
  CHECK(by_name["perceptron-cxx"]["origin"].get<std::string>().find("plugin " + fs::canonical(kExample).string()) !=
        std::string::npos);
  CHECK(by_name["my-perceptron"]["source"] == "model file");
  // The table shows the same column.
  const CliRun t = run_summit("list --plugin " + kExample, "SUMMIT_MODEL_PATH=" + dir.string());
  REQUIRE(t.code == 0);
  for (const char* row : {"perceptron-cxx", "my-perceptron", "committee"}) {
    const auto at = t.out.find(std::string("\n") + row + " ");
    REQUIRE(at != std::string::npos);
    const std::string line = t.out.substr(at + 1, t.out.find('\n', at + 1) - at - 1);
    const std::string want = std::string(row) == "committee" ? "built-in" : std::string(row) == "perceptron-cxx" ? "plugin" : "model file";
    CHECK_MESSAGE(line.find(" " + want + " ") != std::string::npos, line);
  }
}

TEST_CASE("bad plugins: one message naming the file, exit 2, nothing on stdout") {
  const fs::path text = scratch() / "not_a_library.so";
  std::ofstream(text) << "this is not a shared library\n";
  const std::string missing = (scratch() / "missing.so").string();
  struct Case {
    std::string file;
    const char* needle;
  };
  const Case cases[] = {
      {missing, "no such file"},
      {text.string(), "not a loadable shared library"},
      {bad(1), "no entry point 'summit_plugin_entry'"},
      {bad(2), "built for plugin ABI version 0"},
      {bad(3), "built against summit 0.0.0"},
      {bad(4), "model 'committee' has the name of a built-in model"},
      {bad(5), "registers no models"},
      {bad(6), "registering its models failed: this plugin cannot register"},
  };
  for (const Case& c : cases) {
    for (const std::string& args : {"list --plugin " + c.file, "fixed-points committee --plugin " + c.file}) {
      const CliRun r = run_summit(args);
      INFO("summit " << args << "\nstderr: " << r.err);
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find("plugin '" + c.file + "': " + c.needle) != std::string::npos);
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    const CliRun e = run_summit("list", "SUMMIT_PLUGIN_PATH=" + c.file);
    INFO("SUMMIT_PLUGIN_PATH=" << c.file << " summit list\nstderr: " << e.err);
    CHECK(e.code == 2);
    CHECK(e.out.empty());
    CHECK(e.err.find("plugin '" + c.file + "': " + c.needle) != std::string::npos);
  }
  // The same model from two plugin files.
  const fs::path copy = scratch() / "copy.so";
  fs::copy_file(kExample, copy, fs::copy_options::overwrite_existing);
  expect_error("list --plugin " + kExample + " --plugin " + copy.string(),
               "plugin '" + copy.string() + "': model 'perceptron-cxx' is already defined by plugin " +
                   fs::canonical(kExample).string());
}

TEST_CASE("a plugin model that throws while it computes is a failed run (exit 1), not bad input") {
  // tests/plugins/libs/failing_plugin.cpp: the loss throws std::runtime_error for x > 1.
  const std::string failing = kPlugins + "libsummit_failing_plugin.so";
  CHECK(run_json("evaluate failing-cxx --plugin " + failing + " --at x=0.5")["loss"].get<double>() == 0.125);
  expect_error("evaluate failing-cxx --plugin " + failing + " --at x=2",
               "summit: evaluate failing-cxx failed: failing-cxx: the loss routine gave up at x = 2", 1);
}
