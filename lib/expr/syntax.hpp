// The text side of summit's model language: tokens with source positions, the expression syntax
// tree and its recursive-descent parser (docs/models.md, "Expressions").
//
// Contract: `tokenize` turns a whole file into tokens (line and column 1-based, `#` comments
// dropped, newlines kept as tokens because statements end at a newline outside brackets, except
// that a line ending with a binary operator, '=' or ',' or a next line starting with a binary
// operator continues the statement, and so does a line ending with '\');
// `ExprParser` reads one expression from a token range with the usual precedence
//   ||  <  &&  <  comparisons (< <= > >= == !=)  <  + -  <  * /  <  unary - !  <  ^ (right assoc)
// and calls `f(args)` and subscripts `X[i, k]`. Every error is a `SyntaxError` carrying the
// position of the offending token; nothing here knows about models or evaluation.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace summit::expr {

struct SourcePos {
  int line = 0, col = 0;
};

// An error at a position in the source; what() is the bare message (the caller adds the file).
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(SourcePos p, const std::string& msg) : std::runtime_error(msg), pos(p) {}
  SourcePos pos;
};

enum class Tok { Number, Ident, String, Op, Newline, End };

struct Token {
  Tok kind;
  std::string text;  // identifier, operator or the unquoted string
  double number = 0;
  SourcePos pos;
};

std::vector<Token> tokenize(const std::string& text);

struct Node {
  enum class Kind { Number, Symbol, Call, Subscript, Unary, Binary };
  Kind kind = Kind::Number;
  std::string name;  // symbol, function or subscripted name, or the operator
  double number = 0;
  std::vector<Node> args;
  SourcePos pos;
};

// Reads expressions from tokens[pos...]; newlines inside brackets are skipped.
class ExprParser {
 public:
  ExprParser(const std::vector<Token>& tokens, std::size_t& pos) : t_(tokens), p_(pos) {}
  Node parse();

 private:
  const Token& peek();
  bool accept(const char* op);
  void expect(const char* op);
  Node binary_level(int level);
  Node unary();
  Node power();
  Node primary();
  std::vector<Node> arguments(const char* close);
  const std::vector<Token>& t_;
  std::size_t& p_;
  int depth_ = 0;
};

// One-line rendering of a syntax tree (for messages and `describe --equations`).
std::string to_text(const Node& n);

}  // namespace summit::expr
