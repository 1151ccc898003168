// Merging fixed points equal up to S_K x S_M at every width (models/committee/committee_symmetry
// .cpp, lib/assignment): the linear assignment against brute force, exact images of states under
// random permutations recognised at K = M = 10 and 20, nearby but different states kept apart,
// and the K = M = 10 minimum of loss 0.0187022 merged into one entry by the full search.
#include "tests/support.hpp"
#include "lib/assignment.hpp"
#include "models/committee/committee_impl.hpp"
#include "models/committee/families.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/symmetric_search.hpp"

#include <algorithm>
#include <numeric>

using namespace summit;

namespace {
const committee::CommitteeBase& base(const Model& m) {
  return dynamic_cast<const committee::CommitteeBase&>(m);
}

// The image of x under a student permutation p and a teacher permutation q (unit i of the image
// is unit p[i] of x, teacher n of the image is teacher q[n] of x).
Vec permuted(const committee::CommitteeBase& m, const Vec& x, const std::vector<int>& p,
             const std::vector<int>& q) {
  const Eigen::MatrixXd Q = m.Q(x), R = m.R(x);
  const Eigen::VectorXd v = m.v(x);
  const int K = static_cast<int>(p.size()), M = static_cast<int>(q.size());
  Eigen::MatrixXd Qp(K, K), Rp(K, M);
  Eigen::VectorXd vp(K);
  for (int i = 0; i < K; ++i) {
    vp[i] = v[p[i]];
    for (int j = 0; j < K; ++j) Qp(i, j) = Q(p[i], p[j]);
    for (int n = 0; n < M; ++n) Rp(i, n) = R(p[i], q[n]);
  }
  return m.pack(Qp, Rp, vp);
}

std::vector<int> shuffled(int n, std::mt19937_64& rng) {
  std::vector<int> p(n);
  std::iota(p.begin(), p.end(), 0);
  std::shuffle(p.begin(), p.end(), rng);
  return p;
}

std::unique_ptr<Model> relu(int K, int M, std::map<std::string, std::string> extra = {}) {
  extra["K"] = std::to_string(K);
  extra["M"] = std::to_string(M);
  extra["activation"] = "relu";
  extra["dynamics"] = "gradient-flow";
  return test::make("committee", extra);
}
}  // namespace

TEST_CASE("assignment: the Hungarian method finds the brute-force optimum") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  for (int n : {1, 2, 3, 5, 7}) {
    for (int rep = 0; rep < 5; ++rep) {
      Eigen::MatrixXd c(n, n);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) c(i, j) = rep == 4 ? std::floor(3 * U(rng)) : U(rng);  // ties
      std::vector<int> p(n);
      std::iota(p.begin(), p.end(), 0);
      double best = INFINITY;
      do {
        double s = 0;
        for (int i = 0; i < n; ++i) s += c(i, p[i]);
        best = std::min(best, s);
      } while (std::next_permutation(p.begin(), p.end()));
      const std::vector<int> a = min_cost_assignment(c);
      std::vector<int> sorted = a;
      std::sort(sorted.begin(), sorted.end());
      for (int i = 0; i < n; ++i) CHECK(sorted[i] == i);  // a permutation
      double s = 0;
      for (int i = 0; i < n; ++i) s += c(i, a[i]);
      CHECK(s == doctest::Approx(best).epsilon(1e-12));  // rounding of the sums only
    }
  }
  CHECK_THROWS_AS(min_cost_assignment(Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
}

TEST_CASE("merging: images under S_K x S_M are equivalent at K = M = 10 and 20") {
  for (int K : {10, 20}) {
    CAPTURE(K);
    auto m = relu(K, K);
    const auto& cb = base(*m);
    REQUIRE(cb.teacher_fully_symmetric());
    std::mt19937_64 rng(K);
    std::vector<Vec> pts;
    for (int s = 0; s < 3; ++s) pts.push_back(m->random_state(rng));
    // Points with many equal invariants (exact ties): the unperturbed k1 families.
    for (int k1 : {1, 3}) {
      Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(K, K), R = Eigen::MatrixXd::Identity(K, K);
      for (int k = 0; k < k1; ++k) {
        Q(k, k) = 0.6;
        R(k, k) = -0.6;
        for (int n = 0; n < K; ++n)
          if (n != k) R(k, n) = 0.2;
      }
      pts.push_back(cb.pack(Q, R, Eigen::VectorXd::Ones(K)));
    }
    for (const Vec& x : pts)
      for (int rep = 0; rep < 3; ++rep) {
        const Vec y = permuted(cb, x, shuffled(K, rng), shuffled(K, rng));
        // Exact images: the distance found is 0 up to rounding (entries are copied, not computed).
        CHECK(m->symmetry_distance(x, y) == 0.0);
        CHECK(m->equivalent(x, y, 1e-12));
        CHECK(m->equivalent(y, x, 1e-12));
      }
    // Different points stay apart: one overlap moved by 1e-4 (then re-permuted).
    for (const Vec& x : pts) {
      Vec z = x;
      z[m->layout().index_of("R[2,3]")] += 1e-4;
      const Vec y = permuted(cb, z, shuffled(K, rng), shuffled(K, rng));
      CHECK_FALSE(m->equivalent(x, y, 1e-6));
      CHECK(m->symmetry_distance(x, y) >= 1e-4 * (1 - 1e-9));
    }
  }
}

TEST_CASE("merging: a non-symmetric teacher allows only its own symmetries") {
  // T = diag(1, 1, 2): teachers 1 and 2 may be exchanged, teacher 3 may not.
  auto m = relu(3, 3, {{"teacher_overlap", "1,0,0,0,1,0,0,0,2"}});
  const auto& cb = base(*m);
  CHECK_FALSE(cb.teacher_fully_symmetric());
  std::mt19937_64 rng(3);
  const Vec x = m->random_state(rng);
  CHECK(m->equivalent(x, permuted(cb, x, {2, 0, 1}, {1, 0, 2}), 1e-12));
  CHECK_FALSE(m->equivalent(x, permuted(cb, x, {2, 0, 1}, {2, 1, 0}), 1e-6));
}

TEST_CASE("merging: students alike except for their coupling pattern (Q on a cycle)") {
  // Every student has the same v, Q_ii, R row and multiset of couplings; only which pairs couple
  // differs. Such points defeat the alternating refinement (found at K = M = 4: the saddle of loss
  // 0.276019 was listed twice); individualisation and refinement must align their images, and
  // must keep a 6-cycle apart from two 3-cycles (the same invariants, not isomorphic).
  auto cycle_state = [](const committee::CommitteeBase& cb, int K,
                        const std::vector<std::pair<int, int>>& edges) {
    Eigen::MatrixXd Q = Eigen::MatrixXd::Constant(K, K, -0.095);
    Q.diagonal().setConstant(0.7045);
    for (auto [i, j] : edges) Q(i, j) = Q(j, i) = 0.3046;
    return cb.pack(Q, Eigen::MatrixXd::Constant(K, K, 0.27596), Eigen::VectorXd::Ones(K));
  };
  std::mt19937_64 rng(5);
  for (int K : {4, 6, 12}) {
    CAPTURE(K);
    auto m = relu(K, K);
    const auto& cb = base(*m);
    std::vector<std::pair<int, int>> ring;
    for (int i = 0; i < K; ++i) ring.push_back({i, (i + 1) % K});
    const Vec x = cycle_state(cb, K, ring);
    for (int rep = 0; rep < 5; ++rep) {
      const Vec y = permuted(cb, x, shuffled(K, rng), shuffled(K, rng));
      CHECK(m->symmetry_distance(x, y) == 0.0);  // exact images: entries copied, not computed
      CHECK(m->equivalent(x, y, 1e-12));
    }
  }
  auto m = relu(6, 6);
  const auto& cb = base(*m);
  const Vec ring6 = cycle_state(cb, 6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}});
  const Vec two3 = cycle_state(cb, 6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}});
  CHECK_FALSE(m->equivalent(ring6, permuted(cb, two3, shuffled(6, rng), shuffled(6, rng)), 1e-6));
  // Any pairing of the two graphs mismatches some coupling by 0.3046 + 0.095.
  CHECK(m->symmetry_distance(ring6, two3) == doctest::Approx(0.3996).epsilon(1e-12));
}

