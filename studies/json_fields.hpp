// Reading a study request from JSON: each field checked for its kind, unknown keys refused.
//
// Contract: every function throws std::invalid_argument naming the field by its path in the
// request (e.g. "curve.integration.atol"), the value found and the kind expected; nothing is
// converted silently (a string is not read as a number, nor a real as an integer).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace summit::studies {

void require_object(const nlohmann::json& j, const std::string& path);
void reject_unknown(const nlohmann::json& j, std::initializer_list<const char*> allowed, const std::string& path);

std::string text_field(const nlohmann::json& j, const char* key, const std::string& path);
double real_field(const nlohmann::json& j, const char* key, const std::string& path);
long long integer_field(const nlohmann::json& j, const char* key, const std::string& path);
bool bool_field(const nlohmann::json& j, const char* key, const std::string& path);
std::vector<double> reals_field(const nlohmann::json& j, const char* key, const std::string& path);
std::vector<std::string> texts_field(const nlohmann::json& j, const char* key, const std::string& path);
// A JSON scalar (string, number, boolean) as text; numbers in their shortest round-trip form.
std::string scalar_text(const nlohmann::json& v, const std::string& path);

// `dst = field` when the key is present (the request's default otherwise).
void read_if(const nlohmann::json& j, const char* key, const std::string& path, double& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, int& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, long& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, std::uint64_t& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, bool& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, std::string& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, std::vector<std::string>& dst);
// Optional fields: absent or null leaves them unset.
void read_if(const nlohmann::json& j, const char* key, const std::string& path, std::optional<int>& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path, std::optional<double>& dst);
void read_if(const nlohmann::json& j, const char* key, const std::string& path,
             std::optional<std::vector<double>>& dst);

}  // namespace summit::studies
