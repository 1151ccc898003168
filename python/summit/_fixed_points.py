"""Fixed points and their stability: ``summit stability``, ``fixed-points``, ``minimize`` and
``basins``, with their result classes.

Contract: as the CLI's subcommands, with the same defaults; every point is certified by
max|drift| <= tol and comes with its :class:`Stability`; a search without a converged start raises
SolverError.
"""

from __future__ import annotations

import numpy as np

from . import _checks, _summit
from ._errors import _fail_on, _num
from ._models import _model, _state
from ._result import _Result, _Sequence


class Stability(_Result):
    """Linear stability at a fixed point (``summit stability``)."""

    _fields = ("type", "index", "lambda_max", "loss")

    def __init__(self, m, x, d, residual=None, loss=None):
        self.model = m
        self.x = x
        self.loss = m.loss(x) if loss is None else loss
        self.residual = residual
        self.status = d["status"]
        self.message = d["message"]
        self.space = d["space"]
        self.eigenvalues = d["eigenvalues"]
        self.index = d["index"]
        self.flat_directions = d["flat_directions"]
        self.type = d["type"]
        self.lambda_max = d["lambda_max"]
        self.unstable_direction = d["unstable_direction"]
        self.escape_time_estimate = d["escape_time_estimate"]

    @property
    def state(self):
        return self.model._state_dict(self.x)


class FixedPoint(Stability):
    """A fixed point of the drift with its stability (one row of ``summit fixed-points``)."""

    _fields = ("type", "loss", "index", "hits", "origin")

    def __init__(self, m, d, st, global_minimum):
        super().__init__(m, d["x"], st, residual=d["residual"], loss=d["loss"])
        self.hits = d["hits"]
        self.origin = d["origin"]
        self.global_minimum = global_minimum

    @property
    def stability(self):
        return self


class FixedPoints(_Sequence, _Result):
    """Every fixed point found (sorted by loss), with its stability. Iterable."""

    _fields = ("status", "starts", "converged", "points")

    def __init__(self, m, d, points, tol):
        self.model = m
        self.status = d["status"]
        self.message = d["message"]
        self.starts = d["starts"]
        self.converged = d["converged"]
        self.rejected_unrealisable = d["rejected_unrealisable"]
        self.census = {k: d[k] for k in ("random_starts", "batch_starts", "new_per_batch",
                                         "distinct_per_batch", "stopped_by", "saddles_descended",
                                         "cpu_seconds", "basin_missed_with_probability_0_05")
                       if k in d}
        self.tol = tol
        self.points = points


class Minimum(_Result):
    _fields = ("loss", "gradient_norm", "hits", "origin")

    def __init__(self, m, d):
        self.model = m
        for k in ("x", "loss", "gradient_norm", "hessian_eigenvalues",
                  "weight_hessian_eigenvalues", "origin", "hits"):
            setattr(self, k, d[k])

    @property
    def state(self):
        return self.model._state_dict(self.x)


class Minima(_Sequence, _Result):
    """Local minima of the population loss (sorted by loss). Iterable."""

    _items = "minima"
    _fields = ("status", "starts", "converged", "minima")

    def __init__(self, m, d):
        self.model = m
        self.status = d["status"]
        self.message = d["message"]
        self.starts = d["starts"]
        self.converged = d["converged"]
        self.minima = [Minimum(m, q) for q in d["minima"]]


class Basins(_Result):
    """Where gradient flow / SGD ends from random starts (``summit basins``)."""

    _fields = ("status", "runs", "unconverged", "failed", "basins")

    def __init__(self, m, d):
        self.model = m
        self.status = d["status"]
        self.message = d["message"]
        self.runs = d["runs"]
        self.unconverged = d["unconverged"]
        self.failed = d["failed"]
        self.first_failure = d["first_failure"]
        self.basins = []
        for q in d["basins"]:
            b = Stability(m, q["x"], q["stability"], loss=q["loss"])
            b.count = q["count"]
            b.fraction = q["fraction"]
            self.basins.append(b)
        self.uncertified = d["uncertified"]


def _starts(m, x0, point):
    if x0 is None and point is None:
        return []
    return [("given", _state(m, x0, point, check=False))]


