"""Shared set-up of the gallery scripts (docs/gallery/*.py).

SUMMIT_FAST=1 selects the fast mode (small sizes, few seeds: what CTest runs so the gallery
cannot rot); otherwise the full mode that produced the committed PNGs. SUMMIT_GALLERY_OUT is the
directory the PNG goes to (default: this directory). Run from the repository root with
`PYTHONPATH=build/python /usr/bin/python3 docs/gallery/NAME.py`.
"""

import os
import sys
import time

import matplotlib

matplotlib.use("Agg")

import summit  # noqa: E402,F401  (the build tree's package, via PYTHONPATH)
import summit.plot as splot  # noqa: E402,F401

FAST = os.environ.get("SUMMIT_FAST", "") not in ("", "0")
OUT = os.environ.get("SUMMIT_GALLERY_OUT") or os.path.dirname(os.path.abspath(__file__))
_t0 = time.time()


def pick(fast, full):
    """The fast-mode value or the full-mode one."""
    return fast if FAST else full


def save(fig, name):
    """Save `fig` as OUT/name (PNG) and report the path and the run time."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    fig.savefig(path, dpi=90)
    mode = "fast" if FAST else "full"
    print(f"{os.path.basename(sys.argv[0])}: wrote {path} ({mode} mode, {time.time() - _t0:.1f} s)")
    return path
