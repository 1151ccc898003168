#include "lib/params.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace summit {

namespace {
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}
}  // namespace

std::string format_real(double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
}

double parse_real(const std::string& text, const std::string& what) {
  const std::string s = trim(text);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    throw std::invalid_argument(what + " = '" + text + "': not a finite real number");
  return v;
}

int parse_int(const std::string& text, const std::string& what) {
  const std::string s = trim(text);
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size())
    throw std::invalid_argument(what + " = '" + text + "': not an integer");
  return v;
}

bool parse_bool(const std::string& text, const std::string& what) {
  const std::string s = trim(text);
  if (s == "true" || s == "1" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return false;
  throw std::invalid_argument(what + " = '" + text + "': not a boolean (true|false)");
}

std::vector<double> parse_real_list(const std::string& text, const std::string& what) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(parse_real(item, what));
  if (out.empty()) throw std::invalid_argument(what + " = '" + text + "': empty list");
  return out;
}

const char* type_name(ParamType t) {
  switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Real: return "real";
    case ParamType::Bool: return "bool";
    case ParamType::Choice: return "choice";
    case ParamType::RealList: return "list";
    case ParamType::Text: return "text";
  }
  return "";
}

std::string ParamSpec::allowed() const {
  switch (type) {
    case ParamType::Bool: return "true or false";
    case ParamType::Text: return "text";
    case ParamType::Choice: {
      std::string s = "one of ";
      for (size_t i = 0; i < choices.size(); ++i) s += (i ? "|" : "") + choices[i];
      return s;
    }
    default: break;
  }
  std::string s = type == ParamType::Int ? "an integer" : "a real";
  if (type == ParamType::RealList) s = "a comma-separated list of reals";
  if (std::isfinite(min)) s += std::string(min_exclusive ? " > " : " >= ") + format_real(min);
  if (std::isfinite(min) && std::isfinite(max)) s += " and";
  if (std::isfinite(max)) s += std::string(max_exclusive ? " < " : " <= ") + format_real(max);
  return s;
}

namespace {
void check_range(const ParamSpec& sp, double v, const std::string& text) {
  const bool lo_bad = sp.min_exclusive ? !(v > sp.min) : !(v >= sp.min);
  const bool hi_bad = sp.max_exclusive ? !(v < sp.max) : !(v <= sp.max);
  if (lo_bad || hi_bad)
    throw std::invalid_argument("parameter '" + sp.name + "' = '" + text + "': must be " +
                                sp.allowed());
}

std::string validate(const ParamSpec& sp, const std::string& text) {
  const std::string what = "parameter '" + sp.name + "'";
  try {
    switch (sp.type) {
      case ParamType::Int: {
        const int v = parse_int(text, what);
        check_range(sp, v, text);
        return std::to_string(v);
      }
      case ParamType::Real: {
        const double v = parse_real(text, what);
        check_range(sp, v, text);
        return format_real(v);
      }
      case ParamType::Bool: return parse_bool(text, what) ? "true" : "false";
      case ParamType::Text: return trim(text);
      case ParamType::Choice:
        for (const auto& c : sp.choices)
          if (trim(text) == c) return c;
        throw std::invalid_argument(what + " = '" + text + "': must be " + sp.allowed());
      case ParamType::RealList: {
        std::string canon;
        for (double v : parse_real_list(text, what)) {
          check_range(sp, v, text);
          canon += (canon.empty() ? "" : ",") + format_real(v);
        }
        return canon;
      }
    }
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    if (msg.find("must be") != std::string::npos) throw;
    throw std::invalid_argument(msg + "; must be " + sp.allowed());
  }
  return text;
}

// The typed value of a validated canonical text (exact: canonical reals round-trip).
ParamValues::Typed parse_canonical(const ParamSpec& sp, const std::string& canon) {
  if (canon.empty()) return std::monostate{};
  switch (sp.type) {
    case ParamType::Int: return parse_int(canon, sp.name);
    case ParamType::Real: return parse_real(canon, sp.name);
    case ParamType::Bool: return parse_bool(canon, sp.name);
    case ParamType::RealList: return parse_real_list(canon, sp.name);
    case ParamType::Choice:
    case ParamType::Text: break;
  }
  return std::monostate{};
}
}  // namespace

ParamValues::ParamValues(const std::vector<ParamSpec>& specs,
                         const std::map<std::string, std::string>& given) {
  for (const auto& [name, text] : given) {
    bool known = false;
    for (const auto& sp : specs) known = known || sp.name == name;
    if (!known) {
      std::string names;
      for (const auto& sp : specs) names += (names.empty() ? "" : ", ") + sp.name;
      throw std::invalid_argument("unknown parameter '" + name + "'; known parameters: " + names);
    }
  }
  for (const auto& sp : specs) {
    auto it = given.find(sp.name);
    if (it != given.end()) {
      values_[sp.name] = validate(sp, it->second);
      given_[sp.name] = true;
    } else {
      values_[sp.name] = sp.default_text.empty() ? "" : validate(sp, sp.default_text);
      given_[sp.name] = false;
    }
    typed_[sp.name] = parse_canonical(sp, values_[sp.name]);
  }
}

const std::string& ParamValues::raw(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("ParamValues: no parameter '" + name + "'");
  return it->second;
}
bool ParamValues::is_set(const std::string& name) const { return !raw(name).empty(); }
bool ParamValues::given(const std::string& name) const {
  auto it = given_.find(name);
  return it != given_.end() && it->second;
}
const ParamValues::Typed& ParamValues::typed(const std::string& name) const {
  auto it = typed_.find(name);
  if (it == typed_.end()) throw std::logic_error("ParamValues: no parameter '" + name + "'");
  return it->second;
}
// Each getter returns the stored value; for another type (or a value not set) it parses the
// canonical text as the one parser always did, so errors and values stay the same.
int ParamValues::get_int(const std::string& name) const {
  if (const int* v = std::get_if<int>(&typed(name))) return *v;
  return parse_int(raw(name), name);
}
double ParamValues::get_real(const std::string& name) const {
  const Typed& t = typed(name);
  if (const double* v = std::get_if<double>(&t)) return *v;
  if (const int* v = std::get_if<int>(&t)) return *v;
  return parse_real(raw(name), name);
}
bool ParamValues::get_bool(const std::string& name) const {
  if (const bool* v = std::get_if<bool>(&typed(name))) return *v;
  return parse_bool(raw(name), name);
}
const std::string& ParamValues::get_text(const std::string& name) const { return raw(name); }
std::vector<double> ParamValues::get_list(const std::string& name) const {
  if (const auto* v = std::get_if<std::vector<double>>(&typed(name))) return *v;
  return parse_real_list(raw(name), name);
}

}  // namespace summit
