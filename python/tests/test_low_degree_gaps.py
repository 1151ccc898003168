"""The low-degree detection-recovery problems through the Python model API and a sweep.

Oracles: the closed-form D -> infinity limits of the n -> infinity norms (docs/landscape.md):
angular synchronisation (e^{-lambda}/(1 - lambda))^L, O(r) synchronisation
e^{-lambda r^2/2} (1 - lambda)^{-r^2/2}; and the Kesten-Stigum threshold 1/L of the multi-layer SBM.
"""

import math

import summit


def obs(**kw):
    return summit.model("low-degree", **kw).evaluate()["observables"]


def test_limits_match_closed_forms():
    # D = 400: the series tail is below 0.5^400; 1e-12 relative (rounding).
    a = obs(model="angular-sync", L=2, lambda_=0.5, D=400, finite_n=False)
    assert math.isclose(a["norm_limit"], (math.exp(-0.5) / 0.5) ** 2, rel_tol=1e-12)
    o = obs(model="orthogonal-sync", r=3, lambda_=0.4, D=400, finite_n=False)
    assert math.isclose(o["norm_limit"], math.exp(-0.4 * 4.5) * 0.6 ** -4.5, rel_tol=1e-12)
    assert "norm_finite_n" not in o


def test_thresholds_and_gap_through_a_sweep():
    spec = {
        "model": "low-degree",
        "command": "evaluate",
        "params": {"D": 4, "finite_n": False},
        "axes": [{"param": "model", "values": ["multilayer-sbm", "planted-dense-subgraph"]}],
        "record": [{"name": "threshold", "path": "observables.threshold"},
                   {"name": "gap_ratio", "path": "observables.gap_ratio"}],
    }
    t = summit.sweep(spec, jobs=1)
    rows = dict(zip(t["model"], zip(t["threshold"], t["gap_ratio"])))
    assert rows["multilayer-sbm"] == (0.5, 1.0)  # KS for L = 2 layers: snr = 1/2, no gap
    # planted dense subgraph, defaults n = 800, rho = 0.05: detection 1/(rho^2 n) = 0.5, recovery
    # min(1, 1/(rho sqrt n)) = 0.7071..., ratio sqrt(2) (exact up to rounding)
    assert math.isclose(rows["planted-dense-subgraph"][0], 0.5, rel_tol=1e-14)
    assert math.isclose(rows["planted-dense-subgraph"][1], math.sqrt(2), rel_tol=1e-14)
