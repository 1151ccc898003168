#include "lib/isotropy.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

namespace summit {

namespace {

using Partition = std::vector<int>;  // label of each coordinate: the smallest coordinate of its block

struct Blocks {
  std::vector<int> parent;
  explicit Blocks(int n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  }
  void unite(int a, int b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  Partition labels() {
    Partition p(parent.size());
    for (size_t c = 0; c < p.size(); ++c) p[c] = find(static_cast<int>(c));
    return p;  // the root of a block is its smallest coordinate (unite keeps the minimum)
  }
};

Partition cyclic_orbits(const std::vector<int>& g) {
  Blocks b(static_cast<int>(g.size()));
  for (size_t c = 0; c < g.size(); ++c) b.unite(static_cast<int>(c), g[c]);
  return b.labels();
}

Partition join(const Partition& p, const Partition& q) {
  Blocks b(static_cast<int>(p.size()));
  for (size_t c = 0; c < p.size(); ++c) {
    b.unite(static_cast<int>(c), p[c]);
    b.unite(static_cast<int>(c), q[c]);
  }
  return b.labels();
}

// The partition of g x for x with partition p: g[c] and g[c'] together iff c and c' are.
Partition moved(const Partition& p, const std::vector<int>& g) {
  const int n = static_cast<int>(p.size());
  std::vector<int> block(n);
  for (int c = 0; c < n; ++c) block[g[c]] = p[c];
  std::map<int, int> smallest;
  for (int d = 0; d < n; ++d) smallest.emplace(block[d], d);  // first (smallest) d of each block
  Partition out(n);
  for (int d = 0; d < n; ++d) out[d] = smallest[block[d]];
  return out;
}

bool preserves(const Partition& p, const std::vector<int>& g) {
  for (size_t c = 0; c < p.size(); ++c)
    if (p[g[c]] != p[c]) return false;
  return true;
}

}  // namespace

IsotropyLattice isotropy_classes(const std::vector<std::vector<int>>& elements, int dim,
                                 std::size_t max_subgroups) {
  IsotropyLattice out;
  std::map<std::vector<int>, int> index;
  for (size_t i = 0; i < elements.size(); ++i) {
    const auto& g = elements[i];
    std::vector<int> sorted = g;
    std::sort(sorted.begin(), sorted.end());
    if (static_cast<int>(g.size()) != dim || sorted.front() != 0 || sorted.back() != dim - 1 ||
        std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      throw std::invalid_argument("isotropy_classes: element " + std::to_string(i) +
                                  " is not a permutation of the " + std::to_string(dim) +
                                  " coordinates");
    index.emplace(g, static_cast<int>(i));
  }
  // Every isotropy subgroup, as its orbit partition: the closure of the cyclic ones under joins.
  std::set<Partition> seen;
  std::vector<Partition> all;
  for (const auto& g : elements) {
    Partition p = cyclic_orbits(g);
    if (seen.insert(p).second) all.push_back(std::move(p));
  }
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      Partition p = join(all[i], all[j]);
      if (seen.insert(p).second) all.push_back(std::move(p));
    }
    if (all.size() > max_subgroups) {
      out.complete = false;
      out.message = "more than " + std::to_string(max_subgroups) + " isotropy subgroups in a group of order " +
                    std::to_string(elements.size()) + ": not enumerated";
      return out;
    }
  }
  // One representative per conjugacy class: the smallest of the moved partitions.
  std::set<Partition> classes;
  for (const Partition& p : all) {
    Partition best = p;
    for (const auto& g : elements) best = std::min(best, moved(p, g));
    classes.insert(best);
  }
  auto compose = [](const std::vector<int>& a, const std::vector<int>& b) {  // a after b
    std::vector<int> c(b.size());
    for (size_t k = 0; k < b.size(); ++k) c[k] = a[b[k]];
    return c;
  };
  for (const Partition& p : classes) {
    IsotropyClass c;
    c.orbit = p;
    c.fix_dim = static_cast<int>(std::set<int>(p.begin(), p.end()).size());
    for (size_t i = 0; i < elements.size(); ++i)
      if (preserves(p, elements[i])) c.members.push_back(static_cast<int>(i));
    // A generating set: add a member whenever it is not in the group generated so far (the
    // closure of the generators under composition, which holds the identity: g^order = 1).
    std::set<int> generated;
    for (int i : c.members) {
      const auto& g = elements[i];
      bool identity = true;
      for (int k = 0; k < dim; ++k) identity = identity && g[k] == k;
      if (identity || generated.count(i)) continue;
      c.generators.push_back(i);
      std::set<int> group(c.generators.begin(), c.generators.end());
      std::vector<int> queue(c.generators.begin(), c.generators.end());
      for (size_t q = 0; q < queue.size(); ++q)
        for (int h : c.generators) {
          const auto it = index.find(compose(elements[h], elements[queue[q]]));
          if (it != index.end() && group.insert(it->second).second) queue.push_back(it->second);
        }
      generated = std::move(group);
    }
    out.classes.push_back(std::move(c));
  }
  std::stable_sort(out.classes.begin(), out.classes.end(),
                   [](const IsotropyClass& a, const IsotropyClass& b) {
                     if (a.fix_dim != b.fix_dim) return a.fix_dim < b.fix_dim;
                     return a.members.size() > b.members.size();
                   });
  return out;
}

}  // namespace summit
