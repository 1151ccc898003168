#include "studies/search_request.hpp"

#include "studies/integration_request.hpp"
#include "studies/json_fields.hpp"
#include "studies/number_text.hpp"

#include <cmath>
#include <stdexcept>

namespace summit::studies {

namespace {
constexpr long kMaxStarts = 100'000;  // random starts of a fixed-point or minimum search
}

bool SearchRequest::is_valid(std::string* why) const {
  if (starts && (*starts < 0 || *starts > kMaxStarts))
    return fail_with(why, "--starts " + std::to_string(*starts) + ": must be in [0, " + std::to_string(kMaxStarts) +
                              "] (each start is a full polish; split a larger search over seeds with a sweep)");
  if (!(std::isfinite(tol) && tol > 0)) return fail_with(why, "--tol " + full(tol) + ": must be > 0 (and finite)");
  return true;
}

FixedPointOptions SearchRequest::to_options() const {
  std::string why;
  if (!is_valid(&why)) throw std::invalid_argument(why);
  FixedPointOptions f;
  f.random_starts = starts ? *starts : -1;  // -1: the solver's default (solvers/fixed_points.hpp)
  f.tol = tol;
  f.seed = seed;
  return f;
}

bool eps_is_valid(double eps, std::string* why) {
  if (!(eps > 0 && eps < 1))
    return fail_with(why, "--eps " + full(eps) + ": must be in (0, 1) (the relative size of the perturbation "
                                                 "in log(1/eps)/lambda_max)");
  return true;
}

void to_json(nlohmann::json& j, const SearchRequest& r) {
  j = {{"tol", r.tol}, {"seed", r.seed}};
  j["starts"] = r.starts ? nlohmann::json(*r.starts) : nlohmann::json();
}

void from_json(const nlohmann::json& j, SearchRequest& r) {
  const std::string p = "search";
  require_object(j, p);
  reject_unknown(j, {"starts", "tol", "seed"}, p);
  r = SearchRequest{};
  read_if(j, "starts", p, r.starts);
  read_if(j, "tol", p, r.tol);
  read_if(j, "seed", p, r.seed);
}

}  // namespace summit::studies
