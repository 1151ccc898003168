"""Fixed points and their stability: ``summit stability``, ``fixed-points``, ``minimize`` and
``basins``, with their result classes.

Contract: as the CLI's subcommands, with the same defaults; every point is certified by
max|drift| <= tol and comes with its :class:`Stability`; a search without a converged start raises
SolverError.
"""

from __future__ import annotations

import numpy as np

from . import _checks, _summit
from ._errors import _fail_on
from ._models import _model, _resolve, _start_keywords, _start_spec
from ._result import _Result, _Sequence
from ._studies import run_study, validate_study


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


def _vector(m, state):
    """A state of the CLI's JSON ({coordinate: value}) as an array in state order."""
    return np.array([state[c] for c in m.coordinates], dtype=float)


def _stability_json(m, p):
    """(x, the binding's stability dict) of a fixed point of the CLI's JSON (studies/result_json.hpp)."""
    d = {"status": "ok", "message": "", "space": p["stability_space"],
         "eigenvalues": np.array([complex(re, im) for re, im in p["eigenvalues"]], dtype=complex),
         "index": p["index"], "flat_directions": p["flat_directions"], "type": p["type"],
         "lambda_max": p["lambda_max"],
         "unstable_direction": (_vector(m, p["unstable_direction"]) if "unstable_direction" in p
                                else None),
         "escape_time_estimate": p.get("escape_time_estimate")}
    return _vector(m, p["state"]), d


class FixedPoint(Stability):
    """A fixed point of the drift with its stability (one row of ``summit fixed-points``)."""

    _fields = ("type", "loss", "index", "hits", "origin")

    def __init__(self, m, p):
        x, st = _stability_json(m, p)
        super().__init__(m, x, st, residual=p["residual"], loss=p["loss"])
        self.observables = p["observables"]
        self.hits = p["hits"]
        self.origin = p["origin"]
        self.global_minimum = p["global_minimum"]

    @property
    def stability(self):
        return self


class FixedPoints(_Sequence, _Result):
    """Every fixed point found (sorted by loss), with its stability. Iterable. ``json`` is the
    CLI's result (``summit fixed-points --format json`` below its header)."""

    _fields = ("status", "starts", "converged", "points")

    def __init__(self, m, j):
        self.model = m
        self.json = j
        solver = j["solver"]
        self.status = j["status"]
        self.message = j.get("message", "")
        self.starts = solver["starts"]
        self.converged = solver["converged"]
        self.census = {k: solver[k] for k in ("random_starts", "batch_starts", "new_per_batch",
                                              "distinct_per_batch", "stopped_by", "saddles_descended",
                                              "saddle_dynamics_points",
                                              "cpu_seconds") if k in solver}
        self.census["basin_missed_with_probability_0_05"] = solver["basin_missed_with_probability_0.05"]
        self.tol = solver["tol"]
        self.points = [FixedPoint(m, p) for p in j["fixed_points"]]


class Minimum(_Result):
    """A local minimum of the population loss (an object of ``summit minimize``'s ``minima``)."""

    _fields = ("loss", "gradient_norm", "hits", "origin")

    def __init__(self, m, q):
        self.model = m
        self.x = _vector(m, q["state"])
        for k in ("loss", "gradient_norm", "origin", "hits"):
            setattr(self, k, q[k])
        self.hessian_eigenvalues = np.array(q["hessian_eigenvalues"], dtype=float)
        self.weight_hessian_eigenvalues = np.array(q["weight_hessian_eigenvalues"], dtype=float)

    @property
    def state(self):
        return self.model._state_dict(self.x)


class Minima(_Sequence, _Result):
    """Local minima of the population loss (sorted by loss). Iterable. ``json`` is the CLI's
    result (``summit minimize --format json`` below its header)."""

    _items = "minima"
    _fields = ("status", "starts", "converged", "minima")

    def __init__(self, m, j):
        self.model = m
        self.json = j
        self.status = j["status"]
        self.message = j.get("message", "")
        self.starts = j["solver"]["starts"]
        self.converged = j["solver"]["converged"]
        self.minima = [Minimum(m, q) for q in j["minima"]]


class Basins(_Result):
    """Where gradient flow / SGD ends from random starts (``summit basins``). ``json`` is the
    CLI's result."""

    _fields = ("status", "runs", "unconverged", "failed", "basins")

    def __init__(self, m, j):
        self.model = m
        self.json = j
        self.status = j["status"]
        self.message = j.get("message", "")
        self.runs = j["solver"]["runs"]
        self.unconverged = j["unconverged"]
        self.failed = j["failed"]
        self.first_failure = j.get("first_failure", "")
        self.basins = []
        for p in j["basins"]:
            x, st = _stability_json(m, p)
            b = Stability(m, x, st, loss=p["loss"])
            b.count = p["count"]
            b.fraction = p["fraction"]
            self.basins.append(b)
        self.uncertified = j["uncertified"]


def _only_default(name, value, default, study):
    """A keyword the CLI's study has no option for: only its default (the CLI's behaviour)."""
    if value != default:
        raise ValueError(f"{name}={value!r}: `summit {study}` has no such option; only the default "
                         f"{default!r} is available")


