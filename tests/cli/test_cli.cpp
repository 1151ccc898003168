// The summit executable, run as a user would: outputs, formats, files and every error path.
#include "../cli_support.hpp"
#include "tests/models/committee/erf_ode_oracle.hpp"
#include "../support.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {
// The K = M = 2, lr = 0.5 erf plateau from the independent Saad-Solla oracle
// (tests/models/committee/erf_ode_oracle.hpp, compared with the library in test_committee_oracle.cpp):
// {loss, largest real Jacobian eigenvalue} = {0.0146448, 0.0316182} to the digits shown.
std::pair<double, double> oracle_plateau() {
  const summit::test::ErfCommitteeOracle o(2, 2, 0.5);
  Eigen::VectorXd x0(7);
  x0 << 0.3677, 0.3254, 0.3677, 0.4144, 0.4144, 0.4144, 0.4144;
  const Eigen::VectorXd x = o.polish(x0);
  return {o.loss(x), o.max_real_eigenvalue(x)};
}
}  // namespace

using summit::test::expect_error;
using summit::test::run_json;
using summit::test::run_summit;
using Run = summit::test::CliRun;

TEST_CASE("cli: list and describe") {
  const json l = run_json("list");
  bool found = false;
  for (const auto& m : l["models"]) found = found || m["name"] == "committee";
  CHECK(found);
  const json d = run_json("describe committee --set K=3");
  CHECK(d["model"] == "committee");
  CHECK(d["params"]["K"] == "3");
  CHECK(d["coordinates"].size() == 6 + 6);
  const Run t = run_summit("describe committee");
  CHECK(t.code == 0);
  CHECK(t.out.find("train_second_layer") != std::string::npos);
}

TEST_CASE("cli: evaluate gives loss, drift and observables at a state") {
  const json j = run_json("evaluate committee --at Q[1,1]=0.5 --at 'R[2,1]=0.25'");
  CHECK(j["status"] == "ok");
  CHECK(j["state"]["Q[1,1]"] == 0.5);
  CHECK(j["state"]["R[2,1]"] == 0.25);
  // The same numbers from the library.
  auto m = summit::test::make("committee");
  summit::Vec x = m->initial_state();
  x[m->layout().index_of("Q[1,1]")] = 0.5;
  x[m->layout().index_of("R[2,1]")] = 0.25;
  summit::Vec dx;
  m->drift(x, dx);
  CHECK(j["loss"].get<double>() == m->loss(x));  // JSON keeps full precision
  CHECK(j["drift"]["R[2,1]"].get<double>() == dx[m->layout().index_of("R[2,1]")]);
  CHECK(j["observables"].contains("r_spread"));
}

TEST_CASE("cli: curve as JSON and CSV, with events") {
  const json j = run_json("curve committee --t-end 500 --points 12 --event 'eg<1e-3'");
  CHECK(j["status"] == "ok");
  CHECK(j["rows"].size() == 12);
  CHECK(j["columns"][0] == "t");
  CHECK(j["columns"][1] == "loss");
  CHECK(j["rows"].back()[0] == 500.0);
  CHECK(j["events"][0]["name"] == "eg<1e-3");
  CHECK(j["events"][0]["found"] == true);
  CHECK(j["solver"]["method"] == "dopri5");
  const Run c = run_summit("curve committee --times 0,1,2 --format csv --set lr=0.3");
  REQUIRE(c.code == 0);
  CHECK(c.out.rfind("# summit", 0) == 0);  // provenance first
  CHECK(c.out.find("# model: committee") != std::string::npos);
  CHECK(c.out.find("lr=0.3") != std::string::npos);
  CHECK(c.out.find("\nt,loss,eg,") != std::string::npos);
  // Euler and rosenbrock4 from the CLI agree with dopri5 to their accuracy (Euler dt = 1e-3:
  // O(dt) global error ~1e-4 on eg at t = 5).
  const json e = run_json("curve committee --times 0,5 --method euler --dt 1e-3");
  const json r = run_json("curve committee --times 0,5 --method rosenbrock4");
  const json d = run_json("curve committee --times 0,5");
  CHECK(std::abs(e["rows"][1][1].get<double>() - d["rows"][1][1].get<double>()) < 1e-3);
  CHECK(std::abs(r["rows"][1][1].get<double>() - d["rows"][1][1].get<double>()) < 1e-8);
}

