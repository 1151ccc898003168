// The flow stage of find_fixed_points (solvers/fixed_points.hpp, issue 15): the stiff integrator
// at a loose tolerance and the capture of flows by known attractors must not change what the
// search finds. Oracle: the same search with the flow as it was before (dopri5 at 1e-10, every
// flow followed to steady state and polished), on the K = M = 4 ReLU committee under gradient
// flow (15 points, docs/landscape.md). Losses are compared to 1e-10 (the accuracy
// requirement; both are certified fixed points, max|drift| <= 1e-10).
#include "../support.hpp"
#include "solvers/fixed_points.hpp"
#include "solvers/stability.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace summit;

TEST_CASE("fixed points: rosenbrock4 flow with capture finds the points of the dopri5 flow") {
  auto m = test::make("committee", {{"K", "4"}, {"M", "4"}, {"activation", "relu"},
                                    {"dynamics", "gradient-flow"}});
  FixedPointOptions fast;  // defaults: rosenbrock4 at 1e-6, capture radius 1e-3
  fast.random_starts = 12;
  FixedPointOptions before = fast;
  before.flow_method = IntegrateOptions::Method::Dopri5;
  before.flow_tol = 1e-10;
  before.capture_radius = 0;
  const FixedPointResult a = find_fixed_points(*m, fast);
  const FixedPointResult b = find_fixed_points(*m, before);
  REQUIRE(a.status == Status::Ok);
  REQUIRE(b.status == Status::Ok);
  MESSAGE("fast: " << a.points.size() << " points, " << a.captured << " flows captured; before: "
                   << b.points.size() << " points");
  CHECK(b.captured == 0);
  CHECK(a.captured > 0);  // the capture did happen (most random starts flow to perfect learning)
  REQUIRE(a.points.size() == b.points.size());
  int hits_a = 0, hits_b = 0;
  for (size_t i = 0; i < a.points.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs(a.points[i].loss - b.points[i].loss) <= 1e-10);
    CHECK(m->equivalent(a.points[i].x, b.points[i].x, 1e-6));
    CHECK(analyse_stability(*m, a.points[i].x).type == analyse_stability(*m, b.points[i].x).type);
    hits_a += a.points[i].hits;
    hits_b += b.points[i].hits;
  }
  // A captured flow counts as a hit of the attractor it was caught by, as its polish did before.
  CHECK(hits_a == hits_b);
  CHECK(a.converged == b.converged);
}
