"""Transient BBP (a spike that appears and disappears during gradient flow on anisotropic data):
the top eigenvalue of S(t) = H(t) + P(t) against the bulk edge over training time.

(a) Theory (deterministic equivalent, reference set c1 = 1, c2 = 0.02): the bulk edge E+(t) and
    the predicted top eigenvalue (outlier when F(t) > 1) for theta in the three regimes: never
    (theta = 1), transient (theta = 3: outlier on [t_on, t_off]), persistent (theta = 12).
    The model offers no sampling option, so no finite-N points here (the test suite compares
    with sampled N = 400 matrices, docs/random_matrix.md).
(b) The regime diagram over (theta, anisotropy c2/c1), computed by `summit sweep` (command
    evaluate, record observables.regime), with the thresholds theta_emerge and theta_persist.
"""
import csv
import json
import os
import subprocess
import tempfile

import numpy as np

from _gallery import pick, save, summit, splot

import matplotlib.pyplot as plt

fig, axs = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
ts = np.geomspace(0.05, 200, pick(80, 400))
for theta, color in [(1, "tab:blue"), (3, "tab:orange"), (12, "tab:green")]:
    m = summit.model("transient-bbp", theta=theta)
    obs = m.observables(ts[:, None])
    o = m.evaluate()["observables"]
    regime = ["never", "transient", "persistent"][int(o["regime"])]
    axs[0].plot(ts, obs["top_eigenvalue"], color=color, label=f"theta = {theta} ({regime}): top eigenvalue")
    if theta == 1:
        axs[0].plot(ts, obs["edge"], "k--", lw=1, label="bulk edge E+(t) (all theta)")
    if regime == "transient":
        for name in ("t_on", "t_off"):
            axs[0].axvline(o[name], color=color, ls=":", lw=1)
            axs[0].annotate(f" {name} = {o[name]:.3g} ", (o[name], 0.5 if name == "t_on" else 0.97),
                            xycoords=("data", "axes fraction"),
                            fontsize=8, color=color, va="top", ha="right" if name == "t_on" else "left")
    print(f"theta = {theta}: regime {regime}, t_on = {o['t_on']:.4g}, t_off = {o['t_off']:.4g}")
axs[0].set_xscale("log")

axs[0].set_xlabel("training time t")
axs[0].set_ylabel("eigenvalue")
axs[0].set_title("(a) outlier vs bulk edge, c2/c1 = 0.02")
axs[0].legend(fontsize=8)

# (b) the regime diagram by a sweep
here = os.path.dirname(os.path.abspath(__file__))
cli = os.environ.get("SUMMIT_CLI") or os.path.join(here, "..", "..", "build", "summit")
n_a, n_t = pick((5, 7), (19, 31))
spec = {"comment": "transient-bbp regimes over (anisotropy, theta); docs/gallery/transient_bbp.py",
        "model": "transient-bbp", "command": "evaluate",
        "axes": [{"param": "anisotropy", "range": [0.005, 1], "points": n_a, "scale": "log"},
                 {"param": "theta", "range": [0.8, 30], "points": n_t, "scale": "log"}],
        "record": [{"name": "regime", "path": "observables.regime"},
                   {"name": "theta_emerge", "path": "observables.theta_emerge"},
                   {"name": "theta_persist", "path": "observables.theta_persist"}],
        "keep_results": False}
with tempfile.TemporaryDirectory() as tmp:
    sp = os.path.join(tmp, "regimes.json")
    with open(sp, "w") as f:
        json.dump(spec, f)
    subprocess.run([cli, "sweep", sp, "--jobs", "1", "-q", "--out", os.path.join(tmp, "out")], check=True)
    with open(os.path.join(tmp, "out", "sweep.csv")) as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
A = np.array(sorted({float(r["anisotropy"]) for r in rows}))
T = np.array(sorted({float(r["theta"]) for r in rows}))
lab = np.empty((len(A), len(T)), dtype=object)
emerge, persist = np.zeros(len(A)), np.zeros(len(A))
for r in rows:
    i, j = np.searchsorted(A, float(r["anisotropy"])), np.searchsorted(T, float(r["theta"]))
    lab[i, j] = ["0 never", "1 transient", "2 persistent"][int(float(r["regime"]))]
    emerge[i], persist[i] = float(r["theta_emerge"]), float(r["theta_persist"])
splot.phase_diagram(T, A, lab, xlabel="signal strength theta", ylabel="anisotropy c2/c1",
                    label="outlier", ax=axs[1], cmap="Pastel1")
phases = axs[1].get_legend()
axs[1].add_artist(phases)  # keep the phase legend next to the one of the threshold lines
l1, = axs[1].plot(emerge, A, "k-", lw=1.2, label="theta_emerge")
l2, = axs[1].plot(persist, A, "k--", lw=1.2, label="theta_persist")
axs[1].set_xscale("log")
axs[1].set_yscale("log")
axs[1].set_xlim(T[0], T[-1])
axs[1].legend(handles=[l1, l2], fontsize=8, loc="lower right")
axs[1].set_title(f"(b) regimes by `summit sweep` ({len(rows)} points)")
fig.suptitle("Transient BBP: a spike that emerges and is swamped again during training")
save(fig, "transient_bbp.png")
