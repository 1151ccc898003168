"""Non-finite numbers in solver results (issue "Reliability under bad input and faults", item 2):
every result object of the module is walked before it is returned, and a NaN or infinity raises
SolverError with status "non-finite" naming the quantity by its path, as the CLI's status
`non-finite` does; parameters whose use overflows are refused by their ranges."""

import re

import pytest

import summit

# A one-coordinate gradient flow whose only fixed point, x = 0, has loss log(0) = -inf: every
# solver that reports the loss there has a non-finite number to report.
BLOWUP = summit.define_model("blowup", states={"x": 1.0}, loss="log(x^2)", drift={"x": "-x"})


def _raises_non_finite(call, where):
    with pytest.raises(summit.SolverError, match="non-finite result: " + where) as e:
        call()
    assert e.value.status == "non-finite"


def test_fixed_points_with_a_non_finite_loss_raise():
    _raises_non_finite(lambda: summit.fixed_points(BLOWUP, starts=2, quiet_batches=0),
                       r"fixed_points\[0\]\.loss = -inf")  # the path in the CLI's JSON


def test_basins_with_a_non_finite_loss_raise():
    _raises_non_finite(lambda: summit.basins(BLOWUP, runs=2, t_max=100.0),
                       r"basins\[0\]\.loss = -inf")  # the path in the CLI's JSON (basins runs its study)


def test_finite_results_pass_unchanged():
    fps = summit.fixed_points(summit.model("committee"), starts=5, quiet_batches=0)
    assert len(fps) >= 1 and fps.census["stopped_by"] == "rule"


def test_overflowing_parameters_are_refused_by_their_ranges():
    # Each enters squared; 1e155 gave inf or nan (docs/reliability.md), the ranges stop at 1e100.
    for name, param, cap in [("committee", "lr", "1e+100"), ("committee", "noise", "1e+100"),
                             ("rbm", "beta", "1e+100"), ("transient-bbp", "theta", "1e+10"),
                             ("eigenlearning", "noise", "1e+100"), ("single-index", "lr", "1e+100"),
                             ("ssi", "lr", "1e+100")]:
        with pytest.raises(ValueError, match=f"parameter '{param}' = '1e\\+?300'.*<= " + re.escape(cap)):
            summit.model(name, **{param: 1e300})
        summit.model(name, **{param: float(cap)})  # the cap itself is allowed


def test_transient_bbp_at_its_theta_cap_integrates():
    # The cap leaves room: the outlier's Dyson solve converges at theta = 1e10 (it failed from
    # 1e15 on), and the trajectory passes the non-finite walk.
    tr = summit.integrate(summit.model("transient-bbp", theta=1e10), points=3)
    assert tr.status == "ok"
