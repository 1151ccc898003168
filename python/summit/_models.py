"""Models and states: ``summit.model(name, **params)``, the :class:`Model` wrapper over the
registry's model, model files from text or SymPy, and the start states the solver functions take.

Contract: parameters are converted to the registry's text exactly as the CLI's ``--set`` takes
them; a state is the initial state (or a special point), with coordinates replaced by name, or an
array of ``dim`` values; an unrealisable state is a ValueError naming why.
"""

from __future__ import annotations

import json
import numbers
import os

import numpy as np

from . import _checks, _summit


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
        return _resolve(self, _start_spec(self, None, point, at), _checks.flag("check", check))

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
        """Loss, drift and observables at a state: the study ``evaluate`` (``summit evaluate``'s JSON
        fields, the loss reported as the CLI reports it)."""
        from ._studies import run_study

        j = run_study(self, "evaluate", {"start": _start_spec(self, x, point)}, keywords=_start_keywords(x))
        return {k: j[k] for k in ("state", "loss", "drift", "observables")}

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


def _start_spec(m, x0=None, point=None, at=None):
    """The "start" object of a study request (studies/start.hpp: {"point": NAME, "at": {coordinate:
    value}}) from the keyword forms: `x0` None, a special point's name, {coordinate: value} or an
    array of every coordinate; `point` a special point's name; `at` more coordinates."""
    if point is not None and not isinstance(point, str):
        raise TypeError(f"point={point!r}: must be a special point's name")
    spec = {} if point is None else {"point": point}
    if isinstance(x0, str):
        spec["point"] = x0
    elif isinstance(x0, dict):
        spec["at"] = _at(x0, "x0")
    elif x0 is not None:
        x = _checks.array("x0", x0, f" of {m.dim} values")
        if x.shape != (m.dim,):
            raise ValueError(f"x0: expected a state of {m.dim} values ({', '.join(m.coordinates)}), "
                             f"got an array of shape {x.shape}")
        spec["at"] = {c: _checks.real(f"x0[{c!r}]", v) for c, v in zip(m.coordinates, x.tolist())}
    if at:
        spec["at"] = {**spec.get("at", {}), **_at(at)}
    return spec


def _start_keywords(x0):
    """How the CLI's --point and --at are called in a function that takes `x0`."""
    return {"point": "x0" if isinstance(x0, str) else "point", "at": "x0" if isinstance(x0, dict) else "at"}


def _resolve(m, spec, check, keywords=None):
    """The state of a "start" object, resolved as the CLI resolves --point/--at."""
    from ._studies import in_python_words

    try:
        return m._m.start_state(json.dumps(spec), check)
    except ValueError as e:
        raise ValueError(in_python_words(str(e), keywords)) from None


def _state(m, x0, point=None, check=True):
    """A start state from x0: None (initial state / `point`), a special point's name, a dict of
    coordinates over the initial state (or `point`), or an array."""
    return _resolve(m, _start_spec(m, x0, point), check, _start_keywords(x0))


def log_grid(t_end, n=41, t_first=-1.0):
    """0 and n-1 log-spaced times up to t_end (the CLI's default output grid)."""
    t_end = _checks.real("t_end", t_end, 0, lo_open=True)
    n = _checks.integer("n", n, 2, _checks.MAX_POINTS)
    t_first = _checks.real("t_first", t_first)
    return np.asarray(_summit.log_grid(t_end, n, t_first))

