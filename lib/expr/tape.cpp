// The evaluation loop of a Tape and its instantiations (double, Jet1, Jet2).
#include "lib/expr/tape.hpp"

#include "lib/autodiff/jets.hpp"
#include "lib/gauss/covariance.hpp"
#include "lib/gauss/erf.hpp"
#include "lib/gauss/linear.hpp"
#include "lib/gauss/relu.hpp"
#include "lib/gauss/scalar.hpp"

#include <boost/math/special_functions/bessel.hpp>

#include <cmath>
#include <type_traits>

namespace summit::expr {

int arity(Op op) {
  switch (op) {
    case Op::Neg: case Op::Exp: case Op::Log: case Op::Sqrt: case Op::Sin: case Op::Cos:
    case Op::Tan: case Op::Asin: case Op::Acos: case Op::Atan: case Op::Sinh: case Op::Cosh:
    case Op::Tanh: case Op::Erf: case Op::Erfc: case Op::Abs: case Op::Not: case Op::AsinClamped:
      return 1;
    case Op::Select: return 3;
    case Op::ErfI2: case Op::ErfJ2: case Op::ReluI2: case Op::ReluJ2: case Op::LinearI2:
    case Op::LinearJ2:
      return 3;
    case Op::ErfI3: case Op::ReluI3: case Op::LinearI3: return 6;
    case Op::ErfI4: case Op::ReluI4: case Op::LinearI4: return 10;
    default: return 2;
  }
}

namespace {

template <class Act, class T>
T i2(const T* a) { return Act::I2(gauss::Cov2<T>{a[0], a[1], a[2]}); }
template <class Act, class T>
T j2(const T* a) { return Act::J2(gauss::Cov2<T>{a[0], a[1], a[2]}); }
template <class Act, class T>
T i3(const T* a) { return Act::I3(gauss::Cov3<T>{a[0], a[1], a[2], a[3], a[4], a[5]}); }
template <class Act, class T>
T i4(const T* a) {
  return Act::I4(gauss::Cov4<T>{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]});
}

// J_nu(x) (modified: I_nu(x)) on double and, through the derivative recurrences, on (nested)
// Jets. Domain errors give NaN instead of an exception.
template <class T>
T bessel(bool modified, double nu, const T& x) {
  if constexpr (std::is_same_v<T, double>) {
    using namespace boost::math::policies;
    using Quiet = policy<domain_error<ignore_error>, overflow_error<ignore_error>,
                         evaluation_error<ignore_error>, pole_error<ignore_error>>;
    return modified ? boost::math::cyl_bessel_i(nu, x, Quiet()) : boost::math::cyl_bessel_j(nu, x, Quiet());
  } else {
    using Inner = std::remove_cv_t<std::remove_reference_t<decltype(x.a)>>;
    T r;
    r.a = bessel<Inner>(modified, nu, x.a);
    const Inner below = bessel<Inner>(modified, nu - 1, x.a), above = bessel<Inner>(modified, nu + 1, x.a);
    const Inner d = (modified ? below + above : below - above) * 0.5;
    for (int k = 0; k < x.v.size(); ++k) r.v[k] = x.v[k] * d;
    return r;
  }
}

// The operation on already gathered operand values a[0..arity).
template <class T>
T eval(Op op, const T* a) {
  using std::abs, std::acos, std::asin, std::atan, std::atan2, std::cos, std::cosh, std::erf,
      std::erfc, std::exp, std::log, std::pow, std::sin, std::sinh, std::sqrt, std::tan, std::tanh;
  using gauss::lift, gauss::value;
  switch (op) {
    case Op::Add: return a[0] + a[1];
    case Op::Sub: return a[0] - a[1];
    case Op::Mul: return a[0] * a[1];
    case Op::Div: return a[0] / a[1];
    case Op::Neg: return -a[0];
    case Op::Pow: return pow(a[0], a[1]);
    case Op::PowConst: return pow(a[0], value(a[1]));
    case Op::Exp: return exp(a[0]);
    case Op::Log: return log(a[0]);
    case Op::Sqrt: return sqrt(a[0]);
    case Op::Sin: return sin(a[0]);
    case Op::Cos: return cos(a[0]);
    case Op::Tan: return tan(a[0]);
    case Op::Asin: return asin(a[0]);
    case Op::Acos: return acos(a[0]);
    case Op::Atan: return atan(a[0]);
    case Op::Sinh: return sinh(a[0]);
    case Op::Cosh: return cosh(a[0]);
    case Op::Tanh: return tanh(a[0]);
    case Op::Erf: return erf(a[0]);
    case Op::Erfc: return erfc(a[0]);
    case Op::Abs: return abs(a[0]);
    case Op::Atan2: return atan2(a[0], a[1]);
    case Op::Min: return value(a[0]) <= value(a[1]) ? a[0] : a[1];
    case Op::Max: return value(a[0]) >= value(a[1]) ? a[0] : a[1];
    case Op::Less: return lift<T>(value(a[0]) < value(a[1]) ? 1.0 : 0.0);
    case Op::LessEq: return lift<T>(value(a[0]) <= value(a[1]) ? 1.0 : 0.0);
    case Op::Eq: return lift<T>(value(a[0]) == value(a[1]) ? 1.0 : 0.0);
    case Op::Ne: return lift<T>(value(a[0]) != value(a[1]) ? 1.0 : 0.0);
    case Op::And: return lift<T>(value(a[0]) != 0 && value(a[1]) != 0 ? 1.0 : 0.0);
    case Op::Or: return lift<T>(value(a[0]) != 0 || value(a[1]) != 0 ? 1.0 : 0.0);
    case Op::Not: return lift<T>(value(a[0]) == 0 ? 1.0 : 0.0);
    case Op::Select: return value(a[0]) != 0 ? a[1] : a[2];
    case Op::AsinClamped: return gauss::detail::asin_clamped(a[0]);
    case Op::BesselJ: return bessel(false, value(a[0]), a[1]);
    case Op::BesselI: return bessel(true, value(a[0]), a[1]);
    case Op::ErfI2: return i2<gauss::Erf>(a);
    case Op::ErfJ2: return j2<gauss::Erf>(a);
    case Op::ErfI3: return i3<gauss::Erf>(a);
    case Op::ErfI4: return i4<gauss::Erf>(a);
    case Op::ReluI2: return i2<gauss::Relu>(a);
    case Op::ReluJ2: return j2<gauss::Relu>(a);
    case Op::ReluI3: return i3<gauss::Relu>(a);
    case Op::ReluI4: return i4<gauss::Relu>(a);
    case Op::LinearI2: return i2<gauss::Linear>(a);
    case Op::LinearJ2: return j2<gauss::Linear>(a);
    case Op::LinearI3: return i3<gauss::Linear>(a);
    case Op::LinearI4: return i4<gauss::Linear>(a);
  }
  return a[0];
}

}  // namespace

