// threshold and continue: a fixed point followed in a parameter, the studies of
// studies/threshold_study.hpp and studies/continue_study.hpp rendered as tables.
#include "cli/bifurcation_plot.hpp"
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/result_check.hpp"
#include "cli/study_commands.hpp"
#include "studies/continue_study.hpp"
#include "studies/result_json.hpp"
#include "studies/threshold_study.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace summit::cli {

using json = nlohmann::json;

namespace {

// The table and the readable lines of a continuation, from its JSON fields.
void continue_table(const studies::ContinueStudyResult& r, Table& t, std::string& footer) {
  const json& j = r.fields;
  if (!r.parameter2.empty() && r.curve == "zero") {
    const std::string& p1 = r.parameter;
    const std::string& p2 = r.parameter2;
    t = {"zero set of " + j["observable"].get<std::string>() + " in (" + p1 + ", " + p2 + ")", {p1, p2}, {}};
    for (const auto& q : j["curve"]) t.add_row({num(q[p1].get<double>()), num(q[p2].get<double>())});
    footer += std::to_string(j["curve"].size()) + " points; ends: " + j["ends"][0].get<std::string>() + "; " +
              j["ends"][1].get<std::string>() + "\n";
    return;
  }
  if (!r.parameter2.empty()) {
    const std::string& p1 = r.parameter;
    const std::string& p2 = r.parameter2;
    const bool hopf = r.curve == "hopf";
    t = {r.curve + " curve in (" + p1 + ", " + p2 + ")", {p1, p2, "lambda_max"}, {}};
    if (hopf) t.columns.push_back("frequency");
    for (const auto& q : j["curve"]) {
      const double lmax = q["eigenvalues"].empty() ? NAN : q["eigenvalues"][0][0].get<double>();
      std::vector<std::string> row{num(q[p1].get<double>()), num(q[p2].get<double>()), num(lmax)};
      if (hopf) row.push_back(q.contains("frequency") ? num(q["frequency"].get<double>()) : "-");
      t.add_row(row);
    }
    for (const auto& s : j["codim2"])
      footer += s["type"].get<std::string>() + " at " + p1 + " = " + num(s[p1].get<double>(), 10) + ", " + p2 +
                " = " + num(s[p2].get<double>(), 10) + "\n";
    footer += "ends: " + j["ends"][0].get<std::string>() + "; " + j["ends"][1].get<std::string>() + "\n";
    return;
  }
  const std::string& param = r.parameter;
  if (j.contains("symmetry_note"))
    footer += "multiple branch points not classified: " + j["symmetry_note"].get<std::string>() + "\n";
  t = {"the fixed point '" + r.point + "' followed in " + param + " (pseudo-arclength)",
       {param, "loss", "type", "index", "lambda_max", "escape_time"}, {}};
  for (const auto& b : j["branch"]) {
    const int index = b["index"].get<int>();
    t.add_row({num(b["parameter"].get<double>()), num(b["loss"].get<double>()), b["type"].get<std::string>(),
               std::to_string(index), num(b["lambda_max"].get<double>()),
               index > 0 && b.contains("escape_time_estimate") ? num(b["escape_time_estimate"].get<double>()) : "-"});
  }
  for (size_t i = 1; i < j["branches"].size(); ++i) {
    const json& b = j["branches"][i];
    footer += "branch " + std::to_string(i) + " (" + b["origin"].get<std::string>() + "): " +
              std::to_string(b["curve"].size()) + " points, " + b["end"].get<std::string>() + "\n";
  }
  for (const auto& s : j["bifurcations"]) {
    const std::string type = s["type"].get<std::string>();
    footer += type + " at " + param + " = " + num(s["parameter"].get<double>(), 10) + " (branch " +
              std::to_string(s["branch"].get<int>()) + ")" +
              (type == "hopf" ? ", frequency " + num(s["frequency"].get<double>()) : std::string()) +
              (type == "multiple-branch-point" ? ", kernel dimension " + std::to_string(s["kernel_dim"].get<int>())
                                               : std::string()) + "\n";
  }
  if (!j.contains("equivariant")) return;
  // One line per classified multiple branch point; the candidates in full are in the JSON.
  for (const auto& e : j["equivariant"]) {
    std::string axial;
    int n_axial = 0, followed = 0, others = 0;
    for (const auto& a : e["candidates"]) {
      const std::string isotropy = a["isotropy"].get<std::string>();
      const std::string note = a.value("note", std::string());
      const size_t n = a["branches"].size();
      if (n > 0) {
        axial += (n_axial++ ? ", " : "") + isotropy + " (" + std::to_string(n) + (n == 1 ? " branch)" : " branches)");
        followed += static_cast<int>(n);
      } else if (a["kernel_fix_dim"].get<int>() == 1 && note.find("same kernel direction") == std::string::npos) {
        axial += (n_axial++ ? ", " : "") + isotropy + " (none: " + note + ")";
      } else {
        ++others;
      }
    }
    const std::string symmetry = e["symmetry"].get<std::string>();
    footer += "multiple branch point #" + std::to_string(e["bifurcation"].get<size_t>()) + " at " + param + " = " +
              num(e["parameter"].get<double>(), 10) + ": kernel dimension " + std::to_string(e["kernel_dim"].get<int>()) +
              ", symmetry " + (symmetry.empty() ? "-" : symmetry) +
              (e["multiplicity_consistent"].get<bool>() ? " (an irreducible component)" : " (not one irreducible component)") +
              "; " + std::to_string(n_axial) + " axial of " + std::to_string(e["candidates"].size()) +
              " isotropy subgroups" + (n_axial ? ": " + axial : std::string()) + "; " + std::to_string(followed) +
              (followed == 1 ? " branch" : " branches") + " followed" +
              (others ? " (the other " + std::to_string(others) + " candidates in the JSON's equivariant)" : "") + "\n";
  }
}

}  // namespace