def stability(m, x=None, *, point=None, polish=True, tol=1e-10, eps=1e-3, zero_tol=1e-8,
              weight_space=False):
    """Linear stability of the fixed point at / polished from x (``summit stability``).

    `x`: a state (array, {coordinate: value}, or a special point's name); default: the model's
    first special point. With `polish` (default, as the CLI), x is first polished to a fixed
    point (certified by max|drift| <= tol). Eigenvalues are those of the drift Jacobian (per unit
    time), or of minus the weight-space loss Hessian where the drift is not differentiable
    (``space`` says which; `weight_space=True` forces it).
    """
    m = _model(m)
    _checks.options(tol=tol, eps=eps, zero_tol=zero_tol)
    if x is None and point is None and m.special_points():
        point = next(iter(m.special_points()))
    xs = _state(m, x, point, check=False)
    if polish:
        status, xs, res = _summit.polish(m._m, xs, float(tol))
        _fail_on(status, "fixed-point polish",
                 f"max|drift| = {_num(res)} > tol = {_num(tol)} from the given state")
    else:
        res = float(np.max(np.abs(m.drift(xs)))) if m.dim else 0.0
    d = _summit.stability(m._m, xs, float(eps), float(zero_tol), bool(weight_space))
    _fail_on(d["status"], "stability analysis", d["message"])
    _checks.finite_tree("stability", d)
    return Stability(m, xs, d, residual=res)


def fixed_points(m, *, starts=40, tol=1e-10, seed=1, x0=None, point=None, eps=1e-3,
                 special_points=True, flow_time=1e4, quiet_batches=None, max_starts=1000,
                 time_budget=20.0):
    """Fixed points of the drift (``summit fixed-points``): batches of `starts` random starts until
    `quiet_batches` batches in a row, and half of all starts, find no new point (None: 3, or one
    batch for state evolutions), `max_starts` random starts, or when the next batch would end after
    `time_budget` seconds of CPU time (0: no budget; then the result depends on the seed alone);
    multi-start Levenberg-Marquardt with the exact Jacobian, Newton polish, certified by
    max|drift| <= tol, merged up to the model's symmetry, sorted by loss, each with its Stability. `x0`/`point` add a start. The
    result's `census` holds random_starts, new_per_batch, stopped_by and the basin fraction missed
    with probability 5% (not a proof of completeness). Raises SolverError when no start converged."""
    m = _model(m)
    _checks.options(starts=starts, tol=tol, seed=seed, eps=eps, flow_time=flow_time)
    d = _summit.find_fixed_points(m._m, int(starts), float(tol), int(seed), _starts(m, x0, point),
                                  bool(special_points), float(flow_time),
                                  -1 if quiet_batches is None else int(quiet_batches), int(max_starts),
                                  _checks.real("time_budget", time_budget, 0))
    _fail_on(d["status"], "fixed-point search", d["message"])
    _checks.finite_tree("fixed_points", d)
    best = d["points"][0]["loss"] if d["points"] else 0.0
    pts = [FixedPoint(m, q, _checks.finite_tree(f"fixed_points.points[{i}].stability",
                                                _summit.stability(m._m, q["x"], float(eps), 1e-8, False)),
                      q["loss"] <= best + 1e-10) for i, q in enumerate(d["points"])]
    return FixedPoints(m, d, pts, tol)


def minimize(m, *, starts=40, seed=1, x0=None, point=None, gradient_tol=1e-10,
             special_points=True):
    """Local minima of the population loss over the realisable set (``summit minimize``), in the
    model's free parameterisation; sorted by loss."""
    m = _model(m)
    _checks.options(starts=starts, seed=seed, gradient_tol=gradient_tol)
    st = [] if x0 is None and point is None else [("given", _state(m, x0, point, check=True))]
    d = _summit.minimize(m._m, int(starts), int(seed), float(gradient_tol), st, bool(special_points))
    _fail_on(d["status"], "minimisation", d["message"])
    _checks.finite_tree("minimize", d)
    return Minima(m, d)


def basins(m, *, runs=100, seed=1, t_max=1000.0, steady_tol=1e-8, method="dopri5", atol=1e-10,
           rtol=1e-10, starts=40, tol=1e-10, eps=1e-3, threads=0):
    """Where the dynamics ends from `runs` random starts, and how often (``summit basins``)."""
    m = _model(m)
    runs = _checks.integer("runs", runs, 1, _checks.MAX_RUNS)
    _checks.options(seed=seed, t_max=t_max, steady_tol=steady_tol, method=method, atol=atol, rtol=rtol,
                starts=starts, tol=tol, eps=eps, threads=threads)
    d = _summit.basins(m._m, int(runs), int(seed), float(t_max), float(steady_tol), method,
                       float(atol), float(rtol), int(starts), float(tol), float(eps), int(threads))
    _fail_on(d["status"], "basin search", d["message"])
    _checks.finite_tree("basins", d)
    return Basins(m, d)
