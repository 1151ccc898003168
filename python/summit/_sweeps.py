"""Sweeps: :func:`sweep` runs the ``summit`` executable on a spec (docs/sweeps.md) and reads its
table into arrays (:class:`Sweep`).

Contract: a malformed spec is a ValueError with the CLI's message (exit 2); failed points raise
SolverError carrying the complete table unless ``check=False``.
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

from ._errors import SolverError
from ._models import plugins
from ._result import _Result
from ._studies import _json_value


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
                json.dump(spec, f, default=_json_value)
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
