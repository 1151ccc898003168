"""The solver functions: agreement with the CLI's JSON (same defaults, same numbers), independent
oracles (closed forms, NumPy's eigen-solver, finite-d simulation with its CLT error bar), statuses
and errors.

The CLI comparisons run the same library code with the same options, so they agree to the last
few bits (JSON prints shortest round-trip doubles); tolerances of 1e-12 relative allow libm and
summation-order noise only. They check that the bindings pass the CLI's defaults and return the
CLI's fields.
"""

import math

import numpy as np
import pytest

import summit
from conftest import error_bar, within_error_bar

REL = 1e-12


@pytest.fixture(scope="module")
def committee():
    return summit.model("committee", activation="erf", K=2, M=2, lr=0.5)


def cli_state(j, m):
    return np.array([j[c] for c in m.coordinates])


# ---- integrate / curve / escape ----


def test_integrate_matches_cli_curve(cli, committee):
    tr = summit.integrate(committee, t_end=1e3, points=30, events=["escape: r_spread>0.5"])
    j = cli("curve", "committee", "--t-end", "1e3", "--points", "30", "--event", "escape: r_spread>0.5")
    assert tr.status == j["status"] == "ok"
    assert tr.columns == j["columns"]
    assert tr.table == pytest.approx(np.array(j["rows"]), rel=REL, abs=1e-300)
    assert tr.steps == j["solver"]["steps"]
    (e,) = tr.events
    assert e.found and e.time == pytest.approx(j["events"][0]["time"], rel=REL)
    assert e.state == pytest.approx(j["events"][0]["state"], rel=REL)
    assert tr.event("escape") is e and tr["R[1,1]"] is not None
    assert tr.x.shape == (30, 7) and tr.t.shape == (30,) and len(tr) == 30
    assert np.array_equal(tr["Q[1,2]"], tr.x[:, 1])
    with pytest.raises(KeyError, match="unknown column 'nope'"):
        tr["nope"]
    # summit.curve is the same function
    assert summit.curve is summit.integrate


def test_integrate_saxe_against_the_closed_form():
    # tau da/dt = 2 a (s - a): a(t) = s / (1 + (s/a0 - 1) exp(-2 s t / tau)) (docs/solvable.md).
    # dopri5 at atol = rtol = 1e-10 per step: global error ~1e-8 over t <= 20 (measured < 1e-7 in
    # tests/solvers); rosenbrock4 (different integrator, same tolerances) likewise.
    m = summit.model("saxe", s=[3, 2, 1], a0=0.001, tau=1)
    times = np.linspace(0, 20, 41)
    s = np.array([3.0, 2.0, 1.0])
    exact = s / (1 + (s / 0.001 - 1) * np.exp(-2 * np.outer(times, s)))
    for method in ("dopri5", "rosenbrock4"):
        tr = summit.integrate(m, times=times, method=method, events=m.default_events)
        assert np.max(np.abs(tr.x - exact)) < 1e-6, method
        # the event "mode 1 half learned: a[1] > 1.5" fires at t = ln(s/a0 - 1) / (2 s)
        assert tr.events[0].time == pytest.approx(math.log(3 / 0.001 - 1) / 6, rel=1e-6)
    # Euler (fixed step dt = 1e-3, first order): error O(dt) ~ 1e-3 on O(1) values.
    tr = summit.integrate(m, times=times, method="euler", dt=1e-3)
    assert np.max(np.abs(tr.x - exact)) < 2e-2


def test_escape_and_perturb_match_cli(cli, cli_error, committee):
    tr = summit.escape(committee)
    j = cli("escape", "committee")
    assert [e.name for e in tr.events] == [e["name"] for e in j["events"]] == ["escape"]
    assert tr.events[0].time == pytest.approx(j["events"][0]["time"], rel=REL)
    # --perturb from the plateau (the saddle-1 fixed point), given coordinate by coordinate
    plateau = summit.fixed_points(committee)[1]
    assert plateau.type == "saddle-1"
    at = [a for c, v in plateau.state.items() for a in ("--at", f"{c}={v!r}")]
    tp = summit.escape(committee, x0=plateau.state, perturb=1e-3)
    jp = cli("escape", "committee", *at, "--perturb", "1e-3")
    assert tp.events[0].time == pytest.approx(jp["events"][0]["time"], rel=1e-10)
    st = tp.start["fixed_point"]
    assert st.type == jp["start"]["type"] == "saddle-1"
    assert tp.start["linearised_escape_time"] == pytest.approx(jp["start"]["linearised_escape_time"], rel=1e-10)
    assert tp.start["linearised_escape_time"] == pytest.approx(math.log(1e3) / st.lambda_max, rel=1e-14)
    # the symmetric point lies on the boundary of the realisable set: displaced, it leaves it
    with pytest.raises(ValueError) as err:
        summit.integrate(committee, point="symmetric", perturb=1e-3)
    code, msg = cli_error("curve", "committee", "--point", "symmetric", "--perturb", "1e-3")
    # the same message, naming the keyword (perturb=0.001) where the CLI names its option
    assert code == 2 and str(err.value) == msg.replace("--perturb 0.001", "perturb=0.001")


