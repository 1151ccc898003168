"""Thresholds and continuation: ``summit threshold`` (a change of stability or the root of an
observable) and ``summit continue`` (natural-parameter following, pseudo-arclength continuation,
two-parameter bifurcation curves), with their result classes.

Contract: the model is rebuilt by name at each scanned value of the varied parameter; without
``vary`` the model's natural threshold is used; a lost branch or a failed location raises
SolverError carrying the partial result.
"""

from __future__ import annotations

import json

import numpy as np

from . import _checks, _summit
from ._errors import SolverError, _fail_on
from ._fixed_points import Stability
from ._models import _at, _model
from ._result import _Result, _Sequence


class Threshold(_Result):
    """A located threshold (``summit threshold``): the parameter value, its bracket, the direction
    of the change, the state there and the scan ((parameter, lambda_max or observable) rows)."""

    _fields = ("parameter", "threshold", "direction")

    def __init__(self, m, **kw):
        self.model = m
        self.status = "ok"
        self.message = ""
        self.observable = None
        self.note = ""
        self.x = None
        self.scan = np.zeros((0, 2))
        self.range = None
        self.point = None
        self.__dict__.update(kw)

    @property
    def state(self):
        return None if self.x is None else self.model._state_dict(self.x)


class BranchPoint(Stability):
    _fields = ("parameter", "type", "loss", "lambda_max")

    def __init__(self, m, d):
        super().__init__(m, d["x"], d["stability"], loss=d["loss"])
        self.parameter = d["parameter"]


class Branch(_Sequence, _Result):
    """A fixed point followed in a parameter (``summit continue``). Iterable."""

    _fields = ("parameter", "status", "points")

    def __init__(self, m, parameter, d, points):
        self.model = m
        self.parameter = parameter
        self.status = d["status"]
        self.message = d["message"]
        self.points = points


def _start_text(point, at):
    """The followed point as a request's "start" object (studies/start.hpp), as JSON text."""
    return json.dumps({**({"point": point} if point else {}), **({"at": at} if at else {})})


def _sweep(m, vary, range, observable, descending_ok=False):
    """The CLI's parse_sweep: (parameter, lo, hi, point, observable) from vary/range, or the
    model's natural threshold."""
    nt = m.natural_threshold()
    point = nt["point"] if nt else ""

    def bounds():
        if isinstance(range, (str, bytes)) or not hasattr(range, "__len__"):
            raise TypeError(f"range={range!r}: must be (lo, hi)")
        r = [_checks.real("range", v) for v in range]
        if len(r) != 2 or not (r[1] > r[0] or (descending_ok and r[1] < r[0])):
            raise ValueError(f"range {tuple(range)!r}: must be (lo, hi) with lo < hi"
                             + (" (or (hi, lo) to go down)" if descending_ok else ""))
        return r

    if vary is None:
        if nt is None:
            raise ValueError(f"model '{m.name}' has no natural threshold here; give vary=PARAM, "
                             "range=(lo, hi)")
        lo, hi = nt["range"]
        if range is not None:
            lo, hi = bounds()
        return nt["parameter"], lo, hi, point, observable or nt["observable"]
    real = {p["name"] for p in m._info["params"] if p["type"] == "real"}
    if vary not in real:
        raise ValueError(f"vary '{vary}': not a real parameter of '{m.name}'")
    if range is None:
        raise ValueError("vary needs range=(lo, hi)")
    lo, hi = bounds()
    return vary, lo, hi, point, observable or ""


def threshold(m, vary=None, range=None, *, observable=None, point=None, at=None, grid=24,
              starts=40, tol=1e-10, seed=1, eps=1e-3):
    """The parameter value where a fixed point changes stability, or where an observable changes
    sign (``summit threshold``).

    The model is rebuilt by name with its parameters and `vary` set to each scanned value in
    `range` = (lo, hi) on `grid` points; the first change is located to 1e-8. Without `vary`, the
    model's natural threshold (parameter, range, point, observable; or an exact value). The
    followed point: `point` (a special point's name) and/or `at` ({coordinate: value}), default
    the natural threshold's point. With `observable`, the root of that observable at the point.
    """
    m = _model(m)
    _checks.options(grid=grid, starts=starts, tol=tol, seed=seed, eps=eps)
    nt = m.natural_threshold()
    if vary is None and nt is not None and nt["exact"] is not None:
        x = nt["exact"]
        return Threshold(m, parameter=nt["parameter"], threshold=x, bracket=(x, x), direction="exact",
                         note=nt["note"])
    param, lo, hi, npoint, obs = _sweep(m, vary, range, observable)
    at = _at(at)
    point = point if point is not None else ("" if at else npoint)
    if obs:
        d = _summit.threshold_observable(m.name, m._given, param, lo, hi, int(grid), obs, _start_text(point, at))
    else:
        if not at and not point:
            raise ValueError("give the fixed point to follow with at= or point=")
        d = _summit.threshold_stability(m.name, m._given, param, lo, hi, int(grid), _start_text(point, at),
                                        int(starts), float(tol), int(seed), float(eps))
    r = Threshold(m.with_params(**{param: lo}), parameter=param, range=(lo, hi), observable=obs or None,
                  point=point or ("given" if at else "initial"), **d)
    _fail_on(r.status, "threshold search", r.message, r)
    _checks.finite_tree("threshold", d)
    return r


