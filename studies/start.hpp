// The state a study starts from: the model's initial state, or one of its named special points,
// then coordinates set by name.
//
// Contract: resolve_start returns that state; an unknown point name, an unknown coordinate, two
// names of one stored coordinate (Q[1,2] and Q[2,1]) or a value that is not a number throw
// std::invalid_argument naming the option (--point, --at), the value and what is allowed; with
// `check_realisable` a state outside the model's realisable set is refused the same way.
// Coordinate values are kept as the text the user gave (parsed against the model's layout here),
// so that messages quote them as given.
#pragma once

#include "lib/model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <string>

namespace summit::studies {

struct StartSpec {
  std::optional<std::string> point;           // a special point of the model (describe lists them)
  std::map<std::string, std::string> at;      // coordinate name -> value text
  bool given() const { return point.has_value() || !at.empty(); }
};

Vec resolve_start(const Model& m, const StartSpec& s, bool check_realisable = true);

void to_json(nlohmann::json& j, const StartSpec& s);
// Accepts {"point": NAME, "at": {coordinate: value}}; values may be numbers or text.
void from_json(const nlohmann::json& j, StartSpec& s);

}  // namespace summit::studies
