// Expansion of a model file for given parameters into flat evaluation programs.
#include "models/user/compile.hpp"

#include "lib/expr/builder.hpp"
#include "lib/expr/gauss_inline.hpp"
#include "lib/expr/hermite_inline.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numbers>
#include <set>

namespace summit::user {

using expr::Node;
using expr::Op;
using expr::SourcePos;
using expr::TapeBuilder;
using expr::Val;

namespace {

const std::map<std::string, Op>& unary_functions() {
  static const std::map<std::string, Op> f = {
      {"exp", Op::Exp},   {"log", Op::Log},   {"sqrt", Op::Sqrt}, {"sin", Op::Sin},
      {"cos", Op::Cos},   {"tan", Op::Tan},   {"asin", Op::Asin}, {"acos", Op::Acos},
      {"atan", Op::Atan}, {"sinh", Op::Sinh}, {"cosh", Op::Cosh}, {"tanh", Op::Tanh},
      {"erf", Op::Erf},   {"erfc", Op::Erfc}, {"abs", Op::Abs}};
  return f;
}

// Gaussian expectations: name -> (op, number of field indices).
const std::map<std::string, std::pair<Op, int>>& gauss_functions() {
  static const std::map<std::string, std::pair<Op, int>> f = {
      {"erf_I2", {Op::ErfI2, 2}},       {"erf_J2", {Op::ErfJ2, 2}},
      {"erf_I3", {Op::ErfI3, 3}},       {"erf_I4", {Op::ErfI4, 4}},
      {"relu_I2", {Op::ReluI2, 2}},     {"relu_J2", {Op::ReluJ2, 2}},
      {"relu_I3", {Op::ReluI3, 3}},     {"relu_I4", {Op::ReluI4, 4}},
      {"linear_I2", {Op::LinearI2, 2}}, {"linear_J2", {Op::LinearJ2, 2}},
      {"linear_I3", {Op::LinearI3, 3}}, {"linear_I4", {Op::LinearI4, 4}}};
  return f;
}

class Expander {
 public:
  Expander(const ModelSpec& s, const ParamValues& pv) : s_(s) {
    for (const auto& p : s.params) {
      switch (p.type) {
        case ParamType::Int: params_[p.name] = pv.get_int(p.name); break;
        case ParamType::Real: params_[p.name] = pv.get_real(p.name); break;
        case ParamType::Bool: params_[p.name] = pv.get_bool(p.name) ? 1 : 0; break;
        case ParamType::Choice: {
          const auto& c = p.choices;
          params_[p.name] = static_cast<double>(
              std::find(c.begin(), c.end(), pv.get_text(p.name)) - c.begin());
          for (std::size_t k = 0; k < c.size(); ++k) choice_values_[c[k]] = static_cast<double>(k);
          break;
        }
        default: break;
      }
      if (p.type == ParamType::Int) int_params_.insert(p.name);
    }
    for (const auto& l : s.lets) lets_[l.name] = &l;
    for (const auto& a : s.activations) activations_[a.name] = &a;
  }

  CompiledModel run();

 private:
  [[noreturn]] void fail(SourcePos pos, const std::string& msg) const {
    throw file_error(s_.file, pos, msg);
  }
  int size_of(const Node& d, const std::string& state);
  Val compile(const Node& n);
  Val call(const Node& n);
  Val subscript(const Node& n);
  Val symbol(const Node& n);
  int index_value(const Node& n, const std::string& what);
  Val constant_of(const Node& n, const std::string& what);
  Val state_entry(int block, const std::vector<int>& idx, const std::string& name, SourcePos pos);
  Val gram_entry(const GramLayout& g, int a, int b) const {
    const int e = g.entry[a * g.n + b];
    return e >= 0 ? builder_->input(e) : TapeBuilder::constant(g.values[-1 - e]);
  }
  GramLayout build_gram(const GramDecl& g);
  const GramLayout& gram(const std::string& name, SourcePos pos);
  Val expand_let(const LetDecl& l, const std::vector<int>& idx, SourcePos pos);
  // NAME_I2 / _J2 / _I3 / _I4 of a declared activation (nullptr if `function` is not one of them).
  const ActivationDecl* hermite_function(const Node& call, expr::HermiteQuantity& what);
  expr::HermiteEmitter& emitter(const ActivationDecl& a);
  // Calls f(index values) for every stored coordinate of block b (i <= k for symmetric blocks).
  template <class F>
  void for_each_coordinate(const Block& b, const F& f);
  void bind(const std::vector<std::string>& names, const std::vector<int>& values);
  void unbind(std::size_t n) { env_.resize(env_.size() - n); }
  std::vector<Val> assign_all(const std::vector<Assignment>& as, const char* what,
                              std::vector<Val>* base, std::vector<char>* set);