TEST_CASE("cli: escape reports the model's default events") {
  const json j = run_json("escape committee --t-end 2000");
  REQUIRE(j["events"].size() == 1);
  CHECK(j["events"][0]["name"] == "escape");
  const double t = j["events"][0]["time"].get<double>();
  CHECK(t > 50);
  CHECK(t < 1000);
  expect_error("escape committee --t-end 10", "not every event was reached", 1);
}

TEST_CASE("cli: fixed-points and stability of the K=M=2 erf committee (lr = 0.5)") {
  const json j = run_json("fixed-points committee --starts 30");
  REQUIRE(j["fixed_points"].size() >= 2);
  const auto& best = j["fixed_points"][0];
  CHECK(std::abs(best["loss"].get<double>()) < 1e-12);  // perfect learning, sorted first
  CHECK(best["type"] == "stable");
  // The Saad-Solla plateau: a symmetric fixed point (all R equal, Q[1,1] = Q[2,2]) with exactly
  // one unstable direction, the one that breaks the student permutation symmetry.
  int plateaus = 0;
  for (const auto& p : j["fixed_points"]) {
    const auto& s = p["state"];
    const double r = s["R[1,1]"];
    const bool symmetric = std::abs(s["R[1,2]"].get<double>() - r) < 1e-8 &&
                           std::abs(s["R[2,1]"].get<double>() - r) < 1e-8 &&
                           std::abs(s["R[2,2]"].get<double>() - r) < 1e-8 &&
                           std::abs(s["Q[1,1]"].get<double>() - s["Q[2,2]"].get<double>()) < 1e-8;
    CHECK(p["residual"].get<double>() <= 1e-10);
    CHECK(p["eigenvalues"].size() == 7);
    CHECK(p["eigenvalues"][0].size() == 2);  // [re, im]
    if (symmetric && p["index"] == 1) {
      ++plateaus;
      CHECK(p["type"] == "saddle-1");
      CHECK(p["loss"].get<double>() == doctest::Approx(oracle_plateau().first).epsilon(1e-7));
      const auto& d = p["unstable_direction"];
      CHECK(std::abs(std::abs(d["R[1,1]"].get<double>()) - 0.5) < 1e-6);
      CHECK(d["R[1,1]"].get<double>() * d["R[1,2]"].get<double>() < 0);  // antisymmetric
    }
  }
  CHECK(plateaus == 1);
  const json s = run_json("stability committee --point perfect");
  CHECK(s["fixed_points"][0]["type"] == "stable");
  const Run t = run_summit("stability committee");
  CHECK(t.code == 0);
  CHECK(t.out.find("eigenvalues of the drift Jacobian") != std::string::npos);
}

TEST_CASE("cli: minimize finds the global minimum") {
  const json j = run_json("minimize committee --starts 5");
  CHECK(std::abs(j["minima"][0]["loss"].get<double>()) < 1e-12);
  CHECK(j["minima"][0]["gradient_norm"].get<double>() <= 1e-10);
}

TEST_CASE("cli: simulate averages seeds and reports the spread") {
  const json j = run_json("simulate committee --d 200 --seeds 2 --times 0,0.5");
  CHECK(j["columns"][1] == "Q[1,1]");
  CHECK(j["rows"].size() == 2);
  CHECK(j["solver"]["d"] == 200);
}

