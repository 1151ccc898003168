"""summit: the mechanics of learning in high dimensions, from Python.

Every model of summit's registry is one call away::

    import summit
    m = summit.model("committee", activation="erf", K=2, M=2, lr=0.5)
    traj = summit.integrate(m, t_end=1e3, events=["escape: r_spread>0.5"])
    traj.t, traj.x, traj["loss"], traj.events[0].time
    fps = summit.fixed_points(m)
    summit.threshold(m, vary="lr", range=(0.5, 5))

The functions mirror the CLI's subcommands (``summit curve``, ``escape``, ``fixed-points``,
``stability``, ``minimize``, ``simulate``, ``threshold``, ``continue``, ``basins``) with the same
defaults, and call the C++ solvers directly (no subprocess; only :func:`sweep` runs the
``summit`` executable, where the sweep driver lives). Bad input raises ValueError with the
CLI's message; a solver that fails where the CLI exits with status 1 raises SolverError (its
``status`` is the solver's status name and ``result`` the partial result), unless ``check=False``
is given, in which case the result carries ``status`` and ``message`` instead. Arrays are NumPy
arrays that share memory with the C++ results (no copies). Plots: :mod:`summit.plot`.
"""

from __future__ import annotations

import json
import numbers
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from . import _checks, _summit

__version__ = _summit.version

# Plugins on SUMMIT_PLUGIN_PATH (docs/extending.md); a bad one raises ValueError naming it.
_summit.load_plugins_from_env()

__all__ = [
    "SolverError", "Model", "models", "model", "integrate", "curve", "escape", "fixed_points",
    "stability", "minimize", "simulate", "threshold", "follow", "continuation", "basins",
    "log_grid", "sweep", "Sweep", "executable", "model_from_text", "define_model", "load_plugin",
    "plugins",
]


class SolverError(RuntimeError):
    """A solver did not succeed (where the CLI exits with status 1).

    ``status`` is the solver status ("no-convergence", "max-steps", ...), ``result`` the partial
    result when there is one.
    """

    def __init__(self, message, status=None, result=None):
        super().__init__(message)
        self.status = status
        self.result = result


def _fail_on(status, what, message, result=None):
    # The CLI's rule (cli/commands.cpp, fail_on): rejected input is the user's error, anything
    # else a solver failure.
    if status == "invalid-input":
        raise ValueError(f"{what}: {message}")
    if status != "ok":
        raise SolverError(f"{what} failed ({status}): {message}", status, result)


def _num(v):
    """The CLI's readable number (6 significant digits)."""
    return f"{v:.6g}"


# ---------------------------------------------------------------------------------------------
# Models


def models():
    """Names of every registered model (``summit list``)."""
    return list(_summit.names())


def load_plugin(path):
    """Loads the C++ models of a shared-library plugin (docs/extending.md); they are then built
    by ``summit.model(name)`` and listed by ``summit.models()``, and sweeps run by
    :func:`sweep` load the plugin too. Loading the same file again does nothing. A missing file,
    a file that is not a plugin, a plugin built for another summit version and a model name that
    is already taken raise ValueError naming the file. Plugins on ``SUMMIT_PLUGIN_PATH`` are
    loaded when summit is imported.
    """
    _summit.load_plugin(os.fspath(path))


def plugins():
    """Canonical paths of the plugins loaded so far, in load order."""
    return list(_summit.loaded_plugins())