def follow(m, vary, range, *, point=None, at=None, grid=24, starts=40, tol=1e-10, seed=1, eps=1e-3):
    """A fixed point followed in a parameter with warm starts (``summit continue``); `range` may
    go down (hi, lo). Returns a Branch of points with their stability; a point lost on the way
    raises SolverError (``check`` the partial branch in its ``result``)."""
    m = _model(m)
    _checks.options(grid=grid, starts=starts, tol=tol, seed=seed, eps=eps)
    param, lo, hi, npoint, _ = _sweep(m, vary, range, None, descending_ok=True)
    at = _at(at)
    point = point if point is not None else ("" if at else npoint)
    if not at and not point:
        raise ValueError("give the fixed point to follow with at= or point=")
    d = _summit.follow(m.name, m._given, param, lo, hi, int(grid), _start_text(point, at), int(starts),
                       float(tol), int(seed), float(eps))
    m0 = m.with_params(**{param: lo})
    b = Branch(m0, param, d, [BranchPoint(m0, q) for q in d["points"]])
    _fail_on(b.status, "continuation", b.message, b)
    _checks.finite_tree("follow", d)
    return b


class SpecialPoint(_Result):
    """A point where a continued branch bifurcates: ``type`` "fold", "branch-point" or "hopf",
    its ``parameter``, state ``x``, ``eigenvalues`` of the drift Jacobian, the Hopf
    ``frequency``, the ``branch`` it lies on, and at branch points the switching ``direction``
    (state, then parameter component), at Hopf points the ``first_lyapunov`` coefficient (< 0
    supercritical), at multiple branch points the ``kernel_dim`` (None where not applicable)."""

    _fields = ("type", "parameter", "branch")

    def __init__(self, m, d):
        self.model = m
        for k in ("type", "parameter", "x", "eigenvalues", "frequency", "branch", "direction",
                  "first_lyapunov", "kernel_dim"):
            setattr(self, k, d[k])

    @property
    def state(self):
        return self.model._state_dict(self.x)


class ContinuedBranch(Branch):
    """One branch of a bifurcation diagram: its ``origin`` ("start" or the branch point it was
    switched from), ``parent``, ``end`` (how it ended) and every arclength point."""

    _fields = ("origin", "status", "end", "points")

    def __init__(self, m, parameter, d):
        super().__init__(m, parameter, {**d, "message": d["end"]},
                         [BranchPoint(m, q) for q in d["points"]])
        self.origin = d["origin"]
        self.parent = d["parent"]
        self.end = d["end"]


class Diagram(_Result):
    """A bifurcation diagram in one parameter (``summit continue``): ``branch`` (the start
    branch at the grid values, as :func:`follow` returns it), ``branches`` (every followed
    branch), ``bifurcations`` (the special points passed), and with ``switch=True`` on a
    symmetric committee ``equivariant``: one dict per multiple branch point with its
    ``kernel_dim``, ``symmetry``, ``predicted_multiplicities``, ``multiplicity_consistent`` and
    ``candidates`` [{isotropy, fix_dim, kernel_fix_dim, branches, note}] (the isotropy subgroups
    and the indices into ``branches`` of the branches followed for each), as the CLI's JSON."""

    _fields = ("parameter", "status", "branches", "bifurcations", "equivariant")

    def __init__(self, m, parameter, d):
        self.model = m
        self.parameter = parameter
        self.status = d["status"]
        self.message = d["message"]
        self.branches = [ContinuedBranch(m, parameter, b) for b in d["branches"]]
        grid = d["branches"][0]["samples"] if d["branches"] else []
        self.branch = Branch(m, parameter, d, [BranchPoint(m, q) for q in grid])
        self.bifurcations = [SpecialPoint(m, q) for q in d["special"]]
        self.equivariant = d["equivariant"]
        self.symmetry_note = d["symmetry_note"]


class BifurcationCurve(_Result):
    """A fold / branch-point / Hopf curve in two parameters (``summit continue --vary2``):
    ``points`` [{p1, p2, x, eigenvalues, omega_squared}], ``codim2`` (cusp, bogdanov-takens,
    zero-hopf points), ``ends``, and the one-parameter ``start`` it was continued from."""

    _fields = ("parameters", "kind", "status", "codim2", "ends")

    def __init__(self, m, parameters, kind, d, start):
        self.model = m
        self.parameters = parameters
        self.kind = kind
        self.status = d["status"]
        self.message = d["message"]
        self.points = d["points"]
        self.codim2 = d["special"]
        self.ends = d["ends"]
        self.start = start


