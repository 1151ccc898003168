"""summit.continuation against `summit continue` and the closed forms of the rbm AMP state
evolution with Gaussian hidden units (docs/spectral.md): the BBP branch point alpha beta^2 = 1
(located to 1e-8, the issue's requirement) and the informative branch's q and m^2
(models/rbm/rbm.hpp gaussian_fixed_point; the C++ tests check them to 1e-8)."""

import re

import numpy as np
import pytest

import summit

RBM = dict(theory="amp", beta=0.5)


@pytest.fixture(scope="module")
def diagram():
    return summit.continuation(summit.model("rbm", **RBM), "alpha", (1, 10), point="uninformative",
                               switch=True, grid=4)


def test_continuation_matches_cli_continue(cli, diagram):
    j = cli("continue", "rbm", "--set", "theory=amp", "--set", "beta=0.5", "--point", "uninformative",
            "--vary", "alpha", "--range", "1,10", "--switch", "--grid", "4")
    assert len(diagram.branch) == len(j["branch"]) == 4
    for p, q in zip(diagram.branch, j["branch"]):
        assert p.parameter == pytest.approx(q["parameter"], rel=1e-12)
        assert (p.type, p.index) == (q["type"], q["index"])
    assert len(diagram.branches) == len(j["branches"]) == 3
    for b, q in zip(diagram.branches, j["branches"]):
        assert (b.origin, b.end, len(b.points)) == (q["origin"], q["end"], len(q["curve"]))
    assert [(s.type, s.parameter) for s in diagram.bifurcations] == \
        [(s["type"], pytest.approx(s["parameter"], rel=1e-12)) for s in j["bifurcations"]]


def test_bbp_branch_point_and_informative_branch(diagram):
    bp = diagram.bifurcations[0]
    assert bp.type == "branch-point"
    assert abs(bp.parameter - 4) < 1e-8
    coords = summit.model("rbm", **RBM).coordinates
    m, q = coords.index("m"), coords.index("q")
    # Closed form at alpha = 10, beta = 0.5 (independent spectral derivation, rbm.hpp): the
    # top sample-covariance eigenvalue lambda_1 = (1 + beta)(1 + 1/(alpha beta)) = 1.8,
    # q = 1 - 1/lambda_1, cos^2 = (1 - 1/(alpha beta^2)) / (1 + 1/(alpha beta)), m^2 = q cos^2.
    lam1 = 1.5 * (1 + 1 / 5)
    qf = 1 - 1 / lam1
    cos2 = (1 - 1 / 2.5) / (1 + 1 / 5)
    ends = [b.points[-1] for b in diagram.branches[1:]]
    assert sorted(np.sign(p.x[m]) for p in ends) == [-1, 1]  # m -> -m symmetry
    for p in ends:
        assert p.parameter == pytest.approx(10, rel=1e-12)
        assert p.x[q] == pytest.approx(qf, rel=1e-8)
        assert p.x[m] ** 2 == pytest.approx(qf * cos2, rel=1e-8)


def test_two_parameter_branch_curve_and_errors():
    rbm = summit.model("rbm", **RBM)
    c = summit.continuation(rbm, "alpha", (1, 10), point="uninformative", vary2="beta",
                            range2=(0.35, 0.9), curve="branch")
    assert c.parameters == ("alpha", "beta") and len(c.points) > 10
    # BBP: alpha beta^2 = 1 along the whole curve (defining system solved to 1e-10).
    assert max(abs(p["p1"] * p["p2"] ** 2 - 1) for p in c.points) < 1e-8
    with pytest.raises(ValueError, match="curve='torus': allowed fold, branch, hopf"):
        summit.continuation(rbm, "alpha", (1, 10), point="uninformative", vary2="beta",
                            range2=(0.35, 0.9), curve="torus")
    with pytest.raises(ValueError, match=r"must contain beta = 0.5"):
        summit.continuation(rbm, "alpha", (1, 10), point="uninformative", vary2="beta",
                            range2=(0.6, 0.9), curve="branch")
    with pytest.raises(ValueError, match="range2 and curve need vary2"):
        summit.continuation(rbm, "alpha", (1, 10), point="uninformative", curve="fold")
    # curve="zero" needs one of the model's observables (the message lists them).
    with pytest.raises(ValueError, match="curve zero needs observable NAME, one of the model's observables: .*got 'nope'"):
        summit.continuation(rbm, "alpha", (1, 10), point="uninformative", vary2="beta",
                            range2=(0.35, 0.9), curve="zero", observable="nope")


def test_plot_bifurcation(tmp_path, diagram):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import summit.plot as splot
    ax = splot.bifurcation(diagram, "m")
    labels = [ln.get_label() for ln in ax.get_lines()]
    assert "start" in labels and "branch-point" in labels
    styles = {ln.get_linestyle() for ln in ax.get_lines() if ln.get_label() != "branch-point"}
    assert styles == {"-", "--"}  # stable below BBP, unstable above on the m = 0 branch
    ax.figure.savefig(tmp_path / "bif.png")
    assert (tmp_path / "bif.png").stat().st_size > 1000
    with pytest.raises(ValueError, match="y 'nope': allowed loss"):
        splot.bifurcation(diagram, "nope")


def test_equivariant_step_matches_cli(cli):
    # The committee's symmetric plateau (K = M = 3, T = I) against weight decay: the same
    # implementation (studies/bifurcation_diagram.hpp) behind both front ends, so the equivariant
    # classification and the followed branches must agree exactly (docs/bifurcation.md).
    m = summit.model("committee", K=3, M=3)
    d = summit.continuation(m, "weight_decay", (0, 0.1), point="symmetric", switch=True, grid=2)
    j = cli("continue", "committee", "--set", "K=3", "--set", "M=3", "--point", "symmetric",
            "--vary", "weight_decay", "--range", "0,0.1", "--switch", "--grid", "2")
    assert len(d.equivariant) == len(j["equivariant"]) == 2
    for e, q in zip(d.equivariant, j["equivariant"]):
        assert e["parameter"] == pytest.approx(q["parameter"], rel=1e-12)
        assert (e["kernel_dim"], e["symmetry"], e["multiplicity_consistent"]) == \
            (q["kernel_dim"], q["symmetry"], q["multiplicity_consistent"])
        assert [(c["isotropy"], c["kernel_fix_dim"], list(c["branches"])) for c in e["candidates"]] == \
            [(c["isotropy"], c["kernel_fix_dim"], c["branches"]) for c in q["candidates"]]
    # The std x std crossing (kernel dimension 4): Delta S_3 and S_2 x S_2 each carry two branches.
    followed = [c for c in d.equivariant[1]["candidates"] if c["branches"]]
    assert d.equivariant[1]["kernel_dim"] == 4
    assert any(c["isotropy"].startswith("k1=0") for c in followed)
    assert any(re.fullmatch(r"students S\{\d,\d\} x teachers S\{\d,\d\}", c["isotropy"]) for c in followed)
    assert all(len(c["branches"]) == 2 for c in followed)
    assert len(d.branches) == len(j["branches"])
    kd = [s.kernel_dim for s in d.bifurcations if s.type == "multiple-branch-point"]
    assert kd == [b["kernel_dim"] for b in j["bifurcations"] if b["type"] == "multiple-branch-point"]
