// The expanded form of a model file's equations (models/user/equations.hpp): the flat programs
// re-read as GiNaC expressions in the state coordinates, the derived drift by GiNaC's
// differentiation of the loss, printed by GiNaC.
#include "models/user/equations.hpp"

#include <ginac/ginac.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace summit::user {

namespace symbolic {

using GiNaC::ex;

// Functions of the language GiNaC does not have; printed under the language's names.
DECLARE_FUNCTION_1P(f_erf)
DECLARE_FUNCTION_1P(f_erfc)
DECLARE_FUNCTION_2P(f_min)
DECLARE_FUNCTION_2P(f_max)
DECLARE_FUNCTION_2P(f_less)
DECLARE_FUNCTION_2P(f_less_eq)
DECLARE_FUNCTION_2P(f_eq)
DECLARE_FUNCTION_2P(f_ne)
DECLARE_FUNCTION_2P(f_and)
DECLARE_FUNCTION_2P(f_or)
DECLARE_FUNCTION_1P(f_not)
DECLARE_FUNCTION_3P(f_if)
DECLARE_FUNCTION_2P(f_besselj)
DECLARE_FUNCTION_2P(f_besseli)
// The Gaussian expectations of lib/gauss, arguments in the order of gauss::Cov2/3/4 (the erf ones
// only appear in programs built without lib/expr/gauss_inline, which writes them out).
DECLARE_FUNCTION_3P(erf_I2)
DECLARE_FUNCTION_3P(erf_J2)
DECLARE_FUNCTION_6P(erf_I3)
DECLARE_FUNCTION_10P(erf_I4)
DECLARE_FUNCTION_3P(relu_I2)
DECLARE_FUNCTION_3P(relu_J2)
DECLARE_FUNCTION_6P(relu_I3)
DECLARE_FUNCTION_10P(relu_I4)
DECLARE_FUNCTION_3P(linear_I2)
DECLARE_FUNCTION_3P(linear_J2)
DECLARE_FUNCTION_6P(linear_I3)
DECLARE_FUNCTION_10P(linear_I4)

namespace {

ex erf_derivative(const ex& x, unsigned) { return 2 / GiNaC::sqrt(GiNaC::Pi) * GiNaC::exp(-x * x); }
ex erfc_derivative(const ex& x, unsigned) { return -2 / GiNaC::sqrt(GiNaC::Pi) * GiNaC::exp(-x * x); }

ex numeric_or_hold(const ex& e, double (*f)(double), const ex& self) {
  if (GiNaC::is_a<GiNaC::numeric>(e) && GiNaC::ex_to<GiNaC::numeric>(e).is_real())
    return GiNaC::numeric(f(GiNaC::ex_to<GiNaC::numeric>(e).to_double()));
  return self;
}
ex erf_evalf(const ex& x) { return numeric_or_hold(x, [](double v) { return std::erf(v); }, f_erf(x).hold()); }
ex erfc_evalf(const ex& x) { return numeric_or_hold(x, [](double v) { return std::erfc(v); }, f_erfc(x).hold()); }

}  // namespace

REGISTER_FUNCTION(f_erf, derivative_func(erf_derivative).evalf_func(erf_evalf).set_name("erf", "\\mathrm{erf}"))
REGISTER_FUNCTION(f_erfc, derivative_func(erfc_derivative).evalf_func(erfc_evalf).set_name("erfc", "\\mathrm{erfc}"))
REGISTER_FUNCTION(f_min, set_name("min", "\\min"))
REGISTER_FUNCTION(f_max, set_name("max", "\\max"))
REGISTER_FUNCTION(f_less, set_name("less", "\\mathrm{less}"))
REGISTER_FUNCTION(f_less_eq, set_name("less_eq", "\\mathrm{less\\_eq}"))
REGISTER_FUNCTION(f_eq, set_name("equal", "\\mathrm{equal}"))
REGISTER_FUNCTION(f_ne, set_name("not_equal", "\\mathrm{not\\_equal}"))
REGISTER_FUNCTION(f_and, set_name("and", "\\mathrm{and}"))
REGISTER_FUNCTION(f_or, set_name("or", "\\mathrm{or}"))
REGISTER_FUNCTION(f_not, set_name("not", "\\mathrm{not}"))
REGISTER_FUNCTION(f_if, set_name("if", "\\mathrm{if}"))
REGISTER_FUNCTION(f_besselj, set_name("besselj", "J"))
REGISTER_FUNCTION(f_besseli, set_name("besseli", "I"))
REGISTER_FUNCTION(erf_I2, set_name("erf_I2", "\\mathcal{I}^{\\mathrm{erf}}_2"))
REGISTER_FUNCTION(erf_J2, set_name("erf_J2", "\\mathcal{J}^{\\mathrm{erf}}_2"))
REGISTER_FUNCTION(erf_I3, set_name("erf_I3", "\\mathcal{I}^{\\mathrm{erf}}_3"))
REGISTER_FUNCTION(erf_I4, set_name("erf_I4", "\\mathcal{I}^{\\mathrm{erf}}_4"))
REGISTER_FUNCTION(relu_I2, set_name("relu_I2", "\\mathcal{I}^{\\mathrm{relu}}_2"))
REGISTER_FUNCTION(relu_J2, set_name("relu_J2", "\\mathcal{J}^{\\mathrm{relu}}_2"))
REGISTER_FUNCTION(relu_I3, set_name("relu_I3", "\\mathcal{I}^{\\mathrm{relu}}_3"))
REGISTER_FUNCTION(relu_I4, set_name("relu_I4", "\\mathcal{I}^{\\mathrm{relu}}_4"))
REGISTER_FUNCTION(linear_I2, set_name("linear_I2", "\\mathcal{I}^{\\mathrm{linear}}_2"))
REGISTER_FUNCTION(linear_J2, set_name("linear_J2", "\\mathcal{J}^{\\mathrm{linear}}_2"))
REGISTER_FUNCTION(linear_I3, set_name("linear_I3", "\\mathcal{I}^{\\mathrm{linear}}_3"))
REGISTER_FUNCTION(linear_I4, set_name("linear_I4", "\\mathcal{I}^{\\mathrm{linear}}_4"))

namespace {

using expr::Op;

// A number of a program: a small fraction when it is one (parameters such as 0.5 print as 1/2),
// else a floating-point number.
ex number(double v) {
  if (std::isfinite(v) && std::abs(v) < 1e12)
    for (long q = 1; q <= 100; ++q) {
      const double p = v * static_cast<double>(q);
      if (std::abs(p - std::round(p)) <= 1e-13 * std::max(1.0, std::abs(p)))
        return GiNaC::numeric(static_cast<long>(std::round(p)), q);
    }
  return GiNaC::numeric(v);
}

// The outputs of a program, in terms of the given input expressions.
std::vector<ex> program(const expr::Tape& t, const std::vector<ex>& inputs) {
  std::vector<ex> r(static_cast<std::size_t>(t.n_registers));
  for (int i = 0; i < t.n_inputs; ++i) r[i] = inputs[i];
  for (const auto& [reg, v] : t.constants) r[reg] = number(v);
  for (const expr::Instr& in : t.code) {
    const int* o = t.operands.data() + in.first;
    auto a = [&](int k) -> const ex& { return r[o[k]]; };
    ex v;
    switch (in.op) {
      case Op::Add: v = a(0) + a(1); break;
      case Op::Sub: v = a(0) - a(1); break;
      case Op::Mul: v = a(0) * a(1); break;
      case Op::Div: v = a(0) / a(1); break;
      case Op::Neg: v = -a(0); break;
      case Op::Pow: case Op::PowConst: v = GiNaC::pow(a(0), a(1)); break;
      case Op::Exp: v = GiNaC::exp(a(0)); break;
      case Op::Log: v = GiNaC::log(a(0)); break;
      case Op::Sqrt: v = GiNaC::sqrt(a(0)); break;
      case Op::Sin: v = GiNaC::sin(a(0)); break;
      case Op::Cos: v = GiNaC::cos(a(0)); break;
      case Op::Tan: v = GiNaC::tan(a(0)); break;
      case Op::Asin: case Op::AsinClamped: v = GiNaC::asin(a(0)); break;
      case Op::Acos: v = GiNaC::acos(a(0)); break;
      case Op::Atan: v = GiNaC::atan(a(0)); break;
      case Op::Sinh: v = GiNaC::sinh(a(0)); break;
      case Op::Cosh: v = GiNaC::cosh(a(0)); break;
      case Op::Tanh: v = GiNaC::tanh(a(0)); break;
      case Op::Erf: v = f_erf(a(0)); break;
      case Op::Erfc: v = f_erfc(a(0)); break;
      case Op::Abs: v = GiNaC::abs(a(0)); break;
      case Op::Atan2: v = GiNaC::atan2(a(0), a(1)); break;
      case Op::Min: v = f_min(a(0), a(1)); break;
      case Op::Max: v = f_max(a(0), a(1)); break;
      case Op::Less: v = f_less(a(0), a(1)); break;
      case Op::LessEq: v = f_less_eq(a(0), a(1)); break;
      case Op::Eq: v = f_eq(a(0), a(1)); break;
      case Op::Ne: v = f_ne(a(0), a(1)); break;
      case Op::And: v = f_and(a(0), a(1)); break;
      case Op::Or: v = f_or(a(0), a(1)); break;
      case Op::Not: v = f_not(a(0)); break;
      case Op::Select: v = f_if(a(0), a(1), a(2)); break;
      case Op::BesselJ: v = f_besselj(a(0), a(1)); break;
      case Op::BesselI: v = f_besseli(a(0), a(1)); break;
      case Op::ErfI2: v = erf_I2(a(0), a(1), a(2)); break;
      case Op::ErfJ2: v = erf_J2(a(0), a(1), a(2)); break;
      case Op::ErfI3: v = erf_I3(a(0), a(1), a(2), a(3), a(4), a(5)); break;
      case Op::ErfI4: v = erf_I4(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9)); break;
      case Op::ReluI2: v = relu_I2(a(0), a(1), a(2)); break;
      case Op::ReluJ2: v = relu_J2(a(0), a(1), a(2)); break;
      case Op::ReluI3: v = relu_I3(a(0), a(1), a(2), a(3), a(4), a(5)); break;
      case Op::ReluI4: v = relu_I4(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9)); break;
      case Op::LinearI2: v = linear_I2(a(0), a(1), a(2)); break;
      case Op::LinearJ2: v = linear_J2(a(0), a(1), a(2)); break;
      case Op::LinearI3: v = linear_I3(a(0), a(1), a(2), a(3), a(4), a(5)); break;
      case Op::LinearI4: v = linear_I4(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9)); break;
    }
    r[in.out] = v;
  }
  std::vector<ex> out;
  for (int reg : t.outputs) out.push_back(r[reg]);
  return out;
}

