#include "lib/expr/syntax.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace summit::expr {

std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  int line = 1, col = 1;
  std::size_t i = 0;
  auto adv = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k, ++i) {
      if (s[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
  };
  static const char* two[] = {"<=", ">=", "==", "!=", "&&", "||", "+=", "..", "**"};
  while (i < s.size()) {
    const char c = s[i];
    const SourcePos pos{line, col};
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') adv(1);
    } else if (c == '\n') {
      out.push_back({Tok::Newline, "\n", 0, pos});
      adv(1);
    } else if (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      adv(2);  // explicit line continuation
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      adv(1);
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      char* end = nullptr;
      const double v = std::strtod(s.c_str() + i, &end);
      std::size_t n = static_cast<std::size_t>(end - (s.c_str() + i));
      // "1..K" is a range, not the number "1." followed by ".K"
      if (n > 1 && s[i + n - 1] == '.' && i + n < s.size() && s[i + n] == '.') --n;
      const double value = n == static_cast<std::size_t>(end - (s.c_str() + i))
                               ? v
                               : std::strtod(s.substr(i, n).c_str(), nullptr);
      out.push_back({Tok::Number, s.substr(i, n), value, pos});
      adv(n);
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t n = 0;
      while (i + n < s.size() &&
             (std::isalnum(static_cast<unsigned char>(s[i + n])) || s[i + n] == '_'))
        ++n;
      out.push_back({Tok::Ident, s.substr(i, n), 0, pos});
      adv(n);
    } else if (c == '"') {
      std::size_t n = 1;
      while (i + n < s.size() && s[i + n] != '"' && s[i + n] != '\n') ++n;
      if (i + n >= s.size() || s[i + n] != '"') throw SyntaxError(pos, "unterminated string");
      out.push_back({Tok::String, s.substr(i + 1, n - 1), 0, pos});
      adv(n + 1);
    } else {
      std::string op(1, c);
      for (const char* t : two)
        if (s.compare(i, 2, t) == 0) op = t;
      if (op.size() == 1 && !std::strchr("+-*/^()[]{},=<>!:'", c))
        throw SyntaxError(pos, std::string("unexpected character '") + c + "'");
      out.push_back({Tok::Op, op == "**" ? "^" : op, 0, pos});
      adv(op.size());
    }
  }
  out.push_back({Tok::End, "", 0, {line, col}});
  // A statement continues on the next line when a line ends with a binary operator, '=' or ','
  // or the next line starts with a binary operator (statements never start with one).
  auto binary = [](const Token& t) {
    static const char* ops[] = {"+", "-", "*", "/", "^", "&&", "||", "=", "+=", ",", "<", ">",
                                "<=", ">=", "==", "!="};
    if (t.kind != Tok::Op) return false;
    for (const char* o : ops)
      if (t.text == o) return true;
    return false;
  };
  std::vector<Token> joined;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k].kind == Tok::Newline) {
      std::size_t next = k;
      while (next < out.size() && out[next].kind == Tok::Newline) ++next;
      const bool ends_with_op = !joined.empty() && binary(joined.back());
      const bool next_starts_with_op =
          next < out.size() && out[next].kind == Tok::Op && binary(out[next]) && out[next].text != "=" &&
          out[next].text != "," && out[next].text != "+=";
      if (ends_with_op || next_starts_with_op) {
        k = next - 1;
        continue;
      }
    }
    joined.push_back(out[k]);
  }
  return joined;
}

const Token& ExprParser::peek() {
  while (depth_ > 0 && t_[p_].kind == Tok::Newline) ++p_;
  return t_[p_];
}

bool ExprParser::accept(const char* op) {
  const Token& t = peek();
  if (t.kind == Tok::Op && t.text == op) {
    ++p_;
    return true;
  }
  return false;
}

void ExprParser::expect(const char* op) {
  if (accept(op)) return;
  const Token& t = peek();
  // Inside brackets newlines are skipped; a closing bracket missing at the end of a line is
  // reported there (just after the line's last token), not at the next statement.
  std::size_t prev = p_;
  while (prev > 0 && t_[prev - 1].kind == Tok::Newline) --prev;
  if (prev > 0 && t_[prev - 1].pos.line < t.pos.line) {
    const Token& last = t_[prev - 1];
    const int width = static_cast<int>(last.text.size()) + (last.kind == Tok::String ? 2 : 0);
    throw SyntaxError({last.pos.line, last.pos.col + width},
                      std::string("expected '") + op + "' before the end of the line");
  }
  throw SyntaxError(t.pos, std::string("expected '") + op + "' but found " +
                               (t.kind == Tok::End       ? "the end of the file"
                                : t.kind == Tok::Newline ? "the end of the line"
                                                         : "'" + t.text + "'"));
}

