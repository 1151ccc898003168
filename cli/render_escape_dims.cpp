// escape --dims: the study of studies/escape_dims_study.hpp rendered as a table of event times
// against d with the fitted and the predicted growth laws.
#include "cli/output.hpp"
#include "cli/render.hpp"
#include "cli/requests.hpp"
#include "cli/study_commands.hpp"
#include "studies/escape_dims_study.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace summit::cli {

using json = nlohmann::json;

int cmd_escape_dims(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::EscapeDimsResult r = studies::run(m, escape_dims_request(o, s), progress);
  raise_on(r.outcome);
  const Model* last = r.last.get();
  json j = header(o, last, Status::Ok, "");
  j.update(studies::result_json(m, r));
  std::vector<std::string> cols = {"d"};
  for (const auto& n : r.events) cols.push_back(n);
  cols.push_back("n = d t(" + r.events.front() + ")");
  Table t{"event times against d (time " + last->time_unit() + ")", cols, {}};
  for (size_t i = 0; i < r.dims.size(); ++i) {
    std::vector<std::string> row = {full(r.dims[i])};
    for (const auto& tk : r.times) row.push_back(num(tk[i], 8));
    row.push_back(num(r.dims[i] * r.times.front()[i], 6));
    t.add_row(row);
  }
  std::ostringstream extra;
  extra << "\nfitted growth laws (least squares over the dims):\n";
  for (size_t k = 0; k < r.events.size(); ++k)
    extra << "  " << r.events[k] << ": t ~ d^p with p = " << num(r.fitted_power[k], 4)
          << "; dt/d(ln d) = " << num(r.fitted_log_slope[k], 6) << "\n";
  const EscapeLaw& law = r.law;
  if (law.law.empty()) {
    extra << "predicted: (the model gives no prediction)\n";
  } else {
    extra << "predicted: t ~ " << law.law << " (p = " << num(law.power, 4)
          << (law.log_power > 0 ? " times log d: the local p decays like 1/ln d" : "") << ")";
    if (law.log_slope > 0) extra << "; predicted dt/d(ln d) = " << num(law.log_slope, 6);
    extra << "\n  " << law.note << "\n";
  }
  emit(render(o, last, t, j, extra.str()), o.out);
  return 0;
}

}  // namespace summit::cli
