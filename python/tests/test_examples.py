"""The Python examples run (in their fast mode) and print what docs/python.md shows: the tour
must not rot. The numbers it prints are checked against the independent oracles in the other
test files (threshold: NumPy bisection; simulation: ODE within the CLT error), not here.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("matplotlib")


def test_tour_runs_and_writes_its_figures(tmp_path):
    env = {**os.environ, "SUMMIT_FAST": "1", "MPLBACKEND": "Agg"}
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "tour.py"), str(tmp_path)],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    for section in ("## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## 6."):
        assert section in r.stdout
    assert r.stdout.count(": lr_c = ") == 4  # one threshold per width K = M = 1..4
    for f in ("curve.png", "spectra.png", "phase.png"):
        assert (tmp_path / f).read_bytes()[:4] == b"\x89PNG"