def test_integrate_statuses_and_errors(cli_error, committee):
    for kw, args in [({"method": "foo"}, ("--method", "foo")),
                     ({"events": ["zz<1"]}, ("--event", "zz<1"))]:
        with pytest.raises(ValueError) as err:
            summit.integrate(committee, **kw)
        code, msg = cli_error("curve", "committee", *args)
        # the same reason; Python names the argument as a keyword (method='foo')
        assert code == 2 and str(err.value) == msg.replace("--method 'foo'", "method='foo'")
    with pytest.raises(ValueError, match=r"times='1,0.5': must be >= 0 and increasing"):
        summit.integrate(committee, times=[1, 0.5])
    with pytest.raises(ValueError, match=r"atol=0: must be > 0 \(and finite\)"):
        summit.integrate(committee, atol=0)
    with pytest.raises(ValueError, match="state is not realisable"):
        summit.integrate(committee, x0={"Q[1,1]": -1})
    with pytest.raises(ValueError, match="expected a state of 7 values"):
        summit.integrate(committee, x0=[1, 2])
    # A solver failure raises SolverError with the status; check=False returns it instead.
    with pytest.raises(summit.SolverError) as err:
        summit.integrate(committee, t_end=1e3, max_steps=10)
    assert err.value.status == "max-steps" and str(err.value).startswith("integration failed (max-steps): ")
    assert err.value.result.status == "max-steps" and len(err.value.result.t) < 41
    tr = summit.integrate(committee, t_end=1e3, max_steps=10, check=False)
    assert tr.status == "max-steps" and tr.message
    # escape: events not reached (the CLI exits 1), and a model without default events.
    with pytest.raises(summit.SolverError, match=r"not every event was reached by t = 10 \(raise t_end\)"):
        summit.escape(committee, t_end=10)
    code, msg = cli_error("escape", "committee", "--t-end", "10")
    assert code == 1 and msg == "not every event was reached by t = 10 (raise --t-end)"
    with pytest.raises(ValueError, match="model 'eigenlearning' has no default events; give events="):
        summit.escape(summit.model("eigenlearning"))
    with pytest.raises(summit.SolverError, match="not unstable"):
        summit.integrate(committee, point="perfect", perturb=1e-3)


# ---- fixed points / stability / minimize ----


def test_fixed_points_match_cli_and_numpy(cli, committee):
    # time_budget 0: the same census from the same seed whatever the machine's load
    fps = summit.fixed_points(committee, time_budget=0)
    j = cli("fixed-points", "committee", "--time-budget", "0")
    assert fps.starts == j["solver"]["starts"] and fps.converged == j["solver"]["converged"]
    # the same census (solvers/fixed_point_census.hpp): batches, new points per batch, stopping rule
    assert fps.census["random_starts"] == j["solver"]["random_starts"]
    assert fps.census["new_per_batch"] == j["solver"]["new_per_batch"] and fps.census["stopped_by"] == "rule"
    assert len(fps) == len(j["fixed_points"]) == 3
    for p, q in zip(fps, j["fixed_points"]):
        assert p.loss == pytest.approx(q["loss"], rel=1e-9, abs=1e-14)
        assert (p.type, p.index, p.flat_directions, p.hits, p.origin, p.global_minimum, p.space) == \
            (q["type"], q["index"], q["flat_directions"], q["hits"], q["origin"], q["global_minimum"],
             q["stability_space"])
        assert p.x == pytest.approx(cli_state(q["state"], committee), abs=1e-9)
        ev = np.array([complex(a, b) for a, b in q["eigenvalues"]])
        assert p.eigenvalues == pytest.approx(ev, abs=1e-9)
        assert p.residual <= 1e-10
        # Oracle: NumPy's (LAPACK) eigenvalues of the exact Jacobian at the point.
        ref = np.linalg.eigvals(committee.jacobian(p.x))
        assert sorted(ref.real) == pytest.approx(sorted(p.eigenvalues.real), abs=1e-10)
        assert p.index == int(np.sum(ref.real > 1e-8))
    assert [p.type for p in fps] == ["stable", "saddle-1", "saddle-3"]
    # the perfect point: zero loss (the student can realise the teacher)
    assert fps[0].loss == pytest.approx(0, abs=1e-14) and fps[0].global_minimum


