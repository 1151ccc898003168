// The catalog of studies (studies/catalog.hpp): every study by name, its request validated and run
// from JSON with the messages and results of the typed layer.
#include "models/models.hpp"
#include "studies/catalog.hpp"
#include "studies/curve.hpp"
#include "studies/stability_study.hpp"

#include <doctest/doctest.h>

#include <cmath>
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

TEST_CASE("catalog: continue, describe and escape-dims are studies, checked before they run") {
  for (const char* name : {"continue", "describe", "escape-dims"}) REQUIRE(studies::find_study_kind(name) != nullptr);
  auto m = builtin_registry().make("committee", {{"K", "1"}, {"M", "1"}});
  const studies::StudyKind& cont = *studies::find_study_kind("continue");
  CHECK(cont.defaults["grid"] == 24);
  CHECK(cont.defaults["vary2"].is_null());
  const json base = {{"vary", "lr"}, {"range", {0.5, 6.0}}, {"start", {{"point", "perfect"}}}};
  CHECK_FALSE(cont.validate(*m, base).has_value());
  // The two-parameter options: what is wrong on its own, then what needs the model.
  json q = base;
  q["curve"] = "fold";
  CHECK(cont.validate(*m, q).value_or("") == "--range2 and --curve need --vary2 PARAM");
  q["vary2"] = "noise";
  q["curve"] = "torus";
  q["range2"] = {0.0, 1.0};
  CHECK(cont.validate(*m, q).value_or("") == "--curve 'torus': allowed fold, branch, hopf, zero");
  q["curve"] = "fold";
  q["range2"] = {0.5, 1.0};
  CHECK(cont.validate(*m, q).value_or("").find("--range2 '0.5,1': must contain noise = 0") == 0);
  q["vary2"] = "K";
  CHECK(cont.validate(*m, q).value_or("") == "--vary2 'K': not a real parameter of 'committee'");
  // No point given: the model's natural-threshold point (the committee's "perfect") is followed.
  json none = base;
  none.erase("start");
  CHECK_FALSE(cont.validate(*m, none).has_value());

  const studies::StudyKind& describe = *studies::find_study_kind("describe");
  CHECK(describe.validate(*m, {{"equations", "flat"}}).value_or("") ==
        "--equations 'flat': must be index or expanded");
  CHECK(describe.validate(*m, {{"equations", "index"}}).value_or("").find("is built in") != std::string::npos);
  // The description: the registry's parameters with their values (K given as 1).
  const json d = describe.run(*m, json::object(), nullptr);
  CHECK(d["status"] == "ok");
  bool saw_k = false;
  for (const auto& p : d["parameters"])
    if (p["name"] == "K") saw_k = p["value"] == "1";
  CHECK(saw_k);

  const studies::StudyKind& dims = *studies::find_study_kind("escape-dims");
  CHECK(dims.validate(*m, {{"dims", {100.0, 1000.0}}}).value_or("").find("has no parameter 'd'") != std::string::npos);
  auto si = builtin_registry().make("single-index", {{"target", "h2"}});
  CHECK(dims.validate(*si, {{"dims", {100.0}}}).value_or("") == "--dims '100': give at least two dimensions");
  CHECK(dims.validate(*si, {{"dims", {100.0, 1.0}}}).value_or("") == "--dims: dimension 1 must be > 1");
  auto given_d = builtin_registry().make("single-index", {{"target", "h2"}, {"d", "50"}});
  CHECK(dims.validate(*given_d, {{"dims", {100.0, 1000.0}}}).value_or("").find("do not give d, m0") != std::string::npos);
}

TEST_CASE("catalog: escape-dims against the exactly logistic h2 single-index escape") {
  // h2/h2 at lr = 1/6: u = m^2 is exactly logistic, so the time to reach u1 from u0 = 1/d is
  // t = 3 ln((d - 1) u1/(1 - u1)) (tests/models/ssi/test_ssi_cli.cpp, docs/single_index.md): over
  // d = 1e3, 1e4 the fitted dt/d(ln d) is 3 ln(9999/999)/ln 10 for every event. Tolerance 1e-6
  // relative: the integrator's event location (measured agreement ~1e-9).
  auto si = builtin_registry().make("single-index", {{"target", "h2"}, {"lr", "0.16666666666666666"}});
  const json r = studies::find_study_kind("escape-dims")->run(*si, {{"dims", {1000.0, 10000.0}}}, nullptr);
  REQUIRE(r["status"] == "ok");
  const double exact = 3 * std::log(9999.0 / 999.0) / std::log(10.0);
  REQUIRE(r["events"].size() == 2);
  for (const auto& e : r["events"]) CHECK(e["fitted_log_slope"].get<double>() == doctest::Approx(exact).epsilon(1e-6));
  // The parameters of the last run, as the CLI's header shows them.
  CHECK(r["params"]["d"] == "10000");
}

TEST_CASE("catalog: the machine's limits and the --times conflict, refused as the CLI does") {
  auto m = builtin_registry().make("committee", {});
  // 8 bytes x d x (dim + 1) x seeds = 8 x 2e9 x 8 x 4 = 5e11 bytes: more than half of any
  // machine this runs on (studies/budget.hpp).
  auto why = studies::find_study_kind("simulate")->validate(*m, {{"d", 2000000000}});
  REQUIRE(why);
  CHECK(why->rfind("--d 2000000000: a simulation with 4 seeds needs about", 0) == 0);
  why = studies::find_study_kind("curve")->validate(*m, {{"integration", {{"times", {1.0, 2.0}}, {"t_end", 5.0}}}});
  CHECK(why.value_or("") == "--times and --t-end both given: --times sets the output times itself; give one or the other");
  why = studies::find_study_kind("simulate")->validate(*m, {{"times", {1.0, 2.0}}, {"points", 5}});
  CHECK(why.value_or("").rfind("--times and --points both given", 0) == 0);
  // The request written back to JSON keeps the times alone, so it reads back.
  const json written = studies::find_study_kind("curve")->defaults;
  CHECK_FALSE(studies::find_study_kind("curve")->validate(*m, written).has_value());
}
