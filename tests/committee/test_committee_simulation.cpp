// The ODEs against finite-d one-pass SGD of the actual networks (d = 1000, 16 seeds each).
// Criterion: at every measured time and for every order parameter and the loss,
//   |mean over seeds - ODE| <= t * (spread over seeds) / sqrt(seeds) + 2/d,
// with t the Student-t quantile for 16 seeds at the suite's per-comparison level
// (tests/statistics.hpp: 9.5) and an allowance for the O(1/d) finite-size correction of the drift
// (Goldt et al. 2019 prove convergence at this rate).
#include "../statistics.hpp"
#include "../support.hpp"
#include "solvers/integrate.hpp"
#include "solvers/simulate.hpp"

using namespace summit;

namespace {
void compare(const std::map<std::string, std::string>& params, std::vector<double> times) {
  auto m = test::make("committee", params);
  const Vec x0 = m->initial_state();
  IntegrateOptions io;
  io.times = times;
  const Trajectory tr = integrate(*m, x0, io);
  REQUIRE(tr.status == Status::Ok);
  SimulateOptions so;
  so.d = 1000;
  so.seeds = 16;
  so.seed = 42;
  so.times = times;
  const SimulationResult sim = simulate(*m, x0, so);
  REQUIRE(sim.status == Status::Ok);
  double worst = 0;  // largest deviation in units of the tolerance, for the log
  for (size_t i = 0; i < times.size(); ++i) {
    Vec ode(m->dim() + 1);
    ode << tr.x[i], m->loss(tr.x[i]);
    for (int c = 0; c <= m->dim(); ++c) {
      const double se = sim.sd(i, c) / std::sqrt(double(so.seeds));
      const double tol = test::error_bar(so.seeds) * se + 2.0 / so.d;
      worst = std::max(worst, std::abs(sim.mean(i, c) - ode[c]) / tol);
      CAPTURE(sim.columns[c]);
      CAPTURE(times[i]);
      CHECK(test::within_error_bar(sim.mean(i, c), ode[c], se, test::error_bar(so.seeds), 2.0 / so.d));
    }
  }
  MESSAGE("largest deviation / tolerance = " << worst);
}
}  // namespace

TEST_CASE("simulation: erf K=M=2, lr=0.5, random start, through the approach to the plateau") {
  compare({{"K", "2"}, {"M", "2"}, {"lr", "0.5"}, {"seed", "3"}}, {0, 1, 3, 10, 20});
}

TEST_CASE("simulation: erf K=M=2 with output noise, lr=1: the lr^2 and noise^2 J2 terms") {
  // Started at the teacher, the error is driven only by the noise through the O(lr^2) terms.
  compare({{"K", "2"}, {"M", "2"}, {"lr", "1"}, {"noise", "0.5"}, {"init", "informed"},
           {"init_overlap", "0"}},
          {0, 2, 5, 10});
}

TEST_CASE("simulation: ReLU K=2, M=3, lr=0.5, trained second layer") {
  compare({{"K", "2"}, {"M", "3"}, {"activation", "relu"}, {"lr", "0.5"},
           {"train_second_layer", "true"}, {"init_overlap", "0.2"}},
          {0, 1, 3, 8});
}

TEST_CASE("simulation: linear K=3, M=2, lr=0.3, weight decay") {
  compare({{"K", "3"}, {"M", "2"}, {"activation", "linear"}, {"lr", "0.3"},
           {"weight_decay", "0.1"}, {"init_overlap", "0.1"}},
          {0, 1, 4, 10});
}
