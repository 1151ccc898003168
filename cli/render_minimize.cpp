// Rendering of the study `minimize`: one row per local minimum with its Hessian extremes.
#include "cli/render.hpp"
#include "cli/study_commands.hpp"
#include "studies/minimize_study.hpp"

namespace summit::cli {

using json = nlohmann::json;

int cmd_minimize(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::MinimizeStudyResult r = studies::run(m, minimize_request(o, s), progress);
  raise_on(r.outcome);
  json j = header(o, &m, r.search.status, r.search.message);
  j.update(studies::result_json(m, r));
  Table t{std::to_string(r.search.minima.size()) + " local minima (" + std::to_string(r.search.converged) + " of " +
              std::to_string(r.search.starts) + " starts converged)",
          {"#", "loss", "max|grad|", "weight_hess_min", "weight_hess_max", "overlap_hess_min", "hits", "found from"},
          {}};
  for (size_t k = 0; k < r.search.minima.size(); ++k) {
    const Minimum& mi = r.search.minima[k];
    const bool he = mi.hessian_eigenvalues.size() > 0;
    const bool hw = mi.free_hessian_eigenvalues.size() > 0;
    t.add_row({std::to_string(k + 1), num(r.losses[k]), num(mi.gradient_norm, 2),
               hw ? num(mi.free_hessian_eigenvalues.minCoeff(), 3) : "n/a",
               hw ? num(mi.free_hessian_eigenvalues.maxCoeff(), 3) : "n/a",
               he ? num(mi.hessian_eigenvalues.minCoeff(), 3) : "n/a", std::to_string(mi.hits), mi.origin});
  }
  emit(render(o, &m, t, j), o.out);
  return 0;
}

}  // namespace summit::cli
