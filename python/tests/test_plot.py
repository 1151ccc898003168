"""summit.plot: the figures draw the data they are given (checked on the matplotlib artists),
save as PNG, and a missing matplotlib is a clear ImportError, not a crash at `import summit`.
"""

import subprocess
import sys

import numpy as np
import pytest

import summit

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import summit.plot as splot  # noqa: E402


@pytest.fixture(scope="module")
def committee():
    return summit.model("committee", K=2, M=2, lr=0.5)


def test_curve_draws_columns_and_event_markers(tmp_path, committee):
    tr = summit.integrate(committee, t_end=1e3, points=30, events=["escape: r_spread>0.5"])
    ax = splot.curve(tr, ["eg", "r_spread"])
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    # log time axis (1e-? .. 1e3): t = 0 is dropped
    assert ax.get_xscale() == "log"
    assert np.array_equal(lines["eg"].get_xdata(), tr.t[1:])
    assert np.array_equal(lines["r_spread"].get_ydata(), tr["r_spread"][1:])
    # the event: a vertical line at its time
    verticals = [ln for ln in ax.get_lines() if ln.get_label().startswith("_")]
    assert any(np.allclose(ln.get_xdata(), tr.events[0].time) for ln in verticals)
    out = tmp_path / "curve.png"
    ax.figure.savefig(out, dpi=50)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a simulation overlays as error bars on the same axes
    sim = summit.simulate(committee, d=100, seeds=2, times=[1, 10])
    splot.curve(sim, "loss", ax=ax, label="SGD")
    assert len(ax.containers) == 1
    np.testing.assert_array_equal(ax.containers[0].lines[0].get_ydata(), sim["loss"])
    ax2 = splot.curve(tr, logx=False, events=False)
    assert ax2.get_xscale() == "linear" and len(ax2.get_lines()) == 1
    assert np.array_equal(ax2.get_lines()[0].get_xdata(), tr.t)


def test_stability_plots_every_eigenvalue(committee):
    fps = summit.fixed_points(committee)
    ax = splot.stability(fps)
    xs = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections])
    ys = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
    want = np.concatenate([p.eigenvalues.real for p in fps])
    assert sorted(xs) == pytest.approx(sorted(want))
    # one row per fixed point, each with all its eigenvalues
    for i, p in enumerate(fps):
        assert np.sum(ys == i) == len(p.eigenvalues)
    assert [t.get_text().split("\n")[0] for t in ax.get_yticklabels()] == \
        [f"#{i + 1} {p.type}" for i, p in enumerate(fps)]
    # one Stability also works
    ax1 = splot.stability(summit.stability(committee))
    assert sum(len(c.get_offsets()) for c in ax1.collections) == committee.dim


def test_phase_diagram_numeric_categorical_and_grid_object():
    x = np.linspace(0, 1, 5)
    y = np.linspace(0, 2, 3)
    v = np.add.outer(y, x) - 1  # changes sign: a boundary contour is drawn
    ax = splot.phase_diagram(x, y, v, xlabel="a", ylabel="b", label="value", boundary=0)
    mesh = ax.collections[0]
    assert np.allclose(np.asarray(mesh.get_array()).reshape(v.shape), v)
    assert ax.get_xlabel() == "a" and len(ax.collections) >= 2  # mesh + contour
    ax = splot.phase_diagram(x, y, v, center=0, cmap="coolwarm")
    assert ax.collections[0].norm.vcenter == 0  # the sign is the colour
    phases = np.where(v > 0, "saddle-1", "stable")
    ax = splot.phase_diagram(x, y, phases)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["saddle-1", "stable"]

    class Grid:  # the shape a future summit.sweep result will have
        pass

    g = Grid()
    g.x, g.y, g.values, g.xlabel, g.ylabel = x, y, v, "lr", "noise"
    ax = splot.phase_diagram(g)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("lr", "noise")
    with pytest.raises(ValueError, match=r"expected shape \(len\(y\), len\(x\)\) = \(3, 5\)"):
        splot.phase_diagram(x, y, v.T)


def test_missing_matplotlib_is_a_clear_import_error():
    # In a fresh interpreter where matplotlib cannot be imported: `import summit` and
    # `import summit.plot` work, a plot raises ImportError saying what to install.
    code = (
        "import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.pyplot'] = None\n"
        "import summit, summit.plot\n"
        "m = summit.model('saxe'); tr = summit.integrate(m, t_end=1, points=3)\n"
        "try:\n"
        "    summit.plot.curve(tr)\n"
        "except ImportError as e:\n"
        "    print('IMPORTERROR', e)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "IMPORTERROR summit.plot needs matplotlib" in r.stdout
    assert "python3-matplotlib" in r.stdout and "pip install matplotlib" in r.stdout


def test_import_summit_does_not_import_matplotlib():
    code = "import sys, summit, summit.plot; print('matplotlib' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "False", r.stderr


def test_compare_draws_theory_and_points_in_one_colour():
    x = np.linspace(0, 1, 5)
    ax = splot.compare(x, x ** 2, ([0.25, 0.75], [0.1, 0.5]), err=[0.01, 0.02], label="a",
                       xlabel="alpha", ylabel="q")
    (line,) = ax.get_lines()[:1]
    np.testing.assert_array_equal(line.get_ydata(), x ** 2)
    bars = ax.containers[0]
    np.testing.assert_array_equal(bars.lines[0].get_ydata(), [0.1, 0.5])
    assert bars.lines[0].get_color() == line.get_color()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a (theory)", "a (simulation)"]
    assert ax.get_xlabel() == "alpha" and ax.get_ylabel() == "q"
    # a second call overlays in the next colour; points alone and theory alone work
    splot.compare(x, 2 * x, ax=ax, label="b")
    assert ax.get_lines()[-1].get_color() != line.get_color()
    ax2 = splot.compare(None, None, ([1, 2], [3, 4]), logy=True)
    assert ax2.get_yscale() == "log" and len(ax2.containers) == 1
    with pytest.raises(ValueError, match="err"):
        splot.compare(x, None, ([1, 2], [3, 4]), err=[1, 2, 3])
