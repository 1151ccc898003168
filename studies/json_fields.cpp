#include "studies/json_fields.hpp"

#include "studies/number_text.hpp"

#include <stdexcept>

namespace summit::studies {

using json = nlohmann::json;

namespace {

std::string kind(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    case json::value_t::number_float: return "a real number";
    default: return "an integer";
  }
}

std::string where(const std::string& path, const char* key) { return path + "." + key; }

[[noreturn]] void wrong(const json& v, const std::string& path, const std::string& expected) {
  throw std::invalid_argument("field '" + path + "': " + v.dump() + " is " + kind(v) + "; expected " + expected);
}

}  // namespace

void require_object(const json& j, const std::string& path) {
  if (!j.is_object()) wrong(j, path, "an object");
}

void reject_unknown(const json& j, std::initializer_list<const char*> allowed, const std::string& path) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    std::string names;
    for (const char* a : allowed) {
      ok = ok || it.key() == a;
      names += (names.empty() ? "" : ", ") + std::string(a);
    }
    if (!ok) throw std::invalid_argument("field '" + where(path, it.key().c_str()) + "': unknown; allowed: " + names);
  }
}

std::string text_field(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (!v.is_string()) wrong(v, where(path, key), "a string");
  return v.get<std::string>();
}

double real_field(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (!v.is_number()) wrong(v, where(path, key), "a number");
  return v.get<double>();
}

long long integer_field(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (!v.is_number_integer()) wrong(v, where(path, key), "an integer");
  return v.get<long long>();
}

bool bool_field(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (!v.is_boolean()) wrong(v, where(path, key), "true or false");
  return v.get<bool>();
}

std::vector<double> reals_field(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (!v.is_array()) wrong(v, where(path, key), "a list of numbers");
  std::vector<double> out;
  for (const auto& e : v) {
    if (!e.is_number()) wrong(e, where(path, key), "a list of numbers");
    out.push_back(e.get<double>());
  }
  return out;
}

std::vector<std::string> texts_field(const json& j, const char* key, const std::string& path) {
  const json& v = j.at(key);
  if (!v.is_array()) wrong(v, where(path, key), "a list of strings");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) wrong(e, where(path, key), "a list of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::string scalar_text(const json& v, const std::string& path) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return full(v.get<double>());
  wrong(v, path, "a number or a string");
}

void read_if(const json& j, const char* key, const std::string& path, double& dst) {
  if (j.contains(key)) dst = real_field(j, key, path);
}
void read_if(const json& j, const char* key, const std::string& path, int& dst) {
  if (j.contains(key)) dst = static_cast<int>(integer_field(j, key, path));
}
void read_if(const json& j, const char* key, const std::string& path, long& dst) {
  if (j.contains(key)) dst = static_cast<long>(integer_field(j, key, path));
}
void read_if(const json& j, const char* key, const std::string& path, std::uint64_t& dst) {
  if (!j.contains(key)) return;
  const long long v = integer_field(j, key, path);
  if (v < 0) wrong(j.at(key), where(path, key), "an integer >= 0");
  dst = static_cast<std::uint64_t>(v);
}
void read_if(const json& j, const char* key, const std::string& path, bool& dst) {
  if (j.contains(key)) dst = bool_field(j, key, path);
}
void read_if(const json& j, const char* key, const std::string& path, std::string& dst) {
  if (j.contains(key)) dst = text_field(j, key, path);
}
void read_if(const json& j, const char* key, const std::string& path, std::optional<int>& dst) {
  if (j.contains(key) && !j.at(key).is_null()) dst = static_cast<int>(integer_field(j, key, path));
}
void read_if(const json& j, const char* key, const std::string& path, std::optional<double>& dst) {
  if (j.contains(key) && !j.at(key).is_null()) dst = real_field(j, key, path);
}
void read_if(const json& j, const char* key, const std::string& path, std::optional<std::vector<double>>& dst) {
  if (j.contains(key) && !j.at(key).is_null()) dst = reals_field(j, key, path);
}
void read_if(const json& j, const char* key, const std::string& path, std::vector<std::string>& dst) {
  if (j.contains(key)) dst = texts_field(j, key, path);
}

}  // namespace summit::studies
