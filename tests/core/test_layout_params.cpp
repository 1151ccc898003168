// Layout (named blocks over a flat state) and typed parameters.
#include "lib/params.hpp"
#include "lib/state/layout.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using namespace summit;

TEST_CASE("layout: blocks, flat indices and 1-based names") {
  Layout L;
  L.add_symmetric("Q", 3).add_matrix("R", 3, 2).add_vector("v", 3).add_scalar("t");
  CHECK(L.size() == 6 + 6 + 3 + 1);  // 3x3 symmetric stored once: 6 coordinates
  CHECK(L.coord_name(0) == "Q[1,1]");
  CHECK(L.coord_name(1) == "Q[1,2]");
  CHECK(L.coord_name(5) == "Q[3,3]");
  CHECK(L.coord_name(6) == "R[1,1]");
  CHECK(L.coord_name(7) == "R[1,2]");
  CHECK(L.coord_name(12) == "v[1]");
  CHECK(L.coord_name(15) == "t");
  // Every name parses back to its index; symmetric blocks accept both orders.
  for (int i = 0; i < L.size(); ++i) CHECK(L.index_of(L.coord_name(i)) == i);
  CHECK(L.index_of("Q[2,1]") == L.index_of("Q[1,2]"));
  CHECK(L.index_of(" R[ 3 , 2 ] ") == L.index_of("R[3,2]"));
  CHECK(L.find("Q[4,1]") == -1);
  CHECK(L.find("v[1,1]") == -1);
  CHECK(L.find("R[1]") == -1);
  CHECK(L.find("X[1]") == -1);
  CHECK_THROWS_WITH_AS(L.index_of("Q[0,1]"), doctest::Contains("Q[i,j] (i=1..3, j=1..3)"),
                       std::invalid_argument);
}

TEST_CASE("layout: views read and write the right coordinates") {
  Layout L;
  L.add_symmetric("Q", 2).add_matrix("R", 2, 3);
  Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(L.size(), 0, L.size() - 1);
  auto Q = sym_view(L.block("Q"), x.data());
  CHECK(Q(0, 1) == 1.0);
  CHECK(Q(1, 0) == 1.0);
  CHECK(Q(1, 1) == 2.0);
  auto R = mat_view(L.block("R"), x.data());
  CHECK(R(1, 2) == x[L.index_of("R[2,3]")]);
  R(0, 0) = -7;
  CHECK(x[L.index_of("R[1,1]")] == -7);
}

TEST_CASE("params: defaults, validation and clear errors") {
  std::vector<ParamSpec> specs{
      {.name = "K", .type = ParamType::Int, .default_text = "2", .doc = "units", .min = 1, .max = 10},
      {.name = "lr", .type = ParamType::Real, .default_text = "0.5", .doc = "rate", .min = 0,
       .max = 1e9, .min_exclusive = true},
      {.name = "flag", .type = ParamType::Bool, .default_text = "false", .doc = "a flag"},
      {.name = "act", .type = ParamType::Choice, .default_text = "erf", .doc = "activation",
       .choices = {"erf", "relu"}},
      {.name = "list", .type = ParamType::RealList, .default_text = "", .doc = "list"},
      {.name = "file", .type = ParamType::Text, .default_text = "", .doc = "a path"},
  };
  ParamValues p(specs, {{"K", "4"}, {"list", "1, 2.5,-3"}, {"file", " /tmp/a b.txt "}});
  CHECK(p.get_text("file") == "/tmp/a b.txt");  // verbatim but for surrounding blanks
  CHECK(specs[5].allowed() == "text");
  CHECK_FALSE(ParamValues(specs, {}).is_set("file"));
  CHECK(p.get_int("K") == 4);
  CHECK(p.get_real("lr") == 0.5);
  CHECK_FALSE(p.get_bool("flag"));
  CHECK(p.get_text("act") == "erf");
  CHECK(p.get_list("list") == std::vector<double>{1, 2.5, -3});
  CHECK(p.given("K"));
  CHECK_FALSE(p.given("lr"));
  // Typed storage: values parsed once; a getter of another type parses the canonical text as
  // before (an int read as a real), with the old errors (a real read as an int, an unset value).
  CHECK(p.get_real("K") == 4.0);
  CHECK_THROWS_WITH_AS(p.get_int("lr"), doctest::Contains("not an integer"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {}).get_list("list"),
                       doctest::Contains("empty list"), std::invalid_argument);
  CHECK(ParamValues(specs, {{"lr", "0.1"}}).get_real("lr") == 0.1);  // exact: canonical text round-trips
  enum class Act { Erf, Relu };
  CHECK(p.get_choice<Act>("act", {{"erf", Act::Erf}, {"relu", Act::Relu}}) == Act::Erf);
  CHECK(ParamValues(specs, {{"act", " relu "}}).get_choice<Act>("act", {{"erf", Act::Erf}, {"relu", Act::Relu}}) ==
        Act::Relu);
  CHECK_THROWS_AS(p.get_choice<Act>("act", {{"relu", Act::Relu}}), std::logic_error);  // table incomplete

  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"KK", "1"}}),
                       "unknown parameter 'KK'; known parameters: K, lr, flag, act, list, file",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"K", "0"}}),
                       "parameter 'K' = '0': must be an integer >= 1 and <= 10",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"K", "2.5"}}), doctest::Contains("not an integer"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"lr", "0"}}),
                       "parameter 'lr' = '0': must be a real > 0 and <= 1e+09",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"lr", "nan"}}), doctest::Contains("not a finite real"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"act", "tanh"}}),
                       "parameter 'act' = 'tanh': must be one of erf|relu", std::invalid_argument);
  CHECK_THROWS_WITH_AS(ParamValues(specs, {{"flag", "maybe"}}), doctest::Contains("not a boolean"),
                       std::invalid_argument);
}
