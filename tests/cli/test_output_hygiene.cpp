// Output hygiene (issue "Trust", item 6): non-negative losses never printed negative, magnitudes
// below 1e-300 and -0 printed as 0, and a readable default column set for models with many state
// coordinates while JSON and CSV keep the full state.
#include "../cli_support.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using json = nlohmann::json;
using summit::test::run_json;
using summit::test::run_summit;

namespace {

// Every number of a JSON document: none in (0, 1e-300) in magnitude, none a negative zero.
void check_printable_numbers(const json& j, const std::string& path) {
  if (j.is_number_float()) {
    const double v = j.get<double>();
    INFO(path << " = " << v);
    CHECK(!(v != 0 && std::abs(v) < 1e-300));
    CHECK(!(v == 0 && std::signbit(v)));
    return;
  }
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it) check_printable_numbers(it.value(), path + "." + it.key());
  if (j.is_array())
    for (size_t i = 0; i < j.size(); ++i) check_printable_numbers(j[i], path + "[" + std::to_string(i) + "]");
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

}  // namespace

TEST_CASE("output hygiene: the committee's generalisation error is never printed negative") {
  // Oracle: exact identity. At the perfect point (student = teacher) eg = 0 by definition; the
  // closed form, a difference of O(1) arcsin terms, leaves roundoff of either sign (about 1e-16
  // here, -8.7e-11 after a long integration), which is printed as 0 when it is below 0 (and above
  // -1e-8, cli/result_check.hpp).
  const json j = run_json("evaluate committee --point perfect");
  const double loss = j["loss"].get<double>();
  CHECK(loss >= 0);
  CHECK(!std::signbit(loss));
  CHECK(loss < 1e-12);
  CHECK(j["observables"]["eg"].get<double>() >= 0);
  // The default study integrates K = M = 2 to perfect learning: every eg of its learning curve
  // (the second column of the first table) is printed >= 0.
  const auto r = run_summit("");
  REQUIRE(r.code == 0);
  std::istringstream in(r.out);
  std::string line;
  bool in_table = false;
  int rows = 0;
  while (std::getline(in, line)) {
    if (!in_table) {
      in_table = line.rfind("-----", 0) == 0;
      continue;
    }
    if (line.empty()) break;
    std::istringstream cells(line);
    std::string t, eg;
    cells >> t >> eg;
    INFO(line);
    CHECK(eg[0] != '-');  // neither negative nor -0
    CHECK(std::strtod(eg.c_str(), nullptr) >= 0);
    ++rows;
  }
  CHECK(rows > 10);
}

TEST_CASE("output hygiene: denormals and -0 print as 0; many coordinates get a readable table") {
  // The rbm's spectral flow (hidden = gaussian, nodes = 40) has 84 state coordinates; its fixed
  // points are full of denormals (1e-321) from the Newton polish. One batch of random starts
  // (--quiet-batches 0): the census's further batches take ~40 s here and test nothing more.
  const json j = run_json("fixed-points rbm -q --quiet-batches 0");
  check_printable_numbers(j, "");
  REQUIRE(!j["fixed_points"].empty());
  const size_t dim = j["fixed_points"][0]["state"].size();
  CHECK(dim > 16);  // the state is complete in JSON
  CHECK(j["fixed_points"][0]["state"].contains("P0[1,1]"));

  const auto csv = run_summit("fixed-points rbm -q --quiet-batches 0 --format csv");
  REQUIRE(csv.code == 0);
  CHECK(csv.out.find("P0[1,1]") != std::string::npos);  // and in CSV
  for (const auto& row : split(csv.out, '\n')) {
    if (row.empty() || row[0] == '#') continue;
    for (const auto& cell : split(row, ',')) {
      INFO(row.substr(0, 200));
      CHECK(cell != "-0");
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      if (!cell.empty() && end == cell.c_str() + cell.size()) CHECK(!(v != 0 && std::abs(v) < 1e-300));
    }
  }

  const auto table = run_summit("fixed-points rbm -q --quiet-batches 0");
  REQUIRE(table.code == 0);
  CHECK(table.out.find("P0[1,1]") == std::string::npos);  // the table leaves the state out
  CHECK(table.out.find(std::to_string(dim) + " state-coordinate columns not shown") != std::string::npos);
  CHECK(table.out.find("top_eigenvalue") != std::string::npos);  // observables stay
  // --columns chooses coordinates explicitly.
  const auto chosen = run_summit("fixed-points rbm -q --quiet-batches 0 --columns 'loss,P0[1,1]'");
  REQUIRE(chosen.code == 0);
  CHECK(chosen.out.find("P0[1,1]") != std::string::npos);
}
