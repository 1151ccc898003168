// The bad-input regression suite (issue "Reliability under bad input and faults"): the CLI run as
// a hostile but realistic user would. Every case gives the exit code, a fragment of the one-line
// message on stderr, and requires stdout to be empty (nothing half-printed). Devices, FIFOs and
// symlinks are made in a temporary folder (mknod/mkfifo), never on the real /dev.
#include "../cli_support.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;
namespace fs = std::filesystem;
using summit::test::CliRun;
using summit::test::run_summit;
using summit::test::scratch;

namespace {

std::string tmp(const std::string& name) { return (scratch() / name).string(); }

std::string write_text(const std::string& name, const std::string& text) {
  std::ofstream(scratch() / name) << text;
  return tmp(name);
}

struct Case {
  std::string args;
  int code;
  std::string needle;
};

// Runs one case: exit code, nothing on stdout, exactly one line on stderr containing the needle.
void check_case(const Case& c) {
  const CliRun r = run_summit(c.args);
  INFO("summit " << c.args << "\nexit " << r.code << "\nstderr: " << r.err << "\nstdout: " << r.out.substr(0, 300));
  CHECK(r.code == c.code);
  CHECK(r.out.empty());
  CHECK(r.err.find(c.needle) != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

// Subcommands that take a model, with the model of each case.
const std::vector<std::string> kModelCommands = {"describe",  "evaluate", "curve",    "escape",
                                                 "fixed-points", "stability", "minimize", "simulate",
                                                 "threshold", "continue", "basins"};

}  // namespace

TEST_CASE("bad input: parse errors exit 2 with one 'summit: error:' line") {
  const std::vector<Case> cases = {
      {"frobnicate committee", 2, "summit: error: unknown subcommand 'frobnicate'"},
      {"curve committee --t-endd 5", 2, "summit: error: "},
      {"curve committee --points 1.5", 2, "--points"},
      {"curve committee --points abc", 2, "--points"},
      {"curve committee --t-end", 2, "--t-end"},
      {"curve committee --d 2e9", 2, "--d"},
      {"basins committee --runs 2e9", 2, "--runs"},
      {"evaluate", 2, "MODEL"},
      {"evaluate committee extra", 2, "summit: error: "},
      {"curve committee --solver-seed -1", 2, "--solver-seed"},
      {"--no-such-flag", 2, "summit: error: "},
      {"sweep", 2, "SPEC"},
      {"merge", 2, "DIR"},
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("bad input: numeric options are validated for every subcommand") {
  // Each bad value is refused before any work, by every subcommand that takes a model.
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"--eps 0", "--eps 0: must be in (0, 1)"},
      {"--eps -1", "--eps -1: must be in (0, 1)"},
      {"--eps 2", "--eps 2: must be in (0, 1)"},
      {"--eps nan", "--eps nan: must be in (0, 1)"},
      {"--tol 0", "--tol 0: must be > 0"},
      {"--steady-tol -1", "--steady-tol -1: must be > 0"},
      {"--t-end inf", "--t-end inf: must be a finite time > 0"},
      {"--t-end -3", "--t-end -3: must be a finite time > 0"},
      {"--points 1", "--points 1: must be in [2, 1000000]"},
      {"--points 1000000000", "--points 1000000000: must be in [2, 1000000]"},
      {"--starts 1000000000", "--starts 1000000000: must be in [0, 100000]"},
      {"--grid 100000000", "--grid 100000000: must be in [2, 100000]"},
      {"--runs 0", "--runs 0: must be in [1, 1000000]"},
      {"--seeds 0", "--seeds 0: must be in [1, 1024]"},
      {"--atol 0", "--atol 0: must be > 0"},
      {"--rtol -1", "--rtol -1: must be >= 0"},
      {"--dt 0", "--dt 0: must be > 0"},
      {"--max-steps 0", "--max-steps 0: must be in [1, 1e10]"},
      {"--format xml", "--format 'xml': must be table, csv or json"},
      {"--method rk4", "--method 'rk4': must be dopri5, rosenbrock4 or euler"},
      {"--times 1,2 --t-end 5", "--times and --t-end both given"},
      {"--times 1,2 --points 5", "--times and --points both given"},
  };
  // The options of the list above each subcommand takes (cli/study_table.cpp); it refuses the others
  // as options it does not have, before the value is looked at.
  const std::set<std::string> trajectory = {"--t-end", "--points", "--times", "--max-steps", "--method",
                                            "--atol",  "--rtol",   "--dt",    "--starts",    "--tol"};
  const std::set<std::string> follow = {"--starts", "--tol", "--eps", "--grid"};
  const std::map<std::string, std::set<std::string>> takes = {
      {"describe", {}},
      {"evaluate", {}},
      {"curve", trajectory},
      {"escape", trajectory},
      {"fixed-points", {"--starts", "--tol", "--eps"}},
      {"stability", {"--starts", "--tol", "--eps"}},
      {"minimize", {"--starts"}},
      {"simulate", {"--t-end", "--points", "--times", "--seeds"}},
      {"threshold", follow},
      {"continue", follow},
      {"basins", {"--tol", "--eps", "--steady-tol", "--t-end", "--points", "--times", "--max-steps", "--method",
                  "--atol", "--rtol", "--dt", "--runs"}},
  };
  for (const auto& cmd : kModelCommands)
    for (const auto& [opt, needle] : bad) {
      const std::string name = opt.substr(0, opt.find(' '));
      if (name == "--format" || takes.at(cmd).count(name))
        check_case({cmd + " committee " + opt, 2, needle});
      else
        check_case({cmd + " committee " + opt, 2, "summit: error: " + name + " is not an option of '" + cmd + "'"});
    }
}

TEST_CASE("bad input: options a subcommand does not take are refused, naming option and subcommand") {
  // Accepted and ignored before the table of subcommands (cli/study_table.cpp) bound each
  // subcommand's own options only.
  const std::vector<Case> cases = {
      {"describe committee --runs 5", 2, "summit: error: --runs is not an option of 'describe' (summit describe --help)"},
      {"evaluate committee --vary lr", 2, "summit: error: --vary is not an option of 'evaluate'"},
      {"basins committee --at 'Q[1,1]=0.5'", 2, "summit: error: --at is not an option of 'basins'"},
      {"curve committee --eps=0.1", 2, "summit: error: --eps is not an option of 'curve'"},
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("bad input: parameters, states and conflicting coordinates") {
  const std::vector<Case> cases = {
      {"evaluate nosuchmodel", 2, "nosuchmodel"},
      {"evaluate committee --set nope=1", 2, "nope"},
      {"evaluate committee --set K=0", 2, "K"},
      {"evaluate committee --set lr=abc", 2, "lr"},
      {"evaluate committee --set lr", 2, "--set 'lr': expected name=value"},
      {"evaluate committee --set lr=0.1 --set lr=0.2", 2, "--set lr given twice"},
      {"evaluate committee --at 'Q[1,2]=0.1' --at 'Q[2,1]=0.2'", 2, "set the same coordinate Q[1,2]"},
      {"evaluate committee --at 'Q[1,1]=1' --at 'Q[1,1]=2'", 2, "--at Q[1,1] given twice"},
      {"evaluate committee --at 'Q[9,9]=1'", 2, "Q[9,9]"},
      {"evaluate committee --at 'Q[1,2]=a'", 2, "Q[1,2]"},
      {"evaluate committee --at 'Q[1,2]=5'", 2, "not realisable"},
      {"evaluate committee --point nowhere", 2, "--point 'nowhere'"},
      {"curve committee --event 'nonsense<1'", 2, "nonsense"},
      {"threshold committee --vary nope --range 0,1", 2, "--vary 'nope'"},
      {"threshold committee --vary lr --range 1,0", 2, "--range '1,0'"},
      {"escape committee --dims 100", 2, "--dims"},
      {"curve committee --solver-seed 1e3", 2, "--solver-seed: '1e3': must be an integer in [0, 2^53]"},
      // eps*(alpha) is resolved in double precision only for alpha in [1e-20, 1e20] (formerly exit 1
      // "eps*: no sign change of Delta" at 1e-300 and 1e300).
      {"evaluate eps-pca --set alpha=1e300", 2, "parameter 'alpha' = '1e300': must be"},
      {"evaluate eps-pca --set alpha=1e-300", 2, "parameter 'alpha' = '1e-300': must be"},
      {"threshold eps-pca --set alpha=1e21", 2, "parameter 'alpha' = '1e21': must be"},
      // A --plot path in a missing folder is refused before any work (nothing on stdout).
      {"curve committee --plot " + tmp("no_such_folder") + "/c.png", 2,
       "--plot '" + tmp("no_such_folder") + "/c.png': the folder '" + tmp("no_such_folder") + "' does not exist"},
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("bad input: files given to --config and --state name the path and say what is wrong") {
  const std::string dir = tmp("a_folder");
  fs::create_directories(dir);
  const std::string bad_json = write_text("bad.json", "{\"params\": {\"lr\": 0.5,}}");
  const std::string empty = write_text("empty.json", "");
  const std::string typo = write_text("typo.json", "{\"params\": {\"lr\": 0.5}, \"stat\": {}}");
  const std::string list = write_text("list.json", "[1, 2]");
  const std::string params_list = write_text("plist.json", "{\"params\": [1]}");
  const std::string state_typo = write_text("stypo.json", "{\"state\": {\"Q[1,1]\": 1}, \"extra\": 1}");
  const std::string state_str = write_text("sstr.json", "\"Q\"");
  const std::string null_value = write_text("null.json", "{\"lr\": null}");
  const std::vector<Case> cases = {
      {"evaluate committee --config " + tmp("missing.json"), 2, "--config '" + tmp("missing.json") + "': no such file"},
      {"evaluate committee --config " + dir, 2, "--config '" + dir + "': is a folder"},
      {"evaluate committee --state " + dir, 2, "--state '" + dir + "': is a folder"},
      // The stray "}" after "0.5," is the 23rd character of the line.
      {"evaluate committee --config " + bad_json, 2, "invalid JSON at line 1, column 23"},
      {"evaluate committee --config " + empty, 2, "empty"},
      {"evaluate committee --config " + typo, 2, "unknown key 'stat'"},
      {"evaluate committee --config " + list, 2, "must be a JSON object"},
      {"evaluate committee --config " + params_list, 2, "key 'params' must be an object"},
      {"evaluate committee --state " + state_typo, 2, "unknown key 'extra'"},
      {"evaluate committee --state " + state_str, 2, "must be a JSON object"},
      {"evaluate committee --config " + null_value, 2, "lr"},
      {"evaluate committee --state " + tmp("missing.json"), 2, "no such file"},
  };
  for (const auto& c : cases) check_case(c);
  // The JSON message is summit's, not the library's.
  const CliRun r = run_summit("evaluate committee --config " + bad_json);
  CHECK(r.err.find("json.exception") == std::string::npos);
}

TEST_CASE("bad input: non-finite results are refused with status non-finite (exit 1)") {
  const std::vector<Case> cases = {
      {"evaluate committee --at 'Q[1,1]=1e308' --at 'Q[2,2]=1e308'", 1, "non-finite"},
      {"evaluate committee --at 'Q[1,1]=1e308' --at 'Q[2,2]=1e308' --format json", 1, "non-finite"},
      {"evaluate committee --at 'Q[1,1]=1e308' --at 'Q[2,2]=1e308' --format csv", 1, "non-finite"},
      // Ranges that say where the use overflows: each of these parameters enters squared, and the
      // closed forms gave inf or nan from 1e155 on (docs/reliability.md, "Bounded work"); the
      // transient-bbp outlier's Dyson solve failed from theta = 1e15 on.
      {"evaluate committee --set noise=1e300", 2, "parameter 'noise' = '1e300': must be a real >= 0 and <= 1e+100"},
      {"evaluate committee --set lr=1e300", 2, "parameter 'lr' = '1e300': must be a real > 0 and <= 1e+100"},
      {"evaluate committee --set init_scale=1e300", 2, "parameter 'init_scale' = '1e300': must be a real > 0 and <= 1e+50"},
      {"evaluate transient-bbp --set theta=1e300", 2, "parameter 'theta' = '1e300': must be a real >= 0 and <= 1e+10"},
      {"evaluate rbm --set beta=1e300", 2, "parameter 'beta' = '1e300': must be a real > 0 and <= 1e+100"},
      {"evaluate eigenlearning --set noise=1e300", 2, "parameter 'noise' = '1e300': must be a real >= 0 and <= 1e+100"},
      {"evaluate single-index --set lr=1e300", 2, "parameter 'lr' = '1e300': must be a real > 0 and <= 1e+100"},
      {"evaluate ssi --set lr=1e300", 2, "parameter 'lr' = '1e300': must be a real > 0 and <= 1e+100"},
      // At the caps the same evaluations are finite: tested in "the largest allowed values" below.
  };
  for (const auto& c : cases) check_case(c);
}

TEST_CASE("bad input: the largest allowed values of the capped parameters evaluate to finite numbers") {
  // The caps leave room: every number of each evaluation is checked (exit 1 if one is not finite).
  for (const std::string args : {"committee --set noise=1e100", "committee --set lr=1e100",
                                 "committee --set activation=relu --set init_scale=1e50",
                                 "transient-bbp --set theta=1e10", "rbm --set beta=1e100",
                                 "eigenlearning --set noise=1e100", "single-index --set lr=1e100",
                                 "ssi --set lr=1e100"}) {
    const CliRun r = run_summit("evaluate " + args + " --format json");
    INFO("summit evaluate " << args << "\nstderr: " << r.err);
    CHECK(r.code == 0);
  }
}

TEST_CASE("bad input: bounded work: the step limit says what to do") {
  // 1000 steps cannot reach t = 1e6 (dopri5 at the default tolerances): stopped, with advice.
  check_case({"curve committee --t-end 1e6 --max-steps 1000", 1, "--method rosenbrock4"});
  check_case({"curve committee --t-end 1e6 --max-steps 1000", 1, "--max-steps"});
  check_case({"simulate committee --d 2000000000", 2, "--d"});
  // Model sizes: the exact low-degree sum at n = 1e7, D = 1000 has 5e9 terms (minutes of work).
  check_case({"evaluate low-degree --set n=10000000 --set D=1000", 2, "terms (limit 1.5e9, about 30 s); lower n or D"});
}

TEST_CASE("bad input: low-degree at the extremes named in the issue") {
  const std::vector<Case> cases = {
      // rho^2 underflows below 1.5e-154: refused naming rho (it used to print ||L||^2 = e^-nan).
      {"evaluate low-degree --set rho=1e-300", 2,
       "parameter 'rho' = '1e-300': rho^2 underflows double precision; must be >= 1.5e-154"},
      {"evaluate low-degree --set model=planted-dense-subgraph --set rho=1e-300", 2,
       "parameter 'rho' = '1e-300': rho^2 underflows"},
      // lambda = 1e300: the overlaps R = lambda <x, x'> leave the range of the truncated series
      // (spiked Wigner: R = -5e299) or of double precision (planted submatrix: lambda^2 K(K - 1)/2
      // = inf); refused naming lambda and rho.
      {"evaluate low-degree --set lambda=1e300", 2, "parameters lambda, rho: an overlap R = "},
      {"evaluate low-degree --set model=planted-submatrix --set lambda=1e300", 2,
       "parameters lambda, rho: an overlap R = lambda <x, x'> overflows double precision"},
  };
  for (const auto& c : cases) check_case(c);
}
