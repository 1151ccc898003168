// Rendering of the study `basins` (studies/basins_study.hpp): one row per fixed point reached,
// then the uncertified ends grouped by loss.
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "studies/basins_study.hpp"

namespace summit::cli {

using json = nlohmann::json;

int cmd_basins(const Options& o, const Model& m, const Setup&, studies::Progress* progress) {
  const studies::BasinsStudyResult result = studies::run(m, basins_request(o), progress);
  raise_on(result.outcome);
  const BasinResult& r = result.basins;
  json j = header(o, &m, r.status, r.message);
  j.update(studies::result_json(m, result));
  Table t{"end points of " + std::to_string(r.runs) + " runs from random starts (" +
              std::to_string(r.unconverged) + " not certified as fixed points)",
          {"#", "loss", "type", "index", "flat", "runs", "fraction"}, {}};
  int k = 0;
  for (const auto& b : r.basins) {
    t.add_row({std::to_string(k + 1), num(result.losses[k]), b.stability.type, std::to_string(b.stability.index),
               std::to_string(b.stability.n_zero), std::to_string(b.count), num(b.fraction, 4)});
    ++k;
  }
  for (const auto& u : r.uncertified)
    t.add_row({std::to_string(++k), num(u.loss), "uncertified (max|drift| " + num(u.max_drift, 2) + ")", "", "",
               std::to_string(u.count), num(u.fraction, 4)});
  const BasinOptions& bo = result.options;
  std::string extra =
      r.unconverged ? "\n'uncertified': not steady (max|drift| < " + num(bo.steady_tol) + ") by t = " +
                          num(bo.t_max) + " or not polished to max|drift| <= " + num(bo.polish.tol) +
                          "; grouped by final loss\n"
                    : "";
  if (r.failed)
    extra += "\n" + std::to_string(r.failed) + " of " + std::to_string(r.runs) +
             " integrations failed (not counted above); first: " + r.first_failure + "\n";
  emit(render(o, &m, t, j, extra), o.out);
  return 0;
}

}  // namespace summit::cli
