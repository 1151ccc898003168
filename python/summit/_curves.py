"""Integration: learning curves (``summit curve``), event times (``summit escape``) and the finite-d
simulations they are compared with (``summit simulate``), with their result classes.

Contract: each function validates its keywords (messages naming the keyword), resolves the start
state, calls the C++ solver with the CLI's defaults and returns a result object whose arrays share
memory with the C++ result; a failed solver raises SolverError unless ``check=False``.
"""

from __future__ import annotations

import json

import numpy as np

from . import _checks, _summit
from ._errors import SolverError, _fail_on, _num
from ._fixed_points import Stability
from ._models import _model, _start_keywords, _start_spec, _state
from ._result import _Result
from ._studies import in_python_words, validate_study


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


def _grid(t_end, points, times):
    """The output-time fields of a request (studies/integration_request.hpp): `times` itself, or
    `t_end` and `points`, as JSON values (their ranges are the study's to check). `t_end` or
    `points` away from its default beside `times` is sent too, and the study refuses the pair as
    the CLI refuses --times with --t-end or --points, with the same message; a `t_end` equal to
    the last time says the same thing twice and is not sent."""
    if times is not None:
        grid = {"times": _checks.array("times", times).ravel().tolist()}
        if t_end != 1000.0 and not (grid["times"] and t_end == grid["times"][-1]):
            grid["t_end"] = _checks.real("t_end", t_end)
        if points != 41:
            grid["points"] = _checks.integer("points", points)
        return grid
    return {"t_end": _checks.real("t_end", t_end), "points": _checks.integer("points", points)}


def _times(request):
    """The output times a valid request asks for."""
    return request.get("times") or list(_summit.log_grid(request["t_end"], request["points"]))


def _events(events):
    """A list of event conditions from one string or a list of strings."""
    if isinstance(events, str):
        return [events]
    if not isinstance(events, (list, tuple)) or not all(isinstance(e, str) for e in events):
        raise TypeError(f"events={events!r}: must be a condition like 'eg<1e-3' or a list of them")
    return list(events)


def _perturbed_start(m, x, perturb, tol):
    """The CLI's --perturb (studies/perturbed_start.hpp): the fixed point polished from x, displaced
    by `perturb` along its most unstable direction; (start state, the "start" record)."""
    try:
        d = _summit.perturbed_start(m._m, x, perturb, json.dumps({"tol": tol}))
    except ValueError as e:
        raise ValueError(in_python_words(str(e))) from None
    if d["status"] != "ok":
        raise SolverError(in_python_words(d["message"]), d["status"], d)
    st = Stability(m, d["fixed_point"], d["stability"])
    return d["state"], {"fixed_point": st, "perturbation": perturb,
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
    grid = _grid(t_end, points, times)
    if perturb is not None:
        perturb = _checks.real("perturb", perturb)
    request = {"start": _start_spec(m, x0, point),
               "integration": {"method": method, "atol": _checks.real("atol", atol),
                               "rtol": _checks.real("rtol", rtol), "dt": _checks.real("dt", dt),
                               "max_steps": _checks.integer("max_steps", max_steps),
                               "events": _events(events), **grid},
               "perturb": perturb or None, "polish": {"tol": _checks.real("tol", tol)}}
    # The CLI's checks and messages (studies/trajectory.hpp); the integration itself is run here
    # rather than by the study, because the Trajectory holds more than the CLI's JSON (the
    # states as arrays, the Jacobian evaluations, the time reached, the events' conditions).
    validate_study(m, "curve", request, keywords={"event": "events", **_start_keywords(x0)})
    x = _state(m, x0, point, check=True)
    start = None
    if perturb:
        x, start = _perturbed_start(m, x, perturb, tol)
    d = _summit.integrate(m._m, x, _times(request["integration"]), request["integration"]["events"],
                          method, float(atol), float(rtol), float(dt),
                          _checks.flag("stop_at_events", stop_at_events), request["integration"]["max_steps"])
    tr = Trajectory(m, d, start)
    if _checks.flag("check", check):
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
    request = {"start": _start_spec(m, x0, point),
               "integration": {"t_end": _checks.real("t_end", t_end),
                               **({} if events is None else {"events": _events(events)})}}
    # The CLI's checks of `summit escape` (the model's default events when none are given).
    validate_study(m, "escape", request, keywords={"event": "events", **_start_keywords(x0)})
    if events is None:
        # The escape study refuses this when it runs, which validate_study does not (the
        # catalog's validation parses the events given, not the model's defaults).
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


def simulate(m, *, d=1000, seeds=4, t_end=1000.0, points=41, times=None, x0=None, point=None,
             seed=None, threads=0):
    """Finite-d SGD of the model's microscopic realisation from the same initial state, measuring
    the same order parameters, averaged over `seeds` runs (``summit simulate``). `seed`: the first
    run's seed (default: the model's `seed` parameter, else 0)."""
    m = _model(m)
    request = {"start": _start_spec(m, x0, point), "d": _checks.integer("d", d),
               "seeds": _checks.integer("seeds", seeds), **_grid(t_end, points, times)}
    # The CLI's checks and messages (studies/simulate_study.hpp, the memory estimate of
    # studies/budget.hpp included); the simulation is run here, as
    # the Simulation keeps every seed's run, which the CLI's JSON does not hold.
    validate_study(m, "simulate", request, keywords=_start_keywords(x0))
    d, seeds = request["d"], request["seeds"]
    _checks.options(threads=threads)
    if seed is not None:
        _checks.options(seed=seed)
    x = _state(m, x0, point, check=True)
    if seed is None:
        seed = int(m.params["seed"]) if m.params.get("seed", "") != "" else 0
    r = _summit.simulate(m._m, x, int(d), int(seeds), int(seed), _times(request), int(threads))
    _fail_on(r["status"], "simulation", r["message"])
    _checks.finite_tree("simulate", r)
    return Simulation(m, r, int(d), int(seeds), int(seed))
