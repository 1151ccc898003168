// The committee's symmetry group acting on states: permutations p of the student units and q of
// the teacher units (the latter only where they leave T and v* unchanged), acting as
//   Q -> P Q P^T,  R -> P R Q^T,  v -> P v.
// Contract (CommitteeBase::align, equivalent, symmetry_distance):
//  * align(a, b) returns permutations (p, q) of b and the max-norm distance |a - (p, q) b|_inf
//    they achieve; symmetry_distance is that distance, equivalent(a, b, tol) is distance <= tol.
//  * Never a false merge: the distance is always evaluated coordinate by coordinate for the
//    permutations returned, so equivalent() is true only for points that really are images of
//    each other within tol.
//  * Polynomial at every width: the permutations come from linear assignments (lib/assignment,
//    O(K^3 + M^3) each) on cost matrices of permutation invariants, then alternating
//    refinement (q given p is an exact linear assignment; p given q is a linear assignment on R,
//    v, Q_ii and the Q row of the previous p), plus a few restarts that break ties between units
//    with equal invariants differently. No enumeration of S_K or S_M.
//  * Units with equal invariants (e.g. every student alike except for which others it couples to,
//    Q a cycle) defeat the alternating refinement, which is a local search of a quadratic
//    assignment. When it fails, individualisation and refinement follows (as in graph
//    isomorphism): student 0 of a is paired with each student j0 of b in turn, then pairs are fixed
//    one at a time, each from a linear assignment whose cost adds the couplings Q to the pairs
//    already fixed; the teacher permutation is fitted to the result. K anchors x K steps x O(K^3):
//    O(K^5) at worst, paid only for equal-loss pairs the cheap passes could not align.
//  * What it can still miss: equivalent points whose alignment needs a second branching (two
//    students, alike even given their couplings to every fixed pair, whose choice matters later);
//    such points are then listed twice, never merged wrongly. A fast necessary test (sorted
//    multisets of Q_ii, v and R entries, whose sorted differences bound the distance from below)
//    rejects most non-equivalent pairs first.
#include "lib/assignment.hpp"
#include "models/committee/committee_impl.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace summit::committee {

