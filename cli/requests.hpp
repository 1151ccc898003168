// The bridge from the command line to the study layer: the parsed options (cli/commands.hpp) as
// the request of each study (studies/), and the model parameters and start coordinates gathered
// from --config, --set, --state and --at.
//
// Contract: gather() reads the files and assignments (std::invalid_argument naming the option
// and the value for a malformed one, a name given twice, a file that is not the expected JSON);
// the *_request functions copy options into requests without checking them: the requests'
// is_valid and run do that, once, for the CLI, sweeps and every other caller.
#pragma once

#include "cli/commands.hpp"
#include "studies/basins_study.hpp"
#include "studies/continue_study.hpp"
#include "studies/curve.hpp"
#include "studies/describe_study.hpp"
#include "studies/escape.hpp"
#include "studies/escape_dims_study.hpp"
#include "studies/evaluate.hpp"
#include "studies/fixed_points_study.hpp"
#include "studies/minimize_study.hpp"
#include "studies/simulate_study.hpp"
#include "studies/stability_study.hpp"
#include "studies/threshold_study.hpp"

#include <map>
#include <string>

namespace summit::cli {

struct Setup {
  std::map<std::string, std::string> params;  // from --config then --set
  std::map<std::string, std::string> at;      // from --config "state", --state, then --at
};

Setup gather(const Options& o);

studies::StartSpec start_spec(const Options& o, const Setup& s);
studies::IntegrationRequest integration_request(const Options& o);
studies::SearchRequest search_request(const Options& o);

// For the subcommands still configured in cli/ (basins, continue): the start state, and the solver options of the requests above.
Vec make_state(const Model& m, const Options& o, const Setup& s, bool check = true);
IntegrateOptions integrate_options(const Model& m, const Options& o);
FixedPointOptions fp_options(const Options& o);

studies::EvaluateRequest evaluate_request(const Options& o, const Setup& s);
studies::CurveRequest curve_request(const Options& o, const Setup& s);
studies::EscapeRequest escape_request(const Options& o, const Setup& s);
studies::StabilityRequest stability_request(const Options& o, const Setup& s);
studies::SimulateRequest simulate_request(const Options& o, const Setup& s);
studies::FixedPointsRequest fixed_points_request(const Options& o, const Setup& s);
studies::ThresholdRequest threshold_request(const Options& o, const Setup& s);
studies::DescribeRequest describe_request(const Options& o);
// escape --dims: refuses a start (--at, --state, --point, --perturb), which the study sets itself.
studies::EscapeDimsRequest escape_dims_request(const Options& o, const Setup& s);
studies::ContinueRequest continue_request(const Options& o, const Setup& s);
studies::BasinsRequest basins_request(const Options& o);
studies::MinimizeRequest minimize_request(const Options& o, const Setup& s);

}  // namespace summit::cli
