#include "cli/render.hpp"

#include "cli/result_check.hpp"
#include "cli/table_columns.hpp"
#include "lib/model_resolver.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace summit::cli {

using json = nlohmann::json;

void raise_on(const studies::Outcome& outcome) {
  if (outcome.ok()) return;
  if (outcome.status == Status::InvalidInput) throw std::invalid_argument(outcome.message);
  throw SolverFailure(outcome.message);
}

void fail_on(Status st, const std::string& what, const std::string& msg) {
  raise_on(studies::failure(st, what, msg));
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
                   const std::string& extra) {
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

std::string eig_text(const std::complex<double>& e) {
  if (e.imag() == 0) return num(e.real());
  return num(e.real()) + (e.imag() > 0 ? "+" : "-") + num(std::abs(e.imag())) + "i";
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

}  // namespace summit::cli
