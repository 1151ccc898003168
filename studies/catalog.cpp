#include "studies/catalog.hpp"

#include "studies/basins_study.hpp"
#include "studies/budget.hpp"
#include "studies/continue_study.hpp"
#include "studies/curve.hpp"
#include "studies/describe_study.hpp"
#include "studies/escape_dims_study.hpp"
#include "studies/escape.hpp"
#include "studies/evaluate.hpp"
#include "studies/fixed_points_study.hpp"
#include "studies/minimize_study.hpp"
#include "studies/result_check.hpp"
#include "studies/simulate_study.hpp"
#include "studies/stability_study.hpp"
#include "studies/threshold_study.hpp"

#include <stdexcept>
#include <type_traits>

namespace summit::studies {

using json = nlohmann::json;

namespace {

json with_status(Status st, const std::string& msg, json j) {
  j["status"] = to_string(st);
  if (!msg.empty()) j["message"] = msg;
  return j;
}

// The checks against the model that validate() promises: the start resolves (and is realisable
// where the study starts there), every event parses.
void check_start(const Model& m, const StartSpec& start, bool realisable) { resolve_start(m, start, realisable); }
void check_events(const Model& m, const IntegrationRequest& q) {
  for (const auto& e : q.events) parse_event(m, e);
}

// What each study adds to the generic adapter below: its request type, its checks against the
// model, and its result as the CLI's JSON with the status and message of the CLI's header.
struct EvaluateKind {
  using Request = EvaluateRequest;
  static void check(const Model& m, const Request& q) { check_start(m, q.start, true); }
  static json document(const Model& m, const Request&, const EvaluateResult& r) {
    return with_status(Status::Ok, "", result_json(m, r));
  }
};

template <class Req, class Res>
struct TrajectoryKind {
  using Request = Req;
  static void check(const Model& m, const Request& q) {
    check_start(m, q.start, true);
    check_events(m, q.integration);
    if constexpr (std::is_same_v<Req, CurveRequest>)
      check_rows_budget(m, q.integration.times.has_value(), q.integration.points);
  }
  static json document(const Model& m, const Request& q, const Res& r) {
    return with_status(r.trajectory.status, r.trajectory.message, result_json(m, q, r));
  }
};
using CurveKind = TrajectoryKind<CurveRequest, CurveResult>;
using EscapeKind = TrajectoryKind<EscapeRequest, EscapeResult>;

struct StabilityKind {
  using Request = StabilityRequest;
  static void check(const Model& m, const Request& q) { check_start(m, q.start, false); }  // the polish moves it
  static json document(const Model& m, const Request&, const StabilityResult& r) {
    return with_status(Status::Ok, "", result_json(m, r));
  }
};

struct SimulateKind {
  using Request = SimulateRequest;
  static void check(const Model& m, const Request& q) {
    check_start(m, q.start, true);
    check_rows_budget(m, q.times.has_value(), q.points);
    check_simulation_budget(m, q.d, q.seeds);
  }
  static json document(const Model& m, const Request&, const SimulateResult& r) {
    return with_status(r.simulation.status, r.simulation.message, result_json(m, r));
  }
};

struct FixedPointsKind {
  using Request = FixedPointsRequest;
  static void check(const Model& m, const Request& q) { check_start(m, q.start, false); }  // searched, not required
  static json document(const Model& m, const Request&, const FixedPointsResult& r) {
    return with_status(r.census.result.status, r.census.result.message, result_json(m, r));
  }
};

struct MinimizeKind {
  using Request = MinimizeRequest;
  static void check(const Model& m, const Request& q) { check_start(m, q.start, false); }
  static json document(const Model& m, const Request&, const MinimizeStudyResult& r) {
    return with_status(r.search.status, r.search.message, result_json(m, r));
  }
};

struct ThresholdKind {
  using Request = ThresholdRequest;
  static void check(const Model& m, const Request& q) { check_start(m, q.start, false); }  // a guess at each value
  static json document(const Model& m, const Request&, const ThresholdStudyResult& r) {
    return with_status(r.search.status, r.search.message, result_json(m, r));
  }
};

struct BasinsKind {
  using Request = BasinsRequest;
  static void check(const Model& m, const Request& q) { check_events(m, q.integration); }
  static json document(const Model& m, const Request&, const BasinsStudyResult& r) {
    return with_status(r.basins.status, r.basins.message, result_json(m, r));
  }
};

// The studies whose checks against the model are their own check_against_model, and whose
// result is ok when the outcome is.
template <class Req, class Res>
struct PlainKind {
  using Request = Req;
  static void check(const Model& m, const Request& q) { check_against_model(m, q); }
  static json document(const Model& m, const Request&, const Res& r) {
    return with_status(Status::Ok, "", result_json(m, r));
  }
};
using DescribeKind = PlainKind<DescribeRequest, DescribeResult>;
using EscapeDimsKind = PlainKind<EscapeDimsRequest, EscapeDimsResult>;
using ContinueKind = PlainKind<ContinueRequest, ContinueStudyResult>;

// The request read and checked as validate() promises; throws std::invalid_argument.
template <class Kind>
typename Kind::Request checked_request(const Model& m, const json& j) {
  auto q = j.get<typename Kind::Request>();
  std::string why;
  if (!q.is_valid(&why)) throw std::invalid_argument(why);
  Kind::check(m, q);
  return q;
}

template <class Kind>
std::optional<std::string> validate_kind(const Model& m, const json& j) {
  try {
    checked_request<Kind>(m, j);
  } catch (const std::invalid_argument& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

template <class Kind>
json run_kind(const Model& m, const json& j, Progress* progress) {
  const auto q = checked_request<Kind>(m, j);
  const auto r = run(m, q, progress);
  if (r.outcome.status == Status::InvalidInput) throw std::invalid_argument(r.outcome.message);
  if (!r.outcome.ok()) {
    json failed = {{"status", to_string(r.outcome.status)}, {"message", r.outcome.message}};
    if constexpr (std::is_same_v<Kind, ThresholdKind>) {  // the scan made before the search failed
      json scan = json::array();
      for (auto [p, v] : r.search.scan) scan.push_back({p, v});
      failed["scan"] = scan;
    }
    return failed;
  }
  json out = Kind::document(m, q, r);
  try {
    check_result(out);
  } catch (const NonFiniteResult& e) {
    return {{"status", to_string(Status::NonFinite)}, {"message", e.what()}, {"non_finite_result", true}};
  }
  scrub_result(out);
  return out;
}

template <class Kind>
StudyKind kind(const char* name) {
  return {name, json(typename Kind::Request{}), validate_kind<Kind>, run_kind<Kind>};
}

std::vector<StudyKind> make_catalog() {
  return {kind<EvaluateKind>("evaluate"),   kind<CurveKind>("curve"),           kind<EscapeKind>("escape"),
          kind<FixedPointsKind>("fixed-points"), kind<StabilityKind>("stability"), kind<MinimizeKind>("minimize"),
          kind<SimulateKind>("simulate"),   kind<ThresholdKind>("threshold"),   kind<ContinueKind>("continue"),
          kind<BasinsKind>("basins"),       kind<DescribeKind>("describe"),     kind<EscapeDimsKind>("escape-dims")};
}

}  // namespace

const std::vector<StudyKind>& study_kinds() {
  static const std::vector<StudyKind> catalog = make_catalog();
  return catalog;
}

const StudyKind* find_study_kind(std::string_view name) {
  for (const auto& k : study_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

std::string study_kind_names() {
  std::string names;
  for (const auto& k : study_kinds()) names += (names.empty() ? "" : ", ") + k.name;
  return names;
}

}  // namespace summit::studies
