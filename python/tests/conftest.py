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