def test_stability_matches_cli(cli, committee):
    st = summit.stability(committee)  # default: the first special point, polished
    j = cli("stability", "committee")["fixed_points"][0]
    assert st.type == j["type"] == "saddle-3" and st.index == j["index"]
    assert st.lambda_max == pytest.approx(j["lambda_max"], rel=1e-9)
    assert st.escape_time_estimate == pytest.approx(j["escape_time_estimate"], rel=1e-9)
    assert st.escape_time_estimate == pytest.approx(math.log(1 / 1e-3) / st.lambda_max, rel=1e-14)
    assert st.state == pytest.approx(j["state"], abs=1e-9)
    assert committee.state_dict(st.unstable_direction) == pytest.approx(j["unstable_direction"], abs=1e-8)
    assert np.linalg.norm(st.unstable_direction) == pytest.approx(1, rel=1e-12)
    sp = summit.stability(committee, "perfect", polish=False)
    assert sp.type == "stable" and sp.residual < 1e-12 and sp.unstable_direction is None
    assert summit.stability(committee, committee.special_points()["perfect"]).type == "stable"


def test_stability_and_search_failures(cli_error, committee):
    with pytest.raises(summit.SolverError) as err:
        summit.stability(committee, {"Q[1,1]": 3}, tol=1e-300)
    code, msg = cli_error("stability", "committee", "--at", "Q[1,1]=3", "--tol", "1e-300")
    assert code == 1 and str(err.value) == msg and err.value.status == "not-realisable"
    with pytest.raises(ValueError, match=r"tol=0: must be > 0"):
        summit.fixed_points(committee, tol=0)
    with pytest.raises(ValueError, match=r"starts=-1: must be in \[0, 100000\]"):
        summit.fixed_points(committee, starts=-1)


def test_minimize_matches_cli(cli):
    m = summit.model("committee", activation="relu", K=2, M=2)
    r = summit.minimize(m)
    j = cli("minimize", "committee", "--set", "activation=relu")
    # 40 random starts + the committee's 6 structured starts at K = M = 2 (models/committee/committee.cpp)
    assert r.starts == 46 and len(r) == len(j["minima"])
    for a, b in zip(r, j["minima"]):
        assert a.loss == pytest.approx(b["loss"], rel=1e-9, abs=1e-14)
        assert (a.hits, a.origin) == (b["hits"], b["origin"])
        assert a.weight_hessian_eigenvalues == pytest.approx(b["weight_hessian_eigenvalues"], abs=1e-7)
        assert a.gradient_norm <= 1e-10
    # the teacher is realisable: the global minimum has zero loss
    assert r[0].loss == pytest.approx(0, abs=1e-12)


# ---- simulate ----


def test_simulate_matches_cli_and_the_ode(cli, committee):
    times = [0.5, 1, 2]
    s = summit.simulate(committee, d=300, seeds=16, times=times)
    j = cli("simulate", "committee", "--d", "300", "--seeds", "16", "--times", "0.5,1,2")
    assert s.table_columns == j["columns"]
    assert s.table == pytest.approx(np.array(j["rows"]), rel=REL, abs=1e-300)
    assert s.mean.shape == (3, len(s.columns)) and len(s.runs) == 16 and s.runs[0].shape == s.mean.shape
    assert not s.mean.flags.owndata  # the C++ matrix, not a copy
    # Oracle: the ODE. Each seed's loss at d = 300 scatters by O(1/sqrt(d)) around the d -> inf
    # limit; the seed mean agrees within the Student-t quantile for 16 seeds (conftest.error_bar,
    # 9.5) times sd / sqrt(seeds), plus a finite-size bias allowance of 1/d.
    tr = summit.integrate(committee, times=s.t)
    se = s.sd_of("loss") / math.sqrt(16)
    assert np.all(se > 0)
    assert within_error_bar(s["loss"], tr.loss, se, error_bar(16), 1 / 300)
    with pytest.raises(summit.SolverError, match=r"simulation failed \(unsupported\): model 'eigenlearning' has no finite-d simulation"):
        summit.simulate(summit.model("eigenlearning"), times=[1])
    with pytest.raises(ValueError, match=r"d=0: must be >= 1"):
        summit.simulate(committee, d=0, times=[1])


# ---- threshold / follow / basins ----


def lambda_max_at_perfect(lr):
    m = summit.model("committee", activation="erf", K=2, M=2, lr=lr)
    return np.max(np.linalg.eigvals(m.jacobian(m.special_points()["perfect"])).real)


