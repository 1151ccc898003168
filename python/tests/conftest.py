"""Shared fixtures: the CLI binary of the same build (for agreement tests) and a JSON runner.

CTest sets SUMMIT_CLI (the built `summit`) and PYTHONPATH (build/python); run by hand with
  PYTHONPATH=build/python SUMMIT_CLI=build/summit /usr/bin/python3 -m pytest python/tests
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli_path():
    p = os.environ.get("SUMMIT_CLI") or str(ROOT / "build" / "summit")
    if not Path(p).exists():
        pytest.exit(f"the summit CLI is not at {p}: build it or set SUMMIT_CLI", returncode=3)
    return p


@pytest.fixture(scope="session")
def cli():
    """cli(*args) -> the parsed JSON of `summit ARGS --format json` (asserting exit code 0)."""
    path = _cli_path()

    def run(*args):
        r = subprocess.run([path, *args, "--format", "json"], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"summit {' '.join(args)} exited {r.returncode}: {r.stderr}"
        return json.loads(r.stdout)

    return run


@pytest.fixture(scope="session")
def cli_error():
    """cli_error(*args) -> (exit code, message without the 'summit: [error: ]' prefix)."""
    path = _cli_path()

    def run(*args):
        r = subprocess.run([path, *args], capture_output=True, text=True, timeout=120)
        assert r.returncode != 0, f"summit {' '.join(args)} unexpectedly succeeded"
        msg = r.stderr.strip()
        for prefix in ("summit: error: ", "summit: "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
                break
        return r.returncode, msg

    return run


# Statistics (tests/README.md, "Statistics"; the C++ side is tests/statistics.hpp): a simulation
# comparison |mean - expected| <= t * se + bias uses the two-sided Student-t quantile for n runs at
# the per-comparison level 1e-7, and at most 500 comparisons per suite are counted. No SciPy here:
# the quantiles are tabulated (Boost.Math students_t, the values tests/statistics.hpp computes).
STUDENT_T_1E7 = {16: 9.483013, 32: 6.891400}
_comparisons = [0]


def error_bar(n):
    """Two-sided Student-t quantile at level 1e-7 for the mean of n runs (tabulated n only)."""
    return STUDENT_T_1E7[n]


def within_error_bar(estimate, expected, se, quantile, bias=0.0):
    """One counted comparison per element: |estimate - expected| <= quantile * se + bias."""
    import numpy as np

    estimate, expected, se = np.broadcast_arrays(np.asarray(estimate, float), np.asarray(expected, float),
                                                 np.asarray(se, float))
    _comparisons[0] += estimate.size
    return bool(np.all(np.abs(estimate - expected) <= quantile * se + bias))


def pytest_sessionfinish(session, exitstatus):
    """With SUMMIT_REQUIRE_ALL=1 (set by .ci/run, where install-deps installed every package) a
    skipped test or module, e.g. an importorskip of matplotlib, fails the run."""
    if _comparisons[0] > 500:
        print(f"\n{_comparisons[0]} statistical comparisons, more than the 500 a suite may make")
        session.exitstatus = 1
    if os.environ.get("SUMMIT_REQUIRE_ALL") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        for rep in skipped:
            print(f"\nSUMMIT_REQUIRE_ALL=1: skipped {rep.nodeid}: {rep.longrepr}")
        session.exitstatus = 1
