// `summit fixed-points committee --symmetric` (studies/symmetric_starts.cpp): the subspace search
// feeds the full-space search, its points carry their isotropy and multiplicity check in the JSON,
// and a model without symmetry subgroups is an input error.
#include "../cli_support.hpp"
#include "../support.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

using summit::test::expect_error;
using summit::test::run_json;

TEST_CASE("cli: fixed-points --symmetric on the K = M = 3 ReLU committee") {
  // No random starts: every point comes from the structured starts or from a subspace.
  const nlohmann::json j = run_json(
      "fixed-points committee --set activation=relu --set dynamics=gradient-flow --set K=3 "
      "--set M=3 --starts 0 --symmetric");
  int from_subspace = 0;
  bool perfect = false;
  for (const auto& p : j["fixed_points"]) {
    CHECK(p["residual"].get<double>() <= 1e-10);
    perfect = perfect || std::abs(p["loss"].get<double>()) < 1e-12;
    if (!p.contains("isotropy")) continue;
    ++from_subspace;
    CHECK(p["origin"].get<std::string>().rfind("sym:", 0) == 0);
    CHECK(p["subspace_dim"].get<int>() < 15);  // dim of the full state: 6 + 9
    if (p["stability_space"] == "overlap") {
      // The full Jacobian's eigenvalue clusters are the isotropy's blocks (or unions of them).
      CHECK(p["multiplicities_consistent"].get<bool>());
      int total = 0;
      for (int k : p["predicted_multiplicities"]) total += k;
      CHECK(total == 15);
    }
  }
  CHECK(perfect);
  CHECK(from_subspace > 0);
}

TEST_CASE("cli: --symmetric needs a committee with a symmetric teacher") {
  expect_error("fixed-points saxe --symmetric", "--symmetric: model 'saxe' has no symmetry");
  expect_error("fixed-points committee --set M=2 --set teacher_overlap=1,0,0,2 --symmetric",
               "T = a I + b 11^T and equal v*");
}
