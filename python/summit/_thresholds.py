"""Thresholds and continuation: ``summit threshold`` (a change of stability or the root of an
observable) and ``summit continue`` (natural-parameter following, pseudo-arclength continuation,
two-parameter bifurcation curves), with their result classes.

Contract: each runs its study of the catalog (``threshold`` or ``continue``, studies/catalog.hpp)
through :func:`run_study`, so the defaults, checks and messages are the CLI's (its option names
as this module's keywords); without ``vary`` the model's natural threshold is used; a failed search
raises SolverError (a threshold's carries the scan in its ``result``).
"""

from __future__ import annotations

import numpy as np

from . import _checks
from ._errors import SolverError
from ._fixed_points import Stability, _stability_json, _vector
from ._models import _at, _model
from ._result import _Result, _Sequence
from ._studies import run_study


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
    """A point of a followed branch: its parameter value and the fixed point's stability (the
    objects of ``branch`` and ``curve`` in ``summit continue``'s JSON)."""

    _fields = ("parameter", "type", "loss", "lambda_max")

    def __init__(self, m, p):
        x, st = _stability_json(m, p)
        super().__init__(m, x, st, loss=p["loss"])
        self.parameter = p["parameter"]


class Branch(_Sequence, _Result):
    """A fixed point followed in a parameter (``summit continue``). Iterable."""

    _fields = ("parameter", "status", "points")

    def __init__(self, m, parameter, d, points):
        self.model = m
        self.parameter = parameter
        self.status = d["status"]
        self.message = d["message"]
        self.points = points


# The CLI's option names in the studies' messages, as this module's keywords.
_KEYWORDS = {"solver-seed": "seed"}


def _range(name, r):
    """A (lo, hi) keyword as the request's list (its shape and order are the study's to check)."""
    if r is None:
        return None
    if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
        raise TypeError(f"{name}={r!r}: must be (lo, hi)")
    return [_checks.real(name, v) for v in r]


def _path_request(vary, range, point, at, grid, starts, tol, seed, eps):
    """The fields threshold and continue share (studies/threshold_study.hpp, continue_study.hpp)."""
    if vary is not None and not isinstance(vary, str):
        raise TypeError(f"vary={vary!r}: must be a parameter's name")
    if point is not None and not isinstance(point, str):
        raise TypeError(f"point={point!r}: must be a special point's name")
    at = _at(at)
    start = {**({"point": point} if point else {}), **({"at": at} if at else {})}
    return {"start": start, "vary": vary, "range": _range("range", range),
            "grid": _checks.integer("grid", grid),
            "search": {"starts": None if starts is None else _checks.integer("starts", starts),
                       "tol": _checks.real("tol", tol), "seed": _checks.integer("seed", seed)},
            "eps": _checks.real("eps", eps)}


def threshold(m, vary=None, range=None, *, observable=None, point=None, at=None, grid=24,
              starts=None, tol=1e-10, seed=1, eps=1e-3):
    """The parameter value where a fixed point changes stability, or where an observable changes
    sign (``summit threshold``: the study ``threshold`` of :func:`run_study`, with the CLI's
    defaults, checks and messages).

    The model is rebuilt by name with its parameters and `vary` set to each scanned value in
    `range` = (lo, hi) on `grid` points; the first change is located to 1e-8. Without `vary`, the
    model's natural threshold (parameter, range, point, observable; or an exact value). The
    followed point: `point` (a special point's name) and/or `at` ({coordinate: value}), default
    the natural threshold's point. With `observable`, the root of that observable at the point.
    `starts` None is the CLI's "auto" (40 random starts; 2 for a state evolution). A failed search
    raises SolverError whose ``result`` holds the scan.
    """
    m = _model(m)
    request = _path_request(vary, range, point, at, grid, starts, tol, seed, eps)
    if observable is not None and not isinstance(observable, str):
        raise TypeError(f"observable={observable!r}: must be an observable's name")
    request["observable"] = observable
    try:
        j = run_study(m, "threshold", request, keywords=_KEYWORDS)
    except SolverError as e:
        scan = np.array(e.result.get("scan", []), dtype=float).reshape(-1, 2) if e.result else None
        e.result = Threshold(m, status=e.status, message=str(e), scan=scan)
        raise
    if j["direction"] == "exact":
        return Threshold(m, parameter=j["parameter"], threshold=j["threshold"], bracket=tuple(j["bracket"]),
                         direction="exact", note=j["note"])
    param, (lo, hi) = j["parameter"], j["range"]
    m0 = m.with_params(**{param: lo})
    return Threshold(m0, parameter=param, threshold=j["threshold"], bracket=tuple(j["bracket"]),
                     direction=j["direction"], x=_vector(m0, j["state"]), range=(lo, hi),
                     observable=j.get("observable"), point=j["point"],
                     scan=np.array(j["scan"], dtype=float).reshape(-1, 2))


