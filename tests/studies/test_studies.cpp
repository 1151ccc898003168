// The study layer (studies/): requests validated in one place with the CLI's messages, converted
// to JSON and back without loss, and run() giving what the solvers give when called directly.
#include "models/models.hpp"
#include "solvers/integrate.hpp"
#include "studies/curve.hpp"
#include "studies/escape.hpp"
#include "studies/evaluate.hpp"
#include "studies/fixed_points_study.hpp"
#include "studies/minimize_study.hpp"
#include "studies/simulate_study.hpp"
#include "studies/stability_study.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

using namespace summit;
using json = nlohmann::json;

TEST_CASE("studies: is_valid names the option, the value and what is allowed") {
  std::string why;
  studies::CurveRequest c;
  CHECK(c.is_valid(&why));
  c.integration.atol = -1;
  CHECK_FALSE(c.is_valid(&why));
  CHECK(why == "--atol -1: must be > 0 (and finite)");
  c = {};
  c.integration.times = std::vector<double>{1, 0.5};
  CHECK_FALSE(c.is_valid(&why));
  CHECK(why == "--times '1,0.5': must be >= 0 and increasing");
  c = {};
  c.perturb = 0.0;  // set means "displace by this", so 0 is refused (the CLI's 0 means unset)
  CHECK_FALSE(c.is_valid(&why));
  CHECK(why == "--perturb 0: must be > 0 (and finite)");
  studies::StabilityRequest s;
  s.polish.starts = -2;
  CHECK_FALSE(s.is_valid(&why));
  CHECK(why.rfind("--starts -2: must be in [0, 100000]", 0) == 0);
  s = {};
  s.eps = 1;
  CHECK_FALSE(s.is_valid(&why));
  CHECK(why.rfind("--eps 1: must be in (0, 1)", 0) == 0);
  studies::SimulateRequest m;
  m.seeds = 0;
  CHECK_FALSE(m.is_valid(&why));
  CHECK(why == "--seeds 0: must be in [1, 1024]");
}