def _param_text(name, value):
    """A Python value as the parameter text the registry parses (same as --set name=value)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))  # shortest text that round-trips
    if isinstance(value, (list, tuple, np.ndarray)):
        return ",".join(_param_text(name, v) for v in np.asarray(value, dtype=object).ravel())
    raise TypeError(f"parameter '{name}': cannot use a value of type {type(value).__name__} "
                    "(give a number, bool, string or list of numbers)")


class Model:
    """A model built from the registry: ``summit.model(name, **params)``.

    States are 1-d arrays in the order of ``coordinates`` (e.g. ``Q[1,1], Q[1,2], ...``); methods
    that evaluate a state also accept a 2-d array of states (one per row).
    """

    def __init__(self, name, params=None, /, **kw):
        if not isinstance(name, str):
            raise TypeError(f"name={name!r}: must be a model name such as 'committee' (summit.models())")
        if params is not None and not isinstance(params, dict):
            raise TypeError(f"params={params!r}: must be a dict {{parameter: value}}")
        info = _summit.info(name)  # ValueError naming the known models
        known = {p["name"] for p in info["params"]}
        given = {}
        for k, v in {**(params or {}), **kw}.items():
            # `lambda_=0.5` for a parameter named like a Python keyword.
            if k not in known and k.endswith("_") and k[:-1] in known:
                k = k[:-1]
            if v is not None:
                given[k] = _param_text(k, v)
        self._info = info
        self._given = given
        self._m = _summit.make(name, given)

    # -- identity
    @property
    def name(self):
        return self._m.name

    @property
    def params(self):
        """Every parameter as text, defaults included ("" = derived by the model)."""
        return dict(self._m.params)

    @property
    def given_params(self):
        """The parameters given explicitly, as text."""
        return dict(self._given)

    @property
    def coordinates(self):
        """Names of the state coordinates, in state order."""
        return list(self._m.coordinates)

    @property
    def observable_names(self):
        return list(self._m.observable_names)

    @property
    def dim(self):
        return self._m.dim

    @property
    def time_unit(self):
        return self._m.time_unit

    @property
    def source(self):
        """Where the model is defined, for provenance: a model file or a plugin with its content
        hash ("" for a built-in model)."""
        return self._m.source

    @property
    def default_events(self):
        return list(self._m.default_events)

    @property
    def has_simulation(self):
        """Whether the model has a finite-d realisation (``summit.simulate``)."""
        return self._m.has_simulation()

    def with_params(self, **changes):
        """The same model with some parameters changed."""
        return Model(self.name, {**self._given, **changes})

    def __repr__(self):
        ps = ", ".join(f"{k}={v!r}" for k, v in self._given.items())
        return f"summit.model({self.name!r}{', ' if ps else ''}{ps})"

    def describe(self):
        """Parameters (with docs), coordinates, observables, special points: ``summit describe``'s
        JSON fields."""
        d = {
            "model": self.name,
            "summary": self._info["summary"],
            "doc": self._info["doc"],
            "params": self.params,
            "time_unit": self.time_unit,
            "parameters": [],
            "coordinates": self.coordinates,
            "observables": self.observable_names,
            "default_events": self.default_events,
            "special_points": [
                {"name": n, "doc": doc, "state": self._state_dict(x)}
                for n, x, doc in self._m.special_points()
            ],
        }
        values = self._m.params
        for p in self._info["params"]:
            d["parameters"].append({"name": p["name"], "type": p["type"], "value": values[p["name"]],
                                    "default": p["default"], "allowed": p["allowed"],
                                    "doc": p["doc"]})
        return d

    # -- states
    def _state_dict(self, x):
        return dict(zip(self.coordinates, (float(v) for v in x)))

    def state_dict(self, x):
        """A state as {coordinate name: value}."""
        return self._state_dict(np.asarray(x, dtype=float))

    def initial_state(self):
        """The initial state from the model's `init` and `seed` parameters."""
        return self._m.initial_state()

    def random_state(self, seed=1):
        """A random realisable state (the multi-start searches draw these)."""
        return self._m.random_state(_checks.integer("seed", seed, 0, 2**63 - 1))

    def special_points(self):
        """{name: state} of the points the model knows (e.g. "plateau", "perfect")."""
        return {n: x for n, x, _ in self._m.special_points()}

    def index(self, coordinate):
        """Position of a named coordinate ("Q[1,2]") in the state."""
        if not isinstance(coordinate, str):
            raise TypeError(f"coordinate={coordinate!r}: must be a coordinate name like 'Q[1,2]'")
        return self._m.index_of(coordinate)

    def state(self, at=None, point=None, check=True):
        """A state: the initial state (or the special point `point`), with the coordinates in
        `at` ({name: value}) replaced -- the CLI's --point / --at. With `check`, a state that is
        not realisable is a ValueError."""
        at = _at(at)
        if point is not None and not isinstance(point, str):
            raise TypeError(f"point={point!r}: must be a special point's name")
        return self._m.make_state(point or "", at, _checks.flag("check", check))

    def realisable(self, x, tol=1e-9):
        """(ok, why): whether x is in the model's domain (e.g. PSD overlaps)."""
        x = self._x(x, check=False, rows=False)
        return tuple(self._m.realisable(x, _checks.real("tol", tol, 0)))

    def _x(self, x, check, rows=True):
        """x as a float array of one state (or rows of states); with `check`, every state must be
        realisable (ValueError naming why; check=False evaluates it anyway)."""
        x = _checks.array("x", x, f" of {self.dim} values")
        if x.ndim not in ((1, 2) if rows else (1,)) or x.shape[-1] != self.dim:
            raise ValueError(f"x: expected a state of {self.dim} values ({', '.join(self.coordinates)})"
                             f"{' or rows of them' if rows else ''}, got an array of shape {x.shape}")
        if check:
            for row in np.atleast_2d(x):
                ok, why = self._m.realisable(row, 1e-9)
                if not ok:
                    raise ValueError(f"x: the state is not realisable: {why} (check=False evaluates "
                                     "it anyway)")
        return x

    # -- evaluation
    def loss(self, x, check=True):
        """Population loss at x (a float), or at each row of a 2-d x (an array). With `check`
        (default), an unrealisable state is a ValueError and a non-finite loss a SolverError."""
        v = self._m.loss(self._x(x, check))
        return _checks.finite_result("loss", v) if check else v

    def drift(self, x, check=True):
        """d x / d t at x (or at each row); `check` as for :meth:`loss`."""
        v = self._m.drift(self._x(x, check))
        return _checks.finite_result("drift", v, self.coordinates) if check else v

    def observables(self, x, check=True):
        """{name: value} of the model's observables at x ({name: array} for rows of states);
        `check` as for :meth:`loss`."""
        v = self._m.observables(self._x(x, check))
        if check:
            _checks.finite_result("observables", v, self.observable_names)
        names = self.observable_names
        if v.ndim == 1:
            return {n: float(v[i]) for i, n in enumerate(names)}
        return {n: v[:, i] for i, n in enumerate(names)}

    def jacobian(self, x, check=True):
        """Exact Jacobian of the drift at x (automatic differentiation)."""
        v = self._m.drift_jacobian(self._x(x, check, rows=False))[1]
        return _checks.finite_result("jacobian", v) if check else v

    def gradient(self, x, check=True):
        """Exact gradient of the loss at x."""
        v = self._m.loss_gradient(self._x(x, check, rows=False))[1]
        return _checks.finite_result("gradient", v, self.coordinates) if check else v

    def hessian(self, x, check=True):
        """Exact Hessian of the loss at x."""
        v = self._m.loss_hessian(self._x(x, check, rows=False))
        return _checks.finite_result("hessian", v) if check else v

    def evaluate(self, x=None, point=None):
        """Loss, drift and observables at a state (``summit evaluate``'s JSON fields)."""
        x = _state(self, x, point, check=True)
        return {"state": self._state_dict(x), "loss": self.loss(x),
                "drift": self._state_dict(self.drift(x)), "observables": self.observables(x)}

    def natural_threshold(self):
        """The model's own threshold query (parameter, range, point, observable, exact), or None."""
        return self._m.natural_threshold()


