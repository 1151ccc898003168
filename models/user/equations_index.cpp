// The index form of a model file's equations (models/user/equations.hpp): its syntax trees printed
// back with the fewest parentheses the precedence of the language needs (lib/expr/syntax.hpp), as
// model-file text or LaTeX.
#include "models/user/equations.hpp"

#include <cmath>
#include <sstream>

namespace summit::user {

namespace {

using expr::Node;

// Precedence levels of lib/expr/syntax.hpp: || 1, && 2, comparisons 3, + - 4, * / 5, unary 6,
// ^ 7, atoms 8.
int precedence(const Node& n) {
  if (n.kind == Node::Kind::Unary) return 6;
  if (n.kind != Node::Kind::Binary) return 8;
  const std::string& o = n.name;
  if (o == "||") return 1;
  if (o == "&&") return 2;
  if (o == "+" || o == "-") return 4;
  if (o == "*" || o == "/") return 5;
  if (o == "^") return 7;
  return 3;
}

std::string number_text(double v) { return std::isinf(v) ? (v > 0 ? "inf" : "-inf") : format_real(v); }

class Printer {
 public:
  explicit Printer(bool latex) : latex_(latex) {}

  // n inside an operator of precedence `outer`; `right`: n is its right operand.
  std::string print(const Node& n, int outer = 0, bool right = false) const {
    const int p = precedence(n);
    // Left-associative operators need parentheses for an equal-precedence right operand (a - (b
    // - c)), ^ (right associative) for an equal-precedence left operand; comparisons never chain.
    bool paren = p < outer || (p == outer && (p == 7 ? !right : right || p == 3));
    if (latex_ && outer == 5 && right && p == 5) paren = true;  // \frac handles its own grouping
    const std::string s = latex_ ? latex(n) : text(n);
    if (!paren) return s;
    return latex_ ? "\\left(" + s + "\\right)" : "(" + s + ")";
  }

 private:
  std::string list(const std::vector<Node>& args, std::size_t from = 0) const {
    std::string s;
    for (std::size_t k = from; k < args.size(); ++k) s += (k > from ? ", " : "") + print(args[k]);
    return s;
  }

  std::string text(const Node& n) const {
    switch (n.kind) {
      case Node::Kind::Number: return number_text(n.number);
      case Node::Kind::Symbol: return n.name;
      case Node::Kind::Call: return n.name + "(" + list(n.args) + ")";
      case Node::Kind::Subscript: return n.name + "[" + list(n.args) + "]";
      case Node::Kind::Unary: return n.name + print(n.args[0], 6);
      case Node::Kind::Binary: {
        const int p = precedence(n);
        const bool tight = p >= 5;  // a*b, a/b, a^b; spaces around + - and the rest
        const std::string op = tight ? n.name : " " + n.name + " ";
        return print(n.args[0], p, false) + op + print(n.args[1], p, true);
      }
    }
    return "";
  }

  static std::string tex_name(const std::string& name) {
    if (name == "pi") return "\\pi";
    if (name == "inf") return "\\infty";
    std::string s;
    for (char c : name) s += c == '_' ? std::string("\\_") : std::string(1, c);
    return name.size() == 1 ? s : "\\mathrm{" + s + "}";
  }

  std::string indices(const std::vector<Node>& args, std::size_t from = 0) const {
    std::string s;
    for (std::size_t k = from; k < args.size(); ++k) s += (k > from ? "," : "") + print(args[k]);
    return s;
  }