class ZeroCurve(_Result):
    """The zero set of an observable in two parameters (``summit continue --curve zero``):
    ``points`` [(p1, p2)] from one end to the other, ``start`` (the first sign change in p1 at
    the set p2), ``ends`` (how each direction ended)."""

    _fields = ("parameters", "observable", "status", "ends")

    def __init__(self, m, parameters, observable, d):
        self.model = m
        self.parameters = parameters
        self.observable = observable
        self.status = d["status"]
        self.message = d["message"]
        self.points = [tuple(q) for q in d["points"]]
        self.start = tuple(d["start"])
        self.ends = d["ends"]


def continuation(m, vary, range, *, point=None, at=None, switch=False, vary2=None, range2=None,
                 curve=None, observable=None, grid=24, starts=40, tol=1e-10, seed=1, eps=1e-3):
    """Pseudo-arclength continuation of a fixed point in `vary` over `range` = (lo, hi) (either
    order), through folds, with the folds, branch points and Hopf points it passes
    (``summit continue``). Returns a :class:`Diagram`; with ``switch=True`` also the branches
    emerging at branch points. With ``vary2``, ``range2`` and ``curve`` ("fold", "branch" or
    "hopf"): the first such point of the branch continued in (vary, vary2) over range x range2,
    a :class:`BifurcationCurve` (its defining system solved to `tol`: use 1e-8 for models whose
    drift Jacobian is a finite difference, e.g. the rbm AMP state evolution). With
    ``curve="zero"`` and ``observable=NAME``: the zero set of that observable at the given state
    (not re-solved) in (vary, vary2), from its first sign change in `vary` on `grid` points, a
    :class:`ZeroCurve` (docs/bifurcation.md). A failed corrector on the start branch raises
    SolverError."""
    m = _model(m)
    param, lo, hi, npoint, _ = _sweep(m, vary, range, None, descending_ok=True)
    if int(grid) < 2:
        raise ValueError(f"grid {grid}: must be >= 2")
    at = _at(at)
    point = point if point is not None else ("" if at else npoint)
    if not at and not point:
        raise ValueError("give the fixed point to follow with at= or point=")
    if vary2 is None and (range2 is not None or curve is not None):
        raise ValueError("range2 and curve need vary2=PARAM")
    if vary2 is not None:
        real = {p["name"] for p in m._info["params"] if p["type"] == "real"}
        if vary2 not in real:
            raise ValueError(f"vary2 '{vary2}': not a real parameter of '{m.name}'")
        if vary2 == param:
            raise ValueError(f"vary2 '{vary2}': must differ from vary")
        if curve not in ("fold", "branch", "hopf", "zero"):
            raise ValueError(f"curve '{curve}': allowed fold, branch, hopf, zero")
        if range2 is None:
            raise ValueError("vary2 needs range2=(lo, hi)")
        lo2, hi2 = (float(v) for v in range2)
        if not lo2 < hi2:
            raise ValueError(f"range2 {tuple(range2)}: must be (lo, hi) with lo < hi")
        p2 = float(m.params[vary2])
        if not lo2 <= p2 <= hi2:
            raise ValueError(f"range2 {tuple(range2)}: must contain {vary2} = {p2} (the value the "
                             "one-parameter run starts at)")
    if curve == "zero":
        from ._models import _resolve
        m0 = m.with_params(**{param: lo})
        x = _resolve(m0, {**({"point": point} if point else {}), **({"at": at} if at else {})}, False)
        c = _summit.observable_zero_curve(m.name, m._given, param, vary2, list(x), observable or "", p2,
                                          min(lo, hi), max(lo, hi), lo2, hi2, int(grid), float(tol))
        res = ZeroCurve(m0, (param, vary2), observable, c)
        _fail_on(res.status, "continuation", res.message, res)
        return res
    d = _summit.continuation(m.name, m._given, param, lo, hi, int(grid), _start_text(point, at),
                             bool(switch) and vary2 is None, int(starts), float(tol), int(seed),
                             float(eps))
    m0 = m.with_params(**{param: lo})
    r = Diagram(m0, param, d)
    _fail_on(r.status, "continuation", r.message, r)
    _checks.finite_tree("continuation", d)
    if vary2 is None:
        return r
    kind = "branch-point" if curve == "branch" else curve
    sp = next((s for s in r.bifurcations if s.type == kind), None)
    if sp is None:
        raise SolverError(f"continuation failed (no-convergence): no {kind} on the branch in {param} "
                          f"over [{min(lo, hi)}, {max(lo, hi)}] at {vary2} = {p2}", "no-convergence", r)
    c = _summit.bifurcation_curve(m.name, m._given, param, vary2, list(sp.x), sp.parameter, p2, curve,
                                  min(lo, hi), max(lo, hi), lo2, hi2, float(tol))
    res = BifurcationCurve(m0, (param, vary2), curve, c, sp)
    _fail_on(res.status, "continuation", res.message, res)
    _checks.finite_tree("continuation", c)
    return res