def model(name, params=None, /, **kw):
    """Builds a registered model: ``summit.model("committee", K=3, M=3, lr=0.5)``.

    Parameters are keywords (or a dict, for names that are not identifiers); any Python scalar or
    list is converted to the parameter text the CLI's --set takes. A parameter named like a
    Python keyword takes a trailing underscore (``lambda_=0.5``). Unknown models, unknown
    parameters and bad values raise ValueError with the CLI's message.
    """
    return Model(name, params, **kw)


def _at(at, name="at"):
    """{coordinate: value} with string keys and real values."""
    if at is None:
        return {}
    if not isinstance(at, dict):
        raise TypeError(f"{name}={at!r}: must be a dict {{coordinate: value}}")
    out = {}
    for k, v in at.items():
        if not isinstance(k, str):
            raise TypeError(f"{name}: key {k!r} must be a coordinate name like 'Q[1,2]'")
        out[k] = _checks.real(f"{name}[{k!r}]", v)
    return out


def model_from_text(text, params=None, /, **kw):
    """A model from model-file text (docs/models.md): ``summit.model_from_text(text, lr=0.3)``.

    The text is stored once per content (named by its hash) and built like
    ``summit.model(path)``; errors name that file, line and column.
    """
    from .model_files import model_file_for_text
    return Model(model_file_for_text(text), params, **kw)


def define_model(name, *, loss, drift, states, params=None, summary="", doc="", observables=None,
                 time_unit=None, values=None):
    """A model with scalar states from SymPy expressions (or strings), e.g.::

        m, Q, lr = sympy.symbols("m Q lr")
        summit.define_model("perceptron", params={"lr": (0.5, "learning rate")},
                            states={m: 0.01, Q: 1}, loss=(1 + Q - 2*m) / 2,
                            drift={m: lr*(1 - m), Q: 2*lr*(m - Q) + lr**2*(1 + Q - 2*m)})

    ``params`` and ``states`` map names to a default (or ``(default, "doc")``); ``values`` are
    parameter values for this model (like ``summit.model``'s keywords). The expressions become
    the same model-file text (``.text`` of the result) as a hand-written file.
    """
    from .model_files import define_model_text
    text = define_model_text(name, loss=loss, drift=drift, states=states, params=params,
                             summary=summary, doc=doc, observables=observables,
                             time_unit=time_unit)
    m = model_from_text(text, values or {})
    m.text = text
    return m


def _model(m):
    if isinstance(m, Model):
        return m
    if isinstance(m, str):
        return Model(m)
    raise TypeError(f"expected a summit.Model or a model name, got {type(m).__name__}")


def _state(m, x0, point=None, check=True):
    """A start state from x0: None (initial state / `point`), a special point's name, a dict of
    coordinates over the initial state (or `point`), or an array."""
    if x0 is None:
        return m.state(point=point, check=check)
    if isinstance(x0, str):
        return m.state(point=x0, check=check)
    if isinstance(x0, dict):
        return m.state(at=x0, point=point, check=check)
    x = _checks.array("x0", x0, f" of {m.dim} values")
    if x.shape != (m.dim,):
        raise ValueError(f"x0: expected a state of {m.dim} values ({', '.join(m.coordinates)}), "
                         f"got an array of shape {x.shape}")
    if check:
        ok, why = m.realisable(x)
        if not ok:
            raise ValueError("state is not realisable: " + why)
    return x


