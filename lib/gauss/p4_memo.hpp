// A per-thread memo of four-variate orthant probabilities, for callers that evaluate P4 of the
// same four fields many times (the committee's O(lr^2) term: P4(i,k,a,b) of a 4-set of fields
// enters the rows (i,k), (a,b), ... of one drift evaluation, and the exact Jacobian at the same
// state needs the same values again; relu_stein.hpp).
//
// Contract. p4_canonical(r, rule_of) returns P4 of the unit-diagonal correlation r, computed by
// the path quadrature of orthant.hpp with the rule rule_of(canonical r) on the
// canonical form of r: the relabelling of the four fields whose six correlations
// (r01, r02, r03, r12, r13, r23) are lexicographically smallest. P4 is invariant under the
// relabelling, and everything computed depends on the canonical six values only, so the result
// is a pure function of the (unordered) 4-set: bitwise the same whether it comes from the memo or
// is computed afresh, in whatever order the fields were given, on whatever thread. The memo is a
// direct-mapped table (kP4MemoSize entries per thread, keyed bitwise by the canonical values);
// a colliding key simply overwrites the entry.
#pragma once

#include "lib/gauss/orthant.hpp"

#include <array>
#include <bit>
#include <cstdint>

namespace summit::gauss::detail {

inline constexpr std::size_t kP4MemoSize = 4096;  // 4096 x 64 bytes = 256 KiB per thread

using Corr6 = std::array<double, 6>;  // r01, r02, r03, r12, r13, r23

// The six correlations of r relabelled by perm (field perm[i] becomes field i).
inline Corr6 relabelled(const Mat4& r, const std::array<int, 4>& p) {
  return {r[p[0]][p[1]], r[p[0]][p[2]], r[p[0]][p[3]],
          r[p[1]][p[2]], r[p[1]][p[3]], r[p[2]][p[3]]};
}

// The lexicographically smallest relabelling over the 24 permutations.
inline Corr6 canonical_corr(const Mat4& r) {
  std::array<int, 4> p{0, 1, 2, 3};
  Corr6 best = relabelled(r, p);
  // Heap's algorithm: the 23 further permutations, one swap each.
  std::array<int, 4> c{};
  int i = 1;
  while (i < 4) {
    if (c[i] < i) {
      std::swap(p[i % 2 == 0 ? 0 : c[i]], p[i]);
      const Corr6 cand = relabelled(r, p);
      if (cand < best) best = cand;
      ++c[i];
      i = 1;
    } else {
      c[i] = 0;
      ++i;
    }
  }
  return best;
}

inline Mat4 corr_matrix(const Corr6& k) {
  return {{{1.0, k[0], k[1], k[2]}, {k[0], 1.0, k[3], k[4]}, {k[1], k[3], 1.0, k[5]},
           {k[2], k[4], k[5], 1.0}}};
}

struct P4MemoEntry {
  std::array<std::uint64_t, 6> key{};
  double p4 = 0;
  bool used = false;
};

// rule_of(Mat4) -> const PathRule& (orthant.hpp).
template <class RuleOf>
double p4_canonical(const Mat4& r, const RuleOf& rule_of) {
  thread_local std::array<P4MemoEntry, kP4MemoSize> memo{};
  const Corr6 k = canonical_corr(r);
  std::array<std::uint64_t, 6> bits;
  std::uint64_t h = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 6; ++i) {
    bits[i] = std::bit_cast<std::uint64_t>(k[i]);
    h = (h ^ bits[i]) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  P4MemoEntry& e = memo[h % kP4MemoSize];
  if (e.used && e.key == bits) return e.p4;
  const Mat4 rc = corr_matrix(k);
  const double p4 = p4_path(rc, rule_of(rc));
  e.key = bits;
  e.p4 = p4;
  e.used = true;
  return p4;
}

}  // namespace summit::gauss::detail