  std::string latex(const Node& n) const {
    switch (n.kind) {
      case Node::Kind::Number: {
        const std::string t = number_text(n.number);
        const auto e = t.find('e');
        if (t == "inf") return "\\infty";
        if (e == std::string::npos) return t;
        return t.substr(0, e) + " \\cdot 10^{" + std::to_string(std::stoi(t.substr(e + 1))) + "}";
      }
      case Node::Kind::Symbol: return tex_name(n.name);
      case Node::Kind::Subscript: return tex_name(n.name) + "_{" + indices(n.args) + "}";
      case Node::Kind::Unary: return (n.name == "-" ? "-" : "\\neg ") + print(n.args[0], 6);
      case Node::Kind::Call: return call(n);
      case Node::Kind::Binary: {
        const std::string& o = n.name;
        const int p = precedence(n);
        if (o == "/") return "\\frac{" + print(n.args[0]) + "}{" + print(n.args[1]) + "}";
        if (o == "^") return "{" + print(n.args[0], 7, false) + "}^{" + print(n.args[1]) + "}";
        const std::string op = o == "*"    ? " \\, "
                               : o == "<=" ? " \\le "
                               : o == ">=" ? " \\ge "
                               : o == "==" ? " = "
                               : o == "!=" ? " \\ne "
                               : o == "&&" ? " \\wedge "
                               : o == "||" ? " \\vee "
                                           : " " + o + " ";
        return print(n.args[0], p, false) + op + print(n.args[1], p, true);
      }
    }
    return "";
  }

  std::string call(const Node& n) const {
    const std::string& f = n.name;
    const auto& a = n.args;
    if ((f == "sum" || f == "prod") && a.size() == 4)
      return std::string(f == "sum" ? "\\sum" : "\\prod") + "_{" + print(a[0]) + "=" + print(a[1]) +
             "}^{" + print(a[2]) + "} " + print(a[3], 5);
    if (f == "sqrt" && a.size() == 1) return "\\sqrt{" + print(a[0]) + "}";
    if (f == "abs" && a.size() == 1) return "\\left|" + print(a[0]) + "\\right|";
    if (f == "delta" && a.size() == 2) return "\\delta_{" + indices(a) + "}";
    if (f == "if" && a.size() == 3)
      return "\\begin{cases} " + print(a[1]) + " & " + print(a[0]) + " \\\\ " + print(a[2]) +
             " & \\text{otherwise} \\end{cases}";
    for (const char* g : {"erf", "relu", "linear"}) {
      const std::string pre = std::string(g) + "_";
      if (f.rfind(pre, 0) == 0 && f.size() == pre.size() + 2 && !a.empty())
        return "\\mathcal{" + f.substr(pre.size(), 1) + "}^{\\mathrm{" + g + "}}_{" +
               f.substr(pre.size() + 1) + "}[" + print(a[0]) + "]_{" + indices(a, 1) + "}";
    }
    static const char* known[] = {"exp", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh",
                                  "min", "max"};
    std::string name = "\\operatorname{" + tex_name(f) + "}";
    for (const char* k : known)
      if (f == k) name = "\\" + f;
    if (f == "asin" || f == "acos" || f == "atan") name = "\\arc" + f.substr(1);
    return name + "\\left(" + list(a) + "\\right)";
  }

