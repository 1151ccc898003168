#include "models/models.hpp"

#include "models/plugins.hpp"

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

#include <algorithm>

namespace summit {

namespace {
// The names compiled in, recorded before the resolver is installed (Registry::names lists the
// resolver's models too).
std::vector<std::string>& compiled_names() {
  static std::vector<std::string> names;
  return names;
}
}  // namespace

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
    compiled_names() = r.names();  // sorted
    // Plugins (docs/extending.md), then model files (docs/models.md).
    set_model_resolver(with_plugin_models(user::model_file_resolver()));
    return r;
  }();
  return registry;
}

bool is_builtin_model(const std::string& name) {
  builtin_registry();
  return std::binary_search(compiled_names().begin(), compiled_names().end(), name);
}

}  // namespace summit
