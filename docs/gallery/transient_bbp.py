"""Transient BBP (a spike that appears and disappears during gradient flow on anisotropic data),
on the paper's setting (teacher theta v v^T, v in both blocks, lambda_minus = 0.1, theta = 3):
theory against the direct simulation of the gradient flow.

(a) The deterministic-equivalent top eigenvalue and bulk edge E+(t) of S(t) = (W + W^T)/2
    (lines) against the flow on sampled two-block data (points: mean and standard error of the
    top and second eigenvalues over the seeds; the model's sim_N observables).
(b) The squared overlap of the top eigenvector with the teacher v, theory and flow; its peak is
    the early-stopping time t_stop.
(c) The regime diagram over (theta, anisotropy c2/c1), computed by `summit sweep` (command
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

fig, axs = plt.subplots(1, 3, figsize=(17, 4.6), layout="constrained")
N, seeds = pick((150, 3), (600, 6))
ts = np.geomspace(0.1, 120, pick(60, 200))
m = summit.model("transient-bbp")
th = m.observables(ts[:, None])
o = m.evaluate()["observables"]
ms = summit.model("transient-bbp", sim_N=N, sim_seeds=seeds, sim_ratio=4)
tp = np.geomspace(0.15, 100, pick(8, 16))
sim = ms.observables(tp[:, None])
axs[0].plot(ts, th["top_eigenvalue"], "C1-", label="theory: top eigenvalue (outlier if F > 1)")
axs[0].plot(ts, th["edge"], "k--", lw=1, label="theory: bulk edge E+(t)")
axs[0].errorbar(tp, sim["top_eigenvalue_sim"], yerr=sim["top_eigenvalue_sim_se"], fmt="o", ms=4,
                color="C1", label=f"flow, N = {N}, {seeds} seeds: top eigenvalue")
axs[0].plot(tp, sim["second_eigenvalue_sim"], "s", ms=4, mfc="none", color="k",
            label="flow: second eigenvalue")
axs[1].plot(ts, th["overlap"], "C0-", label="theory: <xi_top, v>^2")
axs[1].errorbar(tp, sim["overlap_sim"], yerr=sim["overlap_sim_se"], fmt="o", ms=4, color="C0",
                label=f"flow, N = {N}, {seeds} seeds")
for ax in axs[:2]:
    for name, style in (("t_on", ":"), ("t_stop", "-."), ("t_off", ":")):
        ax.axvline(o[name], color="gray", ls=style, lw=1)
        ax.annotate(f" {name} = {o[name]:.3g}", (o[name], 0.02), xycoords=("data", "axes fraction"),
                    fontsize=8, color="gray", rotation=90, va="bottom")
    ax.set_xscale("log")
    ax.set_xlabel("training time t")
    ax.legend(fontsize=8, loc="upper left")
axs[0].set_ylabel("eigenvalue of S(t)")
axs[0].set_title("(a) outlier vs bulk edge, lambda_minus = 0.1, theta = 3")
axs[1].set_ylabel("squared overlap with the teacher v")
axs[1].set_title("(b) eigenvector overlap: early stopping at its peak")
print(f"theta_emerge = {o['theta_emerge']:.4g}, theta_persist = {o['theta_persist']:.4g}, "
      f"t_on = {o['t_on']:.4g}, t_stop = {o['t_stop']:.4g} (overlap {o['max_overlap']:.4g}), "
      f"t_off = {o['t_off']:.4g}")
for t, a, b, c, d in zip(tp, sim["top_eigenvalue_sim"], sim["top_eigenvalue"], sim["overlap_sim"],
                         sim["overlap"]):
    print(f"t = {t:.3g}: top eigenvalue flow {a:.4f}, theory {b:.4f}; overlap flow {c:.3f}, theory {d:.3f}")

# (c) the regime diagram by a sweep
here = os.path.dirname(os.path.abspath(__file__))
cli = os.environ.get("SUMMIT_CLI") or os.path.join(here, "..", "..", "build", "summit")
n_a, n_t = pick((5, 7), (19, 31))
spec = {"comment": "transient-bbp regimes over (anisotropy, theta), paper setting; docs/gallery/transient_bbp.py",
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
                    label="outlier", ax=axs[2], cmap="Pastel1")
phases = axs[2].get_legend()
axs[2].add_artist(phases)  # keep the phase legend next to the one of the threshold lines
l1, = axs[2].plot(emerge, A, "k-", lw=1.2, label="theta_emerge")
l2, = axs[2].plot(persist, A, "k--", lw=1.2, label="theta_persist")
axs[2].set_xscale("log")
axs[2].set_yscale("log")
axs[2].set_xlim(T[0], T[-1])
axs[2].legend(handles=[l1, l2], fontsize=8, loc="lower right")
axs[2].set_title(f"(c) regimes by `summit sweep` ({len(rows)} points)")
fig.suptitle("Transient BBP on the paper's setting: theory against the direct gradient flow")
save(fig, "transient_bbp.png")
