"""The failure rule of every solver function: bad input is ValueError (the CLI's exit 2), a solver
that does not succeed is :class:`SolverError` (the CLI's exit 1).

Contract: ``_fail_on(status, what, message)`` raises ValueError for "invalid-input", SolverError
for any other status but "ok", and returns otherwise; SolverError carries the status name and the
partial result.
"""

from __future__ import annotations


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
