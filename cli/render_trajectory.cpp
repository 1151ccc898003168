// Rendering of the studies along one trajectory: curve and escape.
#include "cli/plot.hpp"
#include "cli/render.hpp"
#include "cli/result_check.hpp"
#include "cli/study_commands.hpp"

#include <sstream>

namespace summit::cli {

using json = nlohmann::json;

namespace {

// The events table, and the lines on the --perturb start.
Table events_table(const Model& m, const studies::TrajectoryResult& r) {
  Table ev{"events", {"event", "time", "loss"}, {}};
  for (const auto& e : r.trajectory.events) {
    if (e.found)
      ev.add_row({e.name, num(e.time, 10), num(reported_loss(m.name(), m.loss(e.state)))});
    else
      ev.add_row({e.name, "not reached by t = " + num(r.trajectory.t_reached), ""});
  }
  return ev;
}

std::string start_lines(const studies::TrajectoryResult& r) {
  if (!r.perturbed) return "";
  const studies::PerturbedStart& p = *r.perturbed;
  std::ostringstream os;
  os << "start: fixed point of type " << p.stability.type << " (lambda_max = " << num(p.stability.lambda_max)
     << ") displaced by " << num(p.eps) << " along its most unstable direction\n"
     << "linearised escape time log(1/eps)/lambda_max = " << num(p.stability.escape_time, 8) << "\n";
  return os.str();
}

}  // namespace

int cmd_curve(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::CurveRequest request = curve_request(o, s);
  const studies::CurveResult r = studies::run(m, request, progress);
  raise_on(r.outcome);
  json j = header(o, &m, r.trajectory.status, r.trajectory.message);
  j.update(studies::result_json(m, request, r));
  const bool csv = o.format == "csv";
  Table t{"learning curve (" + o.method + ", time " + m.time_unit() + ")", r.columns, {}};
  for (const auto& row : r.rows) {
    std::vector<std::string> cells;
    for (double v : row) cells.push_back(csv ? full(v) : num(v));
    t.add_row(cells);
  }
  std::string extra = start_lines(r);
  if (!r.trajectory.events.empty()) extra += "\n" + render_table(events_table(m, r));
  emit(render(o, &m, t, j, extra), o.out);
  if (!o.plot.empty()) plot_curve(j, o.plot);
  return 0;
}

int cmd_escape(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  if (!o.dims.empty()) return cmd_escape_dims(o, m, s, progress);
  const studies::EscapeRequest request = escape_request(o, s);
  const studies::EscapeResult r = studies::run(m, request, progress);
  raise_on(r.outcome);
  json j = header(o, &m, r.trajectory.status, r.trajectory.message);
  j.update(studies::result_json(m, request, r));
  emit(render(o, &m, events_table(m, r), j, start_lines(r)), o.out);
  return 0;
}

}  // namespace summit::cli
