// Extreme values of every real parameter of every built-in model (issue "Reliability under bad
// input and faults", items 2 and 5): `summit evaluate MODEL --set P=V` at the ends of P's allowed
// range and at +-1e-300, +-1e300 where the range allows them must give a valid result (exit 0,
// JSON, every number finite: cli/result_check.hpp) or one clear line: bad input (exit 2,
// "summit: error:" naming a parameter), a non-finite result or a failed computation (exit 1,
// "summit: ..."). Never a raw exception text (a C++ type name, "e^nan"), never stdout with an
// error. The values are in range, so each one reaches the model's computation.
#include "../cli_support.hpp"
#include "models/models.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using summit::test::CliRun;
using summit::test::run_summit;

namespace {

bool allowed(const summit::ParamSpec& p, double v) {
  const bool above = p.min_exclusive ? v > p.min : v >= p.min;
  const bool below = p.max_exclusive ? v < p.max : v <= p.max;
  return above && below;
}

// The extremes tried for one parameter: the finite, inclusive ends of its range and +-1e-300,
// +-1e300 when allowed.
std::vector<std::string> extremes(const summit::ParamSpec& p) {
  std::vector<std::string> v;
  auto add = [&](double x, const std::string& text) {
    if (allowed(p, x) && std::find(v.begin(), v.end(), text) == v.end()) v.push_back(text);
  };
  for (const double x : {1e300, 1e-300, -1e-300, -1e300}) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e", x);
    add(x, buf);
  }
  char buf[40];
  if (std::isfinite(p.min)) {
    std::snprintf(buf, sizeof buf, "%.17g", p.min);
    add(p.min, buf);
  }
  if (std::isfinite(p.max)) {
    std::snprintf(buf, sizeof buf, "%.17g", p.max);
    add(p.max, buf);
  }
  return v;
}

// Fragments of texts that are not summit's words: C++ exception and type names, a formatted NaN
// inside a message's arithmetic, the JSON library's tags.
const std::vector<std::string> kRawFragments = {"std::", "basic_", "vector::", "stod", "stoi", "e^nan",
                                                "e^-nan", "bad_alloc", "[json.exception", "what()"};


}  // namespace

TEST_CASE("bad input: every real parameter of every model at its extremes: a result or one clear line") {
  const summit::Registry& reg = summit::builtin_registry();
  int runs = 0;
  for (const std::string& model : reg.names()) {
    for (const summit::ParamSpec& p : reg.info(model).params) {
      if (p.type != summit::ParamType::Real) continue;
      for (const std::string& value : extremes(p)) {
        const std::string args = "evaluate " + model + " --set " + p.name + "=" + value + " --format json";
        // A cap of 120 s of wall time per run (exit 124): a run that long is itself a finding.
        const CliRun r = run_summit(args, "timeout 120");
        ++runs;
        INFO("summit " << args << "\nexit " << r.code << "\nstderr: " << r.err
                       << "\nstdout: " << r.out.substr(0, 300));
        CHECK(r.code != 124);
        for (const std::string& raw : kRawFragments) CHECK(r.err.find(raw) == std::string::npos);
        if (r.code == 0) {
          CHECK(nlohmann::json::parse(r.out, nullptr, false).is_object());
          continue;
        }
        CHECK(r.out.empty());
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
        if (r.code == 2) {
          CHECK(r.err.rfind("summit: error: ", 0) == 0);
          // Bad input names what was bad: a parameter (this one, or the combination it is in).
          CHECK(r.err.find("parameter") != std::string::npos);
        } else {
          CHECK(r.code == 1);
          CHECK(r.err.rfind("summit: ", 0) == 0);
        }
      }
    }
  }
  MESSAGE(runs << " runs of summit evaluate at parameter extremes");
  CHECK(runs > 50);  // every model with real parameters was reached (about 40 models, most with several)
}
