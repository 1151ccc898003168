#include "cli/json_input.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 5: " prefix, which summit replaces by its own.
std::string parser_reason(const std::string& what) {
  std::string s = what;
  if (const auto colon = s.find(": "); s.rfind("[json.exception", 0) == 0 && colon != std::string::npos)
    s = s.substr(colon + 2);
  for (const char* p : {"syntax error while parsing ", "parse error: "})
    if (s.rfind(p, 0) == 0) s = s.substr(std::strlen(p));
  return s;
}

}  // namespace

json parse_json_text(const std::string& text, const std::string& what) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw std::invalid_argument(what + ": empty (expected a JSON object)");
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // Line and column of the byte where parsing stopped.
    size_t line = 1, col = 1;
    const size_t stop = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    for (size_t i = 0; i < stop; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw std::invalid_argument(what + ": invalid JSON at line " + std::to_string(line) + ", column " +
                                std::to_string(col) + ": " + parser_reason(e.what()));
  }
}

json read_json_file(const std::string& path, const std::string& what) {
  const std::string where = what + " '" + path + "'";
  if (path.empty()) throw std::invalid_argument(what + ": empty file name");
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    throw std::invalid_argument(where + ": " + (errno == ENOENT ? std::string("no such file")
                                                                : std::string(std::strerror(errno))));
  if (S_ISDIR(st.st_mode)) throw std::invalid_argument(where + ": is a folder, not a JSON file");
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
    throw std::invalid_argument(where + ": not a regular file");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::invalid_argument(where + ": cannot open (" + std::strerror(errno) + ")");
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw std::invalid_argument(where + ": read failed (" + std::strerror(errno) + ")");
  return parse_json_text(ss.str(), where);
}

std::string json_kind(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a bool";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "a list";
  return "an object";
}

void reject_unknown_keys(const json& obj, const std::set<std::string>& allowed, const std::string& what,
                         const std::string& key_path) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!allowed.count(it.key())) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      throw std::invalid_argument(what + ": unknown key '" + (key_path.empty() ? "" : key_path + ".") +
                                  it.key() + "'; allowed: " + names);
    }
}

}  // namespace summit::cli
