// A model file (`*.summit`, docs/models.md): its statements, parsed once into a ModelSpec.
//
// Contract: `parse_model_file` reads the whole text and returns every declaration with its source
// position, or throws ModelFileError ("file:line:column: message", a std::invalid_argument, so the
// CLI exits 2 with that one line). It checks the syntax and the names that can be checked without
// parameter values (duplicates, keywords); sizes, indices and symbols are checked when the model is
// built for given parameters (models/user/compile.hpp), with the same kind of message.
#pragma once

#include "lib/expr/syntax.hpp"
#include "lib/params.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace summit::user {

class ModelFileError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "file:line:col: msg"
ModelFileError file_error(const std::string& file, expr::SourcePos pos, const std::string& msg);

struct Range {
  bool given = false;
  double lo = 0, hi = 0;
  bool lo_open = false, hi_open = false;
  bool contains(double v) const;
  std::string text() const;
};

struct StateDecl {
  std::string name;
  std::vector<expr::Node> dims;  // empty: scalar; one: vector; two: matrix
  bool symmetric = false;
  std::optional<expr::Node> init;  // `state m = 0.01` (scalars)
  Range range;
  std::string doc;
  expr::SourcePos pos;
};

// let NAME[i, k] = body: a definition expanded where it is used (constants, helper functions).
struct LetDecl {
  std::string name;
  std::vector<std::string> indices;
  expr::Node body;
  expr::SourcePos pos;
};

// BLOCK[i, k] = rhs (a drift with `d/dt`, an `init`, or one coordinate group of a `point`).
struct Assignment {
  std::string block;
  expr::SourcePos block_pos;
  std::vector<std::string> indices;
  expr::Node rhs;
  bool add = false;  // `+=` (extra terms added to a derived drift)
};

// gram C = [[A, B], [B^T, D]]
struct GramDecl {
  std::string name, a, b, d;
  expr::SourcePos pos;
};

// activation NAME = tanh | sigmoid | erf | hermite(a0, a1, ...) [order K] [nodes N] ["doc"]:
// an activation whose Gaussian expectations NAME_I2, NAME_J2, NAME_I3 are Hermite series
// (lib/expr/hermite_inline.hpp).
struct ActivationDecl {
  std::string name;
  expr::Node definition;  // a Symbol (named) or a Call hermite(...)
  std::optional<expr::Node> order, nodes;
  std::string doc;
  expr::SourcePos pos;
};

struct FlowDecl {  // d/dt C = gradient_flow(rate)
  std::string gram;
  expr::Node rate;
  expr::SourcePos pos;
};

struct NamedExpr {
  std::string name;
  expr::Node body;
  std::string doc;
  expr::SourcePos pos;
};

struct PointDecl {
  std::string name, doc;
  std::vector<Assignment> values;
  expr::SourcePos pos;
};

struct ModelSpec {
  std::string file;  // as given, for messages
  std::string text;  // the whole file (its hash goes into provenance)
  std::string name, summary, doc, time_unit = "t";
  std::vector<ParamSpec> params;
  std::vector<expr::SourcePos> param_pos;
  std::vector<StateDecl> states;
  std::vector<LetDecl> lets;
  std::optional<expr::Node> loss;
  expr::SourcePos loss_pos;
  std::vector<Assignment> drifts;
  std::vector<FlowDecl> flows;
  std::vector<Assignment> inits;
  std::vector<GramDecl> grams;
  std::vector<ActivationDecl> activations;
  std::vector<NamedExpr> observables;
  std::vector<std::string> events;
  std::vector<PointDecl> points;
  std::vector<std::pair<std::string, expr::SourcePos>> psd;  // realisable psd(C)
};

ModelSpec parse_model_file(const std::string& text, const std::string& file);

// 64-bit FNV-1a of the text as 16 hex digits (a content fingerprint for provenance; not a
// cryptographic hash, which summit has no library for and does not need here).
std::string content_hash(const std::string& text);

}  // namespace summit::user