  bool latex_;
};

std::string block_lhs(const std::string& block, const std::vector<std::string>& idx, bool latex) {
  std::string s = latex ? (block.size() == 1 ? block : "\\mathrm{" + block + "}") : block;
  if (idx.empty()) return s;
  std::string i;
  for (std::size_t k = 0; k < idx.size(); ++k) i += (k ? (latex ? "," : ", ") : "") + idx[k];
  return latex ? s + "_{" + i + "}" : s + "[" + i + "]";
}

}  // namespace

std::string index_equations(const ModelSpec& s, bool latex) {
  const Printer pr(latex);
  std::vector<std::string> lines;
  auto eq = [&](const std::string& lhs, const std::string& rhs) {
    lines.push_back(latex ? lhs + " &= " + rhs : lhs + " = " + rhs);
  };
  auto ddt = [&](const std::string& lhs) {
    return latex ? "\\frac{d" + lhs + "}{dt}" : "d/dt " + lhs;
  };
  auto note = [&](const std::string& t) { lines.push_back(latex ? "& \\text{" + t + "}" : "# " + t); };
  for (const StateDecl& st : s.states) {
    std::string dims;
    for (std::size_t k = 0; k < st.dims.size(); ++k) dims += (k ? " x " : "") + expr::to_text(st.dims[k]);
    note("state " + st.name + (dims.empty() ? "" : " (" + dims + (st.symmetric ? ", symmetric" : "") + ")") +
         (st.doc.empty() ? "" : ": " + st.doc));
  }
  for (const ActivationDecl& a : s.activations)
    note("activation " + a.name + " = " + expr::to_text(a.definition) + ": " + a.name + "_I2, " + a.name +
         "_J2, " + a.name + "_I3 are Mehler series of its Hermite coefficients (docs/models.md)");
  for (const LetDecl& l : s.lets) eq(block_lhs(l.name, l.indices, latex), pr.print(l.body));
  for (const GramDecl& g : s.grams)
    eq(g.name, latex ? "\\begin{pmatrix} " + g.a + " & " + g.b + " \\\\ " + g.b +
                                            "^T & " + g.d + " \\end{pmatrix}"
                                      : "[[" + g.a + ", " + g.b + "], [" + g.b + "^T, " + g.d + "]]");
  if (s.loss) eq(latex ? "\\mathcal{L}" : "loss", pr.print(*s.loss));
  for (const FlowDecl& f : s.flows) {
    const GramDecl* g = nullptr;
    for (const auto& d : s.grams)
      if (d.name == f.gram) g = &d;
    if (!g) continue;
    const std::string rate = pr.print(f.rate, 5);
    const std::string Q = g->a, R = g->b, T = g->d;
    note("gradient flow of the loss through " + f.gram + " (chain rule of lib/gram.hpp), with");
    if (latex) {
      lines.push_back("G_{i,k} &= (1 + \\delta_{i,k}) \\frac{\\partial \\mathcal{L}}{\\partial " + Q +
                      "_{i,k}}, \\quad S_{i,n} = \\frac{\\partial \\mathcal{L}}{\\partial " + R + "_{i,n}}");
      lines.push_back("\\frac{d" + R + "_{i,n}}{dt} &= -" + rate + " \\sum_{k} G_{i,k} " + R +
                      "_{k,n} - " + rate + " \\sum_{m} S_{i,m} " + T + "_{m,n}");
      lines.push_back("\\frac{d" + Q + "_{i,k}}{dt} &= -" + rate + " \\left(A_{i,k} + A_{k,i}\\right), "
                      "\\quad A_{i,k} = \\sum_{j} G_{i,j} " + Q + "_{j,k} + \\sum_{m} S_{i,m} " + R + "_{k,m}");
    } else {
      lines.push_back("G[i, k] = (1 + delta(i, k))*dloss/d" + Q + "[i, k],  S[i, n] = dloss/d" + R + "[i, n]");
      lines.push_back("d/dt " + R + "[i, n] = -" + rate + "*sum(k, G[i, k]*" + R + "[k, n]) - " + rate +
                      "*sum(m, S[i, m]*" + T + "[m, n])");
      lines.push_back("d/dt " + Q + "[i, k] = -" + rate + "*(A[i, k] + A[k, i]),  A[i, k] = sum(j, G[i, j]*" +
                      Q + "[j, k]) + sum(m, S[i, m]*" + R + "[k, m])");
    }
  }
  for (const Assignment& d : s.drifts) {
    const std::string lhs = ddt(block_lhs(d.block, d.indices, latex));
    const std::string rhs = pr.print(d.rhs);
    lines.push_back(latex ? lhs + (d.add ? " &\\mathrel{+}= " : " &= ") + rhs
                          : lhs + (d.add ? " += " : " = ") + rhs);
  }
  for (const NamedExpr& o : s.observables) eq(latex ? "\\mathrm{" + o.name + "}" : o.name, pr.print(o.body));
  std::ostringstream os;
  if (latex) os << "\\begin{align*}\n";
  for (std::size_t k = 0; k < lines.size(); ++k)
    os << lines[k] << (latex && k + 1 < lines.size() ? " \\\\\n" : "\n");
  if (latex) os << "\\end{align*}\n";
  return os.str();
}

}  // namespace summit::user
