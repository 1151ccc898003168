// Equivariant branching (solvers/equivariant_branching.hpp) on the S_4-equivariant normal form of
// tests/bifurcation/symmetric_normal_form.hpp, whose symmetry-breaking branches are known in
// closed form: at p = 0 three eigenvalues (the standard representation of S_4) cross zero at
// once; the axial subgroups S_1 x S_3 and S_2 x S_2 each carry one branch,
//   S_1 x S_3: x = (3t, -t, -t, -t), p = 7 t^2 - q 2 t   (transcritical, fold at t = q/7)
//   S_2 x S_2: x = (2t, 2t, -2t, -2t), p = 4 t^2          (pitchfork)
// and S_1 x S_1 x S_2 meets the kernel in two dimensions (not axial).
//
// Tolerances: the location is bracketed to 1e-8 in p (the requirement; the eigenvalue
// that crosses is p itself, so the error is the bracket's). Points on a branch solve drift = 0 to
// the corrector's 1e-10; the closed form p(t) has slope |dp/dt| <= 14 t + 1 <= 8 on the window, so
// 1e-9 is checked on p and on the equalities of the coordinates.
#include "symmetric_normal_form.hpp"
#include "solvers/equivariant_branching.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace summit;

namespace {

SymmetrySubgroup group(const std::string& name, std::vector<std::vector<int>> gens) {
  return {name, std::move(gens), ""};
}

std::vector<SymmetrySubgroup> s4_subgroups() {
  return {group("S_4", {{1, 0, 2, 3}, {1, 2, 3, 0}}),
          group("S_1 x S_3", {{0, 2, 1, 3}, {0, 2, 3, 1}}),
          group("S_2 x S_2", {{1, 0, 2, 3}, {0, 1, 3, 2}}),
          group("S_1 x S_1 x S_2", {{0, 1, 3, 2}})};
}

}  // namespace

TEST_CASE("equivariant branching: S_4 normal form, a triple zero eigenvalue and two axial branches") {
  const double q = 0.5;
  const ModelFactory make = test::symmetric_normal_form(4, q);
  BifurcationOptions o;
  o.lo = -1;
  o.hi = 1;
  BifurcationDiagram d = continue_branches(make, Vec::Zero(4), o);
  REQUIRE(d.status == Status::Ok);
  REQUIRE(d.special.size() == 1);
  CHECK(d.special[0].type == "multiple-branch-point");
  CHECK(std::abs(d.special[0].parameter) < 1e-8);
  CHECK(d.special[0].kernel_dim == 3);

  EquivariantOptions e;
  e.subgroups = s4_subgroups();
  const auto eq = follow_equivariant_branches(make, d, o, e);
  REQUIRE(eq.size() == 1);
  const EquivariantBranchPoint& bp = eq[0];
  CHECK(bp.kernel_dim == 3);
  CHECK(bp.symmetry == "S_4");
  // S_4 on R^4 = trivial (1) + standard (3).
  CHECK(bp.predicted == std::vector<int>{3, 1});
  CHECK(bp.multiplicity_consistent);
  REQUIRE(bp.candidates.size() == 3);
  CHECK(bp.candidates[0].kernel_fix_dim == 1);
  CHECK(bp.candidates[1].kernel_fix_dim == 1);
  CHECK(bp.candidates[2].kernel_fix_dim == 2);
  CHECK(bp.candidates[2].branches.empty());

  // S_1 x S_3: both halves of the transcritical branch, each on the closed form, one through
  // the fold at p = -q^2 / 7.
  REQUIRE(bp.candidates[0].branches.size() == 2);
  bool fold_seen = false;
  for (int b : bp.candidates[0].branches) {
    const ContinuedBranch& br = d.branches[b];
    CHECK(br.origin.find("S_1 x S_3") != std::string::npos);
    CHECK(br.points.size() > 5);
    for (const auto& pt : br.points) {
      const double t = pt.x[0] / 3;
      CHECK(std::abs(pt.parameter - (7 * t * t - 2 * q * t)) < 1e-9);
      for (int i = 1; i < 4; ++i) CHECK(std::abs(pt.x[i] + t) < 1e-9);
    }
    CHECK(br.end == "end of range at 1");
  }
  for (const auto& s : d.special)
    if (s.type == "fold") {
      fold_seen = true;
      CHECK(std::abs(s.parameter + q * q / 7) < 1e-8);
    }
  CHECK(fold_seen);

  // S_2 x S_2: the pitchfork p = 4 t^2, both sides (conjugate to each other by swapping the pairs).
  REQUIRE(bp.candidates[1].branches.size() == 2);
  double tsum = 0;
  for (int b : bp.candidates[1].branches) {
    const ContinuedBranch& br = d.branches[b];
    for (const auto& pt : br.points) {
      const double t = pt.x[0] / 2;
      CHECK(std::abs(pt.parameter - 4 * t * t) < 1e-9);
      CHECK(std::abs(pt.x[1] - pt.x[0]) < 1e-9);
      CHECK(std::abs(pt.x[2] + pt.x[0]) < 1e-9);
      CHECK(std::abs(pt.x[3] + pt.x[0]) < 1e-9);
    }
    CHECK(br.points.back().parameter == doctest::Approx(1).epsilon(1e-12));
    tsum += br.points.back().x[0];
  }
  CHECK(std::abs(tsum) < 1e-9);  // one half at t = +1/2, the other at t = -1/2
}
