#include "studies/integration_request.hpp"

#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

namespace {
constexpr long kMaxPoints = 1'000'000;  // output rows of a curve or simulation
constexpr long kMaxStepsLimit = 10'000'000'000;

std::string times_text(const std::vector<double>& ts) {
  std::string s;
  for (double t : ts) s += (s.empty() ? "" : ",") + full(t);
  return s;
}
}  // namespace

bool fail_with(std::string* why, const std::string& message) {
  if (why) *why = message;
  return false;
}

bool time_grid_is_valid(double t_end, int points, std::string* why) {
  if (!(std::isfinite(t_end) && t_end > 0))
    return fail_with(why, "--t-end " + full(t_end) + ": must be a finite time > 0");
  if (points < 2 || points > kMaxPoints)
    return fail_with(why, "--points " + std::to_string(points) + ": must be in [2, " +
                              std::to_string(kMaxPoints) + "] (more rows: split the time range)");
  return true;
}

bool IntegrationRequest::is_valid(std::string* why) const {
  if (method != "dopri5" && method != "rosenbrock4" && method != "euler")
    return fail_with(why, "--method '" + method + "': must be dopri5, rosenbrock4 or euler");
  if (!time_grid_is_valid(t_end, points, why)) return false;
  if (!(std::isfinite(atol) && atol > 0)) return fail_with(why, "--atol " + full(atol) + ": must be > 0 (and finite)");
  if (!(std::isfinite(rtol) && rtol >= 0)) return fail_with(why, "--rtol " + full(rtol) + ": must be >= 0 (and finite)");
  if (!(std::isfinite(dt) && dt > 0)) return fail_with(why, "--dt " + full(dt) + ": must be > 0 (and finite)");
  if (max_steps < 1 || max_steps > kMaxStepsLimit)
    return fail_with(why, "--max-steps " + std::to_string(max_steps) + ": must be in [1, 1e10]");
  if (times) {
    const auto& ts = *times;
    for (size_t i = 0; i < ts.size(); ++i)
      if (!(ts[i] >= 0) || (i && !(ts[i] > ts[i - 1])))
        return fail_with(why, "--times '" + times_text(ts) + "': must be >= 0 and increasing");
  }
  return true;
}

IntegrateOptions IntegrationRequest::to_options(const Model& m) const {
  std::string why;
  if (!is_valid(&why)) throw std::invalid_argument(why);
  IntegrateOptions io;
  io.method = parse_method(method);
  io.abs_tol = atol;
  io.rel_tol = rtol;
  io.dt = dt;
  io.max_steps = max_steps;
  io.times = times ? *times : log_grid(t_end, points);
  for (const auto& e : events) io.events.push_back(parse_event(m, e));
  return io;
}

void times_to_json(nlohmann::json& j, const std::optional<std::vector<double>>& times, double t_end, int points) {
  if (times) {
    j["times"] = *times;
    return;
  }
  j["times"] = nlohmann::json();
  j["t_end"] = t_end;
  j["points"] = points;
}

void reject_times_conflict(const nlohmann::json& j) {
  if (!j.contains("times") || j["times"].is_null()) return;
  const bool t_end = j.contains("t_end"), points = j.contains("points");
  if (t_end || points)
    throw std::invalid_argument(std::string("--times and ") + (t_end ? "--t-end" : "--points") +
                                " both given: --times sets the output times itself; give one or the other");
}

void to_json(nlohmann::json& j, const IntegrationRequest& r) {
  j = {{"method", r.method}, {"atol", r.atol}, {"rtol", r.rtol}, {"dt", r.dt}, {"max_steps", r.max_steps},
       {"events", r.events}};
  times_to_json(j, r.times, r.t_end, r.points);
}

void from_json(const nlohmann::json& j, IntegrationRequest& r) {
  const std::string p = "integration";
  require_object(j, p);
  reject_unknown(j, {"method", "atol", "rtol", "dt", "max_steps", "t_end", "points", "events", "times"}, p);
  reject_times_conflict(j);
  r = IntegrationRequest{};
  read_if(j, "method", p, r.method);
  read_if(j, "atol", p, r.atol);
  read_if(j, "rtol", p, r.rtol);
  read_if(j, "dt", p, r.dt);
  read_if(j, "max_steps", p, r.max_steps);
  read_if(j, "t_end", p, r.t_end);
  read_if(j, "points", p, r.points);
  read_if(j, "events", p, r.events);
  read_if(j, "times", p, r.times);
}

}  // namespace summit::studies