def _continue(m, request):
    """The study ``continue`` and the model at the start of its range."""
    j = run_study(m, "continue", request, keywords=_KEYWORDS)
    param = j["parameter"] if "parameter" in j else j["parameters"][0]
    lo = request["range"][0] if request["range"] else m.natural_threshold()["range"][0]
    return j, param, m.with_params(**{param: lo})


def follow(m, vary, range, *, point=None, at=None, grid=24, starts=None, tol=1e-10, seed=1, eps=1e-3):
    """A fixed point followed in a parameter (``summit continue``'s ``branch``: the fixed point at
    the `grid` uniform values of `range`, which may go down (hi, lo)). Returns a Branch of points
    with their stability; a point lost on the way raises SolverError."""
    m = _model(m)
    j, param, m0 = _continue(m, _path_request(vary, range, point, at, grid, starts, tol, seed, eps))
    return Branch(m0, param, {"status": "ok", "message": ""}, [BranchPoint(m0, q) for q in j["branch"]])


def _eigenvalues(pairs):
    return np.array([complex(re, im) for re, im in pairs], dtype=complex)


class SpecialPoint(_Result):
    """A point where a continued branch bifurcates: ``type`` "fold", "branch-point" or "hopf",
    its ``parameter``, state ``x``, ``eigenvalues`` of the drift Jacobian, the Hopf
    ``frequency`` (0 elsewhere), the ``branch`` it lies on, and at branch points the switching
    ``direction`` (state, then parameter component), at Hopf points the ``first_lyapunov``
    coefficient (< 0 supercritical), at multiple branch points the ``kernel_dim`` (None where not
    applicable). Built from an object of ``bifurcations`` in ``summit continue``'s JSON."""

    _fields = ("type", "parameter", "branch")

    def __init__(self, m, parameter, q):
        self.model = m
        self.type = q["type"]
        self.parameter = q["parameter"]
        self.x = _vector(m, q["state"])
        self.eigenvalues = _eigenvalues(q["eigenvalues"])
        self.frequency = q.get("frequency", 0.0)
        self.branch = q["branch"]
        d = q.get("direction")
        self.direction = None if d is None else np.append(_vector(m, d), d[parameter])
        self.first_lyapunov = q.get("first_lyapunov")
        self.kernel_dim = q.get("kernel_dim")

    @property
    def state(self):
        return self.model._state_dict(self.x)


