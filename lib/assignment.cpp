#include "lib/assignment.hpp"

#include <limits>
#include <stdexcept>

namespace summit {

std::vector<int> min_cost_assignment(const Eigen::MatrixXd& cost) {
  const int n = static_cast<int>(cost.rows());
  if (cost.cols() != n) throw std::invalid_argument("min_cost_assignment: cost must be square");
  if (!cost.allFinite()) throw std::invalid_argument("min_cost_assignment: non-finite cost");
  const double inf = std::numeric_limits<double>::infinity();
  // 1-based arrays; column 0 is the virtual start of each augmenting path.
  std::vector<double> u(n + 1, 0.0), v(n + 1, 0.0);
  std::vector<int> row_of(n + 1, 0), way(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    row_of[0] = i;
    int j0 = 0;
    std::vector<double> minv(n + 1, inf);
    std::vector<char> used(n + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = row_of[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= n; ++j) {
        if (used[j]) {
          u[row_of[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    do {  // augment along the path
      const int j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> p(n);
  for (int j = 1; j <= n; ++j) p[row_of[j] - 1] = j - 1;
  return p;
}

}  // namespace summit