TEST_CASE("studies: requests survive JSON both ways; unknown or mistyped fields are refused") {
  studies::CurveRequest c;
  c.start.point = "plateau";
  c.start.at["Q[1,2]"] = "0.25";
  c.integration.method = "rosenbrock4";
  c.integration.times = std::vector<double>{0, 1.5, 10};
  c.integration.events = {"eg<1e-3"};
  c.perturb = 1e-4;
  c.polish.starts = 7;
  const json j = c;
  const auto back = j.get<studies::CurveRequest>();
  CHECK(json(back) == j);  // exact: every field is written and read back as the same value
  CHECK(back.polish.starts == 7);
  CHECK(back.start.at.at("Q[1,2]") == "0.25");

  CHECK_THROWS_WITH_AS(json({{"integration", {{"atol", "small"}}}}).get<studies::CurveRequest>(),
                       "field 'integration.atol': \"small\" is a string; expected a number",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(json({{"runs", 5}}).get<studies::StabilityRequest>(),
                       "field 'stability.runs': unknown; allowed: start, polish, eps", std::invalid_argument);
  // Unset optionals stay unset: null is "not given", so the solver's own default applies.
  const auto s = json({{"polish", {{"starts", nullptr}}}}).get<studies::StabilityRequest>();
  CHECK_FALSE(s.polish.starts.has_value());
}

TEST_CASE("studies: curve gives the integration of solvers/integrate.hpp, row by row") {
  auto m = builtin_registry().make("saxe", {});
  studies::CurveRequest c;
  c.integration.t_end = 10;
  c.integration.points = 6;
  const studies::CurveResult r = studies::run(*m, c);
  REQUIRE(r.outcome.ok());
  IntegrateOptions io;
  io.times = log_grid(10, 6);
  const Trajectory direct = integrate(*m, m->initial_state(), io);
  REQUIRE(r.rows.size() == direct.t.size());
  for (size_t i = 0; i < direct.t.size(); ++i) {
    CHECK(r.rows[i][0] == direct.t[i]);           // exact: the same computation
    CHECK(r.rows[i][1] == m->loss(direct.x[i]));  // saxe's loss is reported as computed
  }
  CHECK(r.columns.front() == "t");
}

TEST_CASE("studies: failures come back as an outcome with the CLI's sentence") {
  auto m = builtin_registry().make("saxe", {});
  studies::CurveRequest c;
  c.integration.t_end = 1e4;
  c.integration.max_steps = 3;
  const studies::CurveResult r = studies::run(*m, c);
  CHECK(r.outcome.status == Status::MaxSteps);
  CHECK(r.outcome.message.find("integration failed (max-steps)") == 0);
  CHECK(r.outcome.message.find("raise --max-steps") != std::string::npos);

  studies::EscapeRequest e;
  e.integration.t_end = 1e-3;  // far before saxe's half-learning times
  const studies::EscapeResult er = studies::run(*m, e);
  CHECK(er.outcome.status == Status::NoConvergence);
  CHECK(er.outcome.message.rfind("not every event was reached by t = ", 0) == 0);

  studies::EvaluateRequest ev;
  ev.start.point = "nowhere";
  CHECK_THROWS_AS(studies::run(*m, ev), std::invalid_argument);
}

TEST_CASE("studies: stability at the committee's plateau is a saddle") {
  // The symmetric plateau of the K = M = 2 erf committee (Saad & Solla 1995) is unstable: index
  // >= 1, and the polish certifies max|drift| <= tol.
  auto m = builtin_registry().make("committee", {{"lr", "0.5"}});
  studies::StabilityRequest s;
  s.start.point = "symmetric";
  const studies::StabilityResult r = studies::run(*m, s);
  REQUIRE(r.outcome.ok());
  CHECK(r.residual <= s.polish.tol);
  CHECK(r.stability.index >= 1);
  CHECK(r.polished_from == "symmetric");
  const json j = studies::result_json(*m, r);
  CHECK(j["fixed_points"][0]["index"] == r.stability.index);
}

TEST_CASE("studies: fixed-points and minimize agree on the committee's perfect-learning minimum") {
  // K = M = 2 erf committee, T = I: perfect learning (loss 0) is the global minimum of the
  // population loss, so the lowest fixed point of the gradient-flow drift and the lowest minimum
  // are both at loss 0 (exact up to the certificates: max|drift| <= 1e-10, the L-BFGS gradient
  // tolerance 1e-10; a quadratic loss near its minimum is then below ~1e-10).
  auto m = builtin_registry().make("committee", {{"lr", "0.5"}});
  studies::FixedPointsRequest f;
  f.search.starts = 4;
  f.quiet_batches = 0;  // one batch: enough for the plateau and perfect learning here
  const studies::FixedPointsResult fr = studies::run(*m, f);
  REQUIRE(fr.outcome.ok());
  REQUIRE_FALSE(fr.census.result.points.empty());
  CHECK(fr.global_minimum.front());
  CHECK(std::abs(fr.losses.front()) < 1e-9);
  CHECK(fr.stability.size() == fr.census.result.points.size());
  studies::MinimizeRequest mr;
  mr.starts = 4;
  const studies::MinimizeStudyResult mres = studies::run(*m, mr);
  REQUIRE(mres.outcome.ok());
  CHECK(std::abs(mres.losses.front()) < 1e-9);
  // The request's defaults are the CLI's: auto quiet batches, 1000 starts at most.
  const json j = studies::FixedPointsRequest{};
  CHECK(j["quiet_batches"].is_null());
  CHECK(j["max_starts"] == 1000);
  std::string why;
  studies::FixedPointsRequest bad;
  bad.quiet_batches = -1;
  CHECK_FALSE(bad.is_valid(&why));
  CHECK(why == "--quiet-batches -1: must be >= 0");
}
