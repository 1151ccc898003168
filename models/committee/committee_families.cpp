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

#include "lib/isotropy.hpp"

#include <algorithm>
#include <set>

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

namespace {

// Every permutation of 0 .. n-1.
std::vector<std::vector<int>> permutations(int n) {
  std::vector<std::vector<int>> out;
  std::vector<int> p = range(0, n);
  do out.push_back(p);
  while (std::next_permutation(p.begin(), p.end()));
  return out;
}

// "S{2,3} x S{1,4}" for the orbits of size >= 2 of a set of permutations of n units when it is
// the full product of symmetric groups on them, "order k on {2,3}{1,4}" otherwise, "1" when
// trivial.
std::string action_name(const std::set<std::vector<int>>& perms, int n) {
  std::vector<int> orbit = range(0, n);
  for (const auto& p : perms)
    for (int i = 0; i < n; ++i) {
      const int a = orbit[i], b = orbit[p[i]];
      if (a != b)
        for (int& o : orbit)
          if (o == std::max(a, b)) o = std::min(a, b);
    }
  std::string sets, product;
  long full = 1;
  for (int r = 0; r < n; ++r) {
    std::vector<int> members;
    for (int i = 0; i < n; ++i)
      if (orbit[i] == r) members.push_back(i + 1);
    if (members.size() < 2) continue;
    std::string s = "{";
    for (size_t k = 0; k < members.size(); ++k) s += (k ? "," : "") + std::to_string(members[k]);
    s += "}";
    sets += s;
    product += (product.empty() ? "S" : " x S") + s;
    for (size_t k = 2; k <= members.size(); ++k) full *= static_cast<long>(k);
  }
  if (sets.empty()) return "1";
  if (static_cast<long>(perms.size()) == full) return product;
  return "order " + std::to_string(perms.size()) + " on " + sets;
}

}  // namespace

std::vector<SymmetrySubgroup> isotropy_subgroups(const Model& model, std::string* why) {
  const auto* cb = dynamic_cast<const CommitteeBase*>(&model);
  if (cb == nullptr || !cb->teacher_fully_symmetric()) {
    if (why) *why = "only committees whose teacher is symmetric under every permutation of its units";
    return {};
  }
  const int K = cb->config().K, M = cb->config().M;
  const int dim = cb->layout().size();
  auto factorial = [](int n) { long f = 1; for (int k = 2; k <= n; ++k) f *= k; return f; };
  if (factorial(K) * factorial(M) > 576) {
    if (why) *why = "the group S_" + std::to_string(K) + " x S_" + std::to_string(M) + " has more than 576 elements: not enumerated";
    return {};
  }
  // The group's elements as coordinate permutations, with the (student, teacher) pairs behind them.
  std::vector<std::vector<int>> elements;
  std::vector<std::pair<std::vector<int>, std::vector<int>>> pairs;
  const auto ps = permutations(K), qs = permutations(M);
  for (const auto& p : ps)
    for (const auto& q : qs) {
      elements.push_back(induced(*cb, p, q));
      pairs.emplace_back(p, q);
    }
  const IsotropyLattice lattice = isotropy_classes(elements, dim);
  if (!lattice.complete) {
    if (why) *why = lattice.message;
    return {};
  }
  // The named families, recognised by their orbit partitions up to conjugacy.
  const auto families = symmetry_subgroups(model);
  std::vector<std::vector<int>> family_orbits;
  for (const auto& f : families) {
    const Mat B = fixed_subspace_basis(f, dim);
    std::vector<int> orbit(dim);
    for (int c = 0; c < dim; ++c) {
      int col = 0;
      while (B(c, col) == 0) ++col;
      for (int d = 0; d < dim; ++d)
        if (B(d, col) != 0) { orbit[c] = d; break; }
    }
    family_orbits.push_back(orbit);
  }
  std::vector<SymmetrySubgroup> out;
  for (const IsotropyClass& c : lattice.classes) {
    SymmetrySubgroup g;
    for (int i : c.generators) g.generators.push_back(elements[i]);
    std::set<std::vector<int>> students, teachers;
    for (int i : c.members) students.insert(pairs[i].first), teachers.insert(pairs[i].second);
    const std::string s = action_name(students, K), t = action_name(teachers, M);
    const bool product = students.size() * teachers.size() == c.members.size();
    g.name = product ? "students " + s + " x teachers " + t
                     : "coupled, order " + std::to_string(c.members.size()) + ": students " + s +
                           ", teachers " + t;
    // A listed family conjugate to this class: the same partition after some element moves it.
    for (size_t f = 0; f < families.size(); ++f) {
      bool same = false;
      for (const auto& e : elements) {
        std::vector<int> block(dim);
        for (int k = 0; k < dim; ++k) block[e[k]] = family_orbits[f][k];
        std::vector<int> first(dim, -1), moved(dim);
        for (int d = 0; d < dim; ++d) {
          if (first[block[d]] < 0) first[block[d]] = d;
          moved[d] = first[block[d]];
        }
        if (moved == c.orbit) { same = true; break; }
      }
      if (same) {
        g.doc = g.name;
        g.name = families[f].name;
        break;
      }
    }
    if (g.doc.empty())
      g.doc = "isotropy subgroup of order " + std::to_string(c.members.size()) + ", dim Fix " +
              std::to_string(c.fix_dim);
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