namespace {

struct Parts {
  Eigen::MatrixXd Q, R;
  Eigen::VectorXd v;
};

double sorted_gap(std::vector<double> x, std::vector<double> y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  double d = 0;
  for (size_t i = 0; i < x.size(); ++i) d = std::max(d, std::abs(x[i] - y[i]));
  return d;
}

std::vector<double> entries(const Eigen::MatrixXd& m) {
  return std::vector<double>(m.data(), m.data() + m.size());
}

// Lower bound on the distance over all (p, q): for sorted sequences the L-infinity gap of the
// sorted pairing is the smallest over all pairings.
double invariant_gap(const Parts& a, const Parts& b) {
  std::vector<double> qa(a.Q.rows()), qb(b.Q.rows());
  for (int i = 0; i < a.Q.rows(); ++i) qa[i] = a.Q(i, i), qb[i] = b.Q(i, i);
  double d = sorted_gap(qa, qb);
  d = std::max(d, sorted_gap(entries(a.R), entries(b.R)));
  d = std::max(d, sorted_gap(entries(a.v), entries(b.v)));
  return d;
}

double distance(const Parts& a, const Parts& b, const std::vector<int>& p,
                const std::vector<int>& q) {
  const int K = static_cast<int>(a.Q.rows()), M = static_cast<int>(a.R.cols());
  double d = 0;
  for (int i = 0; i < K; ++i) {
    d = std::max(d, std::abs(a.v[i] - b.v[p[i]]));
    for (int n = 0; n < M; ++n) d = std::max(d, std::abs(a.R(i, n) - b.R(p[i], q[n])));
    for (int j = i; j < K; ++j) d = std::max(d, std::abs(a.Q(i, j) - b.Q(p[i], p[j])));
  }
  return d;
}

// Per-unit invariants: a student's v, Q_ii, sorted R row and sorted off-diagonal Q row; a
// teacher's sorted R column.
Eigen::MatrixXd student_signatures(const Parts& s) {
  const int K = static_cast<int>(s.Q.rows()), M = static_cast<int>(s.R.cols());
  Eigen::MatrixXd sig(K, 2 + M + K - 1);
  for (int i = 0; i < K; ++i) {
    std::vector<double> r(M);
    for (int n = 0; n < M; ++n) r[n] = s.R(i, n);
    std::sort(r.begin(), r.end());
    std::vector<double> qrow;
    for (int j = 0; j < K; ++j)
      if (j != i) qrow.push_back(s.Q(i, j));
    std::sort(qrow.begin(), qrow.end());
    sig(i, 0) = s.v[i];
    sig(i, 1) = s.Q(i, i);
    for (int n = 0; n < M; ++n) sig(i, 2 + n) = r[n];
    for (int j = 0; j + 1 < K; ++j) sig(i, 2 + M + j) = qrow[j];
  }
  return sig;
}

Eigen::MatrixXd teacher_signatures(const Parts& s) {
  const int K = static_cast<int>(s.R.rows()), M = static_cast<int>(s.R.cols());
  Eigen::MatrixXd sig(M, K);
  for (int n = 0; n < M; ++n) {
    std::vector<double> c(K);
    for (int i = 0; i < K; ++i) c[i] = s.R(i, n);
    std::sort(c.begin(), c.end());
    for (int i = 0; i < K; ++i) sig(n, i) = c[i];
  }
  return sig;
}

Eigen::MatrixXd signature_cost(const Eigen::MatrixXd& sa, const Eigen::MatrixXd& sb) {
  Eigen::MatrixXd c(sa.rows(), sb.rows());
  for (int i = 0; i < sa.rows(); ++i)
    for (int j = 0; j < sb.rows(); ++j) c(i, j) = (sa.row(i) - sb.row(j)).squaredNorm();
  return c;
}

// q given p: exact (the cost is separable in the teacher units).
std::vector<int> teacher_step(const Parts& a, const Parts& b, const std::vector<int>& p) {
  const int K = static_cast<int>(a.R.rows()), M = static_cast<int>(a.R.cols());
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(M, M);
  for (int n = 0; n < M; ++n)
    for (int m = 0; m < M; ++m)
      for (int i = 0; i < K; ++i) c(n, m) += std::pow(a.R(i, n) - b.R(p[i], m), 2);
  return min_cost_assignment(c);
}

// p given q and the previous p (which fixes the partners in the Q coupling term).
std::vector<int> student_step(const Parts& a, const Parts& b, const std::vector<int>& q,
                              const std::vector<int>& p_prev) {
  const int K = static_cast<int>(a.Q.rows()), M = static_cast<int>(a.R.cols());
  Eigen::MatrixXd c(K, K);
  for (int i = 0; i < K; ++i)
    for (int j = 0; j < K; ++j) {
      double s = std::pow(a.v[i] - b.v[j], 2) + std::pow(a.Q(i, i) - b.Q(j, j), 2);
      for (int n = 0; n < M; ++n) s += std::pow(a.R(i, n) - b.R(j, q[n]), 2);
      for (int i2 = 0; i2 < K; ++i2)
        if (i2 != i) s += std::pow(a.Q(i, i2) - b.Q(j, p_prev[i2]), 2);
      c(i, j) = s;
    }
  return min_cost_assignment(c);
}

// Individualisation and refinement for the student permutation, anchored at a's unit 0 -> b's
// unit j0: pairs are fixed in a's index order, each from a linear assignment among the unpaired
// units whose cost is `base` (the q-independent signature cost) plus the squared differences of
// the couplings Q to the units already paired.
std::vector<int> individualised(const Parts& a, const Parts& b, const Eigen::MatrixXd& base,
                                int j0) {
  const int K = static_cast<int>(a.Q.rows());
  std::vector<int> p(K, -1), fixed_a{0}, fixed_b{j0};
  std::vector<char> used(K, 0);
  p[0] = j0;
  used[j0] = 1;
  for (int step = 1; step < K; ++step) {
    std::vector<int> ra, rb;
    for (int i = 0; i < K; ++i)
      if (p[i] < 0) ra.push_back(i);
    for (int j = 0; j < K; ++j)
      if (!used[j]) rb.push_back(j);
    const int n = static_cast<int>(ra.size());
    Eigen::MatrixXd c(n, n);
    for (int x = 0; x < n; ++x)
      for (int y = 0; y < n; ++y) {
        double s = base(ra[x], rb[y]);
        for (size_t f = 0; f < fixed_a.size(); ++f)
          s += std::pow(a.Q(ra[x], fixed_a[f]) - b.Q(rb[y], fixed_b[f]), 2);
        c(x, y) = s;
      }
    const std::vector<int> sol = min_cost_assignment(c);
    // Fix only the first unpaired unit of a; the others are reconsidered with its coupling known.
    p[ra[0]] = rb[sol[0]];
    used[rb[sol[0]]] = 1;
    fixed_a.push_back(ra[0]);
    fixed_b.push_back(rb[sol[0]]);
  }
  return p;
}

}  // namespace

