// `describe --equations` (models/user/equations.hpp): the index form prints the file's own
// equations back, and the expanded drift derived symbolically by GiNaC equals the drift the
// solvers use (the loss gradient from forward-mode Jets) and the built-in gradient flow.
#include "models/user/compile.hpp"
#include "models/user/equations.hpp"
#include "models/user/model_file.hpp"
#include "tests/cli_support.hpp"
#include "tests/support.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace summit::test {
namespace {

const std::string kModels = std::string(SUMMIT_SOURCE_DIR) + "/examples/models/";

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("describe --equations prints the file's equations back (text), LaTeX and JSON") {
  const std::string f = kModels + "perceptron.summit";
  const CliRun r = run_summit("describe " + f + " --equations");
  REQUIRE(r.code == 0);
  // Round trip: the printer's minimal parentheses and spacing are those of the example file, so
  // its equations come back verbatim.
  for (const char* line : {"loss = (1 + Q - 2*m)/2", "d/dt m = lr*(1 - m) - kappa*m",
                           "d/dt Q = 2*lr*(m - Q) + lr^2*(1 + Q - 2*m) - 2*kappa*Q",
                           "cosine = m/sqrt(Q)"})
    CHECK(r.out.find(std::string(line) + "\n") != std::string::npos);
  const CliRun tex = run_summit("describe " + f + " --equations --format latex");
  REQUIRE(tex.code == 0);
  CHECK(tex.out.rfind("\\begin{align*}\n", 0) == 0);
  CHECK(tex.out.find("\\frac{dm}{dt} &= \\mathrm{lr} \\, \\left(1 - m\\right) - \\mathrm{kappa} \\, m") !=
        std::string::npos);
  // Expanded for lr = 0.3 (parameters become numbers): d/dt m = 3/10 - 3/10 m exactly.
  const auto j = run_json("describe " + f + " --equations=expanded --set lr=0.3");
  CHECK(j["form"] == "expanded");
  CHECK(j["equations"].get<std::string>().find("d/dt m = 3/10-3/10*m\n") != std::string::npos);
  expect_error("describe committee --equations", "equations are printed for model files");
  expect_error("describe " + f + " --equations=full", "--equations 'full': must be index or expanded");
}

TEST_CASE("the drift GiNaC derives from the loss equals the Jets' and the built-in gradient flow") {
  const std::string text = read(kModels + "committee_erf_flow.summit");
  const user::ModelSpec spec = user::parse_model_file(text, "committee_erf_flow.summit");
  for (auto [K, M] : {std::pair{2, 2}, std::pair{3, 2}}) {
    const std::map<std::string, std::string> p{{"K", std::to_string(K)}, {"M", std::to_string(M)},
                                               {"lr", "0.6"}, {"weight_decay", "0.05"}};
    const user::CompiledModel cm = user::compile_model(spec, ParamValues(spec.params, p));
    auto file = make(kModels + "committee_erf_flow.summit", p);
    auto q = p;
    q["dynamics"] = "gradient-flow";
    auto builtin = make("committee", q);
    std::mt19937_64 rng(3);
    for (int s = 0; s < 3; ++s) {
      const Vec x = builtin->random_state(rng);
      const Vec symbolic = user::expanded_drift_values(cm, x);
      Vec jets, reference;
      file->drift(x, jets);
      builtin->drift(x, reference);
      INFO("K=" << K << " M=" << M << " state " << x.transpose());
      // One gradient by three methods (GiNaC's exact derivative of the closed-form erf I2 of the
      // program, evaluated by evalf at 17 digits; forward-mode Jets; the built-in's hand-written
      // gradient): rounding only, ~1e-15.
      CHECK((symbolic - jets).cwiseAbs().maxCoeff() < 1e-12);
      CHECK((symbolic - reference).cwiseAbs().maxCoeff() < 1e-12);
    }
  }
  // The expanded text names every coordinate's drift.
  const user::CompiledModel cm = user::compile_model(spec, ParamValues(spec.params, {}));
  const std::string eq = user::expanded_equations(cm, false);
  for (const char* c : {"d/dt Q[1,1] = ", "d/dt Q[1,2] = ", "d/dt Q[2,2] = ", "d/dt R[2,1] = "})
    CHECK(eq.find(c) != std::string::npos);
}

}  // namespace
}  // namespace summit::test
