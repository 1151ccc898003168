// The hoisted erf drift (Committee<Erf>::erf_B / erf_quad) equals the generic path that calls
// gauss::Erf::I3 / I4 term by term: same closed forms, different order of operations.
#include "tests/support.hpp"
#include "models/committee/committee_impl.hpp"

using namespace summit;

namespace {
// A distinct type with Erf's functions: Committee<ErfGeneric> takes the generic code path.
struct ErfGeneric : gauss::Erf {};
}  // namespace

template class summit::committee::Committee<ErfGeneric>;

TEST_CASE("committee: the erf fast path equals the generic per-term evaluation") {
  for (const std::string train : {"false", "true"}) {
    std::map<std::string, std::string> p{{"K", "4"}, {"M", "3"}, {"lr", "0.9"}, {"noise", "0.2"},
                                         {"train_second_layer", train}};
    const ParamValues pv(committee::param_specs(), p);
    const committee::Committee<gauss::Erf> fast(pv, committee::make_config(pv));
    const committee::Committee<ErfGeneric> slow(pv, committee::make_config(pv));
    std::mt19937_64 rng(5);
    for (int rep = 0; rep < 5; ++rep) {
      const Vec x = fast.random_state(rng);
      Vec d1, d2;
      Mat J1, J2;
      fast.drift_jacobian(x, d1, J1);
      slow.drift_jacobian(x, d2, J2);
      // Rounding differences only: 1e-13 relative.
      CHECK(test::rel_err(d1, d2) < 1e-13);
      CHECK(test::rel_err(J1, J2) < 1e-12);
    }
  }
}
