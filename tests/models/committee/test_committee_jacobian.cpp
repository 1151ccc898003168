// The structured drift Jacobian (models/committee/committee_jacobian.hpp) equals the Jet pass over
// the whole drift: the same derivatives by the chain rule, so only rounding differs (1e-10 of the
// largest entry is far above the ~1e-15 measured and far below any wrong term).
#include "tests/support.hpp"
#include "lib/gauss/linear.hpp"
#include "lib/gauss/relu.hpp"
#include "models/committee/committee_impl.hpp"

using namespace summit;

namespace {
template <class Act>
void check_equal_to_jet(std::map<std::string, std::string> p, int states, std::uint64_t seed) {
  const ParamValues pv(committee::param_specs(), p);
  const committee::Committee<Act> m(pv, committee::make_config(pv));
  REQUIRE(m.structured_jacobian_applies());
  std::mt19937_64 rng(seed);
  std::vector<Vec> xs;
  for (int s = 0; s < states; ++s) xs.push_back(m.random_state(rng));
  // Degenerate states: perfect learning (students equal to teachers: duplicated fields) and the
  // structured starts (anti-aligned, split and dead students).
  for (const auto& sp : m.structured_starts()) xs.push_back(sp.x);
  for (size_t s = 0; s < xs.size(); ++s) {
    const Vec& x = xs[s];
    CAPTURE(s);
    Vec d1, d2;
    Mat J1, J2;
    m.drift_jacobian(x, d1, J1);
    m.jet_drift_jacobian(x, d2, J2);
    CHECK(test::rel_err(d1, d2) < 1e-12);
    CHECK(test::rel_err(J1, J2) < 1e-10);
    // The structured loss gradient against the Jet pass over the whole loss (same tolerances).
    double L1, L2;
    Vec g1, g2;
    m.loss_gradient(x, L1, g1);
    m.jet_loss_gradient(x, L2, g2);
    CHECK(std::abs(L1 - L2) <= 1e-12 * std::max(1.0, std::abs(L2)));
    CHECK(test::rel_err(g1, g2) < 1e-10);
  }
}
}  // namespace

TEST_CASE("committee jacobian: structured = Jet, ReLU gradient flow") {
  check_equal_to_jet<gauss::Relu>({{"K", "4"}, {"M", "3"}, {"activation", "relu"},
                                   {"dynamics", "gradient-flow"}, {"weight_decay", "0.1"}},
                                  4, 1);
  check_equal_to_jet<gauss::Relu>({{"K", "10"}, {"M", "10"}, {"activation", "relu"},
                                   {"dynamics", "gradient-flow"}},
                                  1, 2);
}

TEST_CASE("committee jacobian: structured = Jet, ReLU SGD with noise and weight decay") {
  check_equal_to_jet<gauss::Relu>({{"K", "3"}, {"M", "2"}, {"activation", "relu"}, {"lr", "0.7"},
                                   {"noise", "0.3"}, {"weight_decay", "0.05"}},
                                  3, 3);
}

TEST_CASE("committee jacobian: structured = Jet, erf gradient flow and linear SGD") {
  check_equal_to_jet<gauss::Erf>({{"K", "3"}, {"M", "4"}, {"dynamics", "gradient-flow"}}, 3, 4);
  check_equal_to_jet<gauss::Linear>({{"K", "3"}, {"M", "2"}, {"activation", "linear"},
                                     {"noise", "0.2"}},
                                    3, 5);
}

TEST_CASE("committee jacobian: the Jet pass is kept where no structured form applies") {
  const ParamValues pv(committee::param_specs(), {{"K", "2"}, {"train_second_layer", "true"}});
  const committee::Committee<gauss::Erf> m(pv, committee::make_config(pv));
  CHECK_FALSE(m.structured_jacobian_applies());
  const ParamValues pv2(committee::param_specs(), {{"K", "2"}});
  const committee::Committee<gauss::Erf> sgd(pv2, committee::make_config(pv2));
  CHECK_FALSE(sgd.structured_jacobian_applies());
}