double apply(Op op, const double* args) { return eval<double>(op, args); }

template <class T>
void run(const Tape& tape, const T* x, T* out, std::vector<T>& r) {
  if (static_cast<int>(r.size()) < tape.n_registers) r.resize(tape.n_registers);
  for (int i = 0; i < tape.n_inputs; ++i) r[i] = x[i];
  for (const auto& [reg, v] : tape.constants) r[reg] = gauss::lift<T>(v);
  const int* ops = tape.operands.data();
  T* reg = r.data();
  // One switch per run of equal operations (TapeBuilder::finish groups independent instructions
  // by operation): the inner loops branch predictably and their instructions are independent.
  for (const Run& run : tape.runs) {
    const Instr* in = tape.code.data() + run.begin;
    const Instr* const end = tape.code.data() + run.end;
    switch (run.op) {  // the hot cases directly, the rest gathered
      case Op::Add:
        for (; in != end; ++in) reg[in->out] = reg[ops[in->first]] + reg[ops[in->first + 1]];
        break;
      case Op::Sub:
        for (; in != end; ++in) reg[in->out] = reg[ops[in->first]] - reg[ops[in->first + 1]];
        break;
      case Op::Mul:
        for (; in != end; ++in) reg[in->out] = reg[ops[in->first]] * reg[ops[in->first + 1]];
        break;
      case Op::Div:
        for (; in != end; ++in) reg[in->out] = reg[ops[in->first]] / reg[ops[in->first + 1]];
        break;
      case Op::Neg:
        for (; in != end; ++in) reg[in->out] = -reg[ops[in->first]];
        break;
      default: {
        const int n = arity(run.op);
        for (; in != end; ++in) {
          T a[10];
          for (int k = 0; k < n; ++k) a[k] = reg[ops[in->first + k]];
          reg[in->out] = eval<T>(run.op, a);
        }
      }
    }
  }
  for (std::size_t i = 0; i < tape.outputs.size(); ++i) out[i] = r[tape.outputs[i]];
}

template void run<double>(const Tape&, const double*, double*, std::vector<double>&);
template void run<autodiff::Jet1>(const Tape&, const autodiff::Jet1*, autodiff::Jet1*,
                                  std::vector<autodiff::Jet1>&);
template void run<autodiff::Jet2>(const Tape&, const autodiff::Jet2*, autodiff::Jet2*,
                                  std::vector<autodiff::Jet2>&);

}  // namespace summit::expr
