#include "models/models.hpp"

#include "models/committee/committee.hpp"
#include "models/eigenlearning/eigenlearning.hpp"
#include "models/random_matrix/eps_pca.hpp"
#include "models/random_matrix/spectral_diagnostics.hpp"
#include "models/saxe/saxe.hpp"
#include "models/spectral/weak_recovery.hpp"

namespace summit {

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    committee::register_model(r);
    saxe::register_model(r);
    eigenlearning::register_model(r);
    spectral::register_weak_recovery(r);
    random_matrix::register_eps_pca(r);
    random_matrix::register_spectral_diagnostics(r);
    return r;
  }();
  return registry;
}

}  // namespace summit