def log_grid(t_end, n=41, t_first=-1.0):
    """0 and n-1 log-spaced times up to t_end (the CLI's default output grid)."""
    t_end = _checks.real("t_end", t_end, 0, lo_open=True)
    n = _checks.integer("n", n, 2, _MAX_POINTS)
    t_first = _checks.real("t_first", t_first)
    return np.asarray(_summit.log_grid(t_end, n, t_first))


# ---------------------------------------------------------------------------------------------
# Results


class _Result:
    _fields = ()

    def __repr__(self):
        items = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({items})"


class _Sequence:
    """len(), iteration and indexing over the list attribute named by ``_items``."""

    _items = "points"

    def __len__(self):
        return len(getattr(self, self._items))

    def __iter__(self):
        return iter(getattr(self, self._items))

    def __getitem__(self, i):
        return getattr(self, self._items)[i]


class Event(_Result):
    """An event of an integration: its name, whether it fired, when, and the state then."""

    _fields = ("name", "found", "time")

    def __init__(self, m, d):
        self.name = d["name"]
        self.expr = d["expr"]
        self.found = d["found"]
        self.time = d["time"]
        self.x = d["x"]
        self._m = m

    @property
    def state(self):
        return None if self.x is None else self._m._state_dict(self.x)

    @property
    def loss(self):
        return None if self.x is None else self._m.loss(self.x)


class Trajectory(_Result):
    """An integrated learning curve (``summit curve``).

    ``t`` (n,), ``x`` (n, dim) with columns ``coordinates``, ``loss`` (n,), ``observables``
    ({name: (n,)}), ``events`` (list of Event); ``traj[name]`` is any column by name; ``columns``
    and ``table`` are the CLI's curve columns (t, loss, observables, coordinates) and rows.
    """

    _fields = ("status", "points", "events")

    def __init__(self, m, d, start=None):
        self.model = m
        self.status = d["status"]
        self.message = d["message"]
        self.t = d["t"]
        self.x = d["x"]
        lo = d["loss_observables"]
        self.loss = lo[:, 0]
        self.observables = {n: lo[:, 1 + i] for i, n in enumerate(m.observable_names)}
        self.coordinates = m.coordinates
        self.events = [Event(m, e) for e in d["events"]]
        self.steps = d["steps"]
        self.rhs_evaluations = d["rhs_evaluations"]
        self.jacobian_evaluations = d["jacobian_evaluations"]
        self.t_reached = d["t_reached"]
        self.start = start  # with perturb=: the fixed point and its stability

    @property
    def points(self):
        return len(self.t)

    def __len__(self):
        return len(self.t)

    @property
    def columns(self):
        return ["t", "loss", *self.observables, *self.coordinates]

    def __getitem__(self, name):
        if name == "t":
            return self.t
        if name == "loss":
            return self.loss
        if name in self.observables:
            return self.observables[name]
        if name in self.coordinates:
            return self.x[:, self.coordinates.index(name)]
        raise KeyError(f"unknown column '{name}'; columns: {', '.join(self.columns)}")

    @property
    def table(self):
        """The CLI's curve rows: one row per time, ``columns`` in order (a new array)."""
        return np.column_stack([self[c] for c in self.columns])

    def event(self, name):
        for e in self.events:
            if e.name == name:
                return e
        raise KeyError(f"no event '{name}'; events: {', '.join(e.name for e in self.events)}")


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


class Simulation(_Result):
    """A finite-d simulation averaged over seeds (``summit simulate``).

    ``t`` (n,), ``columns`` (coordinates, "loss", observables), ``mean`` and ``sd`` (n, ncols; sd
    over seeds), ``runs`` (one (n, ncols) array per seed); ``sim[name]`` is a mean column,
    ``sim.sd_of(name)`` its spread. ``table_columns``/``table``: the CLI's JSON columns and rows.
    """

    _fields = ("status", "d", "seeds", "columns")

    def __init__(self, m, d, dim, seeds, seed):
        self.model = m
        self.status = d["status"]
        self.message = d["message"]
        self.columns = list(d["columns"])
        self.t = d["t"]
        self.mean = d["mean"]
        self.sd = d["sd"]
        self.runs = d["runs"]
        self.d = dim
        self.seeds = seeds
        self.seed = seed

    def _col(self, name):
        if name not in self.columns:
            raise KeyError(f"unknown column '{name}'; columns: t, {', '.join(self.columns)}")
        return self.columns.index(name)

    def __getitem__(self, name):
        return self.t if name == "t" else self.mean[:, self._col(name)]

    def sd_of(self, name):
        return self.sd[:, self._col(name)]

    @property
    def table_columns(self):
        return ["t", *self.columns, *(c + "_sd" for c in self.columns)]

    @property
    def table(self):
        return np.column_stack([self.t, self.mean, self.sd])


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


# ---------------------------------------------------------------------------------------------
# Solvers


# The CLI's limits (cli/options_check.cpp).
_MAX_POINTS, _MAX_STARTS, _MAX_GRID, _MAX_RUNS, _MAX_SEEDS = 1_000_000, 100_000, 100_000, 1_000_000, 1024
_METHODS = ("dopri5", "rosenbrock4", "euler")