TEST_CASE("cli: threshold locates the critical learning rate of perfect learning") {
  const json j = run_json("threshold committee --vary lr --range 0.5,5");
  CHECK(j["status"] == "ok");
  CHECK(j["parameter"] == "lr");
  const double lc = j["threshold"];
  // Independent check: the largest real part of the Jacobian spectrum at perfect learning
  // changes sign across the reported value (bracket 1e-8; probe at +-1e-4).
  auto lam = [](double lr) {
    auto m = summit::test::make("committee", {{"lr", summit::format_real(lr)}});
    return summit::analyse_stability(*m, m->special_points().back().x).lambda_max;
  };
  CHECK(lam(lc - 1e-4) < 0);
  CHECK(lam(lc + 1e-4) > 0);
  const json n = run_json("threshold committee");  // the model's natural threshold: lr
  CHECK(n["threshold"].get<double>() == doctest::Approx(lc).epsilon(1e-7));
  expect_error("threshold committee --vary lr --range 0.1,0.5", "does not change stability", 1);
  expect_error("threshold committee --vary K --range 1,3", "--vary 'K': not a real parameter");
  expect_error("threshold committee --vary lr --range 2,1", "must be LO,HI with LO < HI");
}

TEST_CASE("cli: natural thresholds of the self-consistent and random-matrix models") {
  // Root-type natural thresholds, checked against values with an independent origin:
  // transient-bbp theta_emerge = 1/sqrt(max_t f) (the model's own constant observable, computed by
  // a golden-section search, not by the CLI's root finder); franz-parisi sparse Rademacher
  // rho = 0.3: lambda_mono from the model's observable (a scan + minimisation over m).
  {
    const json j = run_json("threshold transient-bbp");
    const json e = run_json("evaluate transient-bbp");
    double theta_emerge = -1;
    for (const auto& [k, v] : e["observables"].items())
      if (k == "theta_emerge") theta_emerge = v;
    CHECK(j["threshold"].get<double>() == doctest::Approx(theta_emerge).epsilon(1e-6));
  }
  {
    const json j = run_json("threshold franz-parisi --set prior=sparse-rademacher --set rho=0.3");
    const json e = run_json("evaluate franz-parisi --set prior=sparse-rademacher --set rho=0.3");
    CHECK(j["threshold"].get<double>() ==
          doctest::Approx(e["observables"]["lambda_mono"].get<double>()).epsilon(1e-6));
  }
  // Exact thresholds: a trivial subspace (alpha_c = 0) and the spiked-Wigner low-degree lambda = 1.
  const json sc = run_json("threshold multi-index-weak-recovery --set channel=sign-committee");
  CHECK(sc["threshold"].get<double>() == 0.0);
  CHECK(sc["direction"] == "exact");
  CHECK(run_json("threshold low-degree")["threshold"].get<double>() == 1.0);
  // The full GAMP state evolution loses the trivial fixed point at the linearised alpha_c = 1/2
  // (tolerance: finite-difference Jacobian, ~1e-5 relative).
  const json g = run_json("threshold multi-index-weak-recovery --set channel=abs --set state_evolution=gamp");
  CHECK(g["threshold"].get<double>() == doctest::Approx(0.5).epsilon(1e-5));
}

TEST_CASE("cli: fixed-points reports the observables of each point (rbm above BBP)") {
  // Gaussian hidden units, alpha = 8, beta = 1: the stable fixed point is the top eigenvector of
  // the sample covariance, top eigenvalue (1 + beta)(1 + 1/(alpha beta)) = 2.25 (BBP closed form)
  // and Q = 1 - 1/lambda_1 (the stationary point of docs/spectral.md, `rbm`); tolerance 1e-8: the
  // certified fixed point (max|drift| <= 1e-10) and the bulk quadrature of the state.
  const json j = run_json("fixed-points rbm --set hidden=gaussian --set alpha=8 --set beta=1");
  const json& p = j["fixed_points"][0];
  CHECK(p["type"] == "stable");
  CHECK(p["observables"]["top_eigenvalue"].get<double>() == doctest::Approx(2.25).epsilon(1e-8));
  CHECK(p["observables"]["Q[1,1]"].get<double>() == doctest::Approx(1 - 1 / 2.25).epsilon(1e-8));
}

