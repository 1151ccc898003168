// The doctest entry point shared by every test executable.
// It fails the run when no test case was executed, so a filter that matches nothing is an error.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

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
  return rc;
}
