// The doctest entry point shared by every test executable.
// It fails the run when no test case was executed, so a filter that matches nothing is an error,
// and when the suite made more statistical comparisons than its budget (tests/statistics.hpp).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "statistics.hpp"

#include <iostream>

namespace {
struct CountingReporter : doctest::ConsoleReporter {
  explicit CountingReporter(const doctest::ContextOptions& in) : ConsoleReporter(in) {}
  static inline unsigned executed = 0;
  void test_run_end(const doctest::TestRunStats& stats) override {
    executed = stats.numTestCasesPassingFilters;
    ConsoleReporter::test_run_end(stats);
  }
};
REGISTER_REPORTER("counting", 1, CountingReporter);
}  // namespace

int main(int argc, char** argv) {
  doctest::Context context;
  context.setOption("reporters", "counting");
  context.applyCommandLine(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;
  if (rc == 0 && CountingReporter::executed == 0) {
    std::cerr << "error: no test case was executed (check the filters)\n";
    return 3;
  }
  // The Bonferroni budget of tests/statistics.hpp (tests/README.md, "Statistics").
  const long compared = summit::test::statistical_comparisons();
  if (compared > summit::test::kComparisonsPerSuite) {
    std::cerr << "error: " << compared << " statistical comparisons, more than the "
              << summit::test::kComparisonsPerSuite << " a suite may make (tests/statistics.hpp)\n";
    return 4;
  }
  if (compared > 0) std::cerr << "statistical comparisons: " << compared << "\n";
  return rc;
}
