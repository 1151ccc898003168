// The statement parser of model files (docs/models.md, "Format reference").
#include "models/user/model_file.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <set>

namespace summit::user {

using expr::Node;
using expr::SourcePos;
using expr::Tok;
using expr::Token;

ModelFileError file_error(const std::string& file, SourcePos pos, const std::string& msg) {
  return ModelFileError(file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col) +
                        ": " + msg);
}

bool Range::contains(double v) const {
  if (!given) return true;
  const bool lo_ok = lo_open ? v > lo : v >= lo;
  const bool hi_ok = hi_open ? v < hi : v <= hi;
  return lo_ok && hi_ok;
}

std::string Range::text() const {
  auto num = [](double v) {
    return std::isinf(v) ? std::string(v > 0 ? "inf" : "-inf") : format_real(v);
  };
  return std::string(lo_open ? "(" : "[") + num(lo) + ", " + num(hi) + (hi_open ? ")" : "]");
}

std::string content_hash(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {

class StatementParser {
 public:
  StatementParser(const std::string& text, const std::string& file) : file_(file) {
    try {
      toks_ = expr::tokenize(text);
    } catch (const expr::SyntaxError& e) {
      throw file_error(file_, e.pos, e.what());
    }
    spec_.file = file;
    spec_.text = text;
  }

  ModelSpec run() {
    try {
      for (;;) {
        while (peek().kind == Tok::Newline) ++p_;
        if (peek().kind == Tok::End) break;
        statement();
        end_of_statement();
      }
    } catch (const expr::SyntaxError& e) {
      throw file_error(file_, e.pos, e.what());
    }
    if (spec_.name.empty()) throw file_error(file_, {1, 1}, "missing 'model NAME \"summary\"'");
    if (!spec_.loss) throw file_error(file_, {1, 1}, "missing 'loss = ...'");
    if (spec_.states.empty()) throw file_error(file_, {1, 1}, "no 'state' declared");
    return std::move(spec_);
  }

 private:
  const Token& peek() const { return toks_[p_]; }
  [[noreturn]] void fail(SourcePos pos, const std::string& msg) const {
    throw file_error(file_, pos, msg);
  }
  std::string found(const Token& t) const {
    return t.kind == Tok::End       ? "the end of the file"
           : t.kind == Tok::Newline ? "the end of the line"
           : t.kind == Tok::String  ? "\"" + t.text + "\""
                                    : "'" + t.text + "'";
  }
  bool is_op(const char* op) const { return peek().kind == Tok::Op && peek().text == op; }
  bool accept(const char* op) {
    if (!is_op(op)) return false;
    ++p_;
    return true;
  }
  void expect(const char* op) {
    if (!accept(op)) fail(peek().pos, std::string("expected '") + op + "', found " + found(peek()));
  }
  bool accept_word(const char* w) {
    if (peek().kind != Tok::Ident || peek().text != w) return false;
    ++p_;
    return true;
  }
  std::string ident(const char* what) {
    if (peek().kind != Tok::Ident) fail(peek().pos, std::string(what) + " expected, found " + found(peek()));
    return toks_[p_++].text;
  }
  std::string optional_doc() {
    if (peek().kind == Tok::String) return toks_[p_++].text;
    return "";
  }
  Node expression() {
    expr::ExprParser ep(toks_, p_);
    return ep.parse();
  }
  void end_of_statement() {
    if (peek().kind != Tok::Newline && peek().kind != Tok::End)
      fail(peek().pos, "end of statement expected, found " + found(peek()));
  }
  void new_name(const std::string& n, SourcePos pos) {
    static const std::set<std::string> reserved = {
        "sum", "prod", "if", "pi", "inf", "delta", "exp", "log", "sqrt", "sin", "cos", "tan",
        "asin", "acos", "atan", "sinh", "cosh", "tanh", "erf", "erfc", "abs", "min", "max",
        "atan2", "pow", "besselj", "besseli", "gradient_flow", "psd", "t"};
    if (reserved.count(n)) fail(pos, "'" + n + "' is a reserved name; choose another");
    if (!names_.insert(n).second) fail(pos, "'" + n + "' is declared twice");
  }

  double signed_number() {
    const bool neg = accept("-");
    if (peek().kind == Tok::Ident && peek().text == "inf") {
      ++p_;
      return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    if (peek().kind != Tok::Number) fail(peek().pos, "number expected, found " + found(peek()));
    const double v = toks_[p_++].number;
    return neg ? -v : v;
  }

  // in (lo, hi] etc.
  Range range() {
    Range r;
    r.given = true;
    if (accept("(")) r.lo_open = true;
    else expect("[");
    r.lo = signed_number();
    expect(",");
    r.hi = signed_number();
    if (accept(")")) r.hi_open = true;
    else expect("]");
    return r;
  }

  // BLOCK or BLOCK[i, k] on the left of '='.
  Assignment lhs() {
    Assignment a;
    a.block_pos = peek().pos;
    a.block = ident("a state name");
    if (accept("[")) {
      do {
        const SourcePos pos = peek().pos;
        a.indices.push_back(ident("an index name"));
        for (std::size_t k = 0; k + 1 < a.indices.size(); ++k)
          if (a.indices[k] == a.indices.back()) fail(pos, "index '" + a.indices.back() + "' used twice");
      } while (accept(","));
      expect("]");
    }
    return a;
  }

  void param(SourcePos kw) {
    ParamSpec s;
    const SourcePos pos = peek().pos;
    s.name = ident("a parameter name");
    new_name(s.name, pos);
    expect("=");
    const Token& v = peek();
    bool numeric = false, negative = false;
    if (accept("-")) negative = true;
    const Token& d = peek();
    if (d.kind == Tok::Number) {
      s.default_text = (negative ? "-" : "") + d.text;
      numeric = true;
      ++p_;
    } else if (d.kind == Tok::Ident && !negative) {
      s.default_text = d.text;
      ++p_;
    } else {
      fail(v.pos, "default value expected, found " + found(v));
    }
    s.type = ParamType::Real;
    if (!numeric) s.type = (s.default_text == "true" || s.default_text == "false") ? ParamType::Bool : ParamType::Choice;
    if (accept_word("int")) s.type = ParamType::Int;
    else if (accept_word("real")) s.type = ParamType::Real;
    if (s.type == ParamType::Int && (!numeric || s.default_text.find_first_of(".eE") != std::string::npos))
      fail(v.pos, "int parameter '" + s.name + "' needs an integer default");
    if (accept_word("in")) {
      if (is_op("{")) {
        ++p_;
        if (s.type != ParamType::Choice) fail(pos, "only a parameter with a name as default takes a set {a, b}");
        do s.choices.push_back(ident("a choice name"));
        while (accept(","));
        expect("}");
      } else {
        if (s.type == ParamType::Bool || s.type == ParamType::Choice)
          fail(peek().pos, "a range needs a numeric parameter");
        const Range r = range();
        s.min = r.lo;
        s.max = r.hi;
        s.min_exclusive = r.lo_open;
        s.max_exclusive = r.hi_open;
      }
    }
    if (s.type == ParamType::Choice && s.choices.empty())
      fail(v.pos, "parameter '" + s.name + "' = '" + s.default_text +
                      "': a default that is not a number, true or false needs 'in {choices}'");
    s.doc = optional_doc();
    // The default must itself be valid (reported at the declaration).
    try {
      ParamValues check({s}, {});
    } catch (const std::invalid_argument& e) {
      fail(v.pos, std::string("default of parameter '") + s.name + "': " + e.what());
    }
    (void)kw;
    spec_.params.push_back(s);
    spec_.param_pos.push_back(pos);
  }

  void state() {
    StateDecl s;
    s.pos = peek().pos;
    s.name = ident("a state name");
    new_name(s.name, s.pos);
    if (accept("[")) {
      do s.dims.push_back(expression());
      while (accept(","));
      expect("]");
      if (s.dims.size() > 2) fail(s.pos, "a state block has at most two sizes (a matrix)");
    }
    if (accept_word("symmetric")) {
      if (s.dims.size() != 2) fail(s.pos, "'symmetric' needs a square block, e.g. Q[K, K]");
      s.symmetric = true;
    }
    if (accept("=")) {
      if (!s.dims.empty()) fail(toks_[p_ - 1].pos, "a block is initialised by 'init " + s.name + "[i, k] = ...'");
      s.init = expression();
    }
    if (accept_word("in")) s.range = range();
    s.doc = optional_doc();
    spec_.states.push_back(std::move(s));
  }

  void let() {
    LetDecl l;
    l.pos = peek().pos;
    Assignment a = lhs();
    l.name = a.block;
    l.indices = a.indices;
    new_name(l.name, l.pos);
    expect("=");
    l.body = expression();
    spec_.lets.push_back(std::move(l));
  }

  void gram() {
    GramDecl g;
    g.pos = peek().pos;
    g.name = ident("a name for the Gram matrix");
    new_name(g.name, g.pos);
    expect("=");
    expect("[");
    expect("[");
    g.a = ident("the upper-left block");
    expect(",");
    g.b = ident("the upper-right block");
    expect("]");
    expect(",");
    expect("[");
    const SourcePos tp = peek().pos;
    const std::string bt = ident("the transposed upper-right block");
    if (!accept("'")) {
      expect("^");
      if (!accept_word("T")) fail(peek().pos, "expected '" + bt + "^T'");
    }
    if (bt != g.b) fail(tp, "the lower-left block must be " + g.b + "^T");
    expect(",");
    g.d = ident("the lower-right block");
    expect("]");
    expect("]");
    spec_.grams.push_back(g);
  }

  void derivative(SourcePos kw) {
    expect("/");
    if (!accept_word("dt")) fail(peek().pos, "expected 'd/dt'");
    Assignment a = lhs();
    if (accept("+=")) {
      a.add = true;
    } else {
      expect("=");
      if (peek().kind == Tok::Ident && peek().text == "gradient_flow") {
        const SourcePos pos = peek().pos;
        ++p_;
        expect("(");
        FlowDecl f{a.block, expression(), a.block_pos};
        expect(")");
        if (!a.indices.empty()) fail(pos, "gradient_flow drives a whole Gram matrix: write 'd/dt " + a.block + " = gradient_flow(rate)'");
        spec_.flows.push_back(std::move(f));
        return;
      }
    }
    a.rhs = expression();
    (void)kw;
    spec_.drifts.push_back(std::move(a));
  }

  void statement() {
    const Token& t = peek();
    if (t.kind != Tok::Ident) fail(t.pos, "a statement starts with a keyword (model, param, state, let, gram, activation, loss, d/dt, init, point, observable, event, realisable, doc, time), found " + found(t));
    const std::string kw = t.text;
    const SourcePos pos = t.pos;
    ++p_;
    if (kw == "model") {
      if (!spec_.name.empty()) fail(pos, "a second 'model' statement");
      spec_.name = ident("the model name");
      spec_.summary = optional_doc();
    } else if (kw == "doc") {
      if (peek().kind != Tok::String) fail(peek().pos, "\"text\" expected, found " + found(peek()));
      spec_.doc += (spec_.doc.empty() ? "" : "\n") + toks_[p_++].text;
    } else if (kw == "time") {
      if (peek().kind != Tok::String) fail(peek().pos, "\"time unit\" expected, found " + found(peek()));
      spec_.time_unit = toks_[p_++].text;
    } else if (kw == "param") {
      param(pos);
    } else if (kw == "state") {
      state();
    } else if (kw == "let") {
      let();
    } else if (kw == "gram") {
      gram();
    } else if (kw == "activation") {
      ActivationDecl a;
      a.pos = peek().pos;
      a.name = ident("an activation name");
      new_name(a.name, a.pos);
      if (a.name == "relu" || a.name == "linear")
        fail(a.pos, "'" + a.name + "' names summit's closed-form expectations (" + a.name + "_I2, ...); choose another activation name");
      expect("=");
      a.definition = expression();
      if (accept_word("order")) a.order = expression();
      if (accept_word("nodes")) a.nodes = expression();
      a.doc = optional_doc();
      spec_.activations.push_back(std::move(a));
    } else if (kw == "loss") {
      if (spec_.loss) fail(pos, "a second 'loss'");
      expect("=");
      spec_.loss_pos = peek().pos;
      spec_.loss = expression();
    } else if (kw == "d") {
      derivative(pos);
    } else if (kw == "init") {
      Assignment a = lhs();
      expect("=");
      a.rhs = expression();
      spec_.inits.push_back(std::move(a));
    } else if (kw == "point") {
      const SourcePos np = peek().pos;
      const std::string name = ident("a point name");
      PointDecl* pd = nullptr;
      for (auto& p : spec_.points)
        if (p.name == name) pd = &p;
      if (!pd) {
        spec_.points.push_back({name, "", {}, np});
        pd = &spec_.points.back();
      }
      Assignment a = lhs();
      expect("=");
      a.rhs = expression();
      pd->values.push_back(std::move(a));
      const std::string doc = optional_doc();
      if (!doc.empty()) pd->doc = doc;
    } else if (kw == "observable") {
      NamedExpr o;
      o.pos = peek().pos;
      o.name = ident("an observable name");
      new_name(o.name, o.pos);
      expect("=");
      o.body = expression();
      o.doc = optional_doc();
      spec_.observables.push_back(std::move(o));
    } else if (kw == "event") {
      if (peek().kind != Tok::String) fail(peek().pos, "\"name: condition\" expected, found " + found(peek()));
      spec_.events.push_back(toks_[p_++].text);
    } else if (kw == "realisable") {
      if (!accept_word("psd")) fail(peek().pos, "expected 'realisable psd(GRAM)'");
      expect("(");
      const SourcePos gp = peek().pos;
      spec_.psd.emplace_back(ident("a Gram matrix name"), gp);
      expect(")");
    } else {
      fail(pos, "unknown statement '" + kw + "' (model, param, state, let, gram, activation, loss, d/dt, init, point, observable, event, realisable, doc, time)");
    }
  }

  std::string file_;
  std::vector<Token> toks_;
  std::size_t p_ = 0;
  ModelSpec spec_;
  std::set<std::string> names_;
};

}  // namespace

ModelSpec parse_model_file(const std::string& text, const std::string& file) {
  return StatementParser(text, file).run();
}

}  // namespace summit::user
