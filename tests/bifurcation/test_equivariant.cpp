// Equivariant branching (solvers/equivariant_branching.hpp) on the S_4-equivariant normal form of
// tests/bifurcation/symmetric_normal_form.hpp, whose symmetry-breaking branches are known in
// closed form: at p = 0 three eigenvalues (the standard representation of S_4) cross zero at
// once; the axial subgroups S_1 x S_3 and S_2 x S_2 each carry one branch,
//   S_1 x S_3: x = (3t, -t, -t, -t), p = 7 t^2 - q 2 t   (transcritical, fold at t = q/7)
//   S_2 x S_2: x = (2t, 2t, -2t, -2t), p = 4 t^2          (pitchfork)
// and S_1 x S_1 x S_2 meets the kernel in two dimensions (not axial).
//
// Tolerances: the location is bracketed to 1e-8 in p (the issue's requirement; the eigenvalue
// that crosses is p itself, so the error is the bracket's). Points on a branch solve drift = 0 to
// the corrector's 1e-10; the closed form p(t) has slope |dp/dt| <= 14 t + 1 <= 8 on the window, so
// 1e-9 is checked on p and on the equalities of the coordinates.
#include "symmetric_normal_form.hpp"
#include "models/committee/families.hpp"
#include "solvers/equivariant_branching.hpp"
#include "solvers/fixed_subspace_model.hpp"
#include "../support.hpp"

#include <Eigen/SVD>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <regex>

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

