// The two landscape models through the summit executable (closed-form oracles).
#include "tests/cli_support.hpp"
#include "tests/support.hpp"

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace {
struct Out {
  int code = -1;
  std::string text;  // stdout and stderr
};
Out run(const std::string& args) {
  const summit::test::CliRun r = summit::test::run_summit(args);
  return {r.code, r.out + r.err};
}
}  // namespace

TEST_CASE("landscape CLI: evaluate franz-parisi and low-degree, and a bad prior") {
  // Gaussian prior at m = 1: theta = (sqrt 5 - 1)/2, I from its closed form; with
  // m_cap = 2, lambda_mono = theta(2)/2 = 2/(1 + sqrt 17). Tolerance 1e-12 (JSON doubles).
  const Out a = run("evaluate franz-parisi --set prior=gaussian --set m_cap=2 --at m=1 --format json");
  REQUIRE(a.code == 0);
  const auto j = nlohmann::json::parse(a.text);
  const double s5 = std::sqrt(5.0);
  CHECK(j["observables"]["theta"].get<double>() == doctest::Approx((s5 - 1) / 2).epsilon(1e-12));
  CHECK(j["observables"]["I"].get<double>() ==
        doctest::Approx((s5 - 1) / 2 - 0.5 * std::log((1 + s5) / 2)).epsilon(1e-12));
  CHECK(j["observables"]["lambda_mono"].get<double>() == doctest::Approx(2 / (1 + std::sqrt(17.0))).epsilon(1e-12));
  // Low-degree, D = 2: 1 + (lambda^2/4)(1 - 1/n) exactly.
  const Out b = run("evaluate low-degree --set lambda=0.9 --set D=2 --set n=800 --format json");
  REQUIRE(b.code == 0);
  const auto k = nlohmann::json::parse(b.text);
  CHECK(k["observables"]["norm_finite_n"].get<double>() == doctest::Approx(1 + 0.81 / 4 * (1 - 1 / 800.0)).epsilon(1e-12));
  // A user prior without support: exit code 2, the parameter named.
  const Out c = run("evaluate franz-parisi --set prior=user");
  CHECK(c.code == 2);
  CHECK(c.text.find("'support'") != std::string::npos);
}

TEST_CASE("landscape CLI: low-degree detection-recovery problems") {
  // SBM k = 2, n -> infinity, D = 400: the closed form e^{-lambda/2 - lambda^2/4} (1 - lambda)^{-1/2}
  // (Kesten-Stigum second moment); 1e-12 (series truncation ~0.5^400, JSON doubles).
  const Out a = run("evaluate low-degree --set model=sbm --set lambda=0.5 --set D=400 --set finite_n=false --format json");
  REQUIRE(a.code == 0);
  const auto j = nlohmann::json::parse(a.text);
  CHECK(j["observables"]["norm_limit"].get<double>() ==
        doctest::Approx(std::exp(-0.25 - 0.0625) / std::sqrt(0.5)).epsilon(1e-12));
  CHECK(j["observables"]["threshold"].get<double>() == 1.0);
  CHECK(j["observables"]["gap_ratio"].get<double>() == 1.0);
  // An n beyond the exact enumeration: exit 2, nothing on stdout, the parameter named.
  const summit::test::CliRun b = summit::test::run_summit("evaluate low-degree --set model=sbm --set n=5000");
  CHECK(b.code == 2);
  CHECK(b.out.empty());
  CHECK(b.err.find("'n' = '5000'") != std::string::npos);
}
