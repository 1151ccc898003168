// Typed, documented model parameters built from text.
//
// Every model declares its parameters once (name, type, default, allowed range, doc), as
// designated initialisers: {.name = "lr", .type = ParamType::Real, .default_text = "0.5",
// .doc = "...", .min = 0, .min_exclusive = true}. The CLI, JSON configs, sweeps and the Python
// bindings all build models from `name=value` text through this one parser, so every bad value
// gets the same clear error: the parameter, the value and what is allowed.
//
// Contract: ParamValues parses and validates each value once, at construction, into typed storage
// (int, real, bool, list; a choice keeps its canonical text); the getters return the stored value
// without parsing. A getter of another type than the parameter's parses the canonical text as
// before (e.g. get_real of an int parameter), with the same errors. Models read their values once,
// in their constructor or factory, into a struct of typed fields; a choice becomes an enum there
// (get_choice), so strings exist only at this edge.
#pragma once

#include <initializer_list>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
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

// One entry of a choice -> enum table for ParamValues::get_choice.
template <class Enum>
struct ChoiceValue {
  const char* text;
  Enum value;
};

class ParamValues {
 public:
  // A value parsed once; monostate when not set, or for text and choice parameters.
  using Typed = std::variant<std::monostate, int, double, bool, std::vector<double>>;
  ParamValues() = default;
  // Validates `given` against `specs`; unknown names and bad values throw std::invalid_argument.
  ParamValues(const std::vector<ParamSpec>& specs, const std::map<std::string, std::string>& given);

  bool is_set(const std::string& name) const;  // explicitly given or with a non-empty default
  bool given(const std::string& name) const;   // explicitly given by the user
  int get_int(const std::string& name) const;
  double get_real(const std::string& name) const;  // a real, or an int parameter as a real
  bool get_bool(const std::string& name) const;
  const std::string& get_text(const std::string& name) const;  // canonical text, any type
  std::vector<double> get_list(const std::string& name) const;
  // The enum value of a choice parameter from the model's table of every choice; a choice missing
  // from the table is a programming error (std::logic_error).
  template <class Enum>
  Enum get_choice(const std::string& name, std::initializer_list<ChoiceValue<Enum>> table) const {
    const std::string& text = get_text(name);
    for (const auto& c : table)
      if (text == c.text) return c.value;
    throw std::logic_error("ParamValues: choice '" + text + "' of parameter '" + name +
                           "' has no enum value");
  }
  // Canonical name -> text of every parameter (defaults included), for provenance.
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  const std::string& raw(const std::string& name) const;
  const Typed& typed(const std::string& name) const;
  std::map<std::string, std::string> values_;
  std::map<std::string, Typed> typed_;
  std::map<std::string, bool> given_;
};

// Parsing helpers shared by the CLI; each throws std::invalid_argument naming `what`.
double parse_real(const std::string& text, const std::string& what);
int parse_int(const std::string& text, const std::string& what);
bool parse_bool(const std::string& text, const std::string& what);
std::vector<double> parse_real_list(const std::string& text, const std::string& what);
std::string format_real(double v);  // shortest text that round-trips

}  // namespace summit