int cmd_continue(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::ContinueStudyResult r = studies::run(m, continue_request(o, s), progress);
  raise_on(r.outcome);
  json j = header(o, &m, Status::Ok, "");
  j.update(studies::result_json(m, r));
  if (!o.plot.empty()) plot_bifurcation(j, o.plot, o.observable);
  Table t;
  std::string footer;
  continue_table(r, t, footer);
  emit(render(o, &m, t, j, "\n" + footer + (o.vary2.empty() ? "escape_time = log(1/eps)/lambda_max with eps = " + num(o.eps) + "\n" : "")), o.out);
  return 0;
}

int cmd_threshold(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::ThresholdStudyResult r = studies::run(m, threshold_request(o, s), progress);
  raise_on(r.outcome);
  json j = header(o, &m, r.search.status, r.search.message);
  j.update(studies::result_json(m, r));
  if (r.exact) {
    // Known without a search (e.g. alpha_c = 0 for a trivial subspace).
    Table t{"threshold", {"parameter", "threshold"}, {}};
    t.add_row({r.parameter, num(*r.exact, 10)});
    emit(render(o, &m, t, j, "\n" + r.parameter + " = " + num(*r.exact, 10) + ": " + r.note + "\n"), o.out);
    return 0;
  }
  const bool root = !r.observable.empty();
  Table t{root ? "scan of the observable " + r.observable
               : "scan of lambda_max (largest real part of the Jacobian spectrum) at the followed point",
          {r.parameter, root ? r.observable : "lambda_max"}, {}};
  for (auto [p, v] : r.search.scan) t.add_row({num(p), num(v)});
  std::ostringstream extra;
  extra << "\n" << (root ? r.observable : "the fixed point '" + r.point + "'") << " "
        << to_string(r.search.direction) << " at " << r.parameter << " = " << num(r.search.threshold, 10)
        << " (bracket [" << num(r.search.bracket_lo, 12) << ", " << num(r.search.bracket_hi, 12) << "])\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

}  // namespace summit::cli
