"""Model files from Python (docs/models.md): a model given as text, or as SymPy expressions.

``summit.model("path/to/model.summit", lr=0.3)`` needs nothing from here: the registry resolves
paths itself. ``model_from_text`` stores the text once per content in a per-user cache folder
(the file name is its content hash, so provenance names the same file for the same text) and
builds the model from that file; ``define_model`` writes SymPy expressions (or plain strings) as
model-file text and does the same.
"""

import hashlib
import os
import tempfile


def _cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    d = os.path.join(base, "summit", "model-text")
    try:
        os.makedirs(d, exist_ok=True)
        return d
    except OSError:  # no writable home: a per-user temporary folder
        d = os.path.join(tempfile.gettempdir(), f"summit-model-text-{os.getuid()}")
        os.makedirs(d, exist_ok=True)
        return d


def model_file_for_text(text):
    """The path of a model file holding ``text`` (written once, named by its SHA-256)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = os.path.join(_cache_dir(), f"{digest}.summit")
    if not os.path.exists(path):
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)  # atomic: concurrent writers of the same text agree
    return path


def _expr_text(e):
    """A SymPy expression (or a string / number) as model-file expression text."""
    if isinstance(e, str):
        return e
    try:
        import sympy
    except ImportError:  # plain numbers need no SymPy
        return repr(e)
    if isinstance(e, (int, float)):
        return repr(e)
    # sstr prints x**2, exp(x), erf(x), sqrt(x), pi as the model language reads them; E -> exp(1)
    text = sympy.sstr(sympy.sympify(e).subs(sympy.E, sympy.Symbol("__E__")), order="none")
    return text.replace("__E__", "exp(1)")


def _quote(s):
    if '"' in s or "\n" in s:
        raise ValueError(f"text {s!r}: double quotes and newlines are not allowed in model-file strings")
    return f'"{s}"'


def define_model_text(name, *, loss, drift, states, params=None, summary="", doc="",
                      observables=None, time_unit=None):
    """Model-file text for a model with scalar states (see ``define_model``)."""
    if not name.isidentifier():
        raise ValueError(f"name {name!r}: must be an identifier (letters, digits, _)")
    lines = [f"model {name} {_quote(summary)}" if summary else f"model {name}"]
    if doc:
        lines.append(f"doc {_quote(doc)}")
    if time_unit:
        lines.append(f"time {_quote(time_unit)}")
    for p, spec in (params or {}).items():
        default, text = (spec if isinstance(spec, tuple) else (spec, ""))
        kind = " int" if isinstance(default, int) and not isinstance(default, bool) else ""
        value = ("true" if default else "false") if isinstance(default, bool) else repr(default)
        lines.append(f"param {p} = {value}{kind}" + (f" {_quote(text)}" if text else ""))
    for s, spec in states.items():
        init, text = (spec if isinstance(spec, tuple) else (spec, ""))
        lines.append(f"state {s} = {_expr_text(init)}" + (f" {_quote(text)}" if text else ""))
    lines.append(f"loss = {_expr_text(loss)}")
    for s in states:
        if str(s) not in {str(k) for k in drift}:
            raise ValueError(f"drift: state '{s}' has no drift")
    for s, e in drift.items():
        lines.append(f"d/dt {s} = {_expr_text(e)}")
    for o, e in (observables or {}).items():
        lines.append(f"observable {o} = {_expr_text(e)}")
    return "\n".join(lines) + "\n"
