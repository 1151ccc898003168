// The isotropy subgroups of a permutation representation (lib/isotropy.hpp) against cases known
// exactly: S_n permuting the coordinates of R^n has one class of isotropy subgroups per integer
// partition of n (the Young subgroups S_{n1} x S_{n2} x ..., dim Fix = the number of parts), and
// the committee's S_2 x S_2, S_3 x S_3 lists (models/committee/families.hpp isotropy_subgroups)
// hold the named families and the product S_2 x S_2 of K = M = 3 (students 2, 3 and teachers
// 2, 3 swapped independently) that the hand-made family list lacks.
#include "lib/isotropy.hpp"
#include "lib/symmetry.hpp"
#include "models/committee/families.hpp"
#include "../support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <regex>

using namespace summit;

namespace {

std::vector<std::vector<int>> symmetric_group(int n) {
  std::vector<std::vector<int>> out;
  std::vector<int> p(n);
  std::iota(p.begin(), p.end(), 0);
  do out.push_back(p);
  while (std::next_permutation(p.begin(), p.end()));
  return out;
}

}  // namespace

TEST_CASE("isotropy classes: S_n on R^n, one Young subgroup per partition of n") {
  // p(4) = 5: 4, 3+1, 2+2, 2+1+1, 1+1+1+1 with orders 24, 6, 4, 2, 1.
  const IsotropyLattice l4 = isotropy_classes(symmetric_group(4), 4);
  REQUIRE(l4.complete);
  REQUIRE(l4.classes.size() == 5);
  std::vector<std::pair<int, size_t>> got;
  for (const auto& c : l4.classes) got.emplace_back(c.fix_dim, c.members.size());
  CHECK(got == std::vector<std::pair<int, size_t>>{{1, 24}, {2, 6}, {2, 4}, {3, 2}, {4, 1}});
  // The generators generate the class: Fix of the generators is the class's fixed subspace.
  for (const auto& c : l4.classes) {
    SymmetrySubgroup g;
    for (int i : c.generators) g.generators.push_back(symmetric_group(4)[i]);
    CHECK(fixed_subspace_basis(g, 4).cols() == c.fix_dim);
  }
  // p(5) = 7, p(6) = 11.
  CHECK(isotropy_classes(symmetric_group(5), 5).classes.size() == 7);
  CHECK(isotropy_classes(symmetric_group(6), 6).classes.size() == 11);
  // The cap reports instead of guessing.
  const IsotropyLattice cut = isotropy_classes(symmetric_group(5), 5, 3);
  CHECK_FALSE(cut.complete);
  CHECK(cut.classes.empty());
  CHECK(cut.message.find("more than 3 isotropy subgroups") != std::string::npos);
}

TEST_CASE("isotropy classes: the committee's S_3 x S_3 holds the families and S_2 x S_2") {
  const auto m = test::make("committee", {{"K", "3"}, {"M", "3"}});
  const auto all = committee::isotropy_subgroups(*m);
  REQUIRE(!all.empty());
  // Sorted by dim Fix, the full group first: the symmetric plateau's S_3 x S_3.
  CHECK(all.front().name == "S_3 x S_3");
  // Every listed family is a class of the complete list (it is an isotropy subgroup).
  for (const auto& f : committee::symmetry_subgroups(*m)) {
    const bool found = std::any_of(all.begin(), all.end(), [&](const SymmetrySubgroup& g) { return g.name == f.name; });
    CHECK_MESSAGE(found, f.name);
  }
  // S_2 x S_2: one student pair and one teacher pair swapped independently, order 4.
  int products = 0;
  for (const auto& g : all)
    if (std::regex_match(g.name, std::regex(R"(students S\{\d,\d\} x teachers S\{\d,\d\})"))) ++products;
  CHECK(products == 1);
  // dim Fix is never repeated out of order, and classes are distinct subspaces up to conjugacy.
  for (size_t i = 1; i < all.size(); ++i)
    CHECK(fixed_subspace_basis(all[i - 1], 15).cols() <= fixed_subspace_basis(all[i], 15).cols());
  // A teacher without full symmetry: no list, and the reason.
  std::string why;
  CHECK(committee::isotropy_subgroups(*test::make("committee", {{"K", "3"}, {"M", "3"}, {"teacher_second_layer", "1,2,3"}}), &why).empty());
  CHECK(!why.empty());
}
