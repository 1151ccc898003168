#include "cli/commands.hpp"

#include "cli/json_input.hpp"
#include "cli/bifurcation_plot.hpp"
#include "cli/continuation.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/result_check.hpp"
#include "cli/table_columns.hpp"
#include "cli/plot.hpp"
#include "cli/symmetric.hpp"
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

std::string json_to_text(const json& v, const std::string& what) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return full(v.get<double>());
  if (v.is_array()) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ",") + json_to_text(e, what);
    return s;
  }
  throw std::invalid_argument(what + ": unsupported JSON value " + v.dump());
}

namespace {

// Bad input: exit code 2. A solver that did not succeed: exit code 1.
struct SolverFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::pair<std::string, std::string> split_assignment(const std::string& s, const std::string& opt) {
  const auto eq = s.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(opt + " '" + s + "': expected name=value");
  return {s.substr(0, eq), s.substr(eq + 1)};
}


struct Setup {
  std::map<std::string, std::string> params;  // from --config then --set
  std::map<std::string, std::string> at;      // from --config "state", --state, then --at
};

Setup gather(const Options& o) {
  Setup s;
  if (!o.config.empty()) {
    const json c = read_json_file(o.config, "--config");
    if (!c.is_object()) throw std::invalid_argument("--config '" + o.config + "': must be a JSON object");
    const bool structured = c.contains("params") || c.contains("state") || c.contains("model");
    if (structured) reject_unknown_keys(c, {"params", "state", "model", "comment"}, "--config '" + o.config + "'");
    for (const char* k : {"params", "state"})
      if (structured && c.contains(k) && !c[k].is_object())
        throw std::invalid_argument("--config '" + o.config + "': key '" + k + "' must be an object, not " +
                                    json_kind(c[k]));
    const json& params = structured ? (c.contains("params") ? c["params"] : json::object()) : c;
    for (auto it = params.begin(); it != params.end(); ++it)
      s.params[it.key()] = json_to_text(it.value(), "--config parameter '" + it.key() + "'");
    if (structured && c.contains("state"))
      for (auto it = c["state"].begin(); it != c["state"].end(); ++it)
        s.at[it.key()] = json_to_text(it.value(), "--config state '" + it.key() + "'");
  }
  std::set<std::string> seen;
  for (const auto& a : o.sets) {
    auto [k, v] = split_assignment(a, "--set");
    if (!seen.insert(k).second) throw std::invalid_argument("--set " + k + " given twice; give each parameter once");
    s.params[k] = v;
  }
  if (!o.state_file.empty()) {
    const json st = read_json_file(o.state_file, "--state");
    if (!st.is_object())
      throw std::invalid_argument("--state '" + o.state_file + "': must be a JSON object, not " + json_kind(st));
    // {"state": {...}} alone, or a summit result (which carries "summit" next to its "state").
    if (st.contains("state") && !st.contains("summit"))
      reject_unknown_keys(st, {"state", "comment"}, "--state '" + o.state_file + "'");
    const json& m = st.contains("state") ? st["state"] : st;
    if (!m.is_object())
      throw std::invalid_argument("--state '" + o.state_file + "': must map coordinate names to values");
    for (auto it = m.begin(); it != m.end(); ++it)
      s.at[it.key()] = json_to_text(it.value(), "--state '" + it.key() + "'");
  }
  seen.clear();
  for (const auto& a : o.ats) {
    auto [k, v] = split_assignment(a, "--at");
    if (!seen.insert(k).second) throw std::invalid_argument("--at " + k + " given twice; give each coordinate once");
    s.at[k] = v;
  }
  return s;
}

// The state: the model's initial state (or a named special point), then explicit coordinates.
Vec make_state(const Model& m, const Options& o, const Setup& s, bool check = true) {
  Vec x = m.initial_state();
  if (!o.point.empty()) {
    bool found = false;
    std::string names;
    for (const auto& p : m.special_points()) {
      names += (names.empty() ? "" : ", ") + p.name;
      if (p.name == o.point) {
        x = p.x;
        found = true;
      }
    }
    if (!found)
      throw std::invalid_argument("--point '" + o.point + "': model '" + m.name() +
                                  "' has special points: " + (names.empty() ? "none" : names));
  }
  std::map<int, std::string> set_by;  // Q[1,2] and Q[2,1] name one stored coordinate
  for (const auto& [k, v] : s.at) {
    const int i = m.layout().index_of(k);
    if (auto [it, fresh] = set_by.emplace(i, k); !fresh)
      throw std::invalid_argument("--at " + it->second + " and --at " + k + " set the same coordinate " +
                                  m.layout().coord_name(i) + "; give it once");
    x[i] = parse_real(v, "--at " + k);
  }
  std::string why;
  if (check && !m.realisable(x, &why)) throw std::invalid_argument("state is not realisable: " + why);
  return x;
}

std::vector<std::string> provenance(const Options& o, const Model* m) {
  std::vector<std::string> p{std::string("summit ") + SUMMIT_VERSION, "command: " + o.command_line};
  if (m) {
    std::string ps;
    for (const auto& [k, v] : m->params().all())
      if (!v.empty()) ps += (ps.empty() ? "" : " ") + k + "=" + v;
    p.push_back("model: " + m->name() + " " + ps);
    if (const std::string src = model_source(*m); !src.empty()) p.push_back("model source: " + src);
    p.push_back("time unit: " + m->time_unit());
  }
  return p;
}

json header(const Options& o, const Model* m, Status st, const std::string& msg) {
  json j;
  j["summit"] = {{"version", SUMMIT_VERSION}, {"command", o.command_line}};
  j["command"] = o.command;
  if (m) {
    j["model"] = m->name();
    json p = json::object();
    for (const auto& [k, v] : m->params().all()) p[k] = v;
    j["params"] = p;
    if (const std::string src = model_source(*m); !src.empty()) j["model_source"] = src;
    j["time_unit"] = m->time_unit();
  }
  j["status"] = to_string(st);
  if (!msg.empty()) j["message"] = msg;
  return j;
}

json state_json(const Model& m, const Vec& x) {
  json s = json::object();
  for (int i = 0; i < x.size(); ++i) s[m.layout().coord_name(i)] = x[i];
  return s;
}

json eig_json(const std::vector<std::complex<double>>& ev) {
  json a = json::array();
  for (const auto& e : ev) a.push_back({e.real(), e.imag()});
  return a;
}

std::string eig_text(const std::complex<double>& e) {
  if (e.imag() == 0) return num(e.real());
  return num(e.real()) + (e.imag() > 0 ? "+" : "-") + num(std::abs(e.imag())) + "i";
}

IntegrateOptions integrate_options(const Model& m, const Options& o) {
  IntegrateOptions io;
  io.method = parse_method(o.method);
  io.abs_tol = o.atol;
  io.rel_tol = o.rtol;
  if (!(o.dt > 0)) throw std::invalid_argument("--dt " + full(o.dt) + ": must be > 0");
  if (!(o.atol > 0)) throw std::invalid_argument("--atol " + full(o.atol) + ": must be > 0");
  if (!(o.rtol >= 0)) throw std::invalid_argument("--rtol " + full(o.rtol) + ": must be >= 0");
  io.dt = o.dt;
  io.max_steps = o.max_steps;
  if (!o.times.empty()) {
    for (double t : parse_real_list(o.times, "--times")) io.times.push_back(t);
    for (size_t i = 0; i < io.times.size(); ++i)
      if (io.times[i] < 0 || (i && !(io.times[i] > io.times[i - 1])))
        throw std::invalid_argument("--times '" + o.times + "': must be >= 0 and increasing");
  } else {
    io.times = log_grid(o.t_end, o.points);
  }
  for (const auto& e : o.events) io.events.push_back(parse_event(m, e));
  return io;
}

json solver_json(const IntegrateOptions& io, const Options& o) {
  return {{"method", o.method}, {"atol", io.abs_tol}, {"rtol", io.rel_tol}, {"dt", io.dt}};
}

// The table restricted to the columns named in --columns (table format only); the leading
// label columns ('#', 't', and an unnamed marker column) are always kept.
Table filter_columns(const Table& t, const std::string& names) {
  if (names.empty()) return t;
  std::vector<int> keep;
  for (size_t c = 0; c < t.columns.size() && c < 2; ++c)
    if (t.columns[c] == "#" || t.columns[c] == "t" || t.columns[c].empty())
      keep.push_back(static_cast<int>(c));
  // Split at commas outside brackets: "loss,Q[1,2]" is two names.
  std::vector<std::string> wanted(1);
  int depth = 0;
  for (char ch : names) {
    depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
    if (ch == ',' && depth == 0) wanted.emplace_back();
    else wanted.back() += ch;
  }
  for (const auto& name : wanted) {
    auto it = std::find(t.columns.begin(), t.columns.end(), name);
    if (it == t.columns.end()) {
      std::string known;
      for (const auto& c : t.columns) known += (known.empty() ? "" : ", ") + c;
      throw std::invalid_argument("--columns: unknown column '" + name + "'; columns: " + known);
    }
    keep.push_back(static_cast<int>(it - t.columns.begin()));
  }
  Table out{t.title, {}, {}};
  for (int c : keep) out.columns.push_back(t.columns[c]);
  for (const auto& r : t.rows) {
    std::vector<std::string> row;
    for (int c : keep) row.push_back(c < static_cast<int>(r.size()) ? r[c] : "");
    out.rows.push_back(row);
  }
  return out;
}

// Renders a result: table text (plus extra readable lines), CSV of the table, or JSON.
std::string render(const Options& o, const Model* m, const Table& t, const json& result,
                   const std::string& extra = "") {
  json j = result;
  check_result(j);  // the table and CSV show the same numbers
  scrub_result(j);
  switch (parse_format(o.format)) {
    case Format::Json: return j.dump(2) + "\n";
    case Format::Csv: return render_csv(t, provenance(o, m));
    case Format::Table: break;
  }
  if (!o.columns.empty() || m == nullptr) return render_table(filter_columns(t, o.columns)) + extra;
  std::string note;
  const Table shown = readable_columns(t, m->layout().coord_names(), &note);
  return render_table(shown) + note + extra;
}

int cmd_list(const Options& o) {
  const Registry& reg = builtin_registry();
  Table t{"registered models", {"model", "summary"}, {}};
  json j = header(o, nullptr, Status::Ok, "");
  j["models"] = json::array();
  for (const auto& n : reg.names()) {
    t.add_row({n, reg.info(n).summary});
    j["models"].push_back({{"name", n}, {"summary", reg.info(n).summary}});
  }
  emit(render(o, nullptr, t, j), o.out);
  return 0;
}

// describe --equations: a model file's equations (models/user/equations.hpp), text or LaTeX.
int describe_equations(const Options& o, const Model& m) {
  if (o.equations != "index" && o.equations != "expanded")
    throw std::invalid_argument("--equations '" + o.equations + "': must be index or expanded");
  const auto* src = dynamic_cast<const ModelSource*>(&m);
  const std::string text = src ? src->equations(o.equations == "expanded", o.format == "latex") : "";
  if (text.empty())
    throw std::invalid_argument("--equations: model '" + m.name() +
                                "' is built in; equations are printed for model files (docs/models.md)");
  if (o.format == "json") {
    json j = header(o, &m, Status::Ok, "");
    j["equations"] = text;
    j["form"] = o.equations;
    emit(j.dump(2) + "\n", o.out);
  } else {
    emit(text, o.out);
  }
  return 0;
}

int cmd_describe(const Options& o, const Model& m) {
  if (!o.equations.empty()) return describe_equations(o, m);
  const ModelInfo& info = builtin_registry().info(m.name());
  Table t{info.name + ": " + info.summary + "\n\n" + info.doc + "\n\nparameters:",
          {"parameter", "type", "value", "allowed", "meaning"}, {}};
  json j = header(o, &m, Status::Ok, "");
  j["summary"] = info.summary;
  j["doc"] = info.doc;
  j["parameters"] = json::array();
  for (const auto& sp : info.params) {
    const std::string v = m.params().get_text(sp.name);
    t.add_row({sp.name, type_name(sp.type), v.empty() ? "(derived)" : v, sp.allowed(), sp.doc});
    j["parameters"].push_back({{"name", sp.name}, {"type", type_name(sp.type)}, {"value", v},
                               {"default", sp.default_text}, {"allowed", sp.allowed()},
                               {"doc", sp.doc}});
  }
  std::ostringstream extra;
  extra << "\nstate coordinates (" << m.dim() << "):";
  for (const auto& n : m.layout().coord_names()) extra << " " << n;
  extra << "\nobservables: loss";
  for (const auto& n : m.observable_names()) extra << ", " << n;
  extra << "\nspecial points:";
  for (const auto& p : m.special_points()) extra << "\n  " << p.name << ": " << p.doc;
  extra << "\ndefault events:";
  for (const auto& e : m.hints().default_events) extra << " " << e;
  extra << "\ntime unit: " << m.time_unit() << "\n";
  j["coordinates"] = m.layout().coord_names();
  j["observables"] = m.observable_names();
  j["default_events"] = m.hints().default_events;
  j["special_points"] = json::array();
  for (const auto& p : m.special_points())
    j["special_points"].push_back({{"name", p.name}, {"doc", p.doc}, {"state", state_json(m, p.x)}});
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

int cmd_evaluate(const Options& o, const Model& m, const Vec& x) {
  Vec dx;
  m.drift(x, dx);
  const double L = reported_loss(m.name(), m.loss(x));
  const Vec obs = shown_observables(m, x);
  Table t{"state, drift d/dt (" + m.time_unit() + ")", {"coordinate", "value", "drift"}, {}};
  json j = header(o, &m, Status::Ok, "");
  j["state"] = state_json(m, x);
  j["loss"] = L;
  j["drift"] = state_json(m, dx);
  j["observables"] = json::object();
  for (int i = 0; i < x.size(); ++i)
    t.add_row({m.layout().coord_name(i), num(x[i], 10), num(dx[i], 10)});
  std::ostringstream extra;
  extra << "\nloss = " << num(L, 10) << "\n";
  for (int i = 0; i < obs.size(); ++i) {
    j["observables"][m.observable_names()[i]] = obs[i];
    extra << m.observable_names()[i] << " = " << num(obs[i], 10) << "\n";
  }
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

std::vector<std::string> curve_columns(const Model& m) {
  std::vector<std::string> c{"t", "loss"};
  for (const auto& n : m.observable_names()) c.push_back(n);
  for (const auto& n : m.layout().coord_names()) c.push_back(n);
  return c;
}
std::vector<double> curve_row(const Model& m, double t, const Vec& x) {
  std::vector<double> r{t, reported_loss(m.name(), m.loss(x))};
  const Vec obs = shown_observables(m, x);
  r.insert(r.end(), obs.data(), obs.data() + obs.size());
  r.insert(r.end(), x.data(), x.data() + x.size());
  return r;
}

void fail_on(Status st, const std::string& what, const std::string& msg) {
  // Rejected input is the user's error (exit 2); anything else is a solver failure (exit 1).
  if (st == Status::InvalidInput) throw std::invalid_argument(what + ": " + msg);
  if (st == Status::MaxSteps && what.rfind("integration", 0) == 0)
    throw SolverFailure(what + " failed (" + to_string(st) + "): " + msg +
                        "; raise --max-steps, or for a stiff tail use --method rosenbrock4");
  if (st != Status::Ok) throw SolverFailure(what + " failed (" + to_string(st) + "): " + msg);
}

FixedPointOptions fp_options(const Options& o);

// --perturb EPS: start from the fixed point polished from the given state, displaced by EPS
// along its most unstable direction; returns that fixed point's stability in `st`.
Vec perturbed_start(const Options& o, const Model& m, const Vec& given, Stability& st,
                    Vec& fixed) {
  fixed = given;
  double res;
  const FixedPointOptions f = fp_options(o);
  fail_on(polish_fixed_point(m, fixed, f, &res), "fixed-point polish",
          "max|drift| = " + num(res) + " from the given state");
  StabilityOptions so;
  so.eps = o.perturb;
  st = analyse_stability(m, fixed, so);
  if (st.index == 0)
    throw SolverFailure("--perturb: the fixed point is not unstable (type " + st.type +
                        "), there is no direction to escape along");
  return fixed + o.perturb * st.unstable_direction;
}

int cmd_curve(const Options& o, const Model& m, const Vec& x0_given, bool escape) {
  IntegrateOptions io = integrate_options(m, o);
  Vec x0 = x0_given, fixed;
  Stability fst;
  const bool perturb = o.perturb > 0;
  if (o.perturb < 0) throw std::invalid_argument("--perturb " + full(o.perturb) + ": must be > 0");
  if (perturb) {
    x0 = perturbed_start(o, m, x0_given, fst, fixed);
    std::string why;
    if (!m.realisable(x0, &why))
      throw std::invalid_argument("--perturb " + full(o.perturb) + ": the displaced state is not realisable: " + why);
  }
  if (escape) {
    if (io.events.empty())
      for (const auto& e : m.hints().default_events) io.events.push_back(parse_event(m, e));
    if (io.events.empty())
      throw std::invalid_argument("model '" + m.name() + "' has no default events; give --event");
    io.stop_when_events_found = true;
    if (o.times.empty()) io.times = {0.0, o.t_end};
  }
  const Trajectory tr = integrate(m, x0, io);
  fail_on(tr.status, "integration", tr.message);
  json j = header(o, &m, tr.status, tr.message);
  j["solver"] = solver_json(io, o);
  j["solver"]["steps"] = tr.steps;
  j["solver"]["rhs_evaluations"] = tr.rhs_evaluations;
  j["events"] = json::array();
  Table ev{"events", {"event", "time", "loss"}, {}};
  std::ostringstream extra;
  if (perturb) {
    j["start"] = {{"fixed_point", state_json(m, fixed)}, {"type", fst.type},
                  {"lambda_max", fst.lambda_max}, {"perturbation", o.perturb},
                  {"linearised_escape_time", fst.escape_time}};
    extra << "start: fixed point of type " << fst.type << " (lambda_max = " << num(fst.lambda_max)
          << ") displaced by " << num(o.perturb) << " along its most unstable direction\n"
          << "linearised escape time log(1/eps)/lambda_max = " << num(fst.escape_time, 8) << "\n";
  }
  for (const auto& e : tr.events) {
    json je = {{"name", e.name}, {"found", e.found}};
    if (e.found) {
      je["time"] = e.time;
      je["state"] = state_json(m, e.state);
      ev.add_row({e.name, num(e.time, 10), num(reported_loss(m.name(), m.loss(e.state)))});
    } else {
      je["time"] = nullptr;
      ev.add_row({e.name, "not reached by t = " + num(tr.t_reached), ""});
    }
    j["events"].push_back(je);
  }
  if (escape) {
    bool all = true;
    for (const auto& e : tr.events) all = all && e.found;
    if (!all)
      throw SolverFailure("not every event was reached by t = " + num(tr.t_reached) +
                          " (raise --t-end)");
    emit(render(o, &m, ev, j, extra.str()), o.out);
    return 0;
  }
  const auto cols = curve_columns(m);
  j["columns"] = cols;
  j["rows"] = json::array();
  const bool csv = o.format == "csv";
  Table t{"learning curve (" + o.method + ", time " + m.time_unit() + ")", cols, {}};
  for (size_t i = 0; i < tr.t.size(); ++i) {
    const auto r = curve_row(m, tr.t[i], tr.x[i]);
    j["rows"].push_back(r);
    std::vector<std::string> cells;
    for (double v : r) cells.push_back(csv ? full(v) : num(v));
    t.add_row(cells);
  }
  if (!tr.events.empty()) extra << "\n" << render_table(ev);
  if (perturb) j["start"]["time_unit"] = m.time_unit();
  emit(render(o, &m, t, j, extra.str()), o.out);
  if (!o.plot.empty()) plot_curve(j, o.plot);
  return 0;
}

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
  const Model::EscapeLaw law = last->hints().escape_law;
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

FixedPointOptions fp_options(const Options& o) {
  FixedPointOptions f;
  if (o.starts != Options::kStartsAuto && o.starts < 0)
    throw std::invalid_argument("--starts " + std::to_string(o.starts) + ": must be >= 0");
  if (!(o.tol > 0)) throw std::invalid_argument("--tol " + full(o.tol) + ": must be > 0");
  f.random_starts = o.starts == Options::kStartsAuto ? -1 : o.starts;
  f.tol = o.tol;
  f.seed = o.solver_seed;
  return f;
}

json point_json(const Model& m, const Vec& x, double loss, double residual, const Stability& s) {
  json p = {{"state", state_json(m, x)}, {"loss", loss}, {"residual", residual},
            {"eigenvalues", eig_json(s.eigenvalues)}, {"index", s.index}, {"type", s.type},
            {"flat_directions", s.n_zero}, {"lambda_max", s.lambda_max},
            {"stability_space", s.space}};
  p["observables"] = json::object();
  const auto names = m.observable_names();
  const Vec obs = shown_observables(m, x);
  for (size_t i = 0; i < names.size(); ++i) p["observables"][names[i]] = obs[static_cast<int>(i)];
  if (s.index > 0) {
    p["unstable_direction"] = state_json(m, s.unstable_direction);
    if (std::isfinite(s.escape_time)) p["escape_time_estimate"] = s.escape_time;
  }
  return p;
}

int cmd_fixed_points(const Options& o, const Model& m, const Setup& s) {
  FixedPointCensusOptions co;
  co.search = fp_options(o);
  FixedPointOptions& f = co.search;
  if (!s.at.empty() || !o.point.empty()) f.starts.push_back({"given", make_state(m, o, s, false), ""});
  SymmetricStarts sym;
  if (o.symmetric) sym = add_symmetric_starts(m, f);
  if (o.quiet_batches != Options::kStartsAuto && o.quiet_batches < 0)
    throw std::invalid_argument("--quiet-batches " + std::to_string(o.quiet_batches) + ": must be >= 0");
  if (o.max_starts < 0) throw std::invalid_argument("--max-starts " + std::to_string(o.max_starts) + ": must be >= 0");
  co.quiet_batches = o.quiet_batches != Options::kStartsAuto ? o.quiet_batches : m.hints().iteration.quiet_batches;
  co.max_random_starts = o.max_starts;
  const FixedPointCensusResult census = fixed_point_census(m, co);
  const FixedPointResult& r = census.result;
  fail_on(r.status, "fixed-point search", r.message);
  StabilityOptions so;
  so.eps = o.eps;
  json j = header(o, &m, r.status, r.message);
  const double basin = census.basin_missed_with(0.05);
  j["solver"] = {{"starts", r.starts}, {"converged", r.converged}, {"tol", f.tol},
                 {"random_starts", census.random_starts}, {"batch_starts", census.batch_starts},
                 {"batches", census.new_per_batch.size()}, {"new_per_batch", census.new_per_batch},
                 {"distinct_per_batch", census.distinct_per_batch},
                 {"stopped_by", census.stopped_by_rule ? "rule" : "cap"}, {"quiet_batches", co.quiet_batches},
                 {"max_starts", co.max_random_starts},
                 {"basin_missed_with_probability_0.05", basin},
                 {"miss_probability_basin_0.01", census.miss_probability(0.01)}};
  j["fixed_points"] = json::array();
  std::string per_batch;
  for (size_t b = 0; b < census.new_per_batch.size(); ++b)
    per_batch += (b ? "," : "") + std::to_string(census.new_per_batch[b]);
  Table t{std::to_string(r.points.size()) + " fixed points (" + std::to_string(r.converged) + " of " +
              std::to_string(r.starts) + " starts converged; merged up to symmetry)\n" +
              std::to_string(census.random_starts) + " random starts in " +
              std::to_string(census.new_per_batch.size()) + " batches of " + std::to_string(census.batch_starts) +
              ", new points per batch " + per_batch + "; stopped by " +
              (census.stopped_by_rule ? (co.quiet_batches == 0 ? std::string("--quiet-batches 0 (one batch)")
                                                                         : "the rule (the last " + std::to_string(co.quiet_batches) +
                                                                               "+ batches and half the starts found no new point)")
                                      : "the cap --max-starts " + std::to_string(co.max_random_starts)) +
              "; a point whose basin catches " + num(100 * basin, 2) +
              "% of random starts is missed with probability <= 5%",
          {"#", "", "loss", "type", "index", "flat", "lambda_max", "lambda_min", "max|drift|",
           "hits", "found from"},
          {}};
  const auto names = m.layout().coord_names();
  for (const auto& n : names) t.columns.push_back(n);
  const auto obs_names = m.observable_names();
  for (const auto& n : obs_names) t.columns.push_back(n);
  // The global minimum (lowest loss; points within 1e-10 of it are marked too) is marked '*'.
  const double best = r.points.front().loss;
  bool weight_space = false;
  int k = 0;
  for (const auto& p : r.points) {
    const Stability st = analyse_stability(m, p.x, so);
    weight_space = weight_space || st.space != "overlap";
    const bool global = p.loss <= best + 1e-10;
    j["fixed_points"].push_back(point_json(m, p.x, reported_loss(m.name(), p.loss), p.residual, st));
    j["fixed_points"].back()["hits"] = p.hits;
    j["fixed_points"].back()["origin"] = p.origin;
    j["fixed_points"].back()["global_minimum"] = global;
    if (o.symmetric) j["fixed_points"].back().update(isotropy_json(sym, m, p, st));
    const double lmin = st.eigenvalues.empty() ? 0 : st.eigenvalues.back().real();
    std::vector<std::string> row{std::to_string(++k), global ? "*" : "", num(reported_loss(m.name(), p.loss)),
                                 st.type + (st.space == "weight" ? " w" : ""),
                                 std::to_string(st.index), std::to_string(st.n_zero),
                                 num(st.lambda_max), num(lmin), num(p.residual, 2),
                                 std::to_string(p.hits), p.origin};
    for (int i = 0; i < p.x.size(); ++i) row.push_back(o.format == "csv" ? full(p.x[i]) : num(p.x[i], 4));
    const Vec obs = shown_observables(m, p.x);
    for (int i = 0; i < obs.size(); ++i) row.push_back(o.format == "csv" ? full(obs[i]) : num(obs[i], 4));
    t.add_row(row);
  }
  emit(render(o, &m, t, j,
              "\n'*' marks the global minimum; eigenvalues are per unit " + m.time_unit() +
                  (weight_space ? "; rows marked 'w' are classified by minus the weight-space loss "
                                  "Hessian (the drift is not differentiable there); '?' marks points "
                                  "where no linearisation exists (indicative only)"
                                : "") +
                  "\n"),
       o.out);
  return 0;
}

std::string stability_text(const Model& m, const Vec& x, double loss, double res,
                           const Stability& st, double eps) {
  std::ostringstream os;
  os << "loss = " << num(loss, 10) << ", max|drift| = " << num(res, 3) << "\n";
  os << "type: " << st.type << " (index " << st.index << ", " << st.n_zero << " flat)\n";
  if (st.space == "weight")
    os << "eigenvalues of minus the loss Hessian in weight space, gauge directions removed (the "
          "drift is not differentiable here; not rates, no time unit):\n ";
  else
    os << "eigenvalues of the drift Jacobian (per unit " << m.time_unit() << ")"
       << (st.space == "overlap" ? "" : " [" + st.space + "]") << ":\n ";
  for (const auto& e : st.eigenvalues) os << " " << eig_text(e);
  os << "\n";
  if (st.index > 0) {
    os << "most unstable direction (lambda_max = " << num(st.lambda_max) << "):";
    for (int i = 0; i < st.unstable_direction.size(); ++i)
      if (std::abs(st.unstable_direction[i]) > 1e-8)
        os << " " << m.layout().coord_name(i) << "=" << num(st.unstable_direction[i], 4);
    os << "\n";
    if (std::isfinite(st.escape_time))
      os << "linearised escape time log(1/eps)/lambda_max with eps = " << num(eps) << ": "
         << num(st.escape_time) << "\n";
  }
  return os.str();
}

int cmd_stability(const Options& o, const Model& m, const Setup& s) {
  Options oo = o;
  if (oo.point.empty() && s.at.empty() && !m.special_points().empty())
    oo.point = m.special_points().front().name;
  Vec x = make_state(m, oo, s, false);
  const FixedPointOptions f = fp_options(o);
  double res;
  const Status ps = polish_fixed_point(m, x, f, &res);
  fail_on(ps, "fixed-point polish", "max|drift| = " + num(res) + " > tol = " + num(f.tol) +
                                        " from the given state");
  StabilityOptions so;
  so.eps = o.eps;
  const Stability st = analyse_stability(m, x, so);
  fail_on(st.status, "stability analysis", st.message);
  json j = header(o, &m, Status::Ok, "");
  const double L = reported_loss(m.name(), m.loss(x));
  j["fixed_points"] = json::array({point_json(m, x, L, res, st)});
  Table t{"fixed point (polished from " + (oo.point.empty() ? std::string("the given state") : oo.point) + ")",
          {"coordinate", "value"}, {}};
  for (int i = 0; i < x.size(); ++i) t.add_row({m.layout().coord_name(i), num(x[i], 10)});
  emit(render(o, &m, t, j, "\n" + stability_text(m, x, L, res, st, o.eps)), o.out);
  return 0;
}

int cmd_minimize(const Options& o, const Model& m, const Setup& s) {
  MinimizeOptions mo;
  mo.random_starts = fp_options(o).random_starts;  // validates --starts
  mo.seed = o.solver_seed;
  if (!s.at.empty() || !o.point.empty()) mo.starts.push_back({"given", make_state(m, o, s), ""});
  const MinimizeResult r = minimize(m, mo);
  fail_on(r.status, "minimisation", r.message);
  json j = header(o, &m, r.status, r.message);
  j["minima"] = json::array();
  Table t{std::to_string(r.minima.size()) + " local minima (" + std::to_string(r.converged) + " of " +
              std::to_string(r.starts) + " starts converged)",
          {"#", "loss", "max|grad|", "weight_hess_min", "weight_hess_max", "overlap_hess_min",
           "hits", "found from"},
          {}};
  int k = 0;
  for (const auto& mi : r.minima) {
    json h = json::array();
    for (int i = 0; i < mi.hessian_eigenvalues.size(); ++i) h.push_back(mi.hessian_eigenvalues[i]);
    json hu = json::array();
    for (int i = 0; i < mi.free_hessian_eigenvalues.size(); ++i)
      hu.push_back(mi.free_hessian_eigenvalues[i]);
    j["minima"].push_back({{"state", state_json(m, mi.x)}, {"loss", reported_loss(m.name(), mi.loss)},
                           {"gradient_norm", mi.gradient_norm}, {"hessian_eigenvalues", h},
                           {"weight_hessian_eigenvalues", hu},
                           {"hits", mi.hits}, {"origin", mi.origin}});
    const bool he = mi.hessian_eigenvalues.size() > 0;
    const bool hw = mi.free_hessian_eigenvalues.size() > 0;
    t.add_row({std::to_string(++k), num(reported_loss(m.name(), mi.loss)), num(mi.gradient_norm, 2),
               hw ? num(mi.free_hessian_eigenvalues.minCoeff(), 3) : "n/a",
               hw ? num(mi.free_hessian_eigenvalues.maxCoeff(), 3) : "n/a",
               he ? num(mi.hessian_eigenvalues.minCoeff(), 3) : "n/a", std::to_string(mi.hits),
               mi.origin});
  }
  emit(render(o, &m, t, j), o.out);
  return 0;
}

int cmd_basins(const Options& o, const Model& m) {
  BasinOptions bo;
  if (o.runs < 1) throw std::invalid_argument("--runs " + std::to_string(o.runs) + ": must be >= 1");
  bo.runs = o.runs;
  bo.seed = o.solver_seed;
  bo.t_max = o.t_end;
  bo.steady_tol = o.steady_tol;
  bo.integrate = integrate_options(m, o);
  bo.polish = fp_options(o);
  bo.stability.eps = o.eps;
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
    json p = point_json(m, b.x, reported_loss(m.name(), b.loss), 0, b.stability);
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

int cmd_simulate(const Options& o, const Model& m, const Vec& x0) {
  SimulateOptions so;
  if (o.d < 1) throw std::invalid_argument("--d " + std::to_string(o.d) + ": must be >= 1");
  if (o.seeds < 1) throw std::invalid_argument("--seeds " + std::to_string(o.seeds) + ": must be >= 1");
  so.d = o.d;
  so.seeds = o.seeds;
  so.seed = static_cast<std::uint64_t>(m.params().all().count("seed")
                                           ? std::stoll(m.params().get_text("seed"))
                                           : 0);
  so.times = o.times.empty() ? log_grid(o.t_end, o.points) : parse_real_list(o.times, "--times");
  const SimulationResult r = simulate(m, x0, so);
  fail_on(r.status, "simulation", r.message);
  json j = header(o, &m, r.status, r.message);
  j["solver"] = {{"d", so.d}, {"seeds", so.seeds}, {"seed", so.seed}};
  std::vector<std::string> cols{"t"};
  for (const auto& c : r.columns) cols.push_back(c);
  for (const auto& c : r.columns) cols.push_back(c + "_sd");
  j["columns"] = cols;
  j["rows"] = json::array();
  Table t{"finite-d SGD simulation: d = " + std::to_string(so.d) + ", " + std::to_string(so.seeds) +
              " seeds (mean, and sd over seeds)",
          cols, {}};
  const bool csv = o.format == "csv";
  for (size_t i = 0; i < r.t.size(); ++i) {
    std::vector<double> row{r.t[i]};
    for (int c = 0; c < r.mean.cols(); ++c) row.push_back(r.mean(i, c));
    for (int c = 0; c < r.sd.cols(); ++c) row.push_back(r.sd(i, c));
    j["rows"].push_back(row);
    std::vector<std::string> cells;
    for (double v : row) cells.push_back(csv ? full(v) : num(v));
    t.add_row(cells);
  }
  emit(render(o, &m, t, j), o.out);
  return 0;
}

// The parameter and range of --vary/--range (or the model's natural threshold when absent).
struct Sweep {
  std::string param, point, observable;
  double lo = 0, hi = 0;
};

Sweep parse_sweep(const Options& o, const Model& m, bool descending_ok = false);

// What threshold and continue share: the model rebuilt at each parameter value, the point to
// follow (--at / --point, else the model's reference point) at the start, and the options.
struct Follow {
  ModelFactory make;
  std::unique_ptr<Model> m0;  // the model at sw.lo
  std::string point;          // the followed point's name ("" for a given state)
  Vec start;
  ThresholdOptions to;
};

Follow follow_setup(const Options& o, const Model& m, const Setup& s, const Sweep& sw) {
  Follow f;
  f.make = [params = s.params, param = sw.param, name = m.name()](double p) {
    auto mp = params;
    mp[param] = full(p);
    return builtin_registry().make(name, mp);
  };
  f.m0 = f.make(sw.lo);
  Options oo = o;
  if (s.at.empty() && oo.point.empty()) oo.point = sw.point;
  if (s.at.empty() && oo.point.empty())
    throw std::invalid_argument("give the fixed point to follow with --at or --point");
  f.point = oo.point;
  f.start = make_state(*f.m0, oo, s, false);
  f.to.lo = sw.lo;
  f.to.hi = sw.hi;
  f.to.grid = o.grid;
  f.to.fixed_point = fp_options(o);
  f.to.stability.eps = o.eps;
  return f;
}

int cmd_continue(const Options& o, const Model& m, const Setup& s) {
  const Sweep sw = parse_sweep(o, m, true);
  const Follow f = follow_setup(o, m, s, sw);
  ContinueInput in{m.name(), s.params, sw.param, sw.lo, sw.hi, f.point, f.start, o.grid,
                   o.switch_branches, o.vary2, o.range2, o.curve_kind, o.observable,
                   f.to.fixed_point, f.to.stability,
                   [](const Model& mp, const BranchPoint& b) {
                     json p = point_json(mp, b.x, reported_loss(mp.name(), b.loss), 0, b.stability);
                     p.erase("residual");
                     return p;
                   },
                   state_json};
  const ContinueOutput r = run_continue(in);
  json j = header(o, &m, r.status, r.message);
  j.update(r.fields);
  fail_on(r.status, "continuation", r.message);
  if (!o.plot.empty()) plot_bifurcation(j, o.plot, o.observable);
  emit(render(o, &m, r.table, j, "\n" + r.footer + (o.vary2.empty() ? "escape_time = log(1/eps)/lambda_max with eps = " + num(o.eps) + "\n" : "")), o.out);
  return 0;
}

Sweep parse_sweep(const Options& o, const Model& m, bool descending_ok) {
  Sweep sw;
  auto range = [&] {
    const auto r = parse_real_list(o.range, "--range");
    if (r.size() != 2 || !(r[1] > r[0] || (descending_ok && r[1] < r[0])))
      throw std::invalid_argument("--range '" + o.range + "': must be LO,HI with LO < HI" +
                                  std::string(descending_ok ? " (or HI,LO to go down)" : ""));
    sw.lo = r[0];
    sw.hi = r[1];
  };
  sw.point = m.hints().natural_threshold.point;
  sw.observable = o.observable;
  if (o.vary.empty()) {
    const auto nt = m.hints().natural_threshold;
    if (o.observable.empty()) sw.observable = nt.observable;
    if (nt.parameter.empty())
      throw std::invalid_argument("model '" + m.name() +
                                  "' has no natural threshold here; give --vary PARAM --range LO,HI");
    sw.param = nt.parameter;
    sw.lo = nt.lo;
    sw.hi = nt.hi;
    if (!o.range.empty()) range();
    return sw;
  }
  const ModelInfo& info = builtin_registry().info(m.name());
  bool known = false;
  for (const auto& sp : info.params) known = known || (sp.name == o.vary && sp.type == ParamType::Real);
  if (!known)
    throw std::invalid_argument("--vary '" + o.vary + "': not a real parameter of '" + m.name() + "'");
  if (o.range.empty()) throw std::invalid_argument("--vary needs --range LO,HI");
  sw.param = o.vary;
  range();
  return sw;
}

// `summit threshold` when the threshold is the root of an observable in the parameter.
int threshold_observable(const Options& o, const Model& m, const Setup& s, const Sweep& sw) {
  const std::string model = m.name();
  ThresholdOptions to;
  to.lo = sw.lo;
  to.hi = sw.hi;
  to.grid = o.grid;
  const ModelFactory make = [&s, &sw, &model](double p) {
    auto mp = s.params;
    mp[sw.param] = full(p);
    return builtin_registry().make(model, mp);
  };
  Options oo = o;
  if (s.at.empty() && oo.point.empty()) oo.point = sw.point;
  const PointOf point = [&oo, &s](const Model& mp) { return make_state(mp, oo, s, false); };
  const ThresholdResult r = locate_observable_root(make, point, sw.observable, to);
  json j = header(o, &m, r.status, r.message);
  j["parameter"] = sw.param;
  j["range"] = {sw.lo, sw.hi};
  j["observable"] = sw.observable;
  j["point"] = oo.point.empty() ? (s.at.empty() ? "initial" : "given") : oo.point;
  json scan = json::array();
  for (auto [p, v] : r.scan) scan.push_back({p, v});
  j["scan"] = scan;
  fail_on(r.status, "threshold search", r.message);
  j["threshold"] = r.threshold;
  j["bracket"] = {r.bracket_lo, r.bracket_hi};
  j["direction"] = to_string(r.direction);
  j["state"] = state_json(m, r.state);
  Table t{"scan of the observable " + sw.observable, {sw.param, sw.observable}, {}};
  for (auto [p, v] : r.scan) t.add_row({num(p), num(v)});
  std::ostringstream extra;
  extra << "\n" << sw.observable << " " << to_string(r.direction) << " at " << sw.param << " = "
        << num(r.threshold, 10) << " (bracket [" << num(r.bracket_lo, 12) << ", "
        << num(r.bracket_hi, 12) << "])\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

int cmd_threshold(const Options& o, const Model& m, const Setup& s) {
  if (const auto nt = m.hints().natural_threshold; o.vary.empty() && nt.exact) {
    // Known without a search (e.g. alpha_c = 0 for a trivial subspace).
    json j = header(o, &m, Status::Ok, "");
    j["parameter"] = nt.parameter;
    j["threshold"] = *nt.exact;
    j["bracket"] = {*nt.exact, *nt.exact};
    j["direction"] = "exact";
    j["note"] = nt.note;
    Table t{"threshold", {"parameter", "threshold"}, {}};
    t.add_row({nt.parameter, num(*nt.exact, 10)});
    emit(render(o, &m, t, j, "\n" + nt.parameter + " = " + num(*nt.exact, 10) + ": " + nt.note + "\n"),
         o.out);
    return 0;
  }
  const Sweep sw = parse_sweep(o, m);
  if (!sw.observable.empty()) return threshold_observable(o, m, s, sw);
  const std::string& param = sw.param;
  const double lo = sw.lo, hi = sw.hi;
  const Follow f = follow_setup(o, m, s, sw);
  const auto& m0 = f.m0;
  const ThresholdResult r = locate_stability_change(f.make, f.start, f.to);
  json j = header(o, &m, r.status, r.message);
  j["parameter"] = param;
  j["range"] = {lo, hi};
  j["point"] = f.point.empty() ? "given" : f.point;
  json scan = json::array();
  for (auto [p, l] : r.scan) scan.push_back({p, l});
  j["scan"] = scan;
  fail_on(r.status, "threshold search", r.message);
  j["threshold"] = r.threshold;
  j["bracket"] = {r.bracket_lo, r.bracket_hi};
  j["direction"] = to_string(r.direction);
  j["state"] = state_json(*m0, r.state);
  Table t{"scan of lambda_max (largest real part of the Jacobian spectrum) at the followed point",
          {param, "lambda_max"}, {}};
  for (auto [p, l] : r.scan) t.add_row({num(p), num(l)});
  std::ostringstream extra;
  extra << "\nthe fixed point '" << (f.point.empty() ? "given" : f.point) << "' " << to_string(r.direction)
        << " at " << param << " = " << num(r.threshold, 10) << " (bracket [" << num(r.bracket_lo, 12)
        << ", " << num(r.bracket_hi, 12) << "])\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

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

}  // namespace

void add_common_options(CLI::App& a, Options& o) {
  a.add_option("--set", o.sets, "model parameter name=value (repeatable)");
  a.add_option("--config", o.config, "JSON file: {\"params\": {...}, \"state\": {...}} or flat params");
  a.add_option("--at", o.ats, "state coordinate name=value, e.g. 'Q[1,2]=0.1' (repeatable)");
  a.add_option("--state", o.state_file, "JSON file mapping state coordinates to values");
  a.add_option("--point", o.point, "start from the model's special point NAME (see describe)");
  a.add_option("--times", o.times, "output times t1,t2,... (increasing, >= 0)");
  a.add_option_function<double>(
      "--t-end", [&o](const double& v) { o.t_end = v, o.t_end_given = true; },
      "final time of a log-spaced grid (default 1000)");
  a.add_option_function<int>(
      "--points", [&o](const int& v) { o.points = v, o.points_given = true; },
      "points of the log-spaced grid (default 41)");
  a.add_option("--max-steps", o.max_steps,
               "integration step limit (default 2e6); a stiff tail needs far fewer steps with "
               "--method rosenbrock4");
  a.add_flag("--quiet,-q", o.quiet, "no progress lines on stderr");
  a.add_option("--event", o.events, "event, e.g. 'eg<1e-3', 'esc: r_spread>0.5', 'steady<1e-9'");
  a.add_option("--method", o.method, "integrator: dopri5 (default), rosenbrock4, euler");
  a.add_option("--atol", o.atol, "absolute error tolerance per step (default 1e-10)");
  a.add_option("--rtol", o.rtol, "relative error tolerance per step (default 1e-10)");
  a.add_option("--dt", o.dt, "Euler step / initial adaptive step (default 0.01)");
  a.add_option("--starts", o.starts,
               "random starts of fixed-point / minimum searches (default 40; 2 for state "
               "evolutions, whose map is costly)")
      ->default_str("auto");
  a.add_flag("--symmetric", o.symmetric,
             "fixed-points: also search the fixed-point subspaces of the model's symmetry "
             "subgroups (committee with a symmetric teacher; docs/landscape.md)");
  a.add_option("--quiet-batches", o.quiet_batches,
               "fixed-points: draw batches of --starts random starts until this many batches in a row, "
               "and at least half of all starts, find no new point (default 3; 0 for state "
               "evolutions: one batch)")
      ->default_str("auto");
  a.add_option("--max-starts", o.max_starts, "fixed-points: cap on the random starts of all batches (default 1000)");
  a.add_option("--tol", o.tol, "fixed-point certificate max|drift| <= tol (default 1e-10)");
  a.add_option("--solver-seed", o.solver_seed, "seed of the random starts (default 1)")
      ->check(CLI::Validator(
          [](std::string& v) {
            // A seed is an exact integer in [0, 2^53] (what JSON and Python carry without loss).
            char* end = nullptr;
            errno = 0;
            const long long s = std::strtoll(v.c_str(), &end, 10);
            const bool ok = !v.empty() && *end == '\0' && errno == 0 && s >= 0 && s <= (1LL << 53);
            return ok ? std::string() : "'" + v + "': must be an integer in [0, 2^53]";
          },
          "INT in [0, 2^53]"));
  a.add_option("--eps", o.eps, "perturbation size of the escape-time estimate (default 1e-3)");
  a.add_option("--dims", o.dims,
               "escape: dimensions d1,d2,... (model parameter d, initial overlap c/sqrt(d)); fits the "
               "growth law of the event times and prints the model's prediction");
  a.add_option("--perturb", o.perturb,
               "curve/escape: start from the fixed point (--point/--at) displaced by this along "
               "its most unstable direction");
  a.add_option("--runs", o.runs, "runs of basins from random starts (default 100)");
  a.add_option("--steady-tol", o.steady_tol, "basins: a run is steady when max|drift| < this (default 1e-8)");
  a.add_option("--d", o.d, "input dimension of simulations (default 1000)");
  a.add_option("--seeds", o.seeds, "independent simulation runs (default 4)");
  a.add_option("--vary", o.vary, "parameter moved by threshold");
  a.add_option("--observable", o.observable,
               "threshold: locate the root of this observable in the parameter (instead of a change "
               "of stability)");
  a.add_option("--range", o.range, "LO,HI range of the varied parameter");
  a.add_option("--grid", o.grid, "grid points of the threshold scan and of continue's table (default 24)");
  // An option with an optional value (not a flag), so that a sweep's {"switch": true} works too.
  a.add_option("--switch", o.switch_branches,
               "continue: also follow the branches emerging at branch points (off unless given; "
               "'--switch false' turns it off again)")
      ->expected(0, 1)
      ->default_str("true");
  a.add_option("--vary2", o.vary2, "continue: second parameter; trace the --curve in (--vary, --vary2)");
  a.add_option("--range2", o.range2, "continue: LO,HI window of --vary2");
  a.add_option("--curve", o.curve_kind, "continue: the two-parameter curve, fold, branch or hopf");
  a.add_option("--columns", o.columns, "table columns to show, e.g. loss,Q[1,1] (table format)");
  a.add_option("--format", o.format, "table (default), csv or json (describe --equations: also latex)");
  a.add_flag("--equations{index}", o.equations,
             "describe: the model file's equations in index form, or --equations=expanded for its sizes");
  a.add_option("--out", o.out, "write the result to FILE (atomically) instead of stdout");
}

std::string join_argv(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

namespace {
int dispatch(const Options& o) {
  require_valid(o);
  if (o.command.empty()) return default_study(o);
  if (o.command == "list") return cmd_list(o);
  const Setup s = gather(o);
  auto m = builtin_registry().make(o.model, s.params);
  check_budget(o, *m);
  if (o.command == "describe") return cmd_describe(o, *m);
  if (o.command == "fixed-points") return cmd_fixed_points(o, *m, s);
  if (o.command == "stability") return cmd_stability(o, *m, s);
  if (o.command == "minimize") return cmd_minimize(o, *m, s);
  if (o.command == "threshold") return cmd_threshold(o, *m, s);
  if (o.command == "basins") return cmd_basins(o, *m);
  if (o.command == "continue") return cmd_continue(o, *m, s);
  if (o.command == "escape" && !o.dims.empty()) return cmd_escape_dims(o, s);
  const Vec x0 = make_state(*m, o, s);
  if (o.command == "evaluate") return cmd_evaluate(o, *m, x0);
  if (o.command == "curve") return cmd_curve(o, *m, x0, false);
  if (o.command == "escape") return cmd_curve(o, *m, x0, true);
  if (o.command == "simulate") return cmd_simulate(o, *m, x0);
  throw std::logic_error("unhandled command " + o.command);
}
}  // namespace

void validate(const Options& o) {
  require_valid(o);
  if (o.command.empty() || o.command == "list") return;
  const Setup s = gather(o);
  auto m = builtin_registry().make(o.model, s.params);
  check_budget(o, *m);
  for (const auto& e : o.events) parse_event(*m, e);
  // The commands that start from the given state require it to be realisable.
  const bool checked = o.command == "evaluate" || o.command == "curve" || o.command == "simulate" ||
                       (o.command == "escape" && o.dims.empty());
  if (o.command != "escape" || o.dims.empty()) make_state(*m, o, s, checked);
}

Outcome run_captured(const Options& o) {
  Outcome r;
  set_emit_capture(&r.output);
  try {
    r.code = dispatch(o);
  } catch (const NonFiniteResult& e) {
    r.code = 1;
    r.status = "non-finite";
    r.error = e.what();
  } catch (const SolverFailure& e) {
    r.code = 1;
    r.error = e.what();
  } catch (const std::exception& e) {
    r.code = 2;
    r.error = std::string("error: ") + e.what();
  }
  set_emit_capture(nullptr);
  return r;
}

int run(const Options& o) {
  static const std::set<std::string> long_running = {"curve", "escape", "fixed-points", "basins", "simulate",
                                                     "threshold", "continue", "minimize", "stability"};
  try {
    Heartbeat beat("summit " + o.command, long_running.count(o.command) && heartbeat_wanted(o.quiet));
    return dispatch(o);
  } catch (const NonFiniteResult& e) {
    std::cerr << "summit: " << e.what() << " (status non-finite)\n";
    return 1;
  } catch (const SolverFailure& e) {
    std::cerr << "summit: " << e.what() << "\n";
    return 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << "summit: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "summit: error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace summit::cli
