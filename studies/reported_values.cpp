#include "studies/reported_values.hpp"

namespace summit::studies {

bool loss_is_nonnegative(const std::string& model) { return model == "committee"; }

double reported_loss(const std::string& model, double loss) {
  return loss < 0 && loss >= -kLossRoundoff && loss_is_nonnegative(model) ? 0.0 : loss;
}

Vec shown_observables(const Model& m, const Vec& x) {
  Vec obs = m.observables(x);
  if (!loss_is_nonnegative(m.name())) return obs;
  const auto names = m.observable_names();
  for (int i = 0; i < obs.size(); ++i)
    if (names[static_cast<size_t>(i)] == "eg" || names[static_cast<size_t>(i)] == "test_error")
      obs[i] = reported_loss(m.name(), obs[i]);
  return obs;
}

}  // namespace summit::studies
