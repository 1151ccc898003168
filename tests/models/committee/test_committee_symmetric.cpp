// The symmetry-adapted fixed-point search (lib/symmetry, solvers/symmetric_search,
// models/committee/committee_families.cpp): fixed-point subspaces and isotropy multiplicities
// against counts by hand, and the K = M = 6 ReLU minima found by the full-space search
// (docs/landscape.md) found again inside the subspaces, certified and classified in full space.
#include "tests/support.hpp"
#include "lib/symmetry.hpp"
#include "models/committee/families.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"
#include "solvers/symmetric_search.hpp"

#include <algorithm>

using namespace summit;

namespace {
std::unique_ptr<Model> relu_gf(int K, int M) {
  return test::make("committee", {{"K", std::to_string(K)}, {"M", std::to_string(M)},
                                  {"activation", "relu"}, {"dynamics", "gradient-flow"}});
}
const SymmetrySubgroup& named(const std::vector<SymmetrySubgroup>& gs, const std::string& prefix) {
  for (const auto& g : gs)
    if (g.name.rfind(prefix, 0) == 0) return g;
  FAIL("no subgroup named " << prefix);
  return gs.front();
}
}  // namespace

TEST_CASE("symmetry: fixed subspaces and multiplicities counted by hand") {
  auto m6 = relu_gf(6, 6);
  const auto g6 = committee::symmetry_subgroups(*m6);
  // Delta(S_1 x S_5), block A = {1}, B = {2..6}: Q has the orbits diag A, diag B, A-B, B-B;
  // R has (A,A), (A,B), (B,A), diag (B,B), off-diagonal (B,B): 9 coordinates.
  CHECK(fixed_subspace_basis(named(g6, "k1=1"), m6->dim()).cols() == 9);
  // S_6 x S_6 (all students alike, all teachers alike): Q_ii, Q_ij, R_in.
  CHECK(fixed_subspace_basis(named(g6, "S_6 x S_6"), m6->dim()).cols() == 3);
  // The basis is orthonormal and its projection averages over orbits.
  const Mat B = fixed_subspace_basis(named(g6, "k1=1"), m6->dim());
  CHECK((B.transpose() * B - Mat::Identity(B.cols(), B.cols())).cwiseAbs().maxCoeff() < 1e-15);

  // Delta S_3 on K = M = 3 (15 coordinates). Characters: Q diagonal and R diagonal are the
  // permutation representation on 3 points (trivial + standard), Q off-diagonal (unordered pairs)
  // also trivial + standard, R off-diagonal (ordered pairs) the regular representation (trivial +
  // sign + 2 standard): 4 trivial + 1 sign (dimension 1) and 5 standard (dimension 2).
  auto m3 = relu_gf(3, 3);
  const auto g3 = committee::symmetry_subgroups(*m3);
  const std::vector<int> expected{2, 2, 2, 2, 2, 1, 1, 1, 1, 1};
  CHECK(predicted_multiplicities(named(g3, "k1=0"), m3->dim()) == expected);
  CHECK(fixed_subspace_basis(named(g3, "k1=0"), m3->dim()).cols() == 4);

  CHECK(cluster_sizes({1.0, 1.0 + 1e-12, 2.0, 3.0, 3.0, 3.0}, 1e-9) == std::vector<int>{3, 2, 1});
  // Only committees with a fully symmetric teacher have subgroups.
  CHECK(committee::symmetry_subgroups(*test::make("committee", {{"M", "2"},
                                                                {"teacher_overlap", "1,0,0,2"}}))
            .empty());
  CHECK(committee::symmetry_subgroups(*test::make("saxe")).empty());
}

