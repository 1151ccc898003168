#include "cli/table_columns.hpp"

#include <set>

namespace summit::cli {

Table readable_columns(const Table& t, const std::vector<std::string>& coordinate_names, std::string* note) {
  const std::set<std::string> coords(coordinate_names.begin(), coordinate_names.end());
  auto is_coordinate = [&](const std::string& c) {
    if (coords.count(c)) return true;
    const std::string sd = "_sd";
    return c.size() > sd.size() && c.compare(c.size() - sd.size(), sd.size(), sd) == 0 &&
           coords.count(c.substr(0, c.size() - sd.size()));
  };
  std::vector<size_t> keep;
  size_t n_coords = 0;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (is_coordinate(t.columns[c])) ++n_coords;
    else keep.push_back(c);
  }
  if (n_coords <= kMaxTableCoordinates) return t;
  Table out{t.title, {}, {}};
  for (size_t c : keep) out.columns.push_back(t.columns[c]);
  for (const auto& r : t.rows) {
    std::vector<std::string> row;
    for (size_t c : keep) row.push_back(c < r.size() ? r[c] : "");
    out.rows.push_back(std::move(row));
  }
  if (note)
    *note = "(" + std::to_string(n_coords) + " state-coordinate columns not shown; choose some with --columns, or "
            "use --format json or csv for the full state)\n";
  return out;
}

}  // namespace summit::cli
