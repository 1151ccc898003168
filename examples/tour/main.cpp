// The C++ tour of the README, built against an installed summit (scripts/check-install).
#include "models/models.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/integrate.hpp"
#include "solvers/stability.hpp"
#include <iostream>

int main() {
  using namespace summit;
  auto m = builtin_registry().make("committee", {{"K", "2"}, {"M", "2"}, {"lr", "0.5"}});
  IntegrateOptions io;
  io.times = log_grid(2000, 20);                              // log-spaced output
  io.events = {parse_event(*m, "escape: r_spread>0.5")};      // located to tolerance
  Trajectory tr = integrate(*m, m->initial_state(), io);      // dopri5, atol = rtol = 1e-10
  if (tr.status != Status::Ok) { std::cerr << tr.message << "\n"; return 1; }
  for (size_t i = 0; i < tr.t.size(); ++i) std::cout << tr.t[i] << " " << m->loss(tr.x[i]) << "\n";
  std::cout << "escape at alpha = " << tr.events[0].time << "\n";
  FixedPointResult fp = find_fixed_points(*m, {});            // multi-start Ceres + Newton
  for (const auto& p : fp.points)
    std::cout << p.loss << " " << analyse_stability(*m, p.x).type << "\n";
}
