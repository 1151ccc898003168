// Layout: named blocks of order parameters over one flat state vector.
//
// A model's state (overlaps Q, R, second-layer weights v, ...) is one flat Eigen::VectorXd so that
// every solver (integrators, root finders, eigen-solvers) sees a plain vector. The Layout names the
// blocks and hands out typed views. A symmetric matrix is stored once (upper triangle, row by row),
// so Jacobians have no spurious directions. Coordinates have human names with 1-based indices:
// `Q[1,2]`, `R[2,1]`, `v[1]`, `eg`.
//
// Contract: every coordinate has exactly one position in the flat vector (a symmetric block's
// (i, j) and (j, i) map to the same stored entry) and one name; blocks are laid out in the order
// they were added.
#pragma once

#include <Eigen/Core>

#include <utility>
#include <string>
#include <vector>

namespace summit {

enum class BlockKind { Scalar, Vector, Symmetric, Matrix };

struct Block {
  std::string name;
  BlockKind kind;
  int rows = 1, cols = 1;  // Scalar: 1x1; Vector: rows x 1; Symmetric: rows x rows; Matrix
  int offset = 0;          // first index in the flat state
  int size() const;        // number of stored coordinates
  // Flat index of entry (i, j), 0-based. Symmetric blocks accept either order.
  int index(int i, int j = 0) const;
};

class Layout {
 public:
  Layout& add_scalar(const std::string& name);
  Layout& add_vector(const std::string& name, int n);
  Layout& add_symmetric(const std::string& name, int n);
  Layout& add_matrix(const std::string& name, int rows, int cols);

  int size() const { return size_; }
  const std::vector<Block>& blocks() const { return blocks_; }
  const Block& block(const std::string& name) const;  // throws std::invalid_argument if absent
  bool has_block(const std::string& name) const;

  // Human-readable name of flat coordinate `index`, e.g. "Q[1,2]" (1-based).
  std::string coord_name(int index) const;
  std::vector<std::string> coord_names() const;
  // Parses "Q[1,2]", "Q[2,1]" (same coordinate for symmetric blocks), "v[3]", "v3"?, "eg".
  // Throws std::invalid_argument naming the text and the allowed names when it does not match.
  int index_of(const std::string& name) const;
  // Like index_of but returns -1 instead of throwing.
  int find(const std::string& name) const;

 private:
  Layout& add(Block b);
  std::vector<Block> blocks_;
  int size_ = 0;
};

// Read-only / writable views of a block in a flat state of scalar type T.
template <class T>
class SymView {
 public:
  SymView(T* data, int n) : data_(data), n_(n) {}
  T& operator()(int i, int j) const {
    if (i > j) std::swap(i, j);
    return data_[i * n_ - i * (i - 1) / 2 + (j - i)];
  }
  int n() const { return n_; }

 private:
  T* data_;
  int n_;
};

template <class T>
using RowMajorMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using MatView = Eigen::Map<RowMajorMatrix<T>>;
template <class T>
using VecView = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>>;

template <class T>
SymView<T> sym_view(const Block& b, T* x) {
  return SymView<T>(x + b.offset, b.rows);
}
template <class T>
MatView<T> mat_view(const Block& b, T* x) {
  return MatView<T>(x + b.offset, b.rows, b.cols);
}
template <class T>
VecView<T> vec_view(const Block& b, T* x) {
  return VecView<T>(x + b.offset, b.rows);
}
// Read-only views of a const state.
template <class T>
Eigen::Map<const RowMajorMatrix<T>> mat_view(const Block& b, const T* x) {
  return Eigen::Map<const RowMajorMatrix<T>>(x + b.offset, b.rows, b.cols);
}
template <class T>
Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>> vec_view(const Block& b, const T* x) {
  return Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>>(x + b.offset, b.rows);
}

}  // namespace summit