Node ExprParser::parse() { return binary_level(0); }

// Levels: 0 ||, 1 &&, 2 comparisons, 3 + -, 4 * /.
Node ExprParser::binary_level(int level) {
  static const std::vector<std::vector<std::string>> ops = {
      {"||"}, {"&&"}, {"<", "<=", ">", ">=", "==", "!="}, {"+", "-"}, {"*", "/"}};
  if (level == 5) return unary();
  Node lhs = binary_level(level + 1);
  for (;;) {
    const Token& t = peek();
    bool hit = false;
    if (t.kind == Tok::Op)
      for (const auto& o : ops[level]) hit = hit || t.text == o;
    if (!hit) return lhs;
    Node n;
    n.kind = Node::Kind::Binary;
    n.name = t.text;
    n.pos = t.pos;
    ++p_;
    n.args.push_back(std::move(lhs));
    n.args.push_back(binary_level(level + 1));
    lhs = std::move(n);
    if (level == 2) {  // comparisons do not chain
      const Token& u = peek();
      if (u.kind == Tok::Op && (u.text == "<" || u.text == ">" || u.text == "<=" || u.text == ">=" ||
                                u.text == "==" || u.text == "!="))
        throw SyntaxError(u.pos, "comparisons do not chain; use && (e.g. a < b && b < c)");
    }
  }
}

Node ExprParser::unary() {
  const Token& t = peek();
  if (t.kind == Tok::Op && (t.text == "-" || t.text == "+" || t.text == "!")) {
    const SourcePos pos = t.pos;
    const std::string op = t.text;
    ++p_;
    Node arg = unary();
    if (op == "+") return arg;
    Node n;
    n.kind = Node::Kind::Unary;
    n.name = op;
    n.pos = pos;
    n.args.push_back(std::move(arg));
    return n;
  }
  return power();
}

Node ExprParser::power() {
  Node base = primary();
  const Token& t = peek();
  if (t.kind == Tok::Op && t.text == "^") {
    Node n;
    n.kind = Node::Kind::Binary;
    n.name = "^";
    n.pos = t.pos;
    ++p_;
    n.args.push_back(std::move(base));
    n.args.push_back(unary());  // right associative; -x^2 = -(x^2), 2^-1 allowed
    return n;
  }
  return base;
}

std::vector<Node> ExprParser::arguments(const char* close) {
  std::vector<Node> args;
  ++depth_;
  if (!accept(close)) {
    do args.push_back(parse());
    while (accept(","));
    expect(close);
  }
  --depth_;
  return args;
}

Node ExprParser::primary() {
  const Token& t = peek();
  Node n;
  n.pos = t.pos;
  if (t.kind == Tok::Number) {
    n.kind = Node::Kind::Number;
    n.number = t.number;
    ++p_;
    return n;
  }
  if (t.kind == Tok::Ident) {
    n.name = t.text;
    ++p_;
    const Token& u = t_[p_];  // no newline skipping: f (x) on one line only
    if (u.kind == Tok::Op && u.text == "(") {
      ++p_;
      n.kind = Node::Kind::Call;
      n.args = arguments(")");
    } else if (u.kind == Tok::Op && u.text == "[") {
      ++p_;
      n.kind = Node::Kind::Subscript;
      n.args = arguments("]");
      if (n.args.empty()) throw SyntaxError(u.pos, "empty subscript in '" + n.name + "[]'");
    } else {
      n.kind = Node::Kind::Symbol;
    }
    return n;
  }
  if (t.kind == Tok::Op && t.text == "(") {
    ++p_;
    ++depth_;
    Node inner = parse();
    expect(")");
    --depth_;
    return inner;
  }
  throw SyntaxError(t.pos, t.kind == Tok::End       ? "expression expected, found the end of the file"
                           : t.kind == Tok::Newline ? "expression expected, found the end of the line"
                                                    : "expression expected, found '" + t.text + "'");
}

std::string to_text(const Node& n) {
  auto list = [&](const char* open, const char* close) {
    std::string s = n.name + open;
    for (std::size_t i = 0; i < n.args.size(); ++i) s += (i ? ", " : "") + to_text(n.args[i]);
    return s + close;
  };
  switch (n.kind) {
    case Node::Kind::Number: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", n.number);
      return buf;
    }
    case Node::Kind::Symbol: return n.name;
    case Node::Kind::Call: return list("(", ")");
    case Node::Kind::Subscript: return list("[", "]");
    case Node::Kind::Unary: return n.name + "(" + to_text(n.args[0]) + ")";
    case Node::Kind::Binary:
      return "(" + to_text(n.args[0]) + " " + n.name + " " + to_text(n.args[1]) + ")";
  }
  return "";
}

}  // namespace summit::expr
