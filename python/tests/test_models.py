"""Models through the bindings: the registry, parameters, describe, evaluation, derivatives.

Oracles: the CLI's JSON (a separate code path over the same library: describe, evaluate, list),
finite differences for the exact derivatives, and the documented parameter-text rules.
"""

import numpy as np
import pytest

import summit


def test_models_match_cli_list(cli):
    assert summit.models() == [m["name"] for m in cli("list")["models"]]
    assert len(summit.models()) >= 8


@pytest.mark.parametrize("name", summit.models())
def test_describe_and_evaluate_match_cli_for_every_model(cli, name):
    m = summit.model(name)
    d = m.describe()
    j = cli("describe", name)
    for key in ("model", "summary", "doc", "params", "time_unit", "parameters", "coordinates",
                "observables", "default_events"):
        assert d[key] == j[key], key
    assert [p["name"] for p in d["special_points"]] == [p["name"] for p in j["special_points"]]
    for p, q in zip(d["special_points"], j["special_points"]):
        assert p["doc"] == q["doc"]
        assert p["state"] == pytest.approx(q["state"], rel=1e-15, abs=0)
    assert m.coordinates == j["coordinates"] and m.dim == len(j["coordinates"])
    # evaluate at the initial state: loss, drift and observables as the CLI prints them (JSON
    # doubles round-trip, so the same computation agrees to the last bit up to libm).
    e = cli("evaluate", name)
    x = m.initial_state()
    assert m.state_dict(x) == pytest.approx(e["state"], rel=1e-15, abs=0)
    assert m.loss(x) == pytest.approx(e["loss"], rel=1e-14, abs=1e-300)
    assert m.state_dict(m.drift(x)) == pytest.approx(e["drift"], rel=1e-12, abs=1e-300)
    obs = m.observables(x)
    assert obs == pytest.approx(e["observables"], rel=1e-12, abs=1e-300)
    assert all(np.isfinite(v) for v in obs.values())  # the contract: never NaN/inf
    assert m.evaluate()["loss"] == m.loss(x)
    assert m.realisable(x)[0]


def test_keyword_parameters_are_converted_like_set(cli):
    # bool, int, float, numpy scalars and lists become the text --set would take.
    m = summit.model("committee", activation="erf", K=np.int64(3), M=3, lr=np.float64(0.25),
                     train_second_layer=True, teacher_second_layer=[1, 0.5, 2.0], noise=0)
    p = m.params
    assert (p["K"], p["M"], p["lr"], p["train_second_layer"]) == ("3", "3", "0.25", "true")
    assert p["teacher_second_layer"] == "1,0.5,2"  # canonical text, as the CLI reports it
    e = cli("evaluate", "committee", "--set", "K=3", "--set", "M=3", "--set", "lr=0.25", "--set",
            "train_second_layer=true", "--set", "teacher_second_layer=1,0.5,2", "--set", "noise=0")
    assert m.loss(m.initial_state()) == pytest.approx(e["loss"], rel=1e-14)
    # A parameter named like a Python keyword: trailing underscore, or the dict form.
    a = summit.model("franz-parisi", lambda_=0.7)
    b = summit.model("franz-parisi", {"lambda": 0.7})
    assert a.params["lambda"] == b.params["lambda"] == "0.7"
    assert repr(summit.model("saxe", tau=2)) == "summit.model('saxe', tau='2')"
    assert summit.model("saxe", tau=2).given_params == {"tau": "2"}
    assert summit.model("saxe", tau=None).given_params == {}  # None: not set (the default)
    assert summit.model("saxe", tau=2).with_params(tau=3).params["tau"] == "3"


def test_parameter_errors_carry_the_cli_message(cli_error):
    cases = [
        (("nosuchmodel",), {}, ("describe", "nosuchmodel")),
        (("committee",), {"K": 0}, ("describe", "committee", "--set", "K=0")),
        (("committee",), {"activation": "tanhh"}, ("describe", "committee", "--set", "activation=tanhh")),
        (("committee",), {"bogus": 1}, ("describe", "committee", "--set", "bogus=1")),
        (("committee",), {"lr": "abc"}, ("describe", "committee", "--set", "lr=abc")),
    ]
    for args, kw, cli_args in cases:
        with pytest.raises(ValueError) as err:
            summit.model(*args, **kw)
        code, msg = cli_error(*cli_args)
        assert code == 2 and str(err.value) == msg
    with pytest.raises(TypeError, match="parameter 'lr'"):
        summit.model("committee", lr={"a": 1})