  const ModelSpec& s_;
  std::map<std::string, double> params_, choice_values_;
  std::set<std::string> int_params_;
  std::map<std::string, const LetDecl*> lets_;
  std::map<std::string, const ActivationDecl*> activations_;
  // Emitters of the activations for the current builder (generation builder_generation_).
  std::map<std::string, std::pair<int, std::unique_ptr<expr::HermiteEmitter>>> emitters_;
  int builder_generation_ = 0;
  void set_builder(TapeBuilder* b) {
    builder_ = b;
    ++builder_generation_;
  }
  std::map<std::string, int> blocks_;  // state name -> block index
  std::vector<const StateDecl*> decl_of_block_;
  std::map<std::string, GramLayout> grams_;
  Layout layout_;
  TapeBuilder* builder_ = nullptr;
  bool state_allowed_ = true;  // false while compiling initial values and points
  std::vector<std::pair<std::string, int>> env_;  // index bindings (1-based values)
  int let_depth_ = 0;
};

int Expander::size_of(const Node& d, const std::string& state) {
  if (d.kind == Node::Kind::Number && d.number == std::round(d.number) && d.number >= 1)
    return static_cast<int>(d.number);
  if (d.kind == Node::Kind::Symbol && int_params_.count(d.name))
    return static_cast<int>(params_.at(d.name));
  fail(d.pos, "size '" + expr::to_text(d) + "' of state '" + state +
                  "' must be an int parameter (declared 'param NAME = 2 int') or a positive integer");
}

void Expander::bind(const std::vector<std::string>& names, const std::vector<int>& values) {
  for (std::size_t k = 0; k < names.size(); ++k) env_.emplace_back(names[k], values[k]);
}

template <class F>
void Expander::for_each_coordinate(const Block& b, const F& f) {
  switch (b.kind) {
    case BlockKind::Scalar: f(std::vector<int>{}); break;
    case BlockKind::Vector:
      for (int i = 1; i <= b.rows; ++i) f(std::vector<int>{i});
      break;
    case BlockKind::Symmetric:
    case BlockKind::Matrix:
      for (int i = 1; i <= b.rows; ++i)
        for (int k = b.kind == BlockKind::Symmetric ? i : 1; k <= b.cols; ++k) f(std::vector<int>{i, k});
      break;
  }
}

Val Expander::constant_of(const Node& n, const std::string& what) {
  const Val v = compile(n);
  if (!v.is_const) fail(n.pos, what + " must be known at set-up (numbers, parameters, indices), not depend on the state");
  return v;
}

int Expander::index_value(const Node& n, const std::string& what) {
  const Val v = compile(n);
  if (!v.is_const || v.c != std::round(v.c))
    fail(n.pos, "index '" + expr::to_text(n) + "' of " + what +
                    " must be an integer known at set-up (indices, int parameters, numbers)");
  return static_cast<int>(v.c);
}

Val Expander::state_entry(int bi, const std::vector<int>& idx, const std::string& name, SourcePos pos) {
  if (!state_allowed_) fail(pos, "'" + name + "': initial values and points cannot depend on the state");
  const Block& b = layout_.blocks()[bi];
  const int rank = b.kind == BlockKind::Scalar ? 0 : b.kind == BlockKind::Vector ? 1 : 2;
  if (static_cast<int>(idx.size()) != rank)
    fail(pos, "state '" + name + "' takes " + std::to_string(rank) + " indices, given " +
                  std::to_string(idx.size()));
  const int dims[2] = {b.rows, b.cols};
  for (int k = 0; k < rank; ++k)
    if (idx[k] < 1 || idx[k] > dims[k])
      fail(pos, "index " + std::to_string(idx[k]) + " of '" + name + "' is out of range 1.." +
                    std::to_string(dims[k]));
  const int flat = rank == 0 ? b.offset : rank == 1 ? b.index(idx[0] - 1) : b.index(idx[0] - 1, idx[1] - 1);
  return builder_->input(flat);
}

Val Expander::expand_let(const LetDecl& l, const std::vector<int>& idx, SourcePos pos) {
  if (idx.size() != l.indices.size())
    fail(pos, "'" + l.name + "' takes " + std::to_string(l.indices.size()) + " indices, given " +
                  std::to_string(idx.size()));
  if (++let_depth_ > 64) fail(pos, "'" + l.name + "' is defined in terms of itself");
  // A let sees only its own indices (not the caller's).
  std::vector<std::pair<std::string, int>> saved;
  saved.swap(env_);
  bind(l.indices, idx);
  const Val v = compile(l.body);
  env_.swap(saved);
  --let_depth_;
  return v;
}

Val Expander::symbol(const Node& n) {
  for (auto it = env_.rbegin(); it != env_.rend(); ++it)
    if (it->first == n.name) return TapeBuilder::constant(it->second);
  if (auto p = params_.find(n.name); p != params_.end()) return TapeBuilder::constant(p->second);
  if (auto l = lets_.find(n.name); l != lets_.end()) return expand_let(*l->second, {}, n.pos);
  if (auto b = blocks_.find(n.name); b != blocks_.end()) return state_entry(b->second, {}, n.name, n.pos);
  if (n.name == "pi") return TapeBuilder::constant(std::numbers::pi);
  if (n.name == "inf") return TapeBuilder::constant(std::numeric_limits<double>::infinity());
  if (auto c = choice_values_.find(n.name); c != choice_values_.end()) return TapeBuilder::constant(c->second);
  if (grams_.count(n.name)) fail(n.pos, "Gram matrix '" + n.name + "' needs two indices, e.g. " + n.name + "[a, b]");
  fail(n.pos, "unknown symbol '" + n.name + "'");
}

Val Expander::subscript(const Node& n) {
  std::vector<int> idx;
  for (const auto& a : n.args) idx.push_back(index_value(a, "'" + n.name + "'"));
  if (auto b = blocks_.find(n.name); b != blocks_.end()) return state_entry(b->second, idx, n.name, n.pos);
  if (auto l = lets_.find(n.name); l != lets_.end()) return expand_let(*l->second, idx, n.pos);
  if (grams_.count(n.name)) {
    const GramLayout& g = grams_.at(n.name);
    if (idx.size() != 2) fail(n.pos, "Gram matrix '" + n.name + "' takes two indices");
    for (int v : idx)
      if (v < 1 || v > g.n)
        fail(n.pos, "index " + std::to_string(v) + " of '" + n.name + "' is out of range 1.." + std::to_string(g.n));
    return gram_entry(g, idx[0] - 1, idx[1] - 1);
  }
  fail(n.pos, "unknown symbol '" + n.name + "'");
}

Val Expander::call(const Node& n) {
  auto args_exactly = [&](std::size_t k) {
    if (n.args.size() != k)
      fail(n.pos, "'" + n.name + "' takes " + std::to_string(k) + " arguments, given " + std::to_string(n.args.size()));
  };
  if (auto f = unary_functions().find(n.name); f != unary_functions().end()) {
    args_exactly(1);
    return builder_->apply(f->second, {compile(n.args[0])});
  }
  if (n.name == "atan2" || n.name == "min" || n.name == "max") {
    args_exactly(2);
    const Op op = n.name == "atan2" ? Op::Atan2 : n.name == "min" ? Op::Min : Op::Max;
    return builder_->apply(op, {compile(n.args[0]), compile(n.args[1])});
  }
  if (n.name == "besselj" || n.name == "besseli") {
    args_exactly(2);
    const Val nu = constant_of(n.args[0], "the order of '" + n.name + "'");
    return builder_->apply(n.name == "besselj" ? Op::BesselJ : Op::BesselI, {nu, compile(n.args[1])});
  }
  if (n.name == "pow") {
    args_exactly(2);
    return builder_->power(compile(n.args[0]), compile(n.args[1]));
  }
  if (n.name == "delta") {
    args_exactly(2);
    return TapeBuilder::constant(index_value(n.args[0], "delta") == index_value(n.args[1], "delta") ? 1 : 0);
  }
  if (n.name == "if") {
    args_exactly(3);
    const Val c = compile(n.args[0]);
    if (c.is_const) return compile(n.args[c.c != 0 ? 1 : 2]);  // the other branch may not exist
    return builder_->apply(Op::Select, {c, compile(n.args[1]), compile(n.args[2])});
  }
  if (n.name == "sum" || n.name == "prod") {
    args_exactly(4);
    if (n.args[0].kind != Node::Kind::Symbol)
      fail(n.args[0].pos, "the first argument of '" + n.name + "' is the index name, e.g. sum(j, 1, K, ...)");
    const int lo = index_value(n.args[1], "the lower bound of '" + n.name + "'");
    const int hi = index_value(n.args[2], "the upper bound of '" + n.name + "'");
    const bool sum = n.name == "sum";
    Val acc = TapeBuilder::constant(sum ? 0 : 1);
    for (int j = lo; j <= hi; ++j) {
      bind({n.args[0].name}, {j});
      const Val term = compile(n.args[3]);
      unbind(1);
      acc = builder_->apply(sum ? Op::Add : Op::Mul, {acc, term});
    }
    return acc;
  }
  expr::HermiteQuantity hermite_what{};
  const ActivationDecl* activation = hermite_function(n, hermite_what);
  if (auto g = gauss_functions().find(n.name); g != gauss_functions().end() || activation) {
    const int hermite_fields = hermite_what == expr::HermiteQuantity::I4   ? 4
                               : hermite_what == expr::HermiteQuantity::I3 ? 3
                                                                           : 2;
    const auto [op, fields] = activation ? std::make_pair(Op::ErfI2, hermite_fields) : g->second;
    args_exactly(1 + static_cast<std::size_t>(fields));
    // The covariance: a declared Gram matrix, or any `let NAME[a, b]` (e.g. a reduced ansatz).
    const Node& cov = n.args[0];
    const bool is_gram = cov.kind == Node::Kind::Symbol && grams_.count(cov.name);
    const bool is_let = cov.kind == Node::Kind::Symbol && lets_.count(cov.name) &&
                        lets_.at(cov.name)->indices.size() == 2;
    if (!is_gram && !is_let)
      fail(cov.pos, "the first argument of '" + n.name +
                        "' must be a Gram matrix declared with 'gram' or a 'let " + cov.name + "[a, b] = ...'");
    std::vector<int> f;
    for (int k = 0; k < fields; ++k) {
      const int v = index_value(n.args[1 + k], "'" + n.name + "'");
      if (is_gram && (v < 1 || v > grams_.at(cov.name).n))
        fail(n.args[1 + k].pos, "field index " + std::to_string(v) + " of '" + n.name +
                                    "' is out of range 1.." + std::to_string(grams_.at(cov.name).n) +
                                    " (size of " + cov.name + ")");
      f.push_back(v - 1);
    }
    // Symmetries of the expectations (so equal calls are evaluated once): I2, J2 in (a, b);
    // I4 in (a, b) and in (c, d).
    if (fields == 2 || fields == 4) {
      if (f[0] > f[1]) std::swap(f[0], f[1]);
      if (fields == 4 && f[2] > f[3]) std::swap(f[2], f[3]);
    }
    auto entry = [&](int a, int b) {
      return is_gram ? gram_entry(grams_.at(cov.name), a, b)
                     : expand_let(*lets_.at(cov.name), {a + 1, b + 1}, cov.pos);
    };
    std::vector<Val> a;
    for (int k = 0; k < fields; ++k) a.push_back(entry(f[k], f[k]));
    for (int k = 0; k < fields; ++k)
      for (int l = k + 1; l < fields; ++l) a.push_back(entry(f[k], f[l]));
    if (activation) return emitter(*activation).expectation(hermite_what, a, f);
    Val inlined;
    if (expr::inline_erf(*builder_, op, a, inlined)) return inlined;  // shares factors between calls
    return builder_->apply(op, a);
  }
  if (lets_.count(n.name) || blocks_.count(n.name))
    fail(n.pos, "'" + n.name + "' is indexed with brackets: " + n.name + "[...]");
  fail(n.pos, "unknown function '" + n.name + "'");
}

const ActivationDecl* Expander::hermite_function(const Node& n, expr::HermiteQuantity& what) {
  const std::size_t u = n.name.rfind('_');
  if (u == std::string::npos) return nullptr;
  const auto it = activations_.find(n.name.substr(0, u));
  if (it == activations_.end()) return nullptr;
  const std::string suffix = n.name.substr(u + 1);
  if (suffix == "I2") what = expr::HermiteQuantity::I2;
  else if (suffix == "J2") what = expr::HermiteQuantity::J2;
  else if (suffix == "I3") what = expr::HermiteQuantity::I3;
  else if (suffix == "I4") what = expr::HermiteQuantity::I4;
  else
    return nullptr;
  return it->second;
}

expr::HermiteEmitter& Expander::emitter(const ActivationDecl& a) {
  auto& [generation, slot] = emitters_[a.name];
  if (slot && generation == builder_generation_) return *slot;
  const Node& d = a.definition;
  expr::HermiteActivation g;
  if (d.kind == Node::Kind::Symbol && (d.name == "tanh" || d.name == "sigmoid" || d.name == "erf")) {
    g = expr::named_activation(d.name);
  } else if (d.kind == Node::Kind::Call && d.name == "hermite") {
    if (d.args.empty() || d.args.size() > 61)
      fail(d.pos, "hermite(a0, a1, ...) of activation '" + a.name + "' takes 1 to 61 coefficients, got " +
                      std::to_string(d.args.size()));
    std::vector<double> coefficients;
    for (const Node& c : d.args)
      coefficients.push_back(constant_of(c, "a Hermite coefficient of activation '" + a.name + "'").c);
    g = expr::series_activation(coefficients);
  } else {
    fail(d.pos, "activation '" + a.name + "' = '" + expr::to_text(d) +
                    "': allowed tanh, sigmoid, erf or hermite(a0, a1, ...) (probabilists' Hermite coefficients)");
  }
  if (a.order) {
    g.order = index_value(*a.order, "the order of activation '" + a.name + "'");
    if (g.order < 0 || g.order > 150)
      fail(a.order->pos, "order " + std::to_string(g.order) + " of activation '" + a.name + "': allowed 0..150");
  }
  if (a.nodes) {
    g.nodes = index_value(*a.nodes, "the number of nodes of activation '" + a.name + "'");
    if (g.nodes < 2 || g.nodes > 400 || g.nodes % 2)
      fail(a.nodes->pos, "nodes " + std::to_string(g.nodes) + " of activation '" + a.name +
                             "': allowed an even number in 2..400");
  }
  slot = std::make_unique<expr::HermiteEmitter>(*builder_, g);
  generation = builder_generation_;
  return *slot;
}

Val Expander::compile(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Number: return TapeBuilder::constant(n.number);
    case Node::Kind::Symbol: return symbol(n);
    case Node::Kind::Subscript: return subscript(n);
    case Node::Kind::Call: return call(n);
    case Node::Kind::Unary: {
      const Val a = compile(n.args[0]);
      return builder_->apply(n.name == "-" ? Op::Neg : Op::Not, {a});
    }
    case Node::Kind::Binary: {
      const Val a = compile(n.args[0]);
      if ((n.name == "&&" || n.name == "||") && a.is_const) {  // short-circuit at set-up
        if ((n.name == "&&") == (a.c == 0)) return TapeBuilder::constant(n.name == "&&" ? 0 : 1);
      }
      const Val b = compile(n.args[1]);
      const std::string& o = n.name;
      if (o == "+") return builder_->apply(Op::Add, {a, b});
      if (o == "-") return builder_->apply(Op::Sub, {a, b});
      if (o == "*") return builder_->apply(Op::Mul, {a, b});
      if (o == "/") return builder_->apply(Op::Div, {a, b});
      if (o == "^") return builder_->power(a, b);
      if (o == "<") return builder_->apply(Op::Less, {a, b});
      if (o == ">") return builder_->apply(Op::Less, {b, a});
      if (o == "<=") return builder_->apply(Op::LessEq, {a, b});
      if (o == ">=") return builder_->apply(Op::LessEq, {b, a});
      if (o == "==") return builder_->apply(Op::Eq, {a, b});
      if (o == "!=") return builder_->apply(Op::Ne, {a, b});
      if (o == "&&") return builder_->apply(Op::And, {a, b});
      if (o == "||") return builder_->apply(Op::Or, {a, b});
      fail(n.pos, "unknown operator '" + o + "'");
    }
  }
  fail(n.pos, "unsupported expression");
}

GramLayout Expander::build_gram(const GramDecl& g) {
  GramLayout gl;
  gl.name = g.name;
  gl.pos = g.pos;
  auto bi = blocks_.find(g.b);
  if (bi == blocks_.end() || layout_.blocks()[bi->second].kind != BlockKind::Matrix)
    fail(g.pos, "Gram matrix '" + g.name + "': the upper-right block '" + g.b + "' must be a matrix state, e.g. state R[K, M]");
  const Block& B = layout_.blocks()[bi->second];
  const int K = B.rows, M = B.cols;
  gl.n = K + M;
  gl.top = K;
  gl.entry.assign(gl.n * gl.n, 0);
  // A diagonal block: a symmetric state of size n, or a constant `let X[i, k]`.
  auto fill = [&](const std::string& name, int size, int off) {
    if (auto s = blocks_.find(name); s != blocks_.end()) {
      const Block& b = layout_.blocks()[s->second];
      if (b.kind != BlockKind::Symmetric || b.rows != size)
        fail(g.pos, "Gram matrix '" + g.name + "': block '" + name + "' must be a symmetric state of size " + std::to_string(size));
      for (int i = 0; i < size; ++i)
        for (int k = 0; k < size; ++k) gl.entry[(off + i) * gl.n + off + k] = b.index(i, k);
      return;
    }
    auto l = lets_.find(name);
    if (l == lets_.end() || l->second->indices.size() != 2)
      fail(g.pos, "Gram matrix '" + g.name + "': block '" + name + "' must be a symmetric state or a constant 'let " + name + "[i, k] = ...'");
    TapeBuilder constants(0);
    TapeBuilder* saved = builder_;
    set_builder(&constants);
    const bool allowed = state_allowed_;
    state_allowed_ = false;
    for (int i = 0; i < size; ++i)
      for (int k = 0; k < size; ++k) {
        const Val v = expand_let(*l->second, {i + 1, k + 1}, l->second->pos);
        gl.entry[(off + i) * gl.n + off + k] = -1 - static_cast<int>(gl.values.size());
        gl.values.push_back(v.c);
      }
    state_allowed_ = allowed;
    set_builder(saved);
  };
  fill(g.a, K, 0);
  fill(g.d, M, K);
  for (int i = 0; i < K; ++i)
    for (int m = 0; m < M; ++m)
      gl.entry[i * gl.n + K + m] = gl.entry[(K + m) * gl.n + i] = B.index(i, m);
  return gl;
}

const GramLayout& Expander::gram(const std::string& name, SourcePos pos) {
  auto it = grams_.find(name);
  if (it == grams_.end()) fail(pos, "unknown Gram matrix '" + name + "' (declare it with 'gram " + name + " = [[Q, R], [R^T, T]]')");
  return it->second;
}

// Expands assignments into per-coordinate values. `base`/`set` (if given) hold earlier values:
// `+=` adds to them, `=` must not overwrite them.
std::vector<Val> Expander::assign_all(const std::vector<Assignment>& as, const char* what,
                                      std::vector<Val>* base, std::vector<char>* set) {
  std::vector<Val> out = base ? *base : std::vector<Val>(layout_.size(), TapeBuilder::constant(0));
  std::vector<char> done = set ? *set : std::vector<char>(layout_.size(), 0);
  for (const Assignment& a : as) {
    auto bi = blocks_.find(a.block);
    if (bi == blocks_.end())
      fail(a.block_pos, std::string(what) + " for '" + a.block + "', which is not a declared state");
    const Block& b = layout_.blocks()[bi->second];
    const std::size_t rank = b.kind == BlockKind::Scalar ? 0 : b.kind == BlockKind::Vector ? 1 : 2;
    if (a.indices.size() != rank)
      fail(a.block_pos, "'" + a.block + "' has " + std::to_string(rank) + " indices; write " +
                            (rank == 0 ? a.block : rank == 1 ? a.block + "[i]" : a.block + "[i, k]"));
    for_each_coordinate(b, [&](const std::vector<int>& idx) {
      const int flat = rank == 0 ? b.offset : rank == 1 ? b.index(idx[0] - 1) : b.index(idx[0] - 1, idx[1] - 1);
      bind(a.indices, idx);
      const Val v = compile(a.rhs);
      unbind(a.indices.size());
      if (a.add) {
        out[flat] = builder_->apply(Op::Add, {out[flat], v});
      } else {
        if (done[flat])
          fail(a.block_pos, std::string(what) + " of '" + layout_.coord_name(flat) + "' is given twice" +
                                (set && (*set)[flat] ? " (it is derived by gradient_flow; add terms with +=)" : ""));
        out[flat] = v;
      }
      done[flat] = 1;
    });
  }
  if (set) *set = done;
  return out;
}

CompiledModel Expander::run() {
  CompiledModel cm;
  // Layout and ranges.
  for (const StateDecl& s : s_.states) {
    std::vector<int> dims;
    for (const auto& d : s.dims) dims.push_back(size_of(d, s.name));
    if (s.symmetric && dims[0] != dims[1])
      fail(s.pos, "symmetric state '" + s.name + "' must be square, has sizes " + std::to_string(dims[0]) + " and " + std::to_string(dims[1]));
    blocks_[s.name] = static_cast<int>(layout_.blocks().size());
    decl_of_block_.push_back(&s);
    if (dims.empty()) layout_.add_scalar(s.name);
    else if (dims.size() == 1) layout_.add_vector(s.name, dims[0]);
    else if (s.symmetric) layout_.add_symmetric(s.name, dims[0]);
    else layout_.add_matrix(s.name, dims[0], dims[1]);
    const Block& b = layout_.blocks().back();
    for (int k = 0; k < b.size(); ++k) {
      cm.ranges.push_back(s.range);
      cm.range_where.push_back(s_.file + ":" + std::to_string(s.pos.line) + ":" + std::to_string(s.pos.col));
    }
  }
  cm.layout = layout_;
  const int n = layout_.size();
  for (const GramDecl& g : s_.grams) grams_.emplace(g.name, build_gram(g));

  // Loss and observables.
  {
    TapeBuilder b(n);
    set_builder(&b);
    const Val L = compile(*s_.loss);
    cm.loss = b.finish({L});
  }
  {
    TapeBuilder b(n);
    set_builder(&b);
    std::vector<Val> obs;
    for (const auto& o : s_.observables) {
      obs.push_back(compile(o.body));
      cm.observable_names.push_back(o.name);
      cm.observable_docs.push_back(o.doc);
    }
    cm.observables = b.finish(obs);
  }
  // Drift: derived flows, then written-out equations.
  TapeBuilder b(n);
  set_builder(&b);
  std::vector<Val> drift(n, TapeBuilder::constant(0));
  std::vector<char> derived(n, 0);
  for (const FlowDecl& f : s_.flows) {
    const GramLayout& g = gram(f.gram, f.pos);
    const GramDecl* gd = nullptr;
    for (const auto& d : s_.grams)
      if (d.name == f.gram) gd = &d;
    Flow fl;
    fl.K = g.top;
    fl.M = g.n - g.top;
    if (!blocks_.count(gd->a) || layout_.blocks()[blocks_.at(gd->a)].kind != BlockKind::Symmetric)
      fail(f.pos, "gradient_flow through '" + f.gram + "' needs its upper-left block '" + gd->a + "' to be a symmetric state");
    if (blocks_.count(gd->d))
      fail(f.pos, "gradient_flow through '" + f.gram + "' needs its lower-right block '" + gd->d + "' to be a constant (the teacher)");
    fl.q_block = blocks_.at(gd->a);
    fl.r_block = blocks_.at(gd->b);
    fl.T.resize(fl.M, fl.M);
    for (int m = 0; m < fl.M; ++m)
      for (int l = 0; l < fl.M; ++l) fl.T(m, l) = g.values[-1 - g.entry[(fl.K + m) * g.n + fl.K + l]];
    fl.rate = constant_of(f.rate, "the rate of gradient_flow").c;
    for (int bi : {fl.q_block, fl.r_block}) {
      const Block& bl = layout_.blocks()[bi];
      for (int k = 0; k < bl.size(); ++k) {
        if (derived[bl.offset + k]) fail(f.pos, "'" + bl.name + "' is derived by gradient_flow twice");
        derived[bl.offset + k] = 1;
      }
    }
    cm.flows.push_back(fl);
  }
  std::vector<char> set = derived;
  drift = assign_all(s_.drifts, "the drift", &drift, &set);
  for (std::size_t bi = 0; bi < layout_.blocks().size(); ++bi) {
    const Block& bl = layout_.blocks()[bi];
    for (int k = 0; k < bl.size(); ++k)
      if (!set[bl.offset + k])
        fail(decl_of_block_[bi]->pos, "state '" + bl.name + "' has no drift for " + layout_.coord_name(bl.offset + k) +
                                          ": write 'd/dt " + bl.name + (bl.kind == BlockKind::Scalar ? "" : bl.kind == BlockKind::Vector ? "[i]" : "[i, k]") +
                                          " = ...' or derive it with 'd/dt GRAM = gradient_flow(rate)'");
  }
  cm.drift = b.finish(drift);

  // Initial state and points: constants only.
  TapeBuilder cb(0);
  set_builder(&cb);
  state_allowed_ = false;
  std::vector<Assignment> scalar_inits;
  for (const StateDecl& s : s_.states)
    if (s.init) scalar_inits.push_back(Assignment{s.name, s.pos, {}, *s.init, false});
  std::vector<Val> init = assign_all(scalar_inits, "the initial value", nullptr, nullptr);
  std::vector<char> init_set(n, 0);
  init = assign_all(s_.inits, "the initial value", &init, &init_set);
  cm.initial.resize(n);
  for (int k = 0; k < n; ++k) {
    if (!init[k].is_const) fail(s_.states.front().pos, "initial value of " + layout_.coord_name(k) + " must be a constant");
    cm.initial[k] = init[k].c;
  }
  for (const PointDecl& p : s_.points) {
    std::vector<char> pset(n, 0);
    std::vector<Val> base(n);
    for (int k = 0; k < n; ++k) base[k] = TapeBuilder::constant(cm.initial[k]);
    const std::vector<Val> v = assign_all(p.values, ("point '" + p.name + "'").c_str(), &base, &pset);
    Vec x(n);
    for (int k = 0; k < n; ++k) x[k] = v[k].c;
    cm.points.push_back({p.name, x, p.doc});
  }
  for (const auto& [name, pos] : s_.psd) cm.psd.push_back(gram(name, pos));

  // The initial state must be realisable.
  for (int k = 0; k < n; ++k)
    if (!cm.ranges[k].contains(cm.initial[k]))
      fail(decl_of_block_[std::distance(layout_.blocks().begin(),
                                        std::find_if(layout_.blocks().begin(), layout_.blocks().end(),
                                                     [&](const Block& bl) { return k >= bl.offset && k < bl.offset + bl.size(); }))]->pos,
           "the initial state is not realisable: " + layout_.coord_name(k) + " = " + format_real(cm.initial[k]) +
               " is outside " + cm.ranges[k].text());
  std::string why;
  for (std::size_t g = 0; g < cm.psd.size(); ++g) {
    CompiledModel one;
    one.psd = {cm.psd[g]};
    one.ranges = cm.ranges;
    if (!check_realisable(one, cm.initial, &why, 1e-9))
      fail(s_.psd[g].second, "the initial state is not realisable: " + why);
  }
  return cm;
}

}  // namespace

