"""Argument validation of the public functions of :mod:`summit` (issue "Reliability under bad
input"): every message names the argument, its value and what is allowed; floats are never
truncated to ints; non-finite results raise instead of being returned.

The rules follow the CLI's (cli/options_check.cpp): the same ranges, so a value refused by
``summit curve --points`` is refused by ``summit.integrate(points=...)`` with the same reason.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._errors import SolverError

# The CLI's limits (cli/options_check.cpp).
MAX_POINTS, MAX_STARTS, MAX_GRID, MAX_RUNS, MAX_SEEDS = 1_000_000, 100_000, 100_000, 1_000_000, 1024
METHODS = ("dopri5", "rosenbrock4", "euler")


def integer(name, value, lo=None, hi=None):
    """An int from `value`: an integer, or a float with an integral value (1e4); bools, other
    floats (2.5) and strings are refused rather than truncated or parsed."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={value!r}: must be an integer, not a bool")
    if isinstance(value, numbers.Integral):
        v = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
        v = int(float(value))
    elif isinstance(value, numbers.Real):
        raise ValueError(f"{name}={value!r}: must be an integer (it is not truncated)")
    else:
        raise TypeError(f"{name}={value!r}: must be an integer, not {type(value).__name__}")
    if lo is not None and v < lo or hi is not None and v > hi:
        raise ValueError(f"{name}={v}: must be in [{lo if lo is not None else '-inf'}, "
                         f"{hi if hi is not None else 'inf'}]")
    return v


def real(name, value, lo=None, hi=None, lo_open=False, hi_open=False, finite=True):
    """A float from a real number (not a string or bool), in [lo, hi] (open ends on request)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}={value!r}: must be a number, not {type(value).__name__}")
    v = float(value)
    if math.isnan(v) or (finite and math.isinf(v)):
        raise ValueError(f"{name}={value!r}: must be a finite number")
    bad_lo = lo is not None and (v <= lo if lo_open else v < lo)
    bad_hi = hi is not None and (v >= hi if hi_open else v > hi)
    if bad_lo or bad_hi:
        left = ("(" if lo_open else "[") + repr(lo) if lo is not None else "(-inf"
        right = repr(hi) + (")" if hi_open else "]") if hi is not None else "inf)"
        raise ValueError(f"{name}={value!r}: must be in {left}, {right}")
    return v


def choice(name, value, allowed):
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name}={value!r}: must be {', '.join(allowed[:-1])} or {allowed[-1]}")
    return value


def flag(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={value!r}: must be True or False")
    return bool(value)


def array(name, value, shape_text=None):
    """A float array from a list or array of numbers; names the argument when it is not one."""
    if isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{name}: expected an array of numbers{shape_text or ''}, got {type(value).__name__}")
    try:
        return np.ascontiguousarray(value, dtype=float)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name}: expected an array of numbers{shape_text or ''} ({e})") from None


def times(value):
    """Output times: a non-empty increasing list of finite times >= 0."""
    t = array("times", value).ravel()
    if t.size == 0:
        raise ValueError("times: must not be empty")
    if not np.all(np.isfinite(t)) or t[0] < 0 or np.any(np.diff(t) <= 0):
        raise ValueError(f"times={list(t)!r}: must be finite, >= 0 and strictly increasing")
    return [float(v) for v in t]


def finite_result(what, value, names=None):
    """`value` unchanged if every number in it is finite, else SolverError (status "non-finite")
    naming the first non-finite entry."""
    a = np.asarray(value, dtype=float)
    if np.all(np.isfinite(a)):
        return value
    i = np.flatnonzero(~np.isfinite(a.ravel()))[0]
    if a.ndim == 1 and names is not None and i < len(names):
        where = f"{what}[{names[i]}]"
    elif a.ndim == 0:
        where = what
    else:
        where = f"{what}[{', '.join(str(k) for k in np.unravel_index(i, a.shape))}]"
    raise SolverError(f"non-finite result: {where} = {a.ravel()[i]}", "non-finite", value)


def finite_tree(what, value):
    """`value` (a solver's result as the binding returns it: dicts, lists, tuples, arrays, numbers)
    unchanged if every number in it is finite, else SolverError (status "non-finite", as the
    CLI's `non-finite`) naming the first non-finite entry by its path, e.g.
    ``fixed_points.points[2].loss = nan``. Strings, booleans and None are not numbers here."""
    path = _first_non_finite(what, value)
    if path is not None:
        raise SolverError(f"non-finite result: {path[0]} = {path[1]}", "non-finite", value)
    return value


def _first_non_finite(path, v):
    if isinstance(v, dict):
        for k, x in v.items():
            hit = _first_non_finite(f"{path}.{k}", x)
            if hit is not None:
                return hit
        return None
    if isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            hit = _first_non_finite(f"{path}[{i}]", x)
            if hit is not None:
                return hit
        return None
    if isinstance(v, (bool, str, bytes)) or v is None:
        return None
    if isinstance(v, np.ndarray):
        if v.dtype.kind not in "fc" or np.all(np.isfinite(v)):
            return None
        i = np.flatnonzero(~np.isfinite(v.ravel()))[0]
        where = ", ".join(str(k) for k in np.unravel_index(i, v.shape))
        return f"{path}[{where}]", v.ravel()[i]
    if isinstance(v, numbers.Number) and not np.isfinite(v):
        return path, v
    return None


def options(**kw):
    """Validates the common solver options by name: tolerances > 0, eps in (0, 1), seeds >= 0."""
    for k, v in kw.items():
        if k in ("tol", "atol", "gradient_tol", "steady_tol", "zero_tol", "dt", "flow_time", "t_max"):
            real(k, v, 0, lo_open=True)
        elif k == "rtol":
            real(k, v, 0)
        elif k == "eps":
            real(k, v, 0, 1, lo_open=True, hi_open=True)
        elif k == "seed":
            integer(k, v, 0, 2**53)
        elif k == "starts":
            integer(k, v, 0, MAX_STARTS)
        elif k == "threads":
            integer(k, v, 0, 4096)
        elif k == "grid":
            integer(k, v, 2, MAX_GRID)
        elif k == "method":
            choice(k, v, METHODS)
        elif k == "check":
            flag(k, v)
        else:
            raise AssertionError(k)
