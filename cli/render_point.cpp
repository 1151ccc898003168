// Rendering of the studies at one state: evaluate and stability.
#include "cli/render.hpp"
#include "cli/study_commands.hpp"

#include <sstream>

namespace summit::cli {

using json = nlohmann::json;

int cmd_evaluate(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::EvaluateResult r = studies::run(m, evaluate_request(o, s), progress);
  raise_on(r.outcome);
  Table t{"state, drift d/dt (" + m.time_unit() + ")", {"coordinate", "value", "drift"}, {}};
  json j = header(o, &m, Status::Ok, "");
  j.update(studies::result_json(m, r));
  for (int i = 0; i < r.state.size(); ++i)
    t.add_row({m.layout().coord_name(i), num(r.state[i], 10), num(r.drift[i], 10)});
  std::ostringstream extra;
  extra << "\nloss = " << num(r.loss, 10) << "\n";
  for (int i = 0; i < r.observables.size(); ++i)
    extra << m.observable_names()[i] << " = " << num(r.observables[i], 10) << "\n";
  emit(render(o, &m, t, j, extra.str()), o.out);
  return 0;
}

int cmd_stability(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::StabilityRequest request = stability_request(o, s);
  const studies::StabilityResult r = studies::run(m, request, progress);
  raise_on(r.outcome);
  json j = header(o, &m, Status::Ok, "");
  j.update(studies::result_json(m, r));
  Table t{"fixed point (polished from " + r.polished_from + ")", {"coordinate", "value"}, {}};
  for (int i = 0; i < r.x.size(); ++i) t.add_row({m.layout().coord_name(i), num(r.x[i], 10)});
  emit(render(o, &m, t, j, "\n" + stability_text(m, r.x, r.loss, r.residual, r.stability, request.eps)), o.out);
  return 0;
}

}  // namespace summit::cli
