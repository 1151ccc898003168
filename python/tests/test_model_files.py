"""Model files from Python: summit.model(path), summit.model_from_text, summit.define_model.

Oracles: the perceptron's closed-form fixed point (docs/models.md), and the same model built
from the file, from its text and from SymPy expressions (one text: equal to the last bit).
"""

import os

import numpy as np
import pytest

import summit

HERE = os.path.dirname(os.path.abspath(__file__))
PERCEPTRON = os.path.join(HERE, "..", "..", "examples", "models", "perceptron.summit")


@pytest.fixture(autouse=True)
def _text_cache(tmp_path, monkeypatch):
    """model_from_text stores texts in $XDG_CACHE_HOME/summit: a temporary folder here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


def test_model_file_path_and_closed_form_fixed_point():
    lr, kappa = 0.3, 0.1
    m = summit.model(PERCEPTRON, lr=lr, kappa=kappa)
    assert m.coordinates == ["m", "Q"]
    fps = summit.fixed_points(m, starts=5)
    assert len(fps) == 1
    ms = lr / (lr + kappa)
    Qs = (2 * lr * ms + lr**2 * (1 - 2 * ms)) / (2 * lr + 2 * kappa - lr**2)
    # certificate max|drift| <= 1e-10, slowest rate lr - lr^2/2 + kappa > 0.25: error < 1e-9
    assert fps[0].x == pytest.approx([ms, Qs], abs=1e-9)


def test_model_from_text_is_the_file():
    with open(PERCEPTRON) as f:
        text = f.read()
    a = summit.model(PERCEPTRON, kappa=0.2)
    b = summit.model_from_text(text, kappa=0.2)
    x = np.array([0.3, 0.8])
    assert np.array_equal(a.drift(x), b.drift(x))
    assert a.loss(x) == b.loss(x)
    with pytest.raises(ValueError, match=r"\.summit:2:8: unknown symbol 'oops'"):
        summit.model_from_text("model bad\nloss = oops\nstate m = 0\nd/dt m = 0\n")


def test_define_model_from_sympy():
    sympy = pytest.importorskip("sympy")
    m, Q, lr, kappa = sympy.symbols("m Q lr kappa")
    model = summit.define_model(
        "perceptron", summary="linear student perceptron",
        params={"lr": (0.5, "learning rate"), "kappa": 0.0},
        states={m: 0.01, Q: 1.0}, loss=(1 + Q - 2 * m) / 2,
        drift={m: lr * (1 - m) - kappa * m,
               Q: 2 * lr * (m - Q) + lr**2 * (1 + Q - 2 * m) - 2 * kappa * Q},
        values={"kappa": 0.1})
    assert "d/dt m = " in model.text
    ref = summit.model(PERCEPTRON, kappa=0.1)
    for x in (np.array([0.3, 0.8]), np.array([-0.2, 2.5])):
        # same expressions, possibly reassociated by SymPy: rounding only
        assert model.drift(x) == pytest.approx(ref.drift(x), rel=1e-14, abs=1e-15)
        assert model.loss(x) == pytest.approx(ref.loss(x), rel=1e-14)
    with pytest.raises(ValueError, match="state 'Q' has no drift"):
        summit.define_model("p", states={m: 0, Q: 1}, loss=Q, drift={m: -m})
