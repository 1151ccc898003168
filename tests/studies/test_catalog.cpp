// The catalog of studies (studies/catalog.hpp): every study by name, its request validated and run
// from JSON with the messages and results of the typed layer.
#include "models/models.hpp"
#include "studies/catalog.hpp"
#include "studies/curve.hpp"
#include "studies/stability_study.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace summit;
using json = nlohmann::json;

TEST_CASE("catalog: the seven studies by their CLI names, with their defaults") {
  for (const char* name : {"evaluate", "curve", "escape", "fixed-points", "stability", "minimize", "simulate"}) {
    const studies::StudyKind* k = studies::find_study_kind(name);
    REQUIRE(k != nullptr);
    CHECK(k->name == name);
    CHECK(k->defaults.is_object());
  }
  CHECK(studies::find_study_kind("fixed_points") == nullptr);
  CHECK(studies::study_kind_names().rfind("evaluate, curve, escape", 0) == 0);
  // The request types' own defaults (studies/integration_request.hpp, search_request.hpp), with
  // "not given" as null.
  const json& curve = studies::find_study_kind("curve")->defaults;
  CHECK(curve["integration"]["t_end"] == 1000.0);
  CHECK(curve["integration"]["points"] == 41);
  CHECK(curve["integration"]["method"] == "dopri5");
  CHECK(curve["polish"]["starts"].is_null());
  CHECK(curve["perturb"].is_null());
  CHECK(studies::find_study_kind("fixed-points")->defaults["max_starts"] == 1000);
}

TEST_CASE("catalog: validate names the field or option, the value and what is allowed") {
  auto m = builtin_registry().make("committee", {{"lr", "0.5"}});
  const studies::StudyKind& curve = *studies::find_study_kind("curve");
  CHECK_FALSE(curve.validate(*m, json::object()).has_value());
  auto why = curve.validate(*m, {{"integration", {{"atol", -1}}}});
  REQUIRE(why);
  CHECK(*why == "--atol -1: must be > 0 (and finite)");
  why = curve.validate(*m, {{"integration", {{"atol", "small"}}}});
  REQUIRE(why);
  CHECK(why->find("integration.atol") != std::string::npos);
  why = curve.validate(*m, {{"pertub", 1e-3}});
  REQUIRE(why);
  CHECK(why->find("pertub") != std::string::npos);
  why = curve.validate(*m, {{"integration", {{"events", json::array({"nosuch<1"})}}}});
  REQUIRE(why);
  CHECK(why->find("nosuch") != std::string::npos);
  why = curve.validate(*m, {{"start", {{"at", {{"Q[7,7]", 1}}}}}});
  REQUIRE(why);
  CHECK(why->find("Q[7,7]") != std::string::npos);
  // Q[1,1] = -1 is not a Gram matrix: refused where the study starts there (evaluate), accepted
  // where the start is only a guess that the polish moves (stability).
  const json outside = {{"start", {{"at", {{"Q[1,1]", -1}}}}}};
  CHECK(studies::find_study_kind("evaluate")->validate(*m, outside).has_value());
  CHECK_FALSE(studies::find_study_kind("stability")->validate(*m, outside).has_value());
  // run refuses what validate refuses, with the same message.
  CHECK_THROWS_WITH_AS(curve.run(*m, {{"integration", {{"atol", -1}}}}, nullptr),
                       "--atol -1: must be > 0 (and finite)", std::invalid_argument);
}

TEST_CASE("catalog: run gives the typed study's result with the CLI's status") {
  auto m = builtin_registry().make("saxe", {});
  const json request = {{"integration", {{"t_end", 10}, {"points", 6}}}};
  const json out = studies::find_study_kind("curve")->run(*m, request, nullptr);
  CHECK(out["status"] == "ok");
  // The typed path (exact: the same computation; its own agreement with solvers/integrate.hpp is
  // tested in test_studies.cpp).
  const auto typed_request = request.get<studies::CurveRequest>();
  const json typed = studies::result_json(*m, typed_request, studies::run(*m, typed_request));
  REQUIRE(out["rows"].size() == 6);
  CHECK(out["rows"] == typed["rows"]);
  CHECK(out["columns"] == typed["columns"]);
  // Evaluate at the initial state: the loss is the model's (saxe reports its loss as computed).
  const json ev = studies::find_study_kind("evaluate")->run(*m, json::object(), nullptr);
  CHECK(ev["loss"].get<double>() == m->loss(m->initial_state()));
  CHECK(ev["status"] == "ok");
  CHECK_FALSE(ev.contains("message"));
}

TEST_CASE("catalog: a failed solve is a status with the sentence, not an exception") {
  auto m = builtin_registry().make("saxe", {});
  const json out = studies::find_study_kind("curve")->run(
      *m, {{"integration", {{"t_end", 1e4}, {"max_steps", 3}}}}, nullptr);
  CHECK(out["status"] == "max-steps");
  CHECK(out["message"].get<std::string>().rfind("integration failed (max-steps)", 0) == 0);
  CHECK_FALSE(out.contains("rows"));
}

TEST_CASE("catalog: threshold, from the model's natural query, against closed forms") {
  // Spiked Wigner low-degree detection threshold lambda = 1 (BBP; docs/landscape.md): exact, no search.
  auto ld = builtin_registry().make("low-degree", {});
  const json exact = studies::find_study_kind("threshold")->run(*ld, json::object(), nullptr);
  CHECK(exact["status"] == "ok");
  CHECK(exact["direction"] == "exact");
  CHECK(exact["threshold"].get<double>() == 1.0);
  // Single-index model with target He2: the critical learning rate 1/3 (docs/single_index.md). The
  // bisection stops at a bracket of 1e-8 (1 + |lr|) (solvers/continuation.hpp), on lambda_max of
  // points polished to max|drift| <= 1e-10; 1e-7 relative leaves room for both.
  auto si = builtin_registry().make("single-index", {{"target", "h2"}});
  const json t = studies::find_study_kind("threshold")->run(*si, json::object(), nullptr);
  REQUIRE(t["status"] == "ok");
  CHECK(t["parameter"] == "lr");
  CHECK(t["threshold"].get<double>() == doctest::Approx(1.0 / 3).epsilon(1e-7));
  CHECK(t["bracket"][0].get<double>() <= t["threshold"].get<double>());
  CHECK(t["threshold"].get<double>() <= t["bracket"][1].get<double>());
  // A parameter that is not real, and a reversed range, are refused with the CLI's words.
  auto why = studies::find_study_kind("threshold")->validate(*si, {{"range", {0.5, 0.1}}});
  REQUIRE(why);
  CHECK(*why == "--range '0.5,0.1': must be LO,HI with LO < HI");
}

TEST_CASE("catalog: basins counts every run once") {
  auto m = builtin_registry().make("committee", {{"lr", "0.5"}});
  const json out = studies::find_study_kind("basins")->run(
      *m, {{"runs", 6}, {"integration", {{"t_end", 200}}}}, nullptr);
  REQUIRE(out["status"] == "ok");
  // Exact identity: each run ends at a basin, in an uncertified group, or failed.
  int counted = out["failed"].get<int>();
  for (const auto& b : out["basins"]) counted += b["count"].get<int>();
  for (const auto& u : out["uncertified"]) counted += u["count"].get<int>();
  CHECK(counted == 6);
  CHECK(out["solver"]["runs"] == 6);
  auto why = studies::find_study_kind("basins")->validate(*m, {{"runs", 0}});
  REQUIRE(why);
  CHECK(*why == "--runs 0: must be in [1, 1000000]");
}
