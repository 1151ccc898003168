#include "lib/expr/builder.hpp"

#include <algorithm>
#include <cmath>

namespace summit::expr {

TapeBuilder::TapeBuilder(int n_inputs) : n_inputs_(n_inputs), next_reg_(n_inputs) {}

int TapeBuilder::reg_of(const Val& v) {
  if (!v.is_const) return v.reg;
  auto it = const_regs_.find(v.c);
  if (it != const_regs_.end()) return it->second;
  const int r = next_reg_++;
  const_regs_.emplace(v.c, r);
  constants_.emplace_back(r, v.c);
  return r;
}

Val TapeBuilder::apply(Op op, const std::vector<Val>& in) {
  std::vector<Val> a = in;
  bool all_const = true;
  for (const Val& v : a) all_const = all_const && v.is_const;
  if (all_const) {
    double args[10];
    for (std::size_t k = 0; k < a.size(); ++k) args[k] = a[k].c;
    return constant(expr::apply(op, args));
  }
  auto is = [](const Val& v, double c) { return v.is_const && v.c == c; };
  switch (op) {
    case Op::Add:
      if (is(a[0], 0)) return a[1];
      if (is(a[1], 0)) return a[0];
      break;
    case Op::Sub:
      if (is(a[1], 0)) return a[0];
      if (is(a[0], 0)) return apply(Op::Neg, {a[1]});
      break;
    case Op::Mul:
      if (is(a[0], 0) || is(a[1], 0)) return constant(0);
      if (is(a[0], 1)) return a[1];
      if (is(a[1], 1)) return a[0];
      if (is(a[0], -1)) return apply(Op::Neg, {a[1]});
      if (is(a[1], -1)) return apply(Op::Neg, {a[0]});
      break;
    case Op::Div:
      if (is(a[1], 1)) return a[0];
      if (is(a[0], 0)) return constant(0);
      break;
    case Op::Select:
      if (a[0].is_const) return a[0].c != 0 ? a[1] : a[2];
      break;
    default: break;
  }
  std::vector<int> key{static_cast<int>(op)};
  for (const Val& v : a) key.push_back(reg_of(v));
  const bool commutative = op == Op::Add || op == Op::Mul || op == Op::Min || op == Op::Max ||
                           op == Op::Eq || op == Op::Ne || op == Op::And || op == Op::Or;
  if (commutative && key[1] > key[2]) std::swap(key[1], key[2]);
  auto it = seen_.find(key);
  if (it != seen_.end()) return Val{false, 0, it->second};
  Instr ins{op, next_reg_++, static_cast<int>(operands_.size())};
  operands_.insert(operands_.end(), key.begin() + 1, key.end());
  code_.push_back(ins);
  seen_.emplace(std::move(key), ins.out);
  return Val{false, 0, ins.out};
}

Val TapeBuilder::power(const Val& base, const Val& e) {
  if (e.is_const && e.c == std::round(e.c) && std::abs(e.c) <= 16) {
    const int n = static_cast<int>(std::abs(e.c));
    Val result = constant(1);
    Val sq = base;  // binary exponentiation: x^n with O(log n) products
    for (int k = n; k > 0; k >>= 1) {
      if (k & 1) result = apply(Op::Mul, {result, sq});
      if (k > 1) sq = apply(Op::Mul, {sq, sq});
    }
    return e.c < 0 ? apply(Op::Div, {constant(1), result}) : result;
  }
  if (e.is_const && e.c == 0.5) return apply(Op::Sqrt, {base});
  if (e.is_const) return apply(Op::PowConst, {base, e});
  return apply(Op::Pow, {base, e});
}

Tape TapeBuilder::finish(const std::vector<Val>& outputs) const {
  // Registers of the outputs (constants get a register of their own).
  std::map<double, int> const_regs = const_regs_;
  std::vector<std::pair<int, double>> constants = constants_;
  int next = next_reg_;
  std::vector<int> out_regs;
  for (const Val& v : outputs) {
    if (!v.is_const) {
      out_regs.push_back(v.reg);
      continue;
    }
    auto it = const_regs.find(v.c);
    if (it == const_regs.end()) {
      it = const_regs.emplace(v.c, next++).first;
      constants.emplace_back(it->second, v.c);
    }
    out_regs.push_back(it->second);
  }
  // Dead-code elimination: keep instructions whose result is (transitively) used.
  std::vector<char> live(next, 0);
  for (int r : out_regs) live[r] = 1;
  std::vector<char> keep(code_.size(), 0);
  for (std::size_t k = code_.size(); k-- > 0;) {
    const Instr& in = code_[k];
    if (!live[in.out]) continue;
    keep[k] = 1;
    for (int j = 0; j < arity(in.op); ++j) live[operands_[in.first + j]] = 1;
  }
  // Schedule: every kept instruction at its depth in the dependency graph (1 + the deepest of its
  // operands), and within a depth grouped by operation. Any order by depth is a valid sequential
  // order, and grouping makes long runs of one operation for the evaluation loop (tape.cpp).
  std::vector<int> depth(next, 0);
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < code_.size(); ++k) {
    if (!keep[k]) continue;
    int d = 0;
    for (int j = 0; j < arity(code_[k].op); ++j) d = std::max(d, depth[operands_[code_[k].first + j]]);
    depth[code_[k].out] = d + 1;
    order.push_back(k);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int da = depth[code_[a].out], db = depth[code_[b].out];
    return da != db ? da < db : code_[a].op < code_[b].op;
  });
  // Register reuse: a temporary's register is freed after its last use (linear scan, in the
  // scheduled order).
  const int n_code = static_cast<int>(order.size());
  std::vector<int> last_use(next, -1);
  for (int p = 0; p < n_code; ++p)
    for (int j = 0; j < arity(code_[order[p]].op); ++j)
      last_use[operands_[code_[order[p]].first + j]] = p;
  for (int r : out_regs) last_use[r] = n_code;  // outputs live to the end
  Tape t;
  t.n_inputs = n_inputs_;
  std::vector<int> map(next, -1);
  for (int i = 0; i < n_inputs_; ++i) map[i] = i;
  int used = n_inputs_;
  for (const auto& [r, c] : constants) {
    if (!live[r]) continue;
    map[r] = used++;
    t.constants.emplace_back(map[r], c);
  }
  std::vector<char> is_const(next, 0);
  for (const auto& c : constants) is_const[c.first] = 1;
  std::vector<int> free_regs;
  for (int p = 0; p < n_code; ++p) {
    const Instr& in = code_[order[p]];
    Instr out{in.op, -1, static_cast<int>(t.operands.size())};
    for (int j = 0; j < arity(in.op); ++j) t.operands.push_back(map[operands_[in.first + j]]);
    // free operands whose last use is this instruction (before allocating: out may reuse one)
    for (int j = 0; j < arity(in.op); ++j) {
      const int r = operands_[in.first + j];
      if (r >= n_inputs_ && last_use[r] == p && map[r] >= 0 && !is_const[r]) {
        free_regs.push_back(map[r]);
        map[r] = -2;  // freed (an operand listed twice is freed once)
      }
    }
    if (!free_regs.empty()) {
      out.out = free_regs.back();
      free_regs.pop_back();
    } else {
      out.out = used++;
    }
    map[in.out] = out.out;
    if (t.runs.empty() || t.runs.back().op != in.op)
      t.runs.push_back({in.op, static_cast<int>(t.code.size()), static_cast<int>(t.code.size())});
    t.code.push_back(out);
    ++t.runs.back().end;
  }
  for (int r : out_regs) t.outputs.push_back(map[r]);
  t.n_registers = used;
  return t;
}

}  // namespace summit::expr
