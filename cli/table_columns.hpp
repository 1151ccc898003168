// The default column set of a table (table format only): a model with many state coordinates
// (the rbm's spectral flow has about 80) would otherwise print tables over a hundred columns wide.
//
// Contract: readable_columns(t, coordinate_names) returns `t` unchanged when at most
// kMaxTableCoordinates of its columns are state coordinates; otherwise `t` without those columns
// (a coordinate's "_sd" column of a simulation counts as the coordinate), and `note` says how many
// were left out and how to see them (--columns, or --format json / csv, which always keep the full
// state). Columns that are not coordinates (t, loss, observables, solver columns) always stay.
#pragma once

#include "cli/output.hpp"

#include <string>
#include <vector>

namespace summit::cli {

inline constexpr size_t kMaxTableCoordinates = 16;

Table readable_columns(const Table& t, const std::vector<std::string>& coordinate_names, std::string* note);

}  // namespace summit::cli
