"""The study layer from Python: every computation the CLI runs by name (studies/catalog.hpp), with
the CLI's defaults, checks and messages.

``summit.run_study(m, "fixed-points", {"search": {"starts": 8}})`` returns exactly the result
fields ``summit fixed-points MODEL --starts 8 --format json`` prints (a dict parsed from the same
JSON text, so every number is the same double); ``summit.studies()`` lists the names and
``summit.study_defaults(name)`` the request with every field at its default. The keyword
functions (:func:`summit.fixed_points`, ...) build such a request from their keywords.

Contract: a request is sent as JSON text and the result read back with :mod:`json`, so numbers
cross exactly; a request the study refuses is a ValueError with the CLI's message in which the
CLI's option names (``--atol 0``) are replaced by the caller's Python keywords (``atol=0``); a
study whose solver fails raises SolverError (``status``, ``message``, the result dict as
``result``) unless ``check=False``.
"""

from __future__ import annotations

import json
import re

import numpy as np

from . import _summit
from ._errors import SolverError


def studies():
    """Names of the studies :func:`run_study` runs (the CLI's subcommands of the same names)."""
    return list(_summit.study_names())


def study_defaults(name):
    """The request of study `name` with every field at its default (None: the solver's own, e.g.
    the number of random starts, which depends on the model)."""
    _name(name)
    return json.loads(_summit.study_defaults(name))


def _name(name):
    if not isinstance(name, str):
        raise TypeError(f"name={name!r}: must be a study's name ({', '.join(studies())})")
    return name


def _json_value(v):
    """NumPy scalars and arrays as JSON values (json.dumps' `default`)."""
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    raise TypeError(f"cannot write a value of type {type(v).__name__} as JSON")


def _request_text(request):
    if request is None:
        request = {}
    if not isinstance(request, dict):
        raise TypeError(f"request={request!r}: must be a dict (the study's JSON request)")
    try:
        return json.dumps(request, allow_nan=False, default=_json_value)
    except ValueError:
        raise ValueError("request: numbers must be finite (JSON has no NaN or infinity)") from None


# "--max-steps 0: ..." -> "max_steps=0: ...", "--method 'rk4': ..." -> "method='rk4': ...",
# "--perturb: ..." -> "perturb: ...". `keywords` renames options whose Python keyword differs.
_OPTION = re.compile(r"--([a-z][a-z0-9-]*)( (?=['\"0-9+-]|inf|nan)(?:'[^']*'|\"[^\"]*\"|\S+?)(?=:|,|;|\s|$))?")


# "field 'search.seed': -1 is an integer; expected an integer >= 0" (studies/json_fields.hpp) ->
# "--seed -1: expected an integer >= 0", then worded as an option.
_FIELD = re.compile(r"field '(?:[\w-]+\.)*([\w-]+)': (.*?) is (?:an? )?[\w ]+?; expected (.*)")


def in_python_words(message, keywords=None):
    """The CLI's message with its option names replaced by Python keywords."""
    keywords = keywords or {}
    message = _FIELD.sub(lambda mt: f"{mt.group(1)}={mt.group(2)}: expected {mt.group(3)}", message)

    def one(mt):
        name = keywords.get(mt.group(1), mt.group(1).replace("-", "_"))
        return name + ("=" + mt.group(2)[1:] if mt.group(2) else "")

    message = _OPTION.sub(one, message)
    for cli, python in keywords.items():  # a field named like an option the keyword renames
        message = re.sub(rf"^{re.escape(cli.replace('-', '_'))}=", f"{python}=", message)
    return message


def validate_study(m, name, request=None, *, keywords=None):
    """None when study `name` accepts `request` for model `m`, else ValueError with the first
    check's message (in Python keywords when `keywords` maps the CLI's option names)."""
    from ._models import _model

    m = _model(m)
    why = _summit.validate_study(m._m, _name(name), _request_text(request))
    if why is not None:
        raise ValueError(in_python_words(why, keywords))


def run_study(m, name, request=None, *, progress=None, check=True, keywords=None):
    """Runs study `name` (``summit.studies()``) on model `m` with `request` (a dict, the study's
    JSON request; absent fields take the CLI's defaults) and returns the result dict: the fields
    ``summit NAME MODEL ... --format json`` prints below its header, with "status" (and "message"
    when the solver said something). `progress`: None or a callable ``progress(stage, fraction)``
    told each new stage (fraction None) and the fraction of work done (stage None)."""
    from ._models import _model

    m = _model(m)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress={progress!r}: must be None or a callable progress(stage, fraction)")
    text = _request_text(request)
    try:
        raw = _summit.run_study(m._m, _name(name), text, progress)
    except ValueError as e:
        raise ValueError(in_python_words(str(e), keywords)) from None
    out = json.loads(raw)
    # The study words its failures as the CLI prints them ("WHAT failed (STATUS): DETAIL",
    # studies/outcome.hpp; "non-finite result: PATH = nan").
    if check and out["status"] != "ok":
        message = in_python_words(out.get("message", ""), keywords)
        if out["status"] == "invalid-input":
            raise ValueError(message)
        raise SolverError(message, out["status"], out)
    return out
