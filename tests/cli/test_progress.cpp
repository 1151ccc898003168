// The progress line on stderr (cli/progress.hpp, docs/cli.md "Progress"): forced on for a stderr
// that is not a terminal with SUMMIT_PROGRESS=1, it appears for each long command; -q and
// SUMMIT_PROGRESS=0 silence it; stdout is byte-identical with and without it. Without the
// variable a test's stderr (a file) is not a terminal, so nothing appears.
#include "../cli_support.hpp"

#include <doctest/doctest.h>

#include <string>

using summit::test::CliRun;
using summit::test::run_summit;

namespace {

int count(const std::string& s, const std::string& needle) {
  int n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

// `summit ARGS` four ways: plain, forced, forced with -q, forced off. Returns the forced stderr.
std::string check_progress(const std::string& cmd, const std::string& args, const std::string& last_line) {
  const CliRun plain = run_summit(cmd + " " + args);
  const CliRun forced = run_summit(cmd + " " + args, "SUMMIT_PROGRESS=1");
  const CliRun quiet = run_summit(cmd + " " + args + " -q", "SUMMIT_PROGRESS=1");
  const CliRun off = run_summit(cmd + " " + args, "SUMMIT_PROGRESS=0");
  INFO("summit " << cmd << " " << args << "\nforced stderr:\n" << forced.err << "\nplain stderr:\n" << plain.err);
  REQUIRE(plain.code == 0);
  CHECK(forced.code == 0);
  CHECK(quiet.code == 0);
  CHECK(off.code == 0);
  // stdout unchanged; the progress lines only on stderr.
  CHECK(forced.out == plain.out);
  CHECK(quiet.out == plain.out);
  CHECK(off.out == plain.out);
  CHECK(plain.out.find(last_line) == std::string::npos);
  CHECK(forced.err.find(last_line) != std::string::npos);
  CHECK(plain.err.find("summit " + cmd + ":") == std::string::npos);
  CHECK(quiet.err.find("summit " + cmd + ":") == std::string::npos);
  CHECK(off.err.find("summit " + cmd + ":") == std::string::npos);
  // Appended lines for a non-terminal: no carriage returns or escape sequences in a log.
  CHECK(forced.err.find('\r') == std::string::npos);
  CHECK(forced.err.find('\x1b') == std::string::npos);
  return forced.err;
}

}  // namespace

TEST_CASE("progress: curve reports the fraction of its time range, at most once per percent") {
  const std::string err = check_progress("curve", "committee --t-end 50 --points 5", "summit curve: 100%");
  // One line per whole percent reached: never more than 101, every one a percentage.
  CHECK(count(err, "summit curve: ") <= 101);
  CHECK(count(err, "summit curve: ") == count(err, "%\n"));
}

TEST_CASE("progress: fixed-points (per batch of the census), basins, simulate, threshold") {
  // Two batches at most (--max-starts 10 with 5 per batch): the line reports starts over the cap
  // (--time-budget 0: no time fraction, which depends on the machine).
  const std::string fp = check_progress("fixed-points",
                                        "committee --starts 5 --max-starts 10 --quiet-batches 3 --time-budget 0",
                                        "summit fixed-points: 100%");
  CHECK(fp.find("summit fixed-points: 50%") != std::string::npos);
  const std::string b = check_progress("basins", "committee --runs 4 --t-end 200", "summit basins: 100%");
  CHECK(b.find("summit basins: 25%") != std::string::npos);
  check_progress("simulate", "committee --d 50 --seeds 2 --t-end 2 --points 3", "summit simulate: 100%");
  const std::string th =
      check_progress("threshold", "committee --vary lr --range 0.5,5 --grid 4", "summit threshold: ");
  CHECK(th.find("summit threshold: 25%") != std::string::npos);
}