std::string tex_coordinate(const std::string& name) {
  std::string s;
  for (char c : name) s += c == '[' ? std::string("_{") : c == ']' ? std::string("}") : std::string(1, c);
  return s;
}

struct Symbolic {
  std::vector<GiNaC::symbol> x;  // one per state coordinate
  std::vector<ex> inputs;
  ex loss;
  std::vector<ex> drift;
};

Symbolic derive(const CompiledModel& m) {
  Symbolic s;
  const int n = m.layout.size();
  for (int k = 0; k < n; ++k) {
    const std::string name = m.layout.coord_name(k);
    s.x.emplace_back(name, tex_coordinate(name));
    s.inputs.push_back(s.x.back());
  }
  s.loss = program(m.loss, s.inputs).at(0);
  s.drift = program(m.drift, s.inputs);  // written-out terms (and += terms of derived blocks)
  // The gradient flow through each Gram matrix (lib/gram.hpp), as in FileModel::add_flow but with
  // the loss gradient from GiNaC::diff.
  for (const Flow& f : m.flows) {
    const Block& qb = m.layout.blocks()[f.q_block];
    const Block& rb = m.layout.blocks()[f.r_block];
    const int K = f.K, M = f.M;
    auto Q = [&](int i, int j) -> ex { return s.x[qb.index(i, j)]; };
    auto R = [&](int i, int j) -> ex { return s.x[rb.index(i, j)]; };
    auto G = [&](int i, int j) -> ex { return (i == j ? 2 : 1) * s.loss.diff(s.x[qb.index(i, j)]); };
    auto S = [&](int i, int j) -> ex { return s.loss.diff(s.x[rb.index(i, j)]); };
    const ex rate = number(f.rate);
    auto A = [&](int i, int k) {
      ex a = 0;
      for (int j = 0; j < K; ++j) a += G(i, j) * Q(j, k);
      for (int l = 0; l < M; ++l) a += S(i, l) * R(k, l);
      return a;
    };
    for (int i = 0; i < K; ++i) {
      for (int nn = 0; nn < M; ++nn) {
        ex d = 0;
        for (int k = 0; k < K; ++k) d += G(i, k) * R(k, nn);
        for (int l = 0; l < M; ++l) d += S(i, l) * number(f.T(l, nn));
        s.drift[rb.index(i, nn)] += -rate * d;
      }
      for (int k = i; k < K; ++k) s.drift[qb.index(i, k)] += -rate * (A(i, k) + A(k, i));
    }
  }
  return s;
}

}  // namespace

}  // namespace symbolic

