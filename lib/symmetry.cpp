#include "lib/symmetry.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace summit {

namespace {

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  }
  void unite(int a, int b) { parent[find(a)] = find(b); }
};

void check(const SymmetrySubgroup& g, int dim) {
  for (const auto& p : g.generators) {
    if (static_cast<int>(p.size()) != dim)
      throw std::invalid_argument("symmetry subgroup '" + g.name + "': a generator has " +
                                  std::to_string(p.size()) + " entries; the state has " +
                                  std::to_string(dim));
    std::vector<int> s = p;
    std::sort(s.begin(), s.end());
    for (int c = 0; c < dim; ++c)
      if (s[c] != c)
        throw std::invalid_argument("symmetry subgroup '" + g.name +
                                    "': a generator is not a permutation");
  }
}

// Orbit label of every coordinate (labels 0 .. r-1 in order of first appearance).
std::vector<int> orbit_labels(const SymmetrySubgroup& g, int dim, int& r) {
  UnionFind uf(dim);
  for (const auto& p : g.generators)
    for (int c = 0; c < dim; ++c) uf.unite(c, p[c]);
  std::vector<int> label(dim, -1), root_label(dim, -1);
  r = 0;
  for (int c = 0; c < dim; ++c) {
    const int root = uf.find(c);
    if (root_label[root] < 0) root_label[root] = r++;
    label[c] = root_label[root];
  }
  return label;
}

}  // namespace

Eigen::MatrixXd fixed_subspace_basis(const SymmetrySubgroup& g, int dim) {
  check(g, dim);
  int r = 0;
  const std::vector<int> label = orbit_labels(g, dim, r);
  Eigen::MatrixXd B = Eigen::MatrixXd::Zero(dim, r);
  std::vector<int> size(r, 0);
  for (int c = 0; c < dim; ++c) ++size[label[c]];
  for (int c = 0; c < dim; ++c) B(c, label[c]) = 1.0 / std::sqrt(double(size[label[c]]));
  return B;
}

std::vector<int> predicted_multiplicities(const SymmetrySubgroup& g, int dim) {
  check(g, dim);
  // Orbits of unordered coordinate pairs {a, b} under the generators.
  auto id = [dim](int a, int b) { return a <= b ? a * dim + b : b * dim + a; };
  UnionFind uf(static_cast<std::size_t>(dim) * dim);
  for (const auto& p : g.generators)
    for (int a = 0; a < dim; ++a)
      for (int b = a; b < dim; ++b) uf.unite(id(a, b), id(p[a], p[b]));
  // A generic equivariant symmetric operator: one random value per pair orbit.
  std::mt19937_64 rng(20260415);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  std::vector<double> value(static_cast<std::size_t>(dim) * dim, NAN);
  Eigen::MatrixXd A(dim, dim);
  for (int a = 0; a < dim; ++a)
    for (int b = a; b < dim; ++b) {
      const int root = uf.find(id(a, b));
      if (std::isnan(value[root])) value[root] = U(rng);
      A(a, b) = A(b, a) = value[root];
    }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(A, Eigen::EigenvaluesOnly);
  const Eigen::VectorXd ev = es.eigenvalues();
  // Eigenvalues of one irreducible block agree to rounding (~1e-13 of the norm); distinct
  // blocks of a random operator are separated by O(1/dim) typically, far above 1e-9.
  return cluster_sizes(std::vector<double>(ev.data(), ev.data() + ev.size()), 1e-9);
}

std::vector<int> cluster_sizes(std::vector<double> ev, double tol) {
  std::sort(ev.begin(), ev.end());
  double scale = 1;
  for (double e : ev) scale = std::max(scale, std::abs(e));
  std::vector<int> sizes;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i + 1;
    while (j < ev.size() && ev[j] - ev[j - 1] <= tol * scale) ++j;
    sizes.push_back(static_cast<int>(j - i));
    i = j;
  }
  std::sort(sizes.rbegin(), sizes.rend());
  return sizes;
}

}  // namespace summit
