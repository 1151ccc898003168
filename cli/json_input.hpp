// Reading the JSON files a user gives (--config, --state, sweep specs, sweep results), with
// errors in summit's words.
//
// Contract: read_json_file(path, what) returns the parsed document or throws
// std::invalid_argument whose message starts with `what 'path':` and says what is wrong: the
// file does not exist, is a folder, cannot be read (with the system error), is empty, or is not
// valid JSON (line and column, and what the parser expected, without the library's exception
// tag). reject_unknown_keys names the first key of `obj` that is not in `allowed`, with its key
// path, and lists the allowed keys.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace summit::cli {

nlohmann::json read_json_file(const std::string& path, const std::string& what);
// Parses `text`; on failure throws std::invalid_argument "`what`: invalid JSON at line L,
// column C: ...".
nlohmann::json parse_json_text(const std::string& text, const std::string& what);
void reject_unknown_keys(const nlohmann::json& obj, const std::set<std::string>& allowed,
                         const std::string& what, const std::string& key_path = "");
// "a string", "a number", ... for messages.
std::string json_kind(const nlohmann::json& v);

}  // namespace summit::cli
