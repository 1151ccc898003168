// Rendering of the study `simulate`: the finite-d runs' mean and spread per output time.
#include "cli/render.hpp"
#include "cli/study_commands.hpp"

namespace summit::cli {

using json = nlohmann::json;

int cmd_simulate(const Options& o, const Model& m, const Setup& s, studies::Progress* progress) {
  const studies::SimulateResult r = studies::run(m, simulate_request(o, s), progress);
  raise_on(r.outcome);
  json j = header(o, &m, r.simulation.status, r.simulation.message);
  j.update(studies::result_json(m, r));
  const std::vector<std::string> cols = j["columns"].get<std::vector<std::string>>();
  Table t{"finite-d SGD simulation: d = " + std::to_string(r.options.d) + ", " + std::to_string(r.options.seeds) +
              " seeds (mean, and sd over seeds)",
          cols, {}};
  const bool csv = o.format == "csv";
  for (const auto& row : j["rows"]) {
    std::vector<std::string> cells;
    for (const auto& v : row) cells.push_back(csv ? full(v.get<double>()) : num(v.get<double>()));
    t.add_row(cells);
  }
  emit(render(o, &m, t, j), o.out);
  return 0;
}

}  // namespace summit::cli