CommitteeBase::Alignment CommitteeBase::align(const Vec& xa, const Vec& xb,
                                              double stop_below) const {
  const int K = c_.K, M = c_.M;
  const Parts a{Q(xa), R(xa), v(xa)}, b{Q(xb), R(xb), v(xb)};
  std::vector<int> id_k(K), id_m(M);
  std::iota(id_k.begin(), id_k.end(), 0);
  std::iota(id_m.begin(), id_m.end(), 0);
  Alignment best{id_k, id_m, distance(a, b, id_k, id_m)};
  if (best.distance <= stop_below) return best;
  if (stop_below > 0 && invariant_gap(a, b) > stop_below) return best;

  const Eigen::MatrixXd sa = student_signatures(a), sb = student_signatures(b);
  const Eigen::MatrixXd student_cost = signature_cost(sa, sb);
  const Eigen::MatrixXd teacher_cost =
      teacher_fully_symmetric_ ? signature_cost(teacher_signatures(a), teacher_signatures(b))
                               : Eigen::MatrixXd();
  // Teacher permutations to try: all of S_M through assignment when the teacher is fully
  // symmetric, else the enumerated symmetries (the identity beyond M = 8).
  const std::vector<std::vector<int>> fixed_q =
      teacher_fully_symmetric_ ? std::vector<std::vector<int>>{} : teacher_perms_;
  const double scale = std::max(1e-300, student_cost.maxCoeff());
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> U(0.0, 1.0);
  const int restarts = 4;
  auto consider = [&](const std::vector<int>& p, const std::vector<int>& q) {
    const double d = distance(a, b, p, q);
    if (d < best.distance) best = {p, q, d};
    return best.distance <= stop_below;
  };
  // Alternating refinement until neither permutation changes (at most 2 K + 2 rounds); true as
  // soon as an alignment within stop_below is found.
  auto refine = [&](std::vector<int> p, std::vector<int> q) {
    for (int it = 0; it < 2 * K + 2; ++it) {
      std::vector<int> qn = q;
      if (teacher_fully_symmetric_) qn = teacher_step(a, b, p);
      const std::vector<int> pn = student_step(a, b, qn, p);
      if (consider(pn, qn)) return true;
      if (pn == p && qn == q) break;
      p = pn;
      q = qn;
    }
    return false;
  };
  for (int r = 0; r < restarts; ++r) {
    // Restart r > 0: break ties between units with equal invariants differently (random
    // perturbations far below any real difference of invariants).
    Eigen::MatrixXd cs = student_cost;
    if (r > 0)
      for (int i = 0; i < K; ++i)
        for (int j = 0; j < K; ++j) cs(i, j) += 1e-9 * scale * U(rng);
    const std::vector<int> p0 = min_cost_assignment(cs);
    const size_t nq = teacher_fully_symmetric_ ? 1 : fixed_q.size();
    for (size_t iq = 0; iq < nq; ++iq) {
      std::vector<int> p = p0;
      std::vector<int> q;
      if (teacher_fully_symmetric_) {
        Eigen::MatrixXd ct = teacher_cost;
        if (r > 0)
          for (int n = 0; n < M; ++n)
            for (int m = 0; m < M; ++m) ct(n, m) += 1e-9 * std::max(1e-300, ct.maxCoeff()) * U(rng);
        q = min_cost_assignment(ct);
      } else {
        q = fixed_q[iq];
      }
      if (consider(p, q)) return best;
      if (refine(p, q)) return best;
    }
  }
  // Individualisation and refinement (see the contract above).
  for (int j0 = 0; j0 < K; ++j0) {
    const std::vector<int> p = individualised(a, b, student_cost, j0);
    const size_t nq = teacher_fully_symmetric_ ? 1 : fixed_q.size();
    for (size_t iq = 0; iq < nq; ++iq) {
      const std::vector<int> q = teacher_fully_symmetric_ ? teacher_step(a, b, p) : fixed_q[iq];
      if (consider(p, q)) return best;
    }
  }
  return best;
}

bool CommitteeBase::equivalent(const Vec& a, const Vec& b, double tol) const {
  const Parts pa{Q(a), R(a), v(a)}, pb{Q(b), R(b), v(b)};
  if (invariant_gap(pa, pb) > tol) return false;
  return align(a, b, tol).distance <= tol;
}

double CommitteeBase::symmetry_distance(const Vec& a, const Vec& b) const {
  return align(a, b).distance;
}

}  // namespace summit::committee
