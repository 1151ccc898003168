// basins: still configured and solved here (not yet a studies/ request; docs/design.md), rendered
// as a table, CSV or JSON.
#include "cli/commands.hpp"
#include "cli/json_input.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "studies/result_json.hpp"
#include "cli/bifurcation_plot.hpp"
#include "cli/continuation.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/result_check.hpp"
#include "cli/table_columns.hpp"
#include "cli/plot.hpp"
#include "lib/model_resolver.hpp"
#include "models/models.hpp"
#include "solvers/basins.hpp"
#include "solvers/continuation.hpp"
#include "solvers/fixed_point_census.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/minimize.hpp"
#include "solvers/simulate.hpp"
#include "solvers/stability.hpp"
#include <nlohmann/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

int cmd_basins(const Options& o, const Model& m, const Setup&, studies::Progress*) {
  BasinOptions bo;
  if (o.runs < 1) throw std::invalid_argument("--runs " + std::to_string(o.runs) + ": must be >= 1");
  bo.runs = o.runs;
  bo.seed = o.solver_seed;
  bo.t_max = o.t_end;
  bo.steady_tol = o.steady_tol;
  bo.integrate = integrate_options(m, o);
  bo.polish = fp_options(o);
  bo.stability.eps = o.eps;
  bo.progress = current_progress();
  const BasinResult r = basins(m, bo);
  fail_on(r.status, "basin search", r.message);
  json j = header(o, &m, r.status, r.message);
  j["solver"] = {{"runs", r.runs}, {"t_max", bo.t_max}, {"steady_tol", bo.steady_tol},
                 {"seed", bo.seed}};
  j["unconverged"] = r.unconverged;
  j["failed"] = r.failed;
  if (r.failed) j["first_failure"] = r.first_failure;
  j["basins"] = json::array();
  Table t{"end points of " + std::to_string(r.runs) + " runs from random starts (" +
              std::to_string(r.unconverged) + " not certified as fixed points)",
          {"#", "loss", "type", "index", "flat", "runs", "fraction"}, {}};
  int k = 0;
  for (const auto& b : r.basins) {
    json p = studies::fixed_point_json(m, b.x, reported_loss(m.name(), b.loss), 0, b.stability);
    p.erase("residual");
    p["count"] = b.count;
    p["fraction"] = b.fraction;
    j["basins"].push_back(p);
    t.add_row({std::to_string(++k), num(reported_loss(m.name(), b.loss)), b.stability.type,
               std::to_string(b.stability.index), std::to_string(b.stability.n_zero),
               std::to_string(b.count), num(b.fraction, 4)});
  }
  j["uncertified"] = json::array();
  for (const auto& u : r.uncertified) {
    j["uncertified"].push_back(
        {{"loss", u.loss}, {"max_drift", u.max_drift}, {"count", u.count}, {"fraction", u.fraction}});
    t.add_row({std::to_string(++k), num(u.loss), "uncertified (max|drift| " + num(u.max_drift, 2) + ")",
               "", "", std::to_string(u.count), num(u.fraction, 4)});
  }
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
