// Typed, documented model parameters built from text.
//
// Every model declares its parameters once (name, type, default, allowed range, doc). The CLI,
// JSON configs, sweeps and the Python bindings all build models from `name=value` text through
// this one parser, so every bad value gets the same clear error: the parameter, the value and
// what is allowed.
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

namespace summit {

// Text: free text (e.g. a file path), kept verbatim apart from surrounding blanks.
enum class ParamType { Int, Real, Bool, Choice, RealList, Text };
// "int", "real", "bool", "choice", "list", "text" (as shown by describe, in every interface).
const char* type_name(ParamType t);

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Real;
  std::string default_text;  // "" means "not set" (the model derives a default, documented in doc)
  std::string doc;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::vector<std::string> choices;  // for Choice
  std::string allowed() const;       // human description of the allowed values
};

class ParamValues {
 public:
  ParamValues() = default;
  // Validates `given` against `specs`; unknown names and bad values throw std::invalid_argument.
  ParamValues(const std::vector<ParamSpec>& specs, const std::map<std::string, std::string>& given);

  bool is_set(const std::string& name) const;  // explicitly given or with a non-empty default
  bool given(const std::string& name) const;   // explicitly given by the user
  int get_int(const std::string& name) const;
  double get_real(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  const std::string& get_text(const std::string& name) const;
  std::vector<double> get_list(const std::string& name) const;
  // Canonical name -> text of every parameter (defaults included), for provenance.
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  const std::string& raw(const std::string& name) const;
  std::map<std::string, std::string> values_;
  std::map<std::string, bool> given_;
};

// Parsing helpers shared by the CLI; each throws std::invalid_argument naming `what`.
double parse_real(const std::string& text, const std::string& what);
int parse_int(const std::string& text, const std::string& what);
bool parse_bool(const std::string& text, const std::string& what);
std::vector<double> parse_real_list(const std::string& text, const std::string& what);
std::string format_real(double v);  // shortest text that round-trips

}  // namespace summit