def test_states_points_and_errors():
    m = summit.model("committee", K=2, M=2)
    x = m.state(at={"Q[1,2]": 0.1, "R[2,1]": 0.2})
    assert x[m.index("Q[1,2]")] == 0.1 and m.index("Q[2,1]") == m.index("Q[1,2]")  # stored once
    assert x[m.index("R[2,1]")] == 0.2 and x[m.index("Q[1,1]")] == m.initial_state()[0]
    assert np.array_equal(m.special_points()["perfect"], m.state(point="perfect"))
    with pytest.raises(ValueError, match="point='nope': model 'committee' has special points: symmetric, perfect"):
        m.state(point="nope")
    with pytest.raises(ValueError, match="Q\\[9,9\\]"):
        m.state(at={"Q[9,9]": 1})
    with pytest.raises(ValueError, match="state is not realisable"):
        m.state(at={"Q[1,1]": -1})
    assert not m.realisable(m.state(at={"Q[1,1]": -1}, check=False))[0]
    with pytest.raises(ValueError, match="expected a state of 7 values"):
        m.loss(np.zeros(3))
    r = m.random_state(5)
    assert r.shape == (7,) and m.realisable(r)[0] and np.array_equal(r, m.random_state(5))


def test_rows_of_states_and_observable_names():
    m = summit.model("committee", K=2, M=2)
    X = np.stack([m.initial_state(), m.special_points()["perfect"], m.special_points()["symmetric"]])
    L = m.loss(X)
    assert L.shape == (3,) and L[1] == pytest.approx(0, abs=1e-15)
    assert all(L[i] == m.loss(X[i]) for i in range(3))
    D = m.drift(X)
    assert D.shape == (3, 7) and np.array_equal(D[2], m.drift(X[2]))
    O = m.observables(X)
    assert list(O) == m.observable_names == ["eg", "test_error", "r_spread"]
    assert O["eg"][0] == m.observables(X[0])["eg"]


def test_exact_derivatives_against_finite_differences():
    # Central differences: truncation O(h^2 f''') ~ 1e-10 and rounding O(eps/h) ~ 1e-10 at
    # h = 1e-5 on O(1) quantities; tolerance 1e-7 leaves margin.
    m = summit.model("committee", K=2, M=2, activation="erf", lr=0.5)
    x = m.random_state(3)
    h = 1e-5
    J = m.jacobian(x)
    g = m.gradient(x)
    H = m.hessian(x)
    for i in range(m.dim):
        e = np.zeros(m.dim)
        e[i] = h
        assert J[:, i] == pytest.approx((m.drift(x + e) - m.drift(x - e)) / (2 * h), abs=1e-7)
        assert g[i] == pytest.approx((m.loss(x + e) - m.loss(x - e)) / (2 * h), abs=1e-7)
        assert H[:, i] == pytest.approx((m.gradient(x + e) - m.gradient(x - e)) / (2 * h), abs=1e-7)
    assert np.allclose(H, H.T, atol=1e-12)


def test_arrays_share_memory_with_the_cpp_results():
    m = summit.model("committee")
    x = m.initial_state()
    assert not x.flags.owndata and x.base is not None  # owned by a capsule, not copied
    J = m.jacobian(x)
    assert not J.flags.owndata and J.flags.f_contiguous  # Eigen's column-major, as is
    tr = summit.integrate(m, t_end=10, points=5)
    assert not tr.x.flags.owndata and tr.x.flags.c_contiguous
    # loss and observables are views of one (n, 1 + n_obs) block
    assert tr.loss.base is tr.observables["eg"].base


def test_simulation_and_natural_threshold_flags(cli):
    # has_simulation: exactly the models whose `summit simulate` does not fail as unsupported.
    for name in ("committee", "single-index", "saxe", "eigenlearning"):
        assert summit.model(name).has_simulation == (name in ("committee", "single-index"))
    nt = summit.model("committee").natural_threshold()
    assert (nt["parameter"], nt["point"], nt["exact"]) == ("lr", "perfect", None)
    assert summit.model("saxe").natural_threshold() is None
