// Minimum-cost linear assignment (the Hungarian method).
//
// Contract: for a square n x n cost matrix with finite entries, returns a permutation p
// (row i -> column p[i]) minimising sum_i cost(i, p[i]); O(n^3) time, O(n) extra memory.
// Ties are broken deterministically (the lowest column index found first).
//
// Why our own: the only packaged C++ linear-assignment solver on Debian (dlib's
// max_cost_assignment) requires integer costs; ours are real distances between order parameters.
// The algorithm is the shortest-augmenting-path form of Kuhn–Munkres with row and column
// potentials (Jonker & Volgenant 1987), which stays exact for real costs.
#pragma once

#include <Eigen/Core>

#include <vector>

namespace summit {

std::vector<int> min_cost_assignment(const Eigen::MatrixXd& cost);

}  // namespace summit
