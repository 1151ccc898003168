#include "models/models.hpp"

#include "models/committee/committee.hpp"
#include "models/eigenlearning/eigenlearning.hpp"
#include "models/landscape/franz_parisi.hpp"
#include "models/landscape/low_degree.hpp"
#include "models/random_matrix/transient_bbp.hpp"
#include "models/rbm/rbm.hpp"
#include "models/random_matrix/eps_pca.hpp"
#include "models/random_matrix/spectral_diagnostics.hpp"
#include "models/saxe/saxe.hpp"
#include "models/single_index/single_index.hpp"
#include "models/spectral/weak_recovery.hpp"
#include "models/ssi/ssi.hpp"
#include "models/user/file_model.hpp"

namespace summit {

const Registry& builtin_registry() {
  static const Registry registry = [] {
    Registry r;
    committee::register_model(r);
    saxe::register_model(r);
    eigenlearning::register_model(r);
    spectral::register_weak_recovery(r);
    landscape::register_franz_parisi(r);
    landscape::register_low_degree(r);
    random_matrix::register_transient_bbp(r);
    single_index::register_model(r);
    rbm::register_model(r);
    random_matrix::register_eps_pca(r);
    random_matrix::register_spectral_diagnostics(r);
    ssi::register_model(r);
    set_model_resolver(user::model_file_resolver());  // model files (docs/models.md)
    return r;
  }();
  return registry;
}

}  // namespace summit
