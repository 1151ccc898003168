#include "lib/state/layout.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace summit {

int Block::size() const {
  switch (kind) {
    case BlockKind::Scalar: return 1;
    case BlockKind::Vector: return rows;
    case BlockKind::Symmetric: return rows * (rows + 1) / 2;
    case BlockKind::Matrix: return rows * cols;
  }
  return 0;
}

int Block::index(int i, int j) const {
  switch (kind) {
    case BlockKind::Scalar: return offset;
    case BlockKind::Vector: return offset + i;
    case BlockKind::Symmetric:
      if (i > j) std::swap(i, j);
      return offset + i * rows - i * (i - 1) / 2 + (j - i);
    case BlockKind::Matrix: return offset + i * cols + j;
  }
  return -1;
}

Layout& Layout::add(Block b) {
  if (has_block(b.name)) throw std::invalid_argument("Layout: duplicate block '" + b.name + "'");
  b.offset = size_;
  size_ += b.size();
  blocks_.push_back(std::move(b));
  return *this;
}
Layout& Layout::add_scalar(const std::string& name) {
  return add({name, BlockKind::Scalar, 1, 1, 0});
}
Layout& Layout::add_vector(const std::string& name, int n) {
  return add({name, BlockKind::Vector, n, 1, 0});
}
Layout& Layout::add_symmetric(const std::string& name, int n) {
  return add({name, BlockKind::Symmetric, n, n, 0});
}
Layout& Layout::add_matrix(const std::string& name, int rows, int cols) {
  return add({name, BlockKind::Matrix, rows, cols, 0});
}

bool Layout::has_block(const std::string& name) const {
  for (const auto& b : blocks_)
    if (b.name == name) return true;
  return false;
}

const Block& Layout::block(const std::string& name) const {
  for (const auto& b : blocks_)
    if (b.name == name) return b;
  throw std::invalid_argument("Layout: no block named '" + name + "'");
}

std::string Layout::coord_name(int index) const {
  for (const auto& b : blocks_) {
    if (index < b.offset || index >= b.offset + b.size()) continue;
    const int k = index - b.offset;
    switch (b.kind) {
      case BlockKind::Scalar: return b.name;
      case BlockKind::Vector: return b.name + "[" + std::to_string(k + 1) + "]";
      case BlockKind::Matrix:
        return b.name + "[" + std::to_string(k / b.cols + 1) + "," + std::to_string(k % b.cols + 1) +
               "]";
      case BlockKind::Symmetric:
        for (int i = 0; i < b.rows; ++i)
          for (int j = i; j < b.rows; ++j)
            if (b.index(i, j) == index)
              return b.name + "[" + std::to_string(i + 1) + "," + std::to_string(j + 1) + "]";
    }
  }
  throw std::out_of_range("Layout: coordinate index " + std::to_string(index) + " out of range");
}

std::vector<std::string> Layout::coord_names() const {
  std::vector<std::string> out;
  out.reserve(size_);
  for (int i = 0; i < size_; ++i) out.push_back(coord_name(i));
  return out;
}

namespace {
bool parse_int(std::string_view s, int& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

int Layout::find(const std::string& text) const {
  std::string s;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  const auto lb = s.find('[');
  const std::string name = s.substr(0, lb);
  if (!has_block(name)) return -1;
  const Block& b = block(name);
  if (lb == std::string::npos) return b.kind == BlockKind::Scalar ? b.offset : -1;
  if (s.back() != ']') return -1;
  const std::string inner = s.substr(lb + 1, s.size() - lb - 2);
  const auto comma = inner.find(',');
  int i = 0, j = 1;
  if (!parse_int(std::string_view(inner).substr(0, comma), i)) return -1;
  if (comma != std::string::npos && !parse_int(std::string_view(inner).substr(comma + 1), j))
    return -1;
  const bool two = comma != std::string::npos;
  switch (b.kind) {
    case BlockKind::Scalar: return -1;
    case BlockKind::Vector:
      if (two || i < 1 || i > b.rows) return -1;
      return b.index(i - 1);
    case BlockKind::Symmetric:
    case BlockKind::Matrix:
      if (!two || i < 1 || i > b.rows || j < 1 || j > b.cols) return -1;
      return b.index(i - 1, j - 1);
  }
  return -1;
}

int Layout::index_of(const std::string& name) const {
  const int k = find(name);
  if (k >= 0) return k;
  std::string allowed;
  for (const auto& b : blocks_) {
    if (!allowed.empty()) allowed += ", ";
    switch (b.kind) {
      case BlockKind::Scalar: allowed += b.name; break;
      case BlockKind::Vector: allowed += b.name + "[i] (i=1.." + std::to_string(b.rows) + ")"; break;
      case BlockKind::Symmetric:
      case BlockKind::Matrix:
        allowed += b.name + "[i,j] (i=1.." + std::to_string(b.rows) + ", j=1.." +
                   std::to_string(b.cols) + ")";
        break;
    }
  }
  throw std::invalid_argument("unknown state coordinate '" + name + "'; allowed: " + allowed);
}

}  // namespace summit
