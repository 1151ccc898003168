// The committee model with g = relu: instantiates the templated loss and drift (double and Jets).
#include "lib/gauss/relu.hpp"
#include "models/committee/committee_impl.hpp"

namespace summit::committee {

template class Committee<gauss::Relu>;

std::unique_ptr<Model> make_relu(const ParamValues& pv, Config c) {
  return std::make_unique<Committee<gauss::Relu>>(pv, std::move(c));
}

}  // namespace summit::committee