CompiledModel compile_model(const ModelSpec& spec, const ParamValues& pv) {
  return Expander(spec, pv).run();
}

bool check_realisable(const CompiledModel& m, const Vec& x, std::string* why, double tol) {
  for (int k = 0; k < x.size(); ++k) {
    if (!std::isfinite(x[k])) {
      if (why) *why = m.layout.coord_name(k) + " is not finite";
      return false;
    }
    const Range& r = m.ranges[k];
    if (!r.given) continue;
    const double slack = tol * std::max(1.0, std::abs(x[k]));
    const bool lo_ok = r.lo_open ? x[k] > r.lo - (r.lo == 0 ? 0 : slack) : x[k] >= r.lo - slack;
    const bool hi_ok = r.hi_open ? x[k] < r.hi + (r.hi == 0 ? 0 : slack) : x[k] <= r.hi + slack;
    if (!lo_ok || !hi_ok) {
      if (why) *why = m.layout.coord_name(k) + " = " + format_real(x[k]) + " is outside " + r.text();
      return false;
    }
  }
  for (const GramLayout& g : m.psd) {
    Eigen::MatrixXd C(g.n, g.n);
    for (int a = 0; a < g.n; ++a)
      for (int b = 0; b < g.n; ++b) {
        const int e = g.entry[a * g.n + b];
        C(a, b) = e >= 0 ? x[e] : g.values[-1 - e];
      }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(C, Eigen::EigenvaluesOnly);
    const double lmin = es.eigenvalues().minCoeff();
    const double scale = std::max(1.0, C.cwiseAbs().maxCoeff());
    if (!(lmin >= -tol * scale)) {
      if (why) *why = "Gram matrix " + g.name + " is not positive semi-definite (smallest eigenvalue " + format_real(lmin) + ")";
      return false;
    }
  }
  return true;
}

}  // namespace summit::user