def stability(m, x=None, *, point=None, polish=True, tol=1e-10, eps=1e-3, zero_tol=1e-8,
              weight_space=False):
    """Linear stability of the fixed point at / polished from x (``summit stability``).

    `x`: a state (array, {coordinate: value}, or a special point's name); default: the model's
    first special point. With `polish` (default, as the CLI), x is first polished to a fixed
    point (certified by max|drift| <= tol): the study ``stability`` of :func:`run_study`, with
    the CLI's checks and messages. Eigenvalues are those of the drift Jacobian (per unit time),
    or of minus the weight-space loss Hessian where the drift is not differentiable (``space``
    says which). `polish=False`, `zero_tol` and `weight_space=True` (which the CLI does not
    have) analyse the given state directly.
    """
    m = _model(m)
    spec, kw = _start_spec(m, x, point), _start_keywords(x)
    request = {"start": spec, "polish": {"tol": _checks.real("tol", tol)}, "eps": _checks.real("eps", eps)}
    extra = zero_tol != 1e-8 or _checks.flag("weight_space", weight_space)
    if _checks.flag("polish", polish):
        p = run_study(m, "stability", request, keywords=kw)["fixed_points"][0]
        xs, d = _stability_json(m, p)
        if not extra:
            return Stability(m, xs, d, residual=p["residual"], loss=p["loss"])
        res = p["residual"]
    else:
        validate_study(m, "stability", request, keywords=kw)
        if not spec and m.special_points():
            spec = {"point": next(iter(m.special_points()))}
        xs = _resolve(m, spec, False, kw)
        res = float(np.max(np.abs(m.drift(xs)))) if m.dim else 0.0
    # What the CLI does not offer: the analysis at the state itself, zero_tol, weight_space.
    _checks.options(zero_tol=zero_tol)
    d = _summit.stability(m._m, xs, float(eps), float(zero_tol), bool(weight_space))
    _fail_on(d["status"], "stability analysis", d["message"])
    _checks.finite_tree("stability", d)
    return Stability(m, xs, d, residual=res)


def fixed_points(m, *, starts=None, tol=1e-10, seed=1, x0=None, point=None, eps=1e-3,
                 quiet_batches=None, max_starts=1000, time_budget=20.0, symmetric=False, progress=None):
    """Fixed points of the drift (``summit fixed-points``, the study of :func:`run_study`, with
    the CLI's defaults, checks and messages): batches of `starts` random starts (None: the
    model's own number, 40, or 2 for a state evolution, as the CLI's "auto") until
    `quiet_batches` batches in a row, and half of all starts, find no new point (None: 3, or one
    batch for state evolutions), `max_starts` random starts, or when the next batch would end after
    `time_budget` seconds of CPU time (0: no budget; then the result depends on the seed alone);
    multi-start Levenberg-Marquardt with the exact Jacobian, Newton polish, certified by
    max|drift| <= tol, merged up to the model's symmetry, sorted by loss, each with its
    Stability. `x0`/`point` add a start; `symmetric` adds the starts of the symmetry-adapted
    search (``--symmetric``). The result's `census` holds random_starts, new_per_batch,
    stopped_by and the basin fraction missed with probability 5% (not a proof of completeness);
    `json` the CLI's result. The model's special points are always among the starts, and the
    flow before the polish is the CLI's (the keywords `special_points` and `flow_time` of earlier
    versions are gone, docs/python.md). Raises SolverError when no start converged."""
    m = _model(m)
    request = {"start": _start_spec(m, x0, point),
               "search": {"starts": None if starts is None else _checks.integer("starts", starts),
                          "tol": _checks.real("tol", tol), "seed": _checks.integer("seed", seed)},
               "symmetric": _checks.flag("symmetric", symmetric),
               "quiet_batches": None if quiet_batches is None else _checks.integer("quiet_batches", quiet_batches),
               "max_starts": _checks.integer("max_starts", max_starts),
               "time_budget": _checks.real("time_budget", time_budget), "eps": _checks.real("eps", eps)}
    return FixedPoints(m, run_study(m, "fixed-points", request, progress=progress,
                                    keywords=_start_keywords(x0)))


def minimize(m, *, starts=None, seed=1, x0=None, point=None, gradient_tol=1e-10,
             special_points=True):
    """Local minima of the population loss over the realisable set (``summit minimize``, the
    study of :func:`run_study`, with the CLI's defaults, checks and messages), in the model's free
    parameterisation; sorted by loss. `starts` None is the CLI's "auto" (the solver's default);
    `x0`/`point` add a start. `gradient_tol` and `special_points` take only their defaults (the
    CLI has no such options)."""
    m = _model(m)
    _only_default("gradient_tol", gradient_tol, 1e-10, "minimize")
    _only_default("special_points", special_points, True, "minimize")
    request = {"start": _start_spec(m, x0, point),
               "starts": None if starts is None else _checks.integer("starts", starts),
               "seed": _checks.integer("seed", seed)}
    return Minima(m, run_study(m, "minimize", request, keywords={"solver-seed": "seed", **_start_keywords(x0)}))


def basins(m, *, runs=100, seed=1, t_max=1000.0, steady_tol=1e-8, method="dopri5", atol=1e-10,
           rtol=1e-10, starts=None, tol=1e-10, eps=1e-3, threads=0):
    """Where the dynamics ends from `runs` random starts, and how often (``summit basins``, the
    study of :func:`run_study`, with the CLI's defaults, checks and messages): each run integrated
    up to `t_max` (the CLI's --t-end) until max|drift| < `steady_tol`, its end polished and
    classified. `threads` takes only its default (all cores, as the CLI)."""
    m = _model(m)
    _only_default("threads", threads, 0, "basins")
    request = {"integration": {"method": method, "atol": _checks.real("atol", atol),
                               "rtol": _checks.real("rtol", rtol), "t_end": _checks.real("t_max", t_max)},
               "polish": {"starts": None if starts is None else _checks.integer("starts", starts),
                          "tol": _checks.real("tol", tol), "seed": _checks.integer("seed", seed)},
               "runs": _checks.integer("runs", runs), "steady_tol": _checks.real("steady_tol", steady_tol),
               "eps": _checks.real("eps", eps)}
    return Basins(m, run_study(m, "basins", request, keywords={"solver-seed": "seed", "t-end": "t_max"}))