TEST_CASE("equivariant branching: committee K = M = 3, the plateau's symmetry-breaking points in weight decay") {
  // The symmetric plateau of the erf committee (K = M = 3, T = I, lr = 0.5) is a saddle at
  // weight decay 0 and stable at 0.1 (docs/bifurcation.md). Its isotropy is S_3 x S_3, under which
  // the 15 coordinates split into irreducible components of dimensions 4, 2, 2, 2, 2, 1, 1, 1
  // (lib/symmetry.hpp), so its eigenvalues cross zero in clusters.
  // Expected, by representation theory (exact, independent of the solver): the 4-dimensional
  // component is std x std, which occurs only in the R block (Q and v see the students only):
  // V = {R : every row and column sums to 0, Q = 0, v = 0}. At the crossing of V the kernel is V,
  // and the axial subgroups are the isotropy subgroups H with dim(Fix(H) ∩ V) = 1, computed here
  // from V and the complete list of isotropy subgroups (models/committee/families.hpp): among
  // them Delta S_3 (students permuted with their teachers) and S_2 x S_2 (a student pair and a
  // teacher pair swapped independently). Every one must be followed (or meet V in the direction
  // of a larger one, which is). Each followed branch must be a fixed point of the full drift
  // (1e-9: the corrector's 1e-10 on the reduced drift, times sqrt of the orbit sizes) inside
  // Fix(H) and outside Fix(S_3 x S_3).
  // The locations are regression values (`summit continue committee --set K=3 --set M=3
  // --point symmetric --vary weight_decay --range 0,0.1 --switch`), checked to 1e-7.
  const ModelFactory make = [](double wd) {
    return test::make("committee", {{"K", "3"}, {"M", "3"}, {"weight_decay", format_real(wd)}});
  };
  const auto m0 = make(0.0);
  Vec start;
  for (const auto& s : m0->structured_starts())
    if (s.name == "symmetric") start = s.x;
  REQUIRE(start.size() == 15);
  BifurcationOptions o;
  o.lo = 0;
  o.hi = 0.1;
  BifurcationDiagram d = continue_branches(make, start, o);
  REQUIRE(d.status == Status::Ok);
  EquivariantOptions e;
  e.subgroups = committee::isotropy_subgroups(*m0);
  REQUIRE(e.subgroups.size() > 2);
  const auto eq = follow_equivariant_branches(make, d, o, e);
  REQUIRE(eq.size() == 2);
  // A triple crossing: not one irreducible component (an accidental coincidence of a
  // two-dimensional and a one-dimensional one), reported as such.
  CHECK(eq[0].parameter == doctest::Approx(0.0041123494).epsilon(1e-7));
  CHECK(eq[0].kernel_dim == 3);
  CHECK(eq[0].symmetry == "S_3 x S_3");
  CHECK_FALSE(eq[0].multiplicity_consistent);
  // The index-changing crossing of std x std.
  const EquivariantBranchPoint& bp = eq[1];
  CHECK(bp.parameter == doctest::Approx(0.0224321020).epsilon(1e-7));
  CHECK(bp.kernel_dim == 4);
  CHECK(bp.symmetry == "S_3 x S_3");
  CHECK(bp.predicted == std::vector<int>{4, 2, 2, 2, 2, 1, 1, 1});
  CHECK(bp.multiplicity_consistent);

  // V = std x std, orthonormal basis from the R block.
  const Block& rb = m0->layout().block("R");
  Mat V(15, 0);
  {
    Mat raw = Mat::Zero(15, 9);
    for (int i = 0; i < 3; ++i)
      for (int n = 0; n < 3; ++n) {
        // The projection of the unit matrix E_in onto zero row and column sums.
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b)
            raw(rb.index(a, b), 3 * i + n) = ((a == i) - 1.0 / 3) * ((b == n) - 1.0 / 3);
      }
    const Eigen::JacobiSVD<Mat> svd(raw, Eigen::ComputeThinU);
    V = svd.matrixU().leftCols(4);
    CHECK(svd.singularValues()[3] > 0.1);
    CHECK(svd.singularValues()[4] < 1e-12);
  }
  // The kernel at the branch point is V: J V = 0 (to the location error 1e-8 times |dJ/dp|).
  {
    Vec F;
    Mat J;
    make(bp.parameter)->drift_jacobian(bp.x, F, J);
    CHECK((J * V).norm() < 1e-6);
  }
  const Mat Bg = fixed_subspace_basis(e.subgroups.front(), 15);  // S_3 x S_3
  REQUIRE(e.subgroups.front().name == "S_3 x S_3");
  REQUIRE(bp.candidates.size() == e.subgroups.size() - 1);
  int axial = 0, followed_lines = 0;
  bool delta_s3 = false, s2_x_s2 = false;
  for (const AxialBranching& a : bp.candidates) {
    const Mat B = fixed_subspace_basis(e.subgroups[a.subgroup], 15);
    // dim(Fix(H) ∩ V): the singular values 1 of B^T V (both orthonormal).
    const Eigen::JacobiSVD<Mat> svd(B.transpose() * V);
    int dim = 0;
    for (Eigen::Index k = 0; k < svd.singularValues().size(); ++k) dim += svd.singularValues()[k] > 1 - 1e-9;
    CHECK_MESSAGE(a.kernel_fix_dim == dim, a.isotropy);
    if (dim != 1) {
      CHECK(a.branches.empty());
      continue;
    }
    ++axial;
    if (a.branches.empty()) {
      // Only when a larger subgroup listed before it has the same kernel direction.
      CHECK_MESSAGE(a.note.find("same kernel direction") == 0, std::string(a.isotropy + ": " + a.note));
      continue;
    }
    ++followed_lines;
    CHECK_MESSAGE(a.branches.size() == 2, a.isotropy);
    delta_s3 = delta_s3 || a.isotropy.find("k1=0") == 0;
    s2_x_s2 = s2_x_s2 || std::regex_match(a.isotropy, std::regex(R"(students S\{\d,\d\} x teachers S\{\d,\d\})"));
    for (int b : a.branches) {
      const ContinuedBranch& br = d.branches[b];
      REQUIRE(br.points.size() > 3);
      for (size_t k = 1; k < br.points.size(); ++k) {
        const BranchPoint& q = br.points[k];
        Vec F;
        make(q.parameter)->drift(q.x, F);
        CHECK(F.lpNorm<Eigen::Infinity>() < 1e-9);
        CHECK((q.x - B * (B.transpose() * q.x)).norm() < 1e-12);
        CHECK((q.x - Bg * (Bg.transpose() * q.x)).norm() > 1e-5);
      }
    }
  }
  CHECK(axial >= 2);
  CHECK(followed_lines >= 2);
  CHECK(delta_s3);
  CHECK(s2_x_s2);
  // Subcritical: the Delta S_3 branch turns at a fold inside the window, the S_2 x S_2 branch at
  // another and carries two branch points (regression values, same command as above).
  int folds = 0, s2_branch_points = 0;
  for (const auto& s : d.special) {
    if (s.type == "fold" && s.parameter == doctest::Approx(0.0230766195).epsilon(1e-7)) ++folds;
    if (s.type == "fold" && s.parameter == doctest::Approx(0.0226281268).epsilon(1e-7)) ++folds;
    if (s.type == "branch-point" && (s.parameter == doctest::Approx(0.0018151775).epsilon(1e-7) ||
                                     s.parameter == doctest::Approx(0.0026925571).epsilon(1e-7)))
      ++s2_branch_points;
  }
  CHECK(folds == 2);
  CHECK(s2_branch_points == 2);
  // The S_2 x S_2 branches end at weight decay 0 on a saddle-3 (loss 0.016753) and a saddle-5
  // (loss 0.023140), regression values to the digits quoted (relative 1e-4).
  std::vector<std::pair<int, double>> ends;
  for (const AxialBranching& a : bp.candidates)
    if (std::regex_match(a.isotropy, std::regex(R"(students S\{\d,\d\} x teachers S\{\d,\d\})")))
      for (int b : a.branches) ends.emplace_back(d.branches[b].points.back().stability.index, d.branches[b].points.back().loss);
  std::sort(ends.begin(), ends.end());
  REQUIRE(ends.size() == 2);
  CHECK(ends[0].first == 3);
  CHECK(ends[0].second == doctest::Approx(0.016753).epsilon(1e-4));
  CHECK(ends[1].first == 5);
  CHECK(ends[1].second == doctest::Approx(0.023140).epsilon(1e-4));
}
