"""Run every gallery script (docs/gallery/*.py, except those starting with `_` and this one) in
fast mode (SUMMIT_FAST=1) into a temporary directory and check that each writes its PNG.
Used by CTest (test_gallery) so the gallery cannot rot:

    PYTHONPATH=build/python /usr/bin/python3 docs/gallery/check_gallery.py [NAME.py ...]

Exit 0: all ok; 1: a script failed or wrote no valid PNG; 77: matplotlib is missing (skipped),
or 1 instead when SUMMIT_REQUIRE_ALL=1 (set by .ci/run, where every package is installed).
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
try:
    import matplotlib  # noqa: F401
except ImportError as e:
    strict = os.environ.get("SUMMIT_REQUIRE_ALL") == "1"
    print(f"check_gallery: {'FAIL (SUMMIT_REQUIRE_ALL=1)' if strict else 'skipped'}, "
          f"matplotlib is not importable by {sys.executable} ({e})")
    sys.exit(1 if strict else 77)

scripts = sys.argv[1:] or sorted(os.path.basename(p) for p in glob.glob(os.path.join(here, "*.py"))
                                 if not os.path.basename(p).startswith("_")
                                 and os.path.basename(p) != "check_gallery.py")
failed = []
t_all = time.time()
with tempfile.TemporaryDirectory() as tmp:
    for s in scripts:
        out = os.path.join(tmp, os.path.splitext(s)[0])
        env = dict(os.environ, SUMMIT_FAST="1", SUMMIT_GALLERY_OUT=out, MPLBACKEND="Agg",
                   PYTHONDONTWRITEBYTECODE="1")
        t0 = time.time()
        r = subprocess.run([sys.executable, os.path.join(here, s)], env=env, capture_output=True, text=True)
        dt = time.time() - t0
        pngs = sorted(glob.glob(os.path.join(out, "*.png")))
        bad = [p for p in pngs if open(p, "rb").read(8) != b"\x89PNG\r\n\x1a\n" or os.path.getsize(p) < 5000]
        ok = r.returncode == 0 and pngs and not bad
        print(f"{'ok  ' if ok else 'FAIL'} {s:28s} {dt:6.1f} s  {', '.join(os.path.basename(p) for p in pngs) or 'no PNG'}")
        if not ok:
            failed.append(s)
            print(r.stdout[-2000:], r.stderr[-4000:], sep="\n")
print(f"check_gallery: {len(scripts) - len(failed)}/{len(scripts)} ok in {time.time() - t_all:.1f} s")
sys.exit(1 if failed else 0)