TEST_CASE("symmetric search: the K = M = 6 ReLU minima, certified and classified in full space") {
  // Regression values from the full-space search (docs/landscape.md, `summit fixed-points
  // committee --set activation=relu --set dynamics=gradient-flow --set K=6 --set M=6`): the k1 = 1
  // minimum 0.0250806 and the fully symmetric minimum 0.0556686 (printed to 6 digits there,
  // hence the 1e-7 tolerance); perfect learning has loss 0.
  auto m = relu_gf(6, 6);
  const auto groups = committee::symmetry_subgroups(*m);
  SymmetricSearchOptions so;
  so.drift_rows = committee::drift_rows_of(*m);  // the reduced drift through one row per orbit
  const SymmetricSearchResult sr = symmetric_fixed_points(*m, groups, so);
  REQUIRE(sr.status == Status::Ok);
  FixedPointOptions fo;
  fo.random_starts = 0;
  fo.special_points = false;
  std::map<std::string, int> group_of;
  for (const auto& c : sr.candidates) {
    fo.starts.push_back({c.name, c.x, ""});
    group_of[c.name] = c.subgroup;
  }
  const FixedPointResult r = find_fixed_points(*m, fo);
  REQUIRE(r.status == Status::Ok);
  bool perfect = false, k1 = false, symmetric = false;
  for (const auto& p : r.points) {
    CHECK(p.residual <= 1e-10);
    perfect = perfect || std::abs(p.loss) < 1e-12;
    const bool is_k1 = std::abs(p.loss - 0.0250806) < 1e-7;
    const bool is_sym = std::abs(p.loss - 0.0556686) < 1e-7;
    if (!is_k1 && !is_sym) continue;
    k1 = k1 || is_k1;
    symmetric = symmetric || is_sym;
    const Stability st = analyse_stability(*m, p.x);
    CHECK(st.type == "stable");
    // Every eigenvalue cluster of the full Jacobian is one of the predicted irreducible blocks
    // (or a union of them): the isotropy of the subgroup that held the point.
    REQUIRE(st.space == "overlap");
    std::vector<double> re;
    for (const auto& e : st.eigenvalues) re.push_back(e.real());
    const MultiplicityCheck mc = check_multiplicities(re, groups[group_of.at(p.origin)], m->dim());
    CAPTURE(p.origin);
    CHECK(mc.consistent);
    CHECK(mc.observed.front() > 1);  // the symmetry shows: some eigenvalue is degenerate
  }
  CHECK(perfect);
  CHECK(k1);
  CHECK(symmetric);
}

TEST_CASE("symmetric search: the drift at selected coordinates equals the whole drift") {
  // committee::drift_rows_of (committee_drift_rows.hpp) uses drift_t's formulas in the same order, so
  // only rounding may differ (1e-14 of the largest coordinate; measured: 0).
  std::mt19937_64 rng(9);
  const std::vector<std::map<std::string, std::string>> cases{
      {{"K", "4"}, {"M", "3"}, {"activation", "relu"}, {"dynamics", "gradient-flow"}},
      {{"K", "3"}, {"M", "2"}, {"activation", "relu"}, {"noise", "0.3"}, {"weight_decay", "0.1"}},
      {{"K", "3"}, {"M", "3"}, {"train_second_layer", "true"}, {"noise", "0.2"}},
      {{"K", "2"}, {"M", "3"}, {"activation", "linear"}}};
  for (const auto& p : cases) {
    auto m = test::make("committee", p);
    for (int rep = 0; rep < 2; ++rep) {
      const Vec x = m->random_state(rng);
      Vec all, some;
      m->drift(x, all);
      std::vector<int> rows;
      for (int c = m->dim() - 1; c >= 0; c -= 2) rows.push_back(c);  // every other, reversed
      committee::drift_rows_of(*m)(x, rows, some);
      REQUIRE(some.size() == static_cast<Eigen::Index>(rows.size()));
      for (size_t k = 0; k < rows.size(); ++k)
        CHECK(std::abs(some[static_cast<Eigen::Index>(k)] - all[rows[k]]) <=
              1e-14 * std::max(1.0, all.cwiseAbs().maxCoeff()));
    }
  }
  // The reduced drift of a subspace, through one coordinate per orbit, is B^T drift(B u).
  auto m = relu_gf(5, 5);
  const auto groups = committee::symmetry_subgroups(*m);
  const SymmetrySubgroup& g = named(groups, "k1=2");
  const Mat B = fixed_subspace_basis(g, m->dim());
  const Vec u = B.transpose() * m->random_state(rng);
  Vec dx;
  m->drift(B * u, dx);
  const Vec expected = B.transpose() * dx;
  std::vector<int> first;
  std::vector<double> scale;
  for (Eigen::Index o = 0; o < B.cols(); ++o) {
    Eigen::Index c = 0;
    while (B(c, o) == 0.0) ++c;
    first.push_back(static_cast<int>(c));
    scale.push_back(1.0 / B(c, o));
  }
  Vec rows;
  committee::drift_rows_of(*m)(B * u, first, rows);
  for (Eigen::Index o = 0; o < B.cols(); ++o)
    CHECK(rows[o] * scale[o] == doctest::Approx(expected[o]).epsilon(1e-12).scale(1.0));
  CHECK_FALSE(committee::drift_rows_of(*test::make("saxe")));
}
