// escape --dims: the escape study repeated over the dimension d (cli/study_commands.hpp).
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

// escape --dims D1,D2,...: the escape for each dimension d (the model's parameter `d`, which sets
// the initial overlap c/sqrt(d)), with the growth law of each event time fitted against d (power
// law t ~ d^p: slope of log t against log d; and dt/d ln d) next to the model's prediction.
int cmd_escape_dims(const Options& o, const Setup& s) {
  const std::vector<double> ds = parse_real_list(o.dims, "--dims");
  if (ds.size() < 2) throw std::invalid_argument("--dims '" + o.dims + "': give at least two dimensions");
  for (double d : ds)
    if (!(d > 1)) throw std::invalid_argument("--dims: dimension " + full(d) + " must be > 1");
  const ModelInfo& info = builtin_registry().info(o.model);
  bool has_d = false;
  for (const auto& p : info.params) has_d = has_d || p.name == "d";
  if (!has_d)
    throw std::invalid_argument("--dims: model '" + o.model + "' has no parameter 'd' (initial overlap c/sqrt(d))");
  if (s.params.count("d") || s.params.count("m0") || !s.at.empty() || !o.point.empty() || o.perturb > 0)
    throw std::invalid_argument("--dims sets d and the initial state c/sqrt(d) itself: do not give d, m0, "
                                "--at, --state, --point or --perturb");
  std::vector<std::string> names;
  std::vector<std::vector<double>> times;  // [event][d]
  std::unique_ptr<Model> last;
  for (double d : ds) {
    auto p = s.params;
    p["d"] = full(d);
    auto m = builtin_registry().make(o.model, p);
    IntegrateOptions io = integrate_options(*m, o);
    if (io.events.empty())
      for (const auto& e : m->hints().default_events) io.events.push_back(parse_event(*m, e));
    if (io.events.empty())
      throw std::invalid_argument("model '" + m->name() + "' has no default events; give --event");
    io.stop_when_events_found = true;
    if (o.times.empty()) io.times = {0.0, o.t_end};
    const Trajectory tr = integrate(*m, m->initial_state(), io);
    fail_on(tr.status, "integration at d = " + full(d), tr.message);
    if (names.empty()) {
      for (const auto& e : tr.events) names.push_back(e.name);
      times.assign(names.size(), {});
    }
    for (size_t k = 0; k < tr.events.size(); ++k) {
      if (!tr.events[k].found)
        throw SolverFailure("event '" + tr.events[k].name + "' not reached by t = " + num(tr.t_reached) +
                            " at d = " + full(d) + " (raise --t-end)");
      times[k].push_back(tr.events[k].time);
    }
    last = std::move(m);
  }
  auto slope = [](const std::vector<double>& x, const std::vector<double>& y) {
    const double n = double(x.size());
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
    for (size_t i = 0; i < x.size(); ++i) sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx);
    return sxy / sxx;
  };
  std::vector<double> logd;
  for (double d : ds) logd.push_back(std::log(d));
  const EscapeLaw law = last->hints().escape_law;
  json j = header(o, last.get(), Status::Ok, "");
  j["time_unit"] = last->time_unit();
  j["dims"] = ds;
  j["prediction"] = {{"law", law.law}, {"power", law.power}, {"log_power", law.log_power}, {"note", law.note}};
  if (law.log_slope > 0) j["prediction"]["log_slope"] = law.log_slope;
  j["events"] = json::array();
  std::vector<std::string> cols = {"d"};
  for (const auto& n : names) cols.push_back(n);
  cols.push_back("n = d t(" + names.front() + ")");
  Table t{"event times against d (time " + last->time_unit() + ")", cols, {}};
  for (size_t i = 0; i < ds.size(); ++i) {
    std::vector<std::string> row = {full(ds[i])};
    for (const auto& tk : times) row.push_back(num(tk[i], 8));
    row.push_back(num(ds[i] * times.front()[i], 6));
    t.add_row(row);
  }
  std::ostringstream extra;
  extra << "\nfitted growth laws (least squares over the dims):\n";
  for (size_t k = 0; k < names.size(); ++k) {
    std::vector<double> lt;
    for (double v : times[k]) lt.push_back(std::log(v));
    const double p = slope(logd, lt), b = slope(logd, times[k]);
    j["events"].push_back({{"name", names[k]}, {"times", times[k]}, {"fitted_power", p},
                           {"fitted_log_slope", b}});
    extra << "  " << names[k] << ": t ~ d^p with p = " << num(p, 4) << "; dt/d(ln d) = " << num(b, 6) << "\n";
  }
  if (law.law.empty()) {
    extra << "predicted: (the model gives no prediction)\n";
  } else {
    extra << "predicted: t ~ " << law.law << " (p = " << num(law.power, 4)
          << (law.log_power > 0 ? " times log d: the local p decays like 1/ln d" : "") << ")";
    if (law.log_slope > 0) extra << "; predicted dt/d(ln d) = " << num(law.log_slope, 6);
    extra << "\n  " << law.note << "\n";
  }
  emit(render(o, last.get(), t, j, extra.str()), o.out);
  return 0;
}

}  // namespace summit::cli
