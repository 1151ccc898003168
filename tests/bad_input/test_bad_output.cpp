// --out and stdout under faults: devices, FIFOs and symlinks are written through, never replaced;
// a full device is an error naming the file and the system error. Device nodes are made with
// mknod in a temporary folder (the same major/minor as /dev/null and /dev/full), never on /dev.
#include "../cli_support.hpp"
#include "scratch.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using summit::test::CliRun;
using summit::test::run_summit;
using summit::test::scratch;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool make_char_device(const fs::path& p, unsigned major_id, unsigned minor_id) {
  return ::mknod(p.c_str(), S_IFCHR | 0666, makedev(major_id, minor_id)) == 0;
}

}  // namespace

TEST_CASE("--out: a device node is written through, not replaced by a regular file") {
  const fs::path null_dev = scratch() / "null";
  if (!make_char_device(null_dev, 1, 3)) {
    MESSAGE("mknod not permitted here (not root?): device cases not run");
    return;
  }
  const CliRun r = run_summit("describe committee --out " + null_dev.string());
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(fs::is_character_file(null_dev));  // still the device
  const fs::path full_dev = scratch() / "full";
  REQUIRE(make_char_device(full_dev, 1, 7));
  summit::test::expect_error("describe committee --out " + full_dev.string(),
                             "--out '" + full_dev.string() + "': write failed (No space left on device)", 2);
  CHECK(fs::is_character_file(full_dev));
  // stdout on a full device: the failed write is an error, not exit 0 with the output lost.
  const CliRun s = run_summit("describe committee >" + full_dev.string());
  CHECK(s.code == 2);
  CHECK(s.err.find("stdout: write failed (No space left on device)") != std::string::npos);
  // A symlink to a device: written through, the link and the device stay.
  const fs::path link = scratch() / "link_to_null";
  fs::create_symlink(null_dev, link);
  CHECK(run_summit("list --out " + link.string()).code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(fs::is_character_file(null_dev));
}

TEST_CASE("--out: a FIFO is written through to its reader") {
  const fs::path fifo = scratch() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  auto reader = std::async(std::launch::async, [&] { return read_text(fifo); });
  const CliRun r = run_summit("list --out " + fifo.string());
  CHECK(r.code == 0);
  const std::string got = reader.get();
  CHECK(got.find("committee") != std::string::npos);
  CHECK(fs::is_fifo(fifo));
}

TEST_CASE("--out: regular files are replaced atomically, symlinks keep pointing at them") {
  const fs::path target = scratch() / "result.txt";
  std::ofstream(target) << "old";
  const fs::path link = scratch() / "result_link.txt";
  fs::create_symlink(target, link);
  CHECK(run_summit("list --out " + link.string()).code == 0);
  CHECK(fs::is_symlink(link));
  CHECK(read_text(target).find("committee") != std::string::npos);
  // A dangling symlink: the file it names is created.
  const fs::path dangling = scratch() / "dangling";
  fs::create_symlink(scratch() / "made_through_link.txt", dangling);
  CHECK(run_summit("list --out " + dangling.string()).code == 0);
  CHECK(fs::is_regular_file(scratch() / "made_through_link.txt"));
  // A folder, a missing folder, an unwritable place: one message naming the path.
  summit::test::expect_error("list --out " + scratch().string(), "--out '" + scratch().string() + "': is a folder");
  const std::string missing = (scratch() / "no" / "such" / "x.txt").string();
  summit::test::expect_error("list --out " + missing, "--out '" + missing + "'");
  CHECK(!fs::exists(scratch() / "no"));
  // No temporary files are left behind.
  for (const auto& e : fs::directory_iterator(scratch()))
    CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("--plot: a bad request is refused before any work (one line, exit 2, nothing on stdout)") {
  // The path, the interpreter and matplotlib are checked before the result is computed or printed
  // (cli/plot.hpp); formerly the table came first and the error after it.
  const fs::path folder = scratch() / "plot_folder";
  fs::create_directories(folder);
  const std::string spec = (scratch() / "plot_spec.json").string();
  std::ofstream(spec) << R"({"model": "committee", "command": "evaluate",
                            "axes": [{"param": "lr", "values": [0.1, 0.2]}]})";
  const std::string png = (scratch() / "p.png").string();
  struct PlotCase {
    std::string prefix, args, needle;
  };
  const std::vector<PlotCase> cases = {
      {"", "curve saxe --t-end 1 --points 3 --plot " + folder.string() + "/", "is a folder"},
      {"", "curve saxe --t-end 1 --points 3 --plot " + folder.string() + "/x.pdf", "must end in .png"},
      {"", "curve saxe --t-end 1 --points 3 --plot " + folder.string() + "/noext", "must end in .png"},
      // A folder named like a PNG.
      {"", "curve saxe --t-end 1 --points 3 --plot " + (folder / "d.png").string(), "is a folder"},
      {"SUMMIT_PYTHON=/nonexistent/python3", "curve saxe --t-end 1 --points 3 --plot " + png,
       "Python interpreter '/nonexistent/python3' not found"},
      // An interpreter that exists but cannot import matplotlib (false exits 1 for any script).
      {"SUMMIT_PYTHON=/bin/false", "curve saxe --t-end 1 --points 3 --plot " + png,
       "--plot: /bin/false cannot import matplotlib"},
      {"SUMMIT_PYTHON=/bin/false", "continue committee --point perfect --vary lr --range 0.5,0.6 --plot " + png,
       "cannot import matplotlib"},
      {"SUMMIT_PYTHON=/bin/false", "sweep " + spec + " -q --out " + (scratch() / "plot_sweep").string() +
       " --plot " + png, "cannot import matplotlib"},
      {"", "sweep " + spec + " -q --out " + (scratch() / "plot_sweep").string() + " --plot " + folder.string(),
       "is a folder"},
      {"", "sweep " + spec + " -q --out " + (scratch() / "plot_sweep").string() + " --plot " + png + ".txt",
       "must end in .png"},
  };
  fs::create_directories(folder / "d.png");
  for (const auto& c : cases) {
    const CliRun r = run_summit(c.args, c.prefix);
    INFO(c.prefix << " summit " << c.args << "\nexit " << r.code << "\nstderr: " << r.err << "\nstdout: " << r.out);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.needle) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  CHECK(!fs::exists(scratch() / "plot_sweep"));  // the sweep computed nothing
  CHECK(!fs::exists(png));
}
