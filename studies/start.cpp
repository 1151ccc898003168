#include "studies/start.hpp"

#include "lib/params.hpp"
#include "studies/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace summit::studies {

Vec resolve_start(const Model& m, const StartSpec& s, bool check_realisable) {
  Vec x = m.initial_state();
  if (s.point) {
    bool found = false;
    std::string names;
    for (const auto& p : m.special_points()) {
      names += (names.empty() ? "" : ", ") + p.name;
      if (p.name == *s.point) {
        x = p.x;
        found = true;
      }
    }
    if (!found)
      throw std::invalid_argument("--point '" + *s.point + "': model '" + m.name() +
                                  "' has special points: " + (names.empty() ? "none" : names));
  }
  std::map<int, std::string> set_by;  // Q[1,2] and Q[2,1] name one stored coordinate
  for (const auto& [k, v] : s.at) {
    const int i = m.layout().index_of(k);
    if (auto [it, fresh] = set_by.emplace(i, k); !fresh)
      throw std::invalid_argument("--at " + it->second + " and --at " + k + " set the same coordinate " +
                                  m.layout().coord_name(i) + "; give it once");
    x[i] = parse_real(v, "--at " + k);
  }
  std::string why;
  if (check_realisable && !m.realisable(x, &why)) throw std::invalid_argument("state is not realisable: " + why);
  return x;
}

void to_json(nlohmann::json& j, const StartSpec& s) {
  j = nlohmann::json::object();
  if (s.point) j["point"] = *s.point;
  if (!s.at.empty()) j["at"] = s.at;
}

void from_json(const nlohmann::json& j, StartSpec& s) {
  require_object(j, "start");
  reject_unknown(j, {"point", "at"}, "start");
  s = StartSpec{};
  if (j.contains("point")) s.point = text_field(j, "point", "start");
  if (j.contains("at")) {
    require_object(j["at"], "start.at");
    for (auto it = j["at"].begin(); it != j["at"].end(); ++it)
      s.at[it.key()] = scalar_text(it.value(), "start.at." + it.key());
  }
}

}  // namespace summit::studies
