// The committee model with g = erf: instantiates the templated loss and drift (double and Jets).
#include "lib/gauss/erf.hpp"
#include "models/committee/committee_impl.hpp"

namespace summit::committee {

template class Committee<gauss::Erf>;

std::unique_ptr<Model> make_erf(const ParamValues& pv, Config c) {
  return std::make_unique<Committee<gauss::Erf>>(pv, std::move(c));
}

}  // namespace summit::committee
