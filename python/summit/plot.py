"""summit.plot: pictures of summit's results with matplotlib.

matplotlib is imported when a plot is made, not with summit, so summit works without it; a
missing matplotlib is an ImportError that says how to install it. Every function draws into
`ax` (a new figure when None) and returns the Axes; save with ``ax.figure.savefig("out.png")``.

- ``curve(traj_or_sim, columns=["loss"], events=True)``: learning curves against time with the
  events marked; a Simulation draws its seed mean with sd error bars, so theory and finite-d
  simulation overlay with ``ax = curve(traj); curve(sim, ax=ax)``.
- ``stability(fixed_points)``: the spectra of a stability table, one row per fixed point.
- ``phase_diagram(x, y, values)``: a 2-d phase diagram (numeric values as a colour map, labels
  such as "stable"/"saddle-1" as discrete phases), optionally with a boundary contour; also takes
  one grid object with attributes ``x``, ``y``, ``values`` (and ``xlabel``, ``ylabel``).
- ``bifurcation(diagram_or_curve, y=None)``: a ``summit.continuation`` result: branches against
  the parameter (stable solid, unstable dashed, special points marked), or a two-parameter curve
  with its codimension-two points.
"""

from __future__ import annotations

import sys

import numpy as np

__all__ = ["curve", "stability", "phase_diagram", "compare", "bifurcation"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(
            f"summit.plot needs matplotlib, which this Python ({sys.executable}) cannot import "
            f"({e}). Install it: Debian `apt-get install python3-matplotlib` (a virtual "
            "environment made with `python3 -m venv --system-site-packages` sees it), or "
            "`pip install matplotlib`. summit itself works without it.") from e
    return plt


def _axes(ax, figsize=(6.4, 4.2)):
    if ax is not None:
        return ax
    plt = _pyplot()
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _span(v):
    v = np.asarray(v, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return (v.max() / v.min()) if v.size else 0.0


def curve(result, columns=None, *, events=True, ax=None, logx=None, logy=None, label=None, sd=True,
          **style):
    """Columns of a Trajectory (``summit.integrate``) or Simulation (``summit.simulate``) against
    time.

    `columns`: names (default ["loss"]); any coordinate or observable. `events`: mark the
    trajectory's events with labelled dashed lines. `logx`/`logy`: default log when the positive
    values span more than two decades (t = 0 is dropped on a log axis). `label`: legend label
    (prefix, with several columns). `sd`: a simulation's sd over seeds as error bars. Extra
    keywords go to matplotlib's plot/errorbar.
    """
    ax = _axes(ax)
    if isinstance(columns, str):
        columns = [columns]
    columns = list(columns or ["loss"])
    t = np.asarray(result.t, dtype=float)
    is_sim = hasattr(result, "sd_of")
    if logx is None:
        logx = _span(t) > 100
    keep = t > 0 if logx else np.ones(t.shape, bool)
    ys = {c: np.asarray(result[c], dtype=float) for c in columns}
    if logy is None:
        logy = all(np.all(y[keep] > 0) for y in ys.values()) and max(_span(y[keep]) for y in ys.values()) > 100
    for c, y in ys.items():
        lab = c if label is None else (label if len(columns) == 1 else f"{label} {c}")
        if is_sim:
            kw = {"fmt": "o", "ms": 3.5, "capsize": 2, "lw": 1, **style}
            ax.errorbar(t[keep], y[keep], yerr=result.sd_of(c)[keep] if sd and result.seeds > 1 else None,
                        label=lab, **kw)
        else:
            ax.plot(t[keep], y[keep], label=lab, **style)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    if events and not is_sim:
        found = [e for e in getattr(result, "events", []) if e.found and (e.time > 0 or not logx)]
        for k, e in enumerate(found):
            ax.axvline(e.time, ls="--", lw=0.8, color="0.4")
            # Labels staggered downwards so that close events stay readable.
            ax.annotate(f"{e.name} {e.time:.4g}", (e.time, 1 - 0.07 * k), xycoords=("data", "axes fraction"),
                        xytext=(3, -3), textcoords="offset points", va="top", fontsize=8,
                        color="0.3")
    unit = result.model.time_unit if hasattr(result, "model") else "t"
    ax.set_xlabel(f"time ({unit})")
    if len(columns) == 1 and label is None:
        ax.set_ylabel(columns[0])
    if len(columns) > 1 or label is not None or ax.get_legend() is not None:
        ax.legend(fontsize=8)
    return ax


def stability(points, *, ax=None, symlog=True):
    """The spectra of fixed points: one row per point, its eigenvalues' real parts as markers
    (filled: real eigenvalue, ring: complex pair), red where unstable (Re > 0), blue where stable,
    grey where flat; the row label gives the point's number, type and loss.

    `points`: a FixedPoints result, a list of Stability/FixedPoint, or one Stability.
    `symlog`: a symmetric-log x axis, so rates of very different sizes stay visible.
    """
    if hasattr(points, "eigenvalues"):
        points = [points]
    points = list(points)
    ax = _axes(ax, figsize=(6.4, 1.2 + 0.5 * max(1, len(points))))
    allre = np.concatenate([np.real(p.eigenvalues) for p in points] or [np.zeros(0)])
    scale = max(1.0, float(np.max(np.abs(allre)))) if allre.size else 1.0
    zero = 1e-8 * scale
    for i, p in enumerate(points):
        ev = np.asarray(p.eigenvalues)
        re, im = ev.real, ev.imag
        color = np.where(re > zero, "tab:red", np.where(re < -zero, "tab:blue", "0.5"))
        y = np.full(re.shape, i, dtype=float)
        real = im == 0
        ax.scatter(re[real], y[real], c=list(color[real]), marker="o", s=28, zorder=3)
        ax.scatter(re[~real], y[~real], facecolors="none", edgecolors=list(color[~real]), marker="o",
                   s=46, zorder=3)
    ax.axvline(0, color="0.2", lw=0.8)
    ax.set_yticks(range(len(points)))
    ax.set_yticklabels([f"#{i + 1} {p.type}\nloss {p.loss:.3g}" for i, p in enumerate(points)],
                       fontsize=8)
    ax.set_ylim(len(points) - 0.5, -0.5)
    if allre.size:
        lim = 1.6 * float(np.max(np.abs(allre))) or 1.0
        ax.set_xlim(-lim, lim)  # symmetric, so the sign reads at a glance
    if symlog and allre.size:
        nz = np.abs(allre[np.abs(allre) > zero])
        linthresh = 10.0 ** np.floor(np.log10(nz.min())) if nz.size else 1e-3
        ax.set_xscale("symlog", linthresh=linthresh, linscale=1.0)
    spaces = {getattr(p, "space", "overlap") for p in points}
    unit = points[0].model.time_unit if points and hasattr(points[0], "model") else "t"
    ax.set_xlabel("Re eigenvalue of the drift Jacobian (per unit " + unit + ")" if spaces == {"overlap"}
                  else "Re eigenvalue (drift Jacobian, or minus the weight-space loss Hessian)")
    return ax


def phase_diagram(x, y=None, values=None, *, xlabel=None, ylabel=None, label=None, ax=None,
                  boundary=None, center=None, cmap=None, **style):
    """A 2-d phase diagram of `values` (shape (len(y), len(x))) over the grid x, y.

    Numeric values are drawn as a colour map with a colour bar (`label`); text values (e.g. the
    type of a fixed point, "stable"/"saddle-1") as discrete phases with a legend. `boundary`: a
    level of numeric values drawn as a black contour (e.g. 0 for the sign change of lambda_max).
    `center`: a value placed at the middle of a diverging colour map (e.g. 0 with "coolwarm"), so
    that the sign reads as the colour even when one side's values are much larger.
    `x` may instead be one grid object with attributes x, y, values (and xlabel, ylabel, label).
    """
    if y is None and values is None and hasattr(x, "values"):
        g = x
        x, y, values = g.x, g.y, g.values
        xlabel = xlabel or getattr(g, "xlabel", None)
        ylabel = ylabel or getattr(g, "ylabel", None)
        label = label or getattr(g, "label", None)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    v = np.asarray(values)
    if v.shape != (len(y), len(x)):
        raise ValueError(f"values: expected shape (len(y), len(x)) = ({len(y)}, {len(x)}), got {v.shape}")
    ax = _axes(ax)
    if v.dtype.kind in "fiub":
        v = v.astype(float)
        if center is not None and np.nanmin(v) < center < np.nanmax(v):
            from matplotlib.colors import TwoSlopeNorm
            style = {"norm": TwoSlopeNorm(vcenter=center, vmin=np.nanmin(v), vmax=np.nanmax(v)), **style}
        mesh = ax.pcolormesh(x, y, v, shading="nearest", cmap=cmap or "viridis", **style)
        cb = ax.figure.colorbar(mesh, ax=ax)
        if label:
            cb.set_label(label)
        if boundary is not None and np.nanmin(v) < boundary < np.nanmax(v):
            ax.contour(x, y, v, levels=[boundary], colors="k", linewidths=1.2)
    else:
        plt = _pyplot()
        from matplotlib.colors import ListedColormap
        from matplotlib.patches import Patch
        phases = sorted({str(s) for s in v.ravel()})
        codes = np.vectorize(lambda s: phases.index(str(s)))(v).astype(float)
        cm = plt.get_cmap(cmap or "tab10")
        # A qualitative map (few colours) cycles; a continuous one is sampled evenly.
        colors = [cm(k % cm.N) if cm.N <= 20 else cm(k / max(1, len(phases) - 1))
                  for k in range(len(phases))]
        ax.pcolormesh(x, y, codes, shading="nearest", cmap=ListedColormap(colors),
                      vmin=-0.5, vmax=len(phases) - 0.5, **style)
        ax.legend(handles=[Patch(color=colors[k], label=p) for k, p in enumerate(phases)],
                  fontsize=8, title=label, loc="best")
    ax.set_xlabel(xlabel or "x")
    ax.set_ylabel(ylabel or "y")
    return ax


def compare(x, theory=None, points=None, *, err=None, ax=None, label=None, color=None,
            xlabel=None, ylabel=None, logx=False, logy=False, **style):
    """Theory next to simulation over a parameter: `theory` (values at x, drawn as a line) and
    `points` = (x_sim, y_sim) drawn as markers of the same colour with error bars `err` (e.g.
    standard errors over seeds). Either may be None. Returns the Axes; call once per curve with
    the same `ax` to overlay several (each gets the next colour unless `color` is given).
    """
    ax = _axes(ax)
    if theory is not None:
        (line,) = ax.plot(np.asarray(x, dtype=float), np.asarray(theory, dtype=float), color=color,
                          label=(f"{label} (theory)" if points is not None and label else label),
                          **style)
        color = line.get_color()
    if points is not None:
        xs, ys = (np.asarray(a, dtype=float) for a in points)
        e = None if err is None else np.asarray(err, dtype=float)
        if e is not None and e.shape != ys.shape:
            raise ValueError(f"err: expected the shape of the points' y {ys.shape}, got {e.shape}")
        ax.errorbar(xs, ys, yerr=e, fmt="o", ms=4, capsize=2, lw=1, color=color,
                    label=(f"{label} (simulation)" if label and theory is not None else label))
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if label:
        ax.legend(fontsize=8)
    return ax


_MARKERS = {"fold": "o", "branch-point": "s", "hopf": "D", "cusp": "o", "bogdanov-takens": "s",
            "zero-hopf": "D"}


def bifurcation(result, y=None, *, ax=None):
    """A bifurcation diagram from :func:`summit.continuation` (what ``summit continue --plot``
    draws). A Diagram: every branch as `y` against the parameter, stable stretches (index 0)
    solid and unstable ones dashed, one colour per branch, special points marked by type. `y`:
    "loss", an observable or a state coordinate (default: the coordinate with the largest spread
    over the branches). A BifurcationCurve: the curve in the plane of its two parameters with its
    codimension-two points."""
    ax = _axes(ax)
    if hasattr(result, "codim2"):
        p1, p2 = result.parameters
        ax.plot([q["p1"] for q in result.points], [q["p2"] for q in result.points], "-", color="C0",
                label=result.kind + " curve")
        seen = set()
        for s in result.codim2:
            ax.plot(s["p1"], s["p2"], _MARKERS.get(s["type"], "x"), color="k", mfc="none", ms=7,
                    label=None if s["type"] in seen else s["type"])
            seen.add(s["type"])
        ax.set_xlabel(p1)
        ax.set_ylabel(p2)
        ax.legend(fontsize=8)
        return ax
    m = result.model
    coords = list(m.coordinates)
    observables = list(m.observable_names)

    def value(x, p):  # observables and the loss at the point's own parameter value
        if y in coords:
            return float(x[coords.index(y)])
        mp = m.with_params(**{result.parameter: p})
        return float(mp.loss(x) if y == "loss" else mp.observables(x)[observables.index(y)])

    if y is None:
        pts = np.array([p.x for b in result.branches for p in b.points])
        y = coords[int(np.argmax(pts.max(axis=0) - pts.min(axis=0)))] if len(pts) else coords[0]
    elif y != "loss" and y not in coords and y not in observables:
        raise ValueError(f"y '{y}': allowed loss, {', '.join(observables + coords)}")
    for i, b in enumerate(result.branches):
        pts = b.points
        start = 0
        for k in range(1, len(pts) + 1):
            if k == len(pts) or (pts[k].index == 0) != (pts[start].index == 0):
                seg = pts[start:min(k + 1, len(pts))]
                ax.plot([p.parameter for p in seg], [value(p.x, p.parameter) for p in seg],
                        color=f"C{i % 10}", ls="-" if pts[start].index == 0 else "--", lw=1.5,
                        label=b.origin if start == 0 else None)
                start = k
    seen = set()
    for s in result.bifurcations:
        ax.plot(s.parameter, value(s.x, s.parameter), _MARKERS.get(s.type, "x"), color="k", mfc="none", ms=6,
                label=None if s.type in seen else s.type)
        seen.add(s.type)
    ax.set_xlabel(result.parameter)
    ax.set_ylabel(y)
    ax.set_title("solid stable, dashed unstable", fontsize=9)
    ax.legend(fontsize=8)
    return ax
