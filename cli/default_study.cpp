// `summit` without arguments: a small study of the K = M = 2 committee (docs/cli.md).
#include "cli/commands.hpp"
#include "cli/json_input.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "studies/result_json.hpp"
#include "cli/bifurcation_plot.hpp"
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

int default_study(const Options& o) {
  std::ostringstream os;
  os << "summit " << SUMMIT_VERSION << ": default study\n"
     << "Two-layer soft committee machine, erf activation, K = M = 2 (student = teacher width),\n"
     << "teacher overlaps T = I, second layers fixed at 1, online SGD with lr = 0.5, no noise.\n"
     << "Time alpha = SGD steps / input dimension N (the N -> infinity ODEs of Saad & Solla 1995).\n\n";
  auto m = builtin_registry().make("committee", {{"K", "2"}, {"M", "2"}, {"lr", "0.5"}});
  const Vec x0 = m->initial_state();
  IntegrateOptions io;
  io.times = log_grid(2000, 25, 0.1);
  io.events = {parse_event(*m, "plateau escape: r_spread>0.5"), parse_event(*m, "eg<1e-5")};
  const Trajectory tr = integrate(*m, x0, io);
  fail_on(tr.status, "integration", tr.message);
  os << "1. Learning curve from a random start (Q = I, |R| ~ 1e-3; dopri5, atol = rtol = 1e-10):\n";
  Table t{"", {"alpha", "eg", "r_spread", "Q[1,1]", "Q[1,2]", "R[1,1]", "R[1,2]"}, {}};
  for (size_t i = 0; i < tr.t.size(); ++i) {
    const Vec& x = tr.x[i];
    const Vec obs = shown_observables(*m, x);
    t.add_row({num(tr.t[i], 4), num(obs[0], 4), num(obs[2], 4), num(x[0], 4), num(x[1], 4),
               num(x[3], 4), num(x[4], 4)});
  }
  os << render_table(t) << "\n";
  os << "2. Events located on the dense output:\n";
  for (const auto& e : tr.events)
    os << "   " << e.name << ": "
       << (e.found ? "alpha = " + num(e.time, 8) : std::string("not reached")) << "\n";
  // The plateau the trajectory visits: the output state of smallest |drift| before the escape,
  // polished into a fixed point.
  const EventHit& esc = tr.events[0];
  if (!esc.found) throw SolverFailure("the default study did not escape the plateau by alpha = 2000");
  IntegrateOptions fine;
  fine.times = log_grid(esc.time, 200, 0.1);
  const Trajectory trf = integrate(*m, x0, fine);
  fail_on(trf.status, "integration", trf.message);
  Vec xp = trf.x.front();
  double best = INFINITY;
  for (const Vec& x : trf.x) {
    Vec dx;
    m->drift(x, dx);
    if (dx.lpNorm<Eigen::Infinity>() < best) {
      best = dx.lpNorm<Eigen::Infinity>();
      xp = x;
    }
  }
  FixedPointOptions f;
  double res;
  const Status ps = polish_fixed_point(*m, xp, f, &res);
  fail_on(ps, "plateau fixed-point polish", "max|drift| = " + num(res));
  const Stability st = analyse_stability(*m, xp);
  os << "\n3. The plateau: the slowest point of the trajectory before the escape (max|drift| = "
     << num(best, 2) << "),\n   polished by Ceres + least-squares Newton into a fixed point:\n";
  Table tp{"", {"coordinate", "value"}, {}};
  for (int i = 0; i < xp.size(); ++i) tp.add_row({m->layout().coord_name(i), num(xp[i], 8)});
  os << render_table(tp) << stability_text(*m, xp, reported_loss(m->name(), m->loss(xp)), res, st, 1e-3) << "\n";
  os << "Next: summit describe committee | summit curve committee --set K=3 --set M=3 --t-end 1e4\n"
     << "      summit fixed-points committee --format json | summit simulate committee --d 1000\n"
     << "      (docs/cli.md lists every subcommand and option)\n";
  emit(os.str(), o.out);
  return 0;
}


}  // namespace summit::cli