def _times(t_end, points, times):
    if times is not None:
        return _checks.times(times)
    t_end = _checks.real("t_end", t_end, 0, lo_open=True)
    return list(_summit.log_grid(t_end, _checks.integer("points", points, 2, _MAX_POINTS)))


def _events(events):
    """A list of event conditions from one string or a list of strings."""
    if isinstance(events, str):
        return [events]
    if not isinstance(events, (list, tuple)) or not all(isinstance(e, str) for e in events):
        raise TypeError(f"events={events!r}: must be a condition like 'eg<1e-3' or a list of them")
    return list(events)


def _tolerances(**kw):
    """Validates the common solver options by name: tolerances > 0, eps in (0, 1), seeds >= 0."""
    for k, v in kw.items():
        if k in ("tol", "atol", "gradient_tol", "steady_tol", "zero_tol", "dt", "flow_time", "t_max"):
            _checks.real(k, v, 0, lo_open=True)
        elif k == "rtol":
            _checks.real(k, v, 0)
        elif k == "eps":
            _checks.real(k, v, 0, 1, lo_open=True, hi_open=True)
        elif k == "seed":
            _checks.integer(k, v, 0, 2**53)
        elif k == "starts":
            _checks.integer(k, v, 0, _MAX_STARTS)
        elif k == "threads":
            _checks.integer(k, v, 0, 4096)
        elif k == "grid":
            _checks.integer(k, v, 2, _MAX_GRID)
        elif k == "method":
            _checks.choice(k, v, _METHODS)
        elif k == "check":
            _checks.flag(k, v)
        else:
            raise AssertionError(k)


def _perturbed_start(m, x, perturb, tol):
    # The CLI's --perturb: the fixed point polished from x, displaced by `perturb` along its most
    # unstable direction.
    if perturb < 0:
        raise ValueError(f"perturb {perturb!r}: must be > 0")
    status, fixed, res = _summit.polish(m._m, x, float(tol))
    _fail_on(status, "fixed-point polish", f"max|drift| = {_num(res)} from the given state")
    st = Stability(m, fixed, _summit.stability(m._m, fixed, float(perturb), 1e-8, False), residual=res)
    if st.index == 0:
        raise SolverError(f"perturb: the fixed point is not unstable (type {st.type}), there is no "
                          "direction to escape along", "unstable-direction", st)
    x0 = fixed + perturb * st.unstable_direction
    ok, why = m.realisable(x0)
    if not ok:
        raise ValueError(f"perturb {perturb!r}: the displaced state is not realisable: {why}")
    return x0, {"fixed_point": st, "perturbation": perturb,
                "linearised_escape_time": st.escape_time_estimate}


def integrate(m, t_end=1000.0, *, points=41, times=None, x0=None, point=None, events=(),
              method="dopri5", atol=1e-10, rtol=1e-10, dt=0.01, perturb=None,
              stop_at_events=False, max_steps=2_000_000, tol=1e-10, check=True):
    """Integrates the drift from x0 (``summit curve``): a Trajectory.

    Output at `times`, else at `points` log-spaced times up to `t_end` (and t = 0). `x0`: None
    (the initial state, or the special point `point`), a special point's name, {coordinate:
    value} over it, or an array. `events`: conditions located on the dense output, e.g.
    "eg<1e-3", "escape: r_spread>0.5", "steady". `perturb`: start from the fixed point polished
    from x0, displaced by this along its most unstable direction. `method`: dopri5, rosenbrock4
    or euler. A failed integration raises SolverError (with `check=False`: returned with its
    status).
    """
    m = _model(m)
    _tolerances(method=method, atol=atol, rtol=rtol, dt=dt, tol=tol, check=check)
    max_steps = _checks.integer("max_steps", max_steps, 1, 10**10)
    grid = _times(t_end, points, times)
    # times sets the output grid itself: points beside it, or a t_end that is not its last time,
    # is a conflict (the CLI refuses --times with --t-end or --points outright).
    if times is not None and (points != 41 or (t_end != 1000.0 and t_end != grid[-1])):
        raise ValueError(f"times and t_end/points both given: times sets the output times itself "
                         f"(it ends at {grid[-1]!r}; t_end={t_end!r}, points={points!r})")
    x = _state(m, x0, point, check=True)
    start = None
    if perturb is not None:
        perturb = _checks.real("perturb", perturb, 0)
    if perturb is not None and perturb != 0:
        x, start = _perturbed_start(m, x, float(perturb), tol)
    events = _events(events)
    d = _summit.integrate(m._m, x, grid, list(events), method, float(atol), float(rtol), float(dt),
                          _checks.flag("stop_at_events", stop_at_events), max_steps)
    tr = Trajectory(m, d, start)
    if check:
        _fail_on(tr.status, "integration", tr.message, tr)
        _checks.finite_tree("integrate", d)
    return tr


curve = integrate


