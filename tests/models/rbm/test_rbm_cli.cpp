// The rbm model through the summit executable (built by the full build): the BBP threshold
// command of the issue and an error path.
#include "tests/cli_support.hpp"
#include "m0_threshold_oracle.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace {

std::pair<int, std::string> run_summit(const std::string& args) {  // stdout and stderr
  const summit::test::CliRun r = summit::test::run_summit(args);
  return {r.code, r.out + r.err};
}

}  // namespace

TEST_CASE("rbm cli: summit threshold prints the BBP point alpha = 1/beta^2") {
  // Oracle: BBP, alpha beta^2 = 1. Tolerance 1e-5: the bisection on the sign of lambda_max (see
  // test_rbm.cpp).
  const auto [code, out] = run_summit(
      "threshold rbm --set hidden=gaussian --set beta=0.5 --vary alpha --range 1,10 --format json");
  REQUIRE(code == 0);
  const auto j = nlohmann::json::parse(out);
  CHECK(std::abs(j["threshold"].get<double>() - 4.0) < 1e-5);
  CHECK(j["point"] == "uninformative");
  CHECK(j["direction"] == "loses stability");
}

TEST_CASE("rbm cli: an impossible initial state is rejected naming the parameter") {
  const auto [code, out] = run_summit("evaluate rbm --set m0=0.9 --set q0=0.5");
  CHECK(code == 2);
  CHECK(out.find("parameter 'q0'") != std::string::npos);
}

TEST_CASE("rbm cli: the +-1-hidden AMP threshold (theory = auto -> amp for k = 1)") {
  // Oracle: the root of the m-gain beta D/(1 - D) = 1 at the m = 0 SE point, 4.845261 for
  // beta = 0.5, computed independently of the library (tests/models/rbm/m0_threshold_oracle.hpp: the SE
  // integrals over lambda instead of omega, Newton, bisection); tolerance 1e-3 for the solver's
  // bisection and the finite-difference Jacobian.
  const auto [code, out] = run_summit(
      "threshold rbm --set hidden=rademacher --set beta=0.5 --vary alpha --range 4,10 --format json");
  REQUIRE(code == 0);
  const auto j = nlohmann::json::parse(out);
  CHECK(std::abs(j["threshold"].get<double>() - summit::test::rbm_m0_threshold(0.5, 4, 10)) < 1e-3);
  CHECK(j["point"] == "uninformative");
}