std::string expanded_equations(const CompiledModel& m, bool latex) {
  const symbolic::Symbolic s = symbolic::derive(m);
  std::ostringstream os;
  if (latex) os << "\\begin{align*}\n" << GiNaC::latex;
  auto line = [&](const std::string& lhs, const GiNaC::ex& rhs, bool last) {
    if (latex) os << lhs << " &= " << rhs << (last ? "\n" : " \\\\\n");
    else os << lhs << " = " << rhs << "\n";
  };
  const std::vector<GiNaC::ex> obs = symbolic::program(m.observables, s.inputs);
  const int n = m.layout.size();
  line(latex ? "\\mathcal{L}" : "loss", s.loss, n == 0 && obs.empty());
  for (int k = 0; k < n; ++k) {
    const std::string c = m.layout.coord_name(k);
    line(latex ? "\\frac{d" + symbolic::tex_coordinate(c) + "}{dt}" : "d/dt " + c, s.drift[k],
         k + 1 == n && obs.empty());
  }
  for (std::size_t k = 0; k < obs.size(); ++k)
    line(latex ? "\\mathrm{" + m.observable_names[k] + "}" : m.observable_names[k], obs[k], k + 1 == obs.size());
  if (latex) os << GiNaC::dflt << "\\end{align*}\n";
  return os.str();
}

Vec expanded_drift_values(const CompiledModel& m, const Vec& x) {
  const symbolic::Symbolic s = symbolic::derive(m);
  GiNaC::exmap at;
  for (int k = 0; k < x.size(); ++k) at[s.x[k]] = GiNaC::numeric(x[k]);
  Vec out(x.size());
  for (int k = 0; k < x.size(); ++k) {
    const GiNaC::ex v = s.drift[k].subs(at).evalf();
    out[k] = GiNaC::is_a<GiNaC::numeric>(v) && GiNaC::ex_to<GiNaC::numeric>(v).is_real()
                 ? GiNaC::ex_to<GiNaC::numeric>(v).to_double()
                 : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace summit::user