def escape(m, events=None, *, t_end=1000.0, x0=None, point=None, perturb=None, method="dopri5",
           atol=1e-10, rtol=1e-10, dt=0.01, tol=1e-10, check=True):
    """Times at which events first happen (``summit escape``): integrates until every event fired
    (the model's default events, e.g. the plateau escape, when `events` is None). Returns the
    Trajectory (output at 0 and where it stopped); ``.events`` holds the times. An event not
    reached by `t_end` raises SolverError."""
    m = _model(m)
    t_end = _checks.real("t_end", t_end, 0, lo_open=True)
    if events is None:
        events = m.default_events
        if not events:
            raise ValueError(f"model '{m.name}' has no default events; give events=[...]")
    tr = integrate(m, times=[0.0, t_end], x0=x0, point=point, events=events,
                   method=method, atol=atol, rtol=rtol, dt=dt, perturb=perturb,
                   stop_at_events=True, tol=tol, check=check)
    if check and not all(e.found for e in tr.events):
        raise SolverError(f"not every event was reached by t = {_num(tr.t_reached)} (raise t_end)",
                          "not-reached", tr)
    return tr


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
    _tolerances(tol=tol, eps=eps, zero_tol=zero_tol)
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
    _tolerances(starts=starts, tol=tol, seed=seed, eps=eps, flow_time=flow_time)
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
    _tolerances(starts=starts, seed=seed, gradient_tol=gradient_tol)
    st = [] if x0 is None and point is None else [("given", _state(m, x0, point, check=True))]
    d = _summit.minimize(m._m, int(starts), int(seed), float(gradient_tol), st, bool(special_points))
    _fail_on(d["status"], "minimisation", d["message"])
    _checks.finite_tree("minimize", d)
    return Minima(m, d)