class ContinuedBranch(Branch):
    """One branch of a bifurcation diagram: its ``origin`` ("start" or the branch point it was
    switched from), ``parent``, ``end`` (how it ended) and every arclength point."""

    _fields = ("origin", "status", "end", "points")

    def __init__(self, m, parameter, d):
        super().__init__(m, parameter, {"status": d["status"], "message": d["end"]},
                         [BranchPoint(m, q) for q in d["curve"]])
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
    and the indices into ``branches`` of the branches followed for each), as the CLI's JSON;
    ``json`` is that JSON (below its header)."""

    _fields = ("parameter", "status", "branches", "bifurcations", "equivariant")

    def __init__(self, m, parameter, j):
        self.model = m
        self.json = j
        self.parameter = parameter
        self.status = j["status"]
        self.message = j.get("message", "")
        self.branches = [ContinuedBranch(m, parameter, b) for b in j["branches"]]
        self.branch = Branch(m, parameter, {"status": self.status, "message": self.message},
                             [BranchPoint(m, q) for q in j["branch"]])
        self.bifurcations = [SpecialPoint(m, parameter, q) for q in j["bifurcations"]]
        self.equivariant = [{**e, "candidates": [{"note": "", **c} for c in e["candidates"]]}
                            for e in j.get("equivariant", [])]
        self.symmetry_note = j.get("symmetry_note", "")


def _curve_header(curve, m, parameters, j):
    """The fields every two-parameter curve has: its model, JSON, parameters and status."""
    curve.model = m
    curve.json = j
    curve.parameters = parameters
    curve.status = j["status"]
    curve.message = j.get("message", "")


class BifurcationCurve(_Result):
    """A fold / branch-point / Hopf curve in two parameters (``summit continue --vary2``):
    ``points`` [{p1, p2, x, eigenvalues, omega_squared (Hopf curves only)}], ``codim2`` (cusp,
    bogdanov-takens, zero-hopf points: {type, p1, p2, x, eigenvalues}), ``ends``, and ``start``
    {p1, p2, x}: the one-parameter special point it was continued from; ``json`` the CLI's JSON."""

    _fields = ("parameters", "kind", "status", "codim2", "ends")

    def __init__(self, m, parameters, kind, j):
        _curve_header(self, m, parameters, j)
        self.kind = kind
        p1, p2 = parameters

        def entry(q):
            return {"p1": q[p1], "p2": q[p2], "x": _vector(m, q["state"]),
                    **({"eigenvalues": _eigenvalues(q["eigenvalues"])} if "eigenvalues" in q else {})}

        self.points = [{**entry(q), **({"omega_squared": q["omega_squared"]} if "omega_squared" in q else {})}
                       for q in j["curve"]]
        self.codim2 = [{**entry(q), "type": q["type"]} for q in j["codim2"]]
        self.ends = tuple(j["ends"])
        self.start = entry(j["start"])


class ZeroCurve(_Result):
    """The zero set of an observable in two parameters (``summit continue --curve zero``):
    ``points`` [(p1, p2)] from one end to the other, ``start`` (the first sign change in p1 at
    the set p2), ``ends`` (how each direction ended)."""

    _fields = ("parameters", "observable", "status", "ends")

    def __init__(self, m, parameters, observable, j):
        _curve_header(self, m, parameters, j)
        self.observable = observable
        p1, p2 = parameters
        self.points = [(q[p1], q[p2]) for q in j["curve"]]
        self.start = (j["start"][p1], j["start"][p2])
        self.ends = tuple(j["ends"])


def continuation(m, vary, range, *, point=None, at=None, switch=False, vary2=None, range2=None,
                 curve=None, observable=None, grid=24, starts=None, tol=1e-10, seed=1, eps=1e-3):
    """Pseudo-arclength continuation of a fixed point in `vary` over `range` = (lo, hi) (either
    order), through folds, with the folds, branch points and Hopf points it passes
    (``summit continue``: the study ``continue`` of :func:`run_study`, with the CLI's defaults,
    checks and messages). Returns a :class:`Diagram`; with ``switch=True`` also the branches
    emerging at branch points. With ``vary2``, ``range2`` and ``curve`` ("fold", "branch" or
    "hopf"): the first such point of the branch continued in (vary, vary2) over range x range2,
    a :class:`BifurcationCurve` (its defining system solved to `tol`: use 1e-8 for models whose
    drift Jacobian is a finite difference, e.g. the rbm AMP state evolution). With
    ``curve="zero"`` and ``observable=NAME``: the zero set of that observable at the given state
    (not re-solved) in (vary, vary2), from its first sign change in `vary` on `grid` points, a
    :class:`ZeroCurve` (docs/bifurcation.md). A failed continuation raises SolverError."""
    m = _model(m)
    request = _path_request(vary, range, point, at, grid, starts, tol, seed, eps)
    if vary2 is not None and not isinstance(vary2, str):
        raise TypeError(f"vary2={vary2!r}: must be a parameter's name")
    if curve is not None and not isinstance(curve, str):
        raise TypeError(f"curve={curve!r}: must be fold, branch, hopf or zero")
    request.update({"switch": _checks.flag("switch", switch), "vary2": vary2,
                    "range2": _range("range2", range2), "curve": curve})
    if observable is not None:
        if not isinstance(observable, str):
            raise TypeError(f"observable={observable!r}: must be an observable's name")
        request["observable"] = observable
    j, param, m0 = _continue(m, request)
    if vary2 is None:
        return Diagram(m0, param, j)
    if curve == "zero":
        return ZeroCurve(m0, (param, vary2), observable, j)
    return BifurcationCurve(m0, (param, vary2), curve, j)
