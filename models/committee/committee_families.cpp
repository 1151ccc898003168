// The symmetry subgroups of the committee searched by the symmetry-adapted fixed-point search
// (contract in models/committee/families.hpp).
//
// A pair (p, q) of a student permutation and a teacher permutation acts on the state as
//   Q_ij -> Q_{p(i) p(j)},  R_in -> R_{p(i) q(n)},  v_i -> v_{p(i)},
// a symmetry of the dynamics whenever q leaves T and v* unchanged. With m = min(K, M) students
// "matched" to teachers 1..m (student k with teacher k), the families are (Arjevani & Field 2021
// write the isotropy of the k1 = j family as Delta(S_j x S_{k-j}): students and teachers
// permuted together inside each block):
//   * "k1=j": Delta(S_j x S_{m-j}), j = 0 .. m/2 (j = 0: Delta S_m, the fully symmetric family:
//     every matched student plays the same role towards its own teacher), times S_{K-m} on the
//     extra students and S_{M-m} on the extra teachers. Its fixed-point subspace holds the
//     families with j (or m - j) anti-aligned students, the "diagonal + constant" ansatz
//     (Q = a I + b 11^T, R = c I + d 11^T inside each block, constants between blocks);
//   * "S_K x S_M": all students alike and all teachers alike (the symmetric plateau);
//   * "split": for K > M, teacher 1 shared by students 1 and M+1 .. K (S_{K-M+1} on them), the
//     other students matched, Delta S_{M-1} on them;
//   * "split-all": for K = s M (s >= 2), every teacher shared by s students (S_s on each group,
//     groups permuted together with their teachers).
#include "models/committee/committee_impl.hpp"
#include "models/committee/families.hpp"

#include <numeric>
#include <string>

namespace summit::committee {

namespace {

// The coordinate permutation of the state induced by (p, q).
std::vector<int> induced(const CommitteeBase& m, const std::vector<int>& p,
                         const std::vector<int>& q) {
  const Config& c = m.config();
  const Layout& L = m.layout();
  const Block& qb = L.block("Q");
  const Block& rb = L.block("R");
  std::vector<int> perm(L.size());
  std::iota(perm.begin(), perm.end(), 0);
  for (int i = 0; i < c.K; ++i) {
    for (int j = i; j < c.K; ++j) perm[qb.index(i, j)] = qb.index(p[i], p[j]);
    for (int n = 0; n < c.M; ++n) perm[rb.index(i, n)] = rb.index(p[i], q[n]);
  }
  if (c.train_v) {
    const Block& vb = L.block("v");
    for (int i = 0; i < c.K; ++i) perm[vb.index(i)] = vb.index(p[i]);
  }
  return perm;
}

// Generators of the symmetric group on `students` (and, in step, on `teachers`, which is either
// empty or of the same size): a transposition and a cycle.
void add_symmetric_group(const CommitteeBase& m, const std::vector<int>& students,
                         const std::vector<int>& teachers, SymmetrySubgroup& g) {
  const int n = static_cast<int>(std::max(students.size(), teachers.size()));
  if (n < 2) return;
  const Config& c = m.config();
  for (int kind = 0; kind < 2; ++kind) {
    std::vector<int> p(c.K), q(c.M);
    std::iota(p.begin(), p.end(), 0);
    std::iota(q.begin(), q.end(), 0);
    for (int t = 0; t < n; ++t) {
      const int to = kind == 0 ? (t == 0 ? 1 : t == 1 ? 0 : t) : (t + 1) % n;
      if (!students.empty()) p[students[t]] = students[to];
      if (!teachers.empty()) q[teachers[t]] = teachers[to];
    }
    g.generators.push_back(induced(m, p, q));
  }
}

std::vector<int> range(int a, int b) {
  std::vector<int> r;
  for (int i = a; i < b; ++i) r.push_back(i);
  return r;
}

}  // namespace

std::vector<SymmetrySubgroup> symmetry_subgroups(const Model& model) {
  const auto* cb = dynamic_cast<const CommitteeBase*>(&model);
  if (cb == nullptr || !cb->teacher_fully_symmetric()) return {};
  const int K = cb->config().K, M = cb->config().M, m = std::min(K, M);
  std::vector<SymmetrySubgroup> out;
  auto extras = [&](SymmetrySubgroup& g) {
    if (K > m) add_symmetric_group(*cb, range(m, K), {}, g);
    if (M > m) add_symmetric_group(*cb, {}, range(m, M), g);
  };
  for (int j = 0; 2 * j <= m; ++j) {
    SymmetrySubgroup g;
    g.name = "k1=" + std::to_string(j) + ": Delta(S_" + std::to_string(j) + " x S_" +
             std::to_string(m - j) + ")";
    g.doc = "students 1.." + std::to_string(m) + " matched with their teachers, permuted together "
            "inside the blocks {1.." + std::to_string(j) + "} and {" + std::to_string(j + 1) +
            ".." + std::to_string(m) + "}";
    add_symmetric_group(*cb, range(0, j), range(0, j), g);
    add_symmetric_group(*cb, range(j, m), range(j, m), g);
    extras(g);
    out.push_back(std::move(g));
  }
  {
    SymmetrySubgroup g;
    g.name = "S_" + std::to_string(K) + " x S_" + std::to_string(M);
    g.doc = "all students alike and all teachers alike";
    add_symmetric_group(*cb, range(0, K), {}, g);
    add_symmetric_group(*cb, {}, range(0, M), g);
    out.push_back(std::move(g));
  }
  if (K > M) {
    SymmetrySubgroup g;
    g.name = "split: S_" + std::to_string(K - M + 1) + " x Delta S_" + std::to_string(M - 1);
    g.doc = "teacher 1 shared by students 1 and " + std::to_string(M + 1) + ".." +
            std::to_string(K) + "; students 2.." + std::to_string(M) + " matched";
    std::vector<int> sharing = range(M, K);
    sharing.insert(sharing.begin(), 0);
    add_symmetric_group(*cb, sharing, {}, g);
    add_symmetric_group(*cb, range(1, M), range(1, M), g);
    out.push_back(std::move(g));
  }
  if (K > M && K % M == 0) {
    const int s = K / M;
    SymmetrySubgroup g;
    g.name = "split-all: (S_" + std::to_string(s) + ")^" + std::to_string(M) + " x Delta S_" +
             std::to_string(M);
    g.doc = "every teacher n shared by the students n, n + M, ..., n + (s-1) M";
    for (int n = 0; n < M; ++n) {
      std::vector<int> group;
      for (int t = 0; t < s; ++t) group.push_back(n + t * M);
      add_symmetric_group(*cb, group, {}, g);
    }
    // Groups permuted together with their teachers: the permutation n -> sigma(n) of teachers
    // moves student n + t M to sigma(n) + t M.
    for (int kind = 0; kind < 2 && M >= 2; ++kind) {
      std::vector<int> p(K), q(M);
      for (int n = 0; n < M; ++n) {
        const int to = kind == 0 ? (n == 0 ? 1 : n == 1 ? 0 : n) : (n + 1) % M;
        q[n] = to;
        for (int t = 0; t < s; ++t) p[n + t * M] = to + t * M;
      }
      g.generators.push_back(induced(*cb, p, q));
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::function<void(const Vec&, const std::vector<int>&, Vec&)> drift_rows_of(const Model& model) {
  const auto* cb = dynamic_cast<const CommitteeBase*>(&model);
  if (cb == nullptr) return {};
  return [cb](const Vec& x, const std::vector<int>& rows, Vec& out) { cb->drift_rows(x, rows, out); };
}

}  // namespace summit::committee