def simulate(m, *, d=1000, seeds=4, t_end=1000.0, points=41, times=None, x0=None, point=None,
             seed=None, threads=0):
    """Finite-d SGD of the model's microscopic realisation from the same initial state, measuring
    the same order parameters, averaged over `seeds` runs (``summit simulate``). `seed`: the first
    run's seed (default: the model's `seed` parameter, else 0)."""
    m = _model(m)
    d = _checks.integer("d", d, 1, 2**31 - 1)
    seeds = _checks.integer("seeds", seeds, 1, _MAX_SEEDS)
    _tolerances(threads=threads)
    if seed is not None:
        _tolerances(seed=seed)
    need = 8.0 * d * (m.dim + 1) * seeds
    if need > 4e9:
        raise ValueError(f"d={d}: a simulation with {seeds} seeds needs about {need / 1e9:.3g} GB "
                         f"(8 bytes x d x {m.dim + 1} x seeds); lower d or seeds")
    x = _state(m, x0, point, check=True)
    if seed is None:
        seed = int(m.params["seed"]) if m.params.get("seed", "") != "" else 0
    r = _summit.simulate(m._m, x, int(d), int(seeds), int(seed), _times(t_end, points, times),
                         int(threads))
    _fail_on(r["status"], "simulation", r["message"])
    _checks.finite_tree("simulate", r)
    return Simulation(m, r, int(d), int(seeds), int(seed))


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
    _tolerances(grid=grid, starts=starts, tol=tol, seed=seed, eps=eps)
    nt = m.natural_threshold()
    if vary is None and nt is not None and nt["exact"] is not None:
        x = nt["exact"]
        return Threshold(m, parameter=nt["parameter"], threshold=x, bracket=(x, x), direction="exact",
                         note=nt["note"])
    param, lo, hi, npoint, obs = _sweep(m, vary, range, observable)
    at = _at(at)
    point = point if point is not None else ("" if at else npoint)
    if obs:
        d = _summit.threshold_observable(m.name, m._given, param, lo, hi, int(grid), obs, point or "", at)
    else:
        if not at and not point:
            raise ValueError("give the fixed point to follow with at= or point=")
        d = _summit.threshold_stability(m.name, m._given, param, lo, hi, int(grid), point or "", at,
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
    _tolerances(grid=grid, starts=starts, tol=tol, seed=seed, eps=eps)
    param, lo, hi, npoint, _ = _sweep(m, vary, range, None, descending_ok=True)
    at = _at(at)
    point = point if point is not None else ("" if at else npoint)
    if not at and not point:
        raise ValueError("give the fixed point to follow with at= or point=")
    d = _summit.follow(m.name, m._given, param, lo, hi, int(grid), point or "", at, int(starts),
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


def continuation(m, vary, range, *, point=None, at=None, switch=False, vary2=None, range2=None,
                 curve=None, grid=24, starts=40, tol=1e-10, seed=1, eps=1e-3):
    """Pseudo-arclength continuation of a fixed point in `vary` over `range` = (lo, hi) (either
    order), through folds, with the folds, branch points and Hopf points it passes
    (``summit continue``). Returns a :class:`Diagram`; with ``switch=True`` also the branches
    emerging at branch points. With ``vary2``, ``range2`` and ``curve`` ("fold", "branch" or
    "hopf"): the first such point of the branch continued in (vary, vary2) over range x range2,
    a :class:`BifurcationCurve` (its defining system solved to `tol`: use 1e-8 for models whose
    drift Jacobian is a finite difference, e.g. the rbm AMP state evolution). A failed corrector
    on the start branch raises SolverError."""
    m = _model(m)
    param, lo, hi, npoint, _ = _sweep(m, vary, range, None, descending_ok=True)
    if int(grid) < 2:
        raise ValueError(f"grid {grid}: must be >= 2")
    at = {k: float(v) for k, v in (at or {}).items()}
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
        if curve not in ("fold", "branch", "hopf"):
            raise ValueError(f"curve '{curve}': allowed fold, branch, hopf")
        if range2 is None:
            raise ValueError("vary2 needs range2=(lo, hi)")
        lo2, hi2 = (float(v) for v in range2)
        if not lo2 < hi2:
            raise ValueError(f"range2 {tuple(range2)}: must be (lo, hi) with lo < hi")
        p2 = float(m.params[vary2])
        if not lo2 <= p2 <= hi2:
            raise ValueError(f"range2 {tuple(range2)}: must contain {vary2} = {p2} (the value the "
                             "one-parameter run starts at)")
    d = _summit.continuation(m.name, m._given, param, lo, hi, int(grid), point or "", at,
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


def basins(m, *, runs=100, seed=1, t_max=1000.0, steady_tol=1e-8, method="dopri5", atol=1e-10,
           rtol=1e-10, starts=40, tol=1e-10, eps=1e-3, threads=0):
    """Where the dynamics ends from `runs` random starts, and how often (``summit basins``)."""
    m = _model(m)
    runs = _checks.integer("runs", runs, 1, _MAX_RUNS)
    _tolerances(seed=seed, t_max=t_max, steady_tol=steady_tol, method=method, atol=atol, rtol=rtol,
                starts=starts, tol=tol, eps=eps, threads=threads)
    d = _summit.basins(m._m, int(runs), int(seed), float(t_max), float(steady_tol), method,
                       float(atol), float(rtol), int(starts), float(tol), float(eps), int(threads))
    _fail_on(d["status"], "basin search", d["message"])
    _checks.finite_tree("basins", d)
    return Basins(m, d)



# ---------------------------------------------------------------------------------------------
# Sweeps: run by the `summit` executable (the sweep driver lives in the CLI, not the library)


def executable():
    """Path of the ``summit`` executable that :func:`sweep` runs.

    In this order: the environment variable SUMMIT_EXECUTABLE; the build tree the package was
    assembled in (``build/python/summit`` -> ``build/summit``); the installation the package
    belongs to (``<prefix>/lib/python3.X/{site,dist}-packages/summit`` -> ``<prefix>/bin/summit``);
    ``summit`` on PATH. FileNotFoundError if none is found.
    """
    env = os.environ.get("SUMMIT_EXECUTABLE")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise FileNotFoundError(f"SUMMIT_EXECUTABLE={env!r}: not an executable file")
        return env
    here = Path(__file__).resolve().parent
    candidates = []
    if len(here.parents) > 1 and (here.parents[1] / "CMakeCache.txt").is_file():
        candidates.append(here.parents[1] / "summit")  # build tree
    if len(here.parents) > 3:  # <prefix>/lib/python3.X/dist-packages/summit -> <prefix>/bin
        candidates.append(here.parents[3] / "bin" / "summit")
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    found = shutil.which("summit")
    if found:
        return found
    raise FileNotFoundError(
        "summit.sweep needs the `summit` executable: not found in the build tree, "
        f"{here.parents[3] / 'bin' if len(here.parents) > 3 else '<prefix>/bin'} or on PATH; "
        "build or install it (target summit_cli) or set SUMMIT_EXECUTABLE")


def _json_default(v):
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    raise TypeError(f"sweep spec: cannot write a value of type {type(v).__name__} as JSON")


def _column(values):
    """A column as a NumPy array: float64 for numbers (a missing value, e.g. of a failed point,
    is NaN), int64 for integers without gaps, else an object array (strings, bools, lists)."""
    present = [v for v in values if v is not None]
    numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present)
    if present and numeric:
        if len(present) == len(values) and all(isinstance(v, numbers.Integral) for v in present):
            return np.asarray(values, dtype=np.int64)
        return np.asarray([np.nan if v is None else v for v in values], dtype=float)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


class Sweep(_Result):
    """The result of :func:`sweep`: the CLI's ``sweep.json``, with its table as arrays.

    ``raw`` is the parsed result file (provenance, spec, ``points`` with each point's full
    ``result``); ``path`` the results folder (None when it was a temporary one); ``axes`` and
    ``records`` the column names; ``columns`` the CSV's columns (index, chain, status, axes,
    records, seed, hash, message); ``sweep[name]`` any column as an array (numbers float64 with
    NaN where a point has no value, e.g. failed; integers int64; strings object); ``rows`` the
    table as a list of tuples; ``points`` the per-point dicts.
    """

    _fields = ("points_total", "ok", "failed", "path")

    def __init__(self, raw, path=None):
        self.raw = raw
        self.path = path
        self.axes = [a["name"] for a in raw["axes"]]
        self.records = [r["name"] for r in raw["record"]]
        self.points = raw["points"]
        self.summary = raw["summary"]
        ps = self.points
        self._cols = {"index": _column([p["index"] for p in ps]),
                      "chain": _column([p["chain"] for p in ps]),
                      "status": _column([p["status"] for p in ps])}
        for a in self.axes:
            self._cols[a] = _column([p.get("values", {}).get(a) for p in ps])
        for r in self.records:
            self._cols[r] = _column([p.get("record", {}).get(r) for p in ps])
        self._cols["seed"] = _column([p.get("seed") for p in ps])
        self._cols["hash"] = _column([p.get("hash") for p in ps])
        self._cols["message"] = _column([p.get("message", "") for p in ps])

    @property
    def columns(self):
        return list(self._cols)

    def __getitem__(self, name):
        try:
            return self._cols[name]
        except KeyError:
            raise KeyError(f"unknown column '{name}'; columns: {', '.join(self._cols)}") from None

    def __len__(self):
        return len(self.points)

    @property
    def points_total(self):
        return len(self.points)

    @property
    def ok(self):
        return int(self.summary.get("ok", 0))

    @property
    def failed(self):
        return int(self.summary.get("failed", 0))

    @property
    def rows(self):
        cols = [self._cols[c] for c in self._cols]
        return [tuple(c[i].item() if isinstance(c[i], np.generic) else c[i] for c in cols)
                for i in range(len(self.points))]


def sweep(spec, jobs=None, out=None, skip_existing=False, *, check=True):
    """Runs ``summit sweep`` on a spec (docs/sweeps.md) and returns its table (a :class:`Sweep`).

    `spec` is a dict (the JSON spec) or the path of a spec file. `jobs` worker threads (default:
    all cores); `out` the results folder (default: a path spec's own default, ``SPEC.sweep`` next
    to it; for a dict spec its ``output`` relative to the working directory, else a temporary
    folder that is removed after reading); `skip_existing` reuses the ok points of an earlier
    run in that folder. The sweep is run by the ``summit`` executable (:func:`executable`).

    A malformed spec raises ValueError with the CLI's message (exit code 2). If some points
    failed (exit code 1), SolverError with ``status`` "failed" and the complete table (failed
    points included) as ``result``; with ``check=False`` the table is returned instead.
    """
    exe = executable()
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral)
                             or jobs < 1):
        raise ValueError(f"jobs {jobs!r}: must be an integer >= 1 (or None for all cores)")
    with tempfile.TemporaryDirectory(prefix="summit-sweep-") as tmp:
        shown = None
        if isinstance(spec, dict):
            spec_path = os.path.join(tmp, "spec.json")
            with open(spec_path, "w") as f:
                json.dump(spec, f, default=_json_default)
            shown = spec_path
            if out is None:
                out = (os.path.abspath(spec["output"]) if isinstance(spec.get("output"), str)
                       else os.path.join(tmp, "spec.sweep"))
                keep = isinstance(spec.get("output"), str)
            else:
                keep = True
        elif isinstance(spec, (str, os.PathLike)):
            spec_path = os.fspath(spec)
            keep = True
        else:
            raise TypeError(f"spec: expected a dict or a path, got {type(spec).__name__}")
        args = [exe, "sweep", spec_path, "-q"]
        if jobs is not None:
            args += ["--jobs", str(int(jobs))]
        if out is not None:
            args += ["--out", os.fspath(out)]
        if skip_existing:
            args.append("--skip-existing")
        env = None
        if plugins():  # the loaded plugins, on the child's SUMMIT_PLUGIN_PATH
            env = dict(os.environ)
            env["SUMMIT_PLUGIN_PATH"] = ":".join(
                [p for p in [env.get("SUMMIT_PLUGIN_PATH", "")] if p] + plugins())
        r = subprocess.run(args, capture_output=True, text=True, env=env)
        msg = r.stderr.strip()
        for prefix in ("summit sweep: error: ", "summit: error: ", "summit: "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
                break
        if shown:
            msg = msg.replace(f"'{shown}'", "(dict)")
        if r.returncode == 2:
            raise ValueError(msg)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(args)} exited with status {r.returncode}: {msg}")
        folder = Path(out) if out is not None else _default_output(spec_path)
        with open(folder / "sweep.json") as f:
            raw = json.load(f)
        res = Sweep(raw, str(folder) if keep else None)
    if r.returncode == 1 and check:
        first = next((p for p in res.points if p["status"] != "ok"), {})
        raise SolverError(f"sweep: {res.failed} of {len(res)} points failed (the table is in .result); "
                          f"point {first.get('index')}: {first.get('message', msg)}", "failed", res)
    return res


def _default_output(spec_path):
    """The CLI's default results folder of a spec file: its ``output`` relative to the spec, else
    SPEC-stem.sweep next to it."""
    p = Path(spec_path)
    try:
        with open(p) as f:
            o = json.load(f).get("output")
    except (OSError, ValueError, AttributeError):
        o = None
    if isinstance(o, str):
        return p.parent / o
    return p.parent / (p.stem + ".sweep")