TEST_CASE("merging: the K = M = 10 minimum of loss 0.0187022 is listed once") {
  // Before the assignment-based merging, the K = M = 10 gradient-flow search listed this stable
  // point eight times (issue 15; loss printed to 6 digits there, hence the 1e-7 tolerance: a
  // regression value). Here it is found in the k1 = 1 subspace, and eight of its images under
  // random S_K x S_M elements, each moved off the point by 1e-3 and polished again by the
  // full-space search, must merge into one entry with eight hits.
  auto m = relu(10, 10);
  const auto groups = committee::symmetry_subgroups(*m);
  std::vector<SymmetrySubgroup> k1;
  for (const auto& g : groups)
    if (g.name.rfind("k1=1", 0) == 0) k1.push_back(g);
  REQUIRE(k1.size() == 1);
  SymmetricSearchOptions so;
  so.random_starts = 2;
  so.drift_rows = committee::drift_rows_of(*m);
  const SymmetricSearchResult sr = symmetric_fixed_points(*m, k1, so);
  REQUIRE(sr.status == Status::Ok);
  FixedPointOptions fo;
  fo.random_starts = 0;
  fo.special_points = false;
  fo.flow_time = 0;
  for (const auto& c : sr.candidates) fo.starts.push_back({c.name, c.x, ""});
  const FixedPointResult found = find_fixed_points(*m, fo);
  const FixedPoint* target = nullptr;
  for (const auto& p : found.points)
    if (std::abs(p.loss - 0.0187022) < 1e-7) target = &p;
  REQUIRE(target != nullptr);

  const auto& cb = base(*m);
  std::mt19937_64 rng(17);
  std::normal_distribution<double> N(0.0, 1.0);
  FixedPointOptions images;
  images.random_starts = 0;
  images.special_points = false;
  images.flow_time = 0;
  for (int k = 0; k < 8; ++k) {
    Vec y = permuted(cb, target->x, shuffled(10, rng), shuffled(10, rng));
    for (int c = 0; c < y.size(); ++c) y[c] += 1e-3 * N(rng) / std::sqrt(double(y.size()));
    images.starts.push_back({"image#" + std::to_string(k + 1), y, ""});
  }
  const FixedPointResult r = find_fixed_points(*m, images);
  REQUIRE(r.status == Status::Ok);
  REQUIRE(r.converged == 8);
  CHECK(r.points.size() == 1);
  CHECK(r.points.front().hits == 8);
  CHECK(r.points.front().loss == doctest::Approx(target->loss).epsilon(1e-10));
}
