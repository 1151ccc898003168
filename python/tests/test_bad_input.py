"""Bad input to the Python module (issue "Reliability under bad input and faults"): each call of
the table raises the expected exception with a message naming the argument, floats are never
truncated to ints, unrealisable states and non-finite results raise unless check=False, and no
pybind11 signature dump ("incompatible function arguments") reaches the user."""

import math

import pytest

import summit

C = summit.model("committee")
# A state with Q[1,2] = 0.5 and R[1,1] = R[2,2] = 0.9: [[Q, R], [R^T, T]] is not PSD.
UNREALISABLE = [1, 0.5, 1, 0.9, 0, 0, 0.9]
HUGE = [1e308, 0, 1e308, 0, 0, 0, 0]  # the erf integrals of Q ~ 1e308 overflow to NaN

CASES = [
    # (call, exception, fragment of the message)
    (lambda: summit.model(3), TypeError, "name=3: must be a model name"),
    (lambda: summit.model("committee", [1]), TypeError, "params=[1]: must be a dict"),
    (lambda: summit.model("nosuch"), ValueError, "unknown model 'nosuch'"),
    (lambda: summit.model("committee", K="a"), ValueError, "parameter 'K' = 'a'"),
    (lambda: summit.model("committee", K=2.5), ValueError, "K"),
    (lambda: summit.model("committee", lr=math.nan), ValueError, "parameter 'lr' = 'nan'"),
    (lambda: summit.model("committee", nope=1), ValueError, "nope"),
    (lambda: C.loss("abc"), TypeError, "x: expected an array of numbers"),
    (lambda: C.loss([1, 2]), ValueError, "x: expected a state of 7 values"),
    (lambda: C.loss({"Q[1,1]": 1}), TypeError, "x: expected an array of numbers"),
    (lambda: C.loss(UNREALISABLE), ValueError, "not realisable"),
    (lambda: C.drift(UNREALISABLE), ValueError, "check=False evaluates it anyway"),
    (lambda: C.observables(UNREALISABLE), ValueError, "not realisable"),
    (lambda: C.drift(HUGE), summit.SolverError, "non-finite result: drift[Q[1,1]]"),
    (lambda: C.state(at={"Q[1,1]": "x"}), TypeError, "at['Q[1,1]']='x': must be a number"),
    (lambda: C.state(at={1: 0.5}), TypeError, "at: key 1 must be a coordinate name"),
    (lambda: C.state(at=[1]), TypeError, "at=[1]: must be a dict"),
    (lambda: C.state(at={"Q[1,2]": 5}), ValueError, "not realisable"),
    (lambda: C.state(point=3), TypeError, "point=3"),
    (lambda: C.state(check="yes"), TypeError, "check='yes': must be True or False"),
    (lambda: C.index(3), TypeError, "coordinate=3"),
    (lambda: C.index("Z"), ValueError, "unknown state coordinate 'Z'"),
    (lambda: C.random_state(1.5), ValueError, "seed=1.5: must be an integer (it is not truncated)"),
    (lambda: C.realisable(UNREALISABLE, tol=-1), ValueError, "tol=-1"),
    (lambda: summit.integrate(C, points=2.5), ValueError, "points=2.5: must be an integer (it is not truncated)"),
    (lambda: summit.integrate(C, points=1), ValueError, "points=1: must be in [2, 1000000]"),
    (lambda: summit.integrate(C, t_end="1"), TypeError, "t_end='1': must be a number"),
    (lambda: summit.integrate(C, t_end=math.inf), ValueError, "t_end=inf: must be a finite number"),
    (lambda: summit.integrate(C, t_end=-1), ValueError, "t_end=-1"),
    (lambda: summit.integrate(C, times=[1, 2], t_end=5), ValueError,
     "times and t_end both given: times sets the output times itself; give one or the other"),
    (lambda: summit.integrate(C, times=[1, 2], points=5), ValueError, "times and points both given"),
    (lambda: summit.simulate(C, times=[1, 2], points=5), ValueError, "times and points both given"),
    (lambda: summit.integrate(C, times=[0, math.nan]), ValueError, "must be finite"),
    (lambda: summit.integrate(C, times="abc"), TypeError, "times: expected an array of numbers"),
    (lambda: summit.integrate(C, events=3), TypeError, "events=3"),
    (lambda: summit.integrate(C, method="rk4"), ValueError, "method='rk4'"),
    (lambda: summit.integrate(C, atol=0), ValueError, "atol=0"),
    (lambda: summit.integrate(C, rtol=-1), ValueError, "rtol=-1"),
    (lambda: summit.integrate(C, dt=0), ValueError, "dt=0"),
    (lambda: summit.integrate(C, max_steps=0), ValueError, "max_steps=0"),
    (lambda: summit.integrate(C, max_steps=1.5), ValueError, "max_steps=1.5"),
    (lambda: summit.integrate(C, stop_at_events=1), TypeError, "stop_at_events=1"),
    (lambda: summit.integrate(C, perturb=-1), ValueError, "perturb=-1"),
    (lambda: summit.integrate(C, x0="nowhere"), ValueError, "x0='nowhere': model 'committee' has special points"),
    (lambda: summit.integrate(C, x0=UNREALISABLE), ValueError, "not realisable"),
    (lambda: summit.integrate(C, t_end=1e6, max_steps=1000), summit.SolverError, "max-steps"),
    (lambda: summit.escape(C, events=3), TypeError, "events=3"),
    (lambda: summit.escape(C, t_end=0), ValueError, "t_end=0"),
    (lambda: summit.fixed_points(C, starts="5"), TypeError, "starts='5'"),
    (lambda: summit.fixed_points(C, starts=2.5), ValueError, "starts=2.5"),
    (lambda: summit.fixed_points(C, starts=10**9), ValueError, "starts=1000000000: must be in [0, 100000]"),
    (lambda: summit.fixed_points(C, eps=0), ValueError, "eps=0: must be in (0, 1)"),
    (lambda: summit.fixed_points(C, eps=2), ValueError, "eps=2"),
    (lambda: summit.fixed_points(C, seed=-1), ValueError, "seed=-1"),
    (lambda: summit.stability(C, eps=math.nan), ValueError, "eps=nan"),
    (lambda: summit.stability(C, zero_tol=0), ValueError, "zero_tol=0"),
    (lambda: summit.minimize(C, gradient_tol=-1), ValueError, "gradient_tol=-1"),
    (lambda: summit.minimize(C, x0="abc"), ValueError, "x0='abc'"),
    (lambda: summit.simulate(C, d=1.5), ValueError, "d=1.5: must be an integer"),
    (lambda: summit.simulate(C, d=2 * 10**9), ValueError, "d=2000000000"),
    (lambda: summit.simulate(C, seeds=0), ValueError, "seeds=0"),
    (lambda: summit.threshold(C, "lr", (0, "a")), TypeError, "range='a': must be a number"),
    (lambda: summit.threshold(C, "lr", 5), TypeError, "range=5: must be (lo, hi)"),
    (lambda: summit.threshold(C, "lr", (1, 0)), ValueError, "range='1,0': must be LO,HI with LO < HI"),
    (lambda: summit.threshold(C, "lr", (0.1, 1), grid=10**8), ValueError, "grid=100000000"),
    (lambda: summit.follow(C, "lr", (0.1, 1), at=3), TypeError, "at=3: must be a dict"),
    (lambda: summit.basins(C, runs=True), TypeError, "runs=True: must be an integer, not a bool"),
    (lambda: summit.basins(C, runs=2 * 10**9), ValueError, "runs=2000000000"),
    (lambda: summit.basins(C, steady_tol=0), ValueError, "steady_tol=0"),
    (lambda: summit.log_grid("a"), TypeError, "t_end='a'"),
    (lambda: summit.log_grid(10, n=2.5), ValueError, "n=2.5"),
    (lambda: summit.sweep(3), TypeError, "spec: expected a dict or a path"),
]


@pytest.mark.parametrize("call, exc, fragment", CASES, ids=[c[2][:40] for c in CASES])
def test_bad_call_raises_naming_the_argument(call, exc, fragment):
    with pytest.raises(exc) as err:
        call()
    msg = str(err.value)
    assert fragment in msg
    assert "incompatible function arguments" not in msg and "Invoked with" not in msg


def test_check_false_evaluates_anyway():
    # check=False returns what the formulas give, without a word.
    assert math.isfinite(C.loss(UNREALISABLE, check=False))


def test_times_with_a_consistent_t_end_is_accepted():
    # t_end equal to the last output time says the same thing twice: no conflict.
    tr = summit.integrate(C, times=[0.0, 1.0, 2.0], t_end=2.0)
    assert list(tr.t) == [0.0, 1.0, 2.0]
    assert math.isnan(C.drift(HUGE, check=False)[0])