TEST_CASE("cli: threshold --observable locates the root of an observable in a parameter") {
  // eigenlearning's n_minus_equation = n - sum_i lambda_i/(lambda_i + kappa) - ridge/kappa at the
  // given kappa = 0.5 (eigenvalues 1, 0.5; ridge 0.1) is zero at n = 1/1.5 + 0.5/1 + 0.2 exactly.
  const json j = run_json(
      "threshold eigenlearning --set eigenvalues=1,0.5 --set target=0.5,0.5 --set ridge=0.1 "
      "--at kappa=0.5 --vary n --range 0.5,3 --observable n_minus_equation");
  CHECK(j["status"] == "ok");
  CHECK(j["observable"] == "n_minus_equation");
  CHECK(j["threshold"].get<double>() == doctest::Approx(1.0 / 1.5 + 0.5 + 0.2).epsilon(1e-8));
  CHECK(j["direction"] == "crosses zero upwards");
  expect_error("threshold eigenlearning --vary n --range 200,300 --observable nonsense",
               "observable 'nonsense': model 'eigenlearning' has loss, test_mse");
}

TEST_CASE("cli: --out writes atomically, --config reads parameters and state") {
  const fs::path dir = fs::temp_directory_path() / ("summit_cli_out_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path out = dir / "curve.json";
  const Run r = run_summit("curve committee --times 0,1 --format json --out " + out.string());
  REQUIRE(r.code == 0);
  CHECK(r.out.empty());
  std::ifstream f(out);
  const json j = json::parse(f);
  CHECK(j["rows"].size() == 2);
  for (const auto& e : fs::directory_iterator(dir))  // no temporary left behind
    CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
  const fs::path cfg = dir / "cfg.json";
  std::ofstream(cfg) << R"({"params": {"K": 3, "M": 3, "lr": 0.25}, "state": {"Q[1,1]": 0.7}})";
  const json c = run_json("evaluate committee --config " + cfg.string());
  CHECK(c["params"]["K"] == "3");
  CHECK(c["params"]["lr"] == "0.25");
  CHECK(c["state"]["Q[1,1]"] == 0.7);
  const fs::path st = dir / "state.json";
  std::ofstream(st) << R"({"R[1,2]": 0.125})";
  const json s = run_json("evaluate committee --state " + st.string());
  CHECK(s["state"]["R[1,2]"] == 0.125);
  const fs::path bad = dir / "bad.json";
  std::ofstream(bad) << "{not json";
  expect_error("evaluate committee --config " + bad.string(), "invalid JSON");
  fs::remove_all(dir);
}

TEST_CASE("cli: every error path names the problem and exits non-zero with no output") {
  expect_error("curve nosuchmodel", "unknown model 'nosuchmodel'; known models: committee");
  expect_error("curve committee --set bogus=1", "unknown parameter 'bogus'");
  expect_error("curve committee --set K=0", "parameter 'K' = '0': must be an integer >= 1");
  expect_error("curve committee --set lr=abc", "parameter 'lr' = 'abc': not a finite real");
  expect_error("curve committee --set K", "--set 'K': expected name=value");
  expect_error("evaluate committee --at 'Q[9,9]=1'", "unknown state coordinate 'Q[9,9]'");
  expect_error("evaluate committee --at 'Q[1,1]=x'", "--at Q[1,1] = 'x': not a finite real");
  expect_error("evaluate committee --at 'R[1,1]=5'", "state is not realisable");
  expect_error("curve committee --format xml", "--format 'xml': must be table, csv or json");
  expect_error("curve committee --method rk4", "--method 'rk4': must be dopri5");
  expect_error("curve committee --times 1,0.5", "must be >= 0 and increasing");
  expect_error("curve committee --event 'foo<1'", "unknown quantity 'foo'");
  expect_error("curve committee --config /nonexistent.json", "--config '/nonexistent.json': no such file");
  expect_error("curve committee --out /nonexistent/dir/x.json", "--out '/nonexistent/dir/x.json': cannot create");
  expect_error("stability committee --point nowhere", "has special points: symmetric, perfect");
  expect_error("simulate committee --d 2", "must be >= K + M = 4");
  // A solver failure is exit code 1: Euler beyond its stability limit diverges.
  expect_error("curve committee --method euler --dt 50 --t-end 1e4", "integration failed (", 1);
  // Found in review: an escape whose run leaves the domain before the event fails (it used to
  // report the event at a state with negative loss); basins whose integrations all fail fail;
  // minimize validates --starts.
  expect_error("escape committee --method euler --dt 3 --t-end 1e4", "integration failed (not-realisable)", 1);
  expect_error("basins committee --method euler --dt 50 --runs 4 --t-end 1000", "every integration failed", 1);
  expect_error("minimize committee --starts -3", "--starts -3: must be in [0, 100000]");
  // CLI11's own parse errors (unknown option) are non-zero too.
  const Run r = run_summit("curve committee --no-such-option");
  CHECK(r.code != 0);
}

TEST_CASE("cli: the default study runs and reports the plateau") {
  const Run r = run_summit("");
  REQUIRE(r.code == 0);
  CHECK(r.out.find("plateau escape: alpha =") != std::string::npos);
  CHECK(r.out.find("type: saddle-1") != std::string::npos);
}

TEST_CASE("cli: basins, continue and escape --perturb") {
  const json b = run_json(
      "basins committee --set activation=relu --set K=3 --set M=3 --set dynamics=gradient-flow "
      "--runs 8");
  REQUIRE(b["basins"].size() >= 1);
  int total = b["unconverged"].get<int>();
  for (const auto& x : b["basins"]) total += x["count"].get<int>();
  CHECK(total == 8);  // every run is accounted for
  CHECK(b["basins"][0]["type"] == "stable");

  // The plateau followed in lr: at lr = 0.5 it is the saddle-1 found by fixed-points.
  const std::string plateau =
      "--at 'Q[1,1]=0.3677' --at 'Q[1,2]=0.3254' --at 'Q[2,2]=0.3677' --at 'R[1,1]=0.4144' "
      "--at 'R[1,2]=0.4144' --at 'R[2,1]=0.4144' --at 'R[2,2]=0.4144'";
  const json c = run_json("continue committee " + plateau + " --vary lr --range 0.5,1 --grid 3");
  REQUIRE(c["branch"].size() == 3);
  CHECK(c["branch"][0]["type"] == "saddle-1");
  const double lam_plateau = oracle_plateau().second;
  CHECK(c["branch"][0]["lambda_max"].get<double>() == doctest::Approx(lam_plateau).epsilon(1e-5));
  // The escape rate grows with lr on this range (docs/committee.md).
  CHECK(c["branch"][2]["lambda_max"].get<double>() > c["branch"][0]["lambda_max"].get<double>());

  const json e = run_json("escape committee " + plateau + " --perturb 1e-6 --t-end 1e4");
  const double t = e["events"][0]["time"], lin = e["start"]["linearised_escape_time"];
  CHECK(lin == doctest::Approx(std::log(1e6) / lam_plateau).epsilon(1e-5));
  CHECK(t < lin);       // the O(1) escape threshold is reached a little before log(1/eps)/lambda
  CHECK(t > 0.9 * lin);
  expect_error("escape committee --point perfect --perturb 1e-3", "is not unstable (type stable)", 1);
  expect_error("continue committee --vary lr --range 1,1", "must be LO,HI with LO < HI");
}
