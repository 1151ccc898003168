// The committee model with g = linear: instantiates the templated loss and drift (double and Jets).
#include "lib/gauss/linear.hpp"
#include "models/committee/committee_impl.hpp"

namespace summit::committee {

template class Committee<gauss::Linear>;

std::unique_ptr<Model> make_linear(const ParamValues& pv, Config c) {
  return std::make_unique<Committee<gauss::Linear>>(pv, std::move(c));
}

}  // namespace summit::committee