def test_threshold_matches_cli_and_a_numpy_bisection(cli, committee):
    r = summit.threshold(committee, vary="lr", range=(0.5, 5))
    j = cli("threshold", "committee", "--vary", "lr", "--range", "0.5,5")
    assert r.threshold == pytest.approx(j["threshold"], rel=REL)
    assert r.bracket == pytest.approx(j["bracket"], rel=REL)
    assert r.direction == j["direction"] == "loses stability" and r.point == j["point"] == "perfect"
    assert r.scan == pytest.approx(np.array(j["scan"]), rel=1e-9, abs=1e-12)
    assert r.state == pytest.approx(j["state"], abs=1e-9)
    # Oracle: bisection of the largest real part of NumPy's eigenvalues of the Jacobian at the
    # perfect point (a fixed point at every lr) -- no summit solver involved.
    lo, hi = 0.5, 5.0
    assert lambda_max_at_perfect(lo) < 0 < lambda_max_at_perfect(hi)
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if lambda_max_at_perfect(mid) < 0 else (lo, mid)
    assert r.threshold == pytest.approx(0.5 * (lo + hi), abs=1e-7)
    # the natural threshold of the model: same parameter and point
    n = summit.threshold(committee)
    jn = cli("threshold", "committee")
    assert (n.parameter, n.range) == ("lr", (0.05, 10.0))
    assert n.threshold == pytest.approx(jn["threshold"], rel=REL)


def test_threshold_observable_and_exact(cli):
    tb = summit.model("transient-bbp")
    r = summit.threshold(tb)
    j = cli("threshold", "transient-bbp")
    assert (r.parameter, r.observable) == ("theta", "max_F_minus_1")
    assert r.threshold == pytest.approx(j["threshold"], rel=REL) and r.direction == j["direction"]
    # at the threshold the observable vanishes (the definition of the root)
    assert summit.model("transient-bbp", theta=r.threshold).observables(r.x)["max_F_minus_1"] == \
        pytest.approx(0, abs=1e-6)
    fp = summit.threshold(summit.model("franz-parisi"))
    assert fp.threshold == pytest.approx(cli("threshold", "franz-parisi")["threshold"], rel=REL)
    ld = summit.threshold(summit.model("low-degree"))
    assert (ld.threshold, ld.direction) == (1.0, "exact") and "lambda < 1" in ld.note


def test_threshold_errors(cli_error, committee):
    with pytest.raises(ValueError, match="vary='K': not a real parameter of 'committee'"):
        summit.threshold(committee, vary="K", range=(1, 2))
    assert cli_error("threshold", "committee", "--vary", "K", "--range", "1,2") == \
        (2, "--vary 'K': not a real parameter of 'committee'")
    with pytest.raises(ValueError, match="vary needs range"):
        summit.threshold(committee, vary="lr")
    with pytest.raises(ValueError, match="range='2,1': must be LO,HI with LO < HI"):
        summit.threshold(committee, vary="lr", range=(2, 1))
    with pytest.raises(ValueError, match="model 'saxe' has no natural threshold here"):
        summit.threshold(summit.model("saxe"))
    with pytest.raises(summit.SolverError) as err:
        summit.threshold(committee, vary="lr", range=(0.5, 1))
    code, msg = cli_error("threshold", "committee", "--vary", "lr", "--range", "0.5,1")
    assert code == 1 and str(err.value) == msg and err.value.status == "no-convergence"
    assert err.value.result.scan.shape == (24, 2)


def test_follow_matches_cli_continue(cli, committee):
    b = summit.follow(committee, "lr", (0.5, 3), grid=6)
    j = cli("continue", "committee", "--vary", "lr", "--range", "0.5,3", "--grid", "6")
    assert len(b) == len(j["branch"]) == 6
    for p, q in zip(b, j["branch"]):
        assert p.parameter == pytest.approx(q["parameter"], rel=REL)
        assert (p.type, p.index) == (q["type"], q["index"])
        assert p.lambda_max == pytest.approx(q["lambda_max"], rel=1e-9, abs=1e-14)
    down = summit.follow(committee, "lr", (3, 0.5), grid=6)
    assert [p.parameter for p in down] == pytest.approx([3, 2.5, 2, 1.5, 1, 0.5])


def test_basins_match_cli(cli):
    m = summit.model("committee", activation="relu", dynamics="gradient-flow", K=2, M=2)
    r = summit.basins(m, runs=8)
    j = cli("basins", "committee", "--set", "activation=relu", "--set", "dynamics=gradient-flow",
            "--runs", "8")
    assert r.runs == 8 and (r.unconverged, r.failed) == (j["unconverged"], j["failed"])
    assert [b.count for b in r.basins] == [b["count"] for b in j["basins"]]
    assert [b.type for b in r.basins] == [b["type"] for b in j["basins"]]
    assert sum(b.count for b in r.basins) + r.unconverged + r.failed == 8
    with pytest.raises(ValueError, match=r"runs=0: must be in \[1, 1000000\]"):
        summit.basins(m, runs=0)


def test_log_grid_and_version():
    g = summit.log_grid(1000, 5)
    assert g[0] == 0 and g[-1] == pytest.approx(1000) and len(g) == 5
    assert summit.__version__
