// Running the summit executable from a test, as a user would (shared by every suite that tests
// the CLI).
#pragma once

#include "scratch_dir.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace summit::test {

struct CliRun {
  int code = -1;
  std::string out, err;
};

// Runs `PREFIX summit ARGS` through the shell (PREFIX: environment assignments or a launcher such
// as mpirun), capturing stdout, stderr and the exit code.
inline CliRun run_summit(const std::string& args, const std::string& prefix = "") {
  static int counter = 0;
  // The runs' stderr files, in /tmp/summit_cli_test_PID (removed when the test program exits).
  static const ScratchDir scratch("cli_test");
  const std::filesystem::path& dir = scratch.path();
  const std::filesystem::path errf = dir / ("err" + std::to_string(counter++));
  const std::string cmd =
      prefix + " " + std::string(SUMMIT_BINARY_DIR) + "/summit " + args + " 2>" + errf.string();
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream f(errf);
  std::stringstream ss;
  ss << f.rdbuf();
  r.err = ss.str();
  f.close();
  std::error_code ec;
  std::filesystem::remove(errf, ec);
  return r;
}

// `summit ARGS --format json`: must exit 0; its stdout parsed.
inline nlohmann::json run_json(const std::string& args) {
  const CliRun r = run_summit(args + " --format json");
  INFO("summit " << args << "\nstderr: " << r.err);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out);
}

// A bad invocation: the exit code, nothing on stdout, one message naming the problem.
inline void expect_error(const std::string& args, const std::string& needle, int code = 2) {
  const CliRun r = run_summit(args);
  INFO("summit " << args << "\nstderr: " << r.err);
  CHECK(r.code == code);
  CHECK(r.out.empty());
  CHECK(r.err.find(needle) != std::string::npos);
}

}  // namespace summit::test
