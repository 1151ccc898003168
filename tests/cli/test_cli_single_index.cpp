// The summit executable on the single-index model: escape time and threshold against the exact
// h2/h2 closed forms (docs/single_index.md, "Derivation of the drift"), and an error path.
#include "../cli_support.hpp"
#include "../support.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using SiRun = summit::test::CliRun;
inline SiRun run_si(const std::string& args) { return summit::test::run_summit(args); }

TEST_CASE("cli single-index: escape time and lr threshold of h2/h2 (closed forms)") {
  const SiRun e = run_si("escape single-index --set target=h2 --set lr=0.16666666666666666 --set d=10000 --format json");
  INFO(e.err);
  REQUIRE(e.code == 0);
  const auto j = nlohmann::json::parse(e.out);
  double t = -1;
  for (const auto& ev : j["events"])
    if (ev["name"] == "escape") t = ev["time"].get<double>();
  // logistic solution: t = 3 ln((d - 1)/3) from m0 = 1/sqrt(d) to 1/2 at lr = 1/6
  CHECK(t == doctest::Approx(3 * std::log(9999.0 / 3)).epsilon(1e-7));
  const SiRun th = run_si("threshold single-index --set target=h2 --format json");
  REQUIRE(th.code == 0);
  // m = 1 loses stability at lr = 1/3 (dm/dt = 2 lr (1 - 3 lr) m (1 - m^2))
  CHECK(nlohmann::json::parse(th.out)["threshold"].get<double>() == doctest::Approx(1.0 / 3).epsilon(1e-6));
  const SiRun bad = run_si("evaluate single-index --set target=coeffs");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("target_coeffs") != std::string::npos);
}
