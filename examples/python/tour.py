"""The tour of docs/python.md: a committee learning curve, its fixed points, a threshold, plots.

Usage: PYTHONPATH=build/python /usr/bin/python3 examples/python/tour.py [OUT_DIR]
Writes curve.png, spectra.png and phase.png into OUT_DIR (default docs/python). Run by the
pytest suite (python/tests/test_examples.py) into a temporary folder with SUMMIT_FAST=1 (a
smaller simulation), so the tour cannot rot.
"""

import os
import sys
from pathlib import Path

import numpy as np

import summit

out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "python")
out.mkdir(parents=True, exist_ok=True)
np.set_printoptions(precision=5, suppress=False, linewidth=100)

print("## 1. a model")
m = summit.model("committee", activation="erf", K=2, M=2, lr=0.5)
print(m)
d = m.describe()
print("coordinates:", d["coordinates"])
print("observables:", d["observables"])
print("special points:", [p["name"] for p in d["special_points"]])
x0 = m.initial_state()
print("loss at the initial state:", m.loss(x0))

print("\n## 2. the learning curve, with events")
traj = summit.integrate(m, t_end=2e3, points=9, events=["escape: r_spread>0.5", "eg<1e-5"])
print("columns:", traj.columns[:5], "...")
for t, eg, rs in zip(traj.t, traj["eg"], traj["r_spread"]):
    print(f"  t = {t:9.4g}   eg = {eg:.4e}   r_spread = {rs:.4f}")
for e in traj.events:
    print(f"  event {e.name!r}: t = {e.time:.6f}")

print("\n## 3. fixed points and their stability")
fps = summit.fixed_points(m)
for i, p in enumerate(fps):
    print(f"  #{i + 1} {p.type:9s} loss = {p.loss:.6g}  lambda_max = {p.lambda_max:+.6g}  found from {p.origin}")
plateau = fps[1]
print("plateau state:", {k: round(v, 6) for k, v in plateau.state.items()})
print("plateau eigenvalues:", plateau.eigenvalues.real)
print(f"linearised escape time log(1e3)/lambda_max = {plateau.escape_time_estimate:.6f}")

print("\n## 4. a threshold: the learning rate where perfect learning loses stability")
r = summit.threshold(m, vary="lr", range=(0.5, 5))
print(f"  {r.parameter}_c = {r.threshold:.8f} ({r.direction}), bracket {r.bracket}")
for K in (1, 2, 3, 4):
    rk = summit.threshold(summit.model("committee", K=K, M=K), vary="lr", range=(0.5, 6))
    print(f"  K = M = {K}: lr_c = {rk.threshold:.5f}")

print("\n## 5. theory next to a finite-d simulation")
fast = os.environ.get("SUMMIT_FAST") == "1"
sim = summit.simulate(m, d=200 if fast else 500, seeds=4, times=[1, 3, 10] if fast else [1, 3, 10, 30, 100])
ode = summit.integrate(m, times=sim.t)
for t, a, s, b in zip(sim.t, sim["eg"], sim.sd_of("eg"), ode["eg"]):
    print(f"  t = {t:5g}   SGD d={sim.d}: {a:.4f} +- {s / 2:.4f} (sd/sqrt(seeds))   ODE: {b:.4f}")

print("\n## 6. plots")
import summit.plot as splot  # noqa: E402  (imports matplotlib)

ax = splot.curve(summit.integrate(m, t_end=2e3, points=80, events=["escape: r_spread>0.5"]), "eg",
                 label="ODE")
splot.curve(sim, "eg", ax=ax, label=f"SGD, d = {sim.d} (4 seeds)")
ax.set_title("committee K = M = 2, erf, lr = 0.5")
ax.figure.savefig(out / "curve.png", dpi=80)

ax = splot.stability(fps)
ax.set_title("spectra of the fixed points")
ax.figure.savefig(out / "spectra.png", dpi=80)

lrs = np.linspace(0.5, 5, 19)
Ks = np.array([1, 2, 3, 4])
lam = np.array([[summit.stability(summit.model("committee", K=K, M=K, lr=lr), point="perfect",
                                  polish=False).lambda_max for lr in lrs] for K in Ks])
ax = splot.phase_diagram(lrs, Ks, lam, xlabel="lr", ylabel="K = M", label="lambda_max at perfect learning",
                         boundary=0, center=0, cmap="coolwarm")
ax.set_title("perfect learning stable (blue) / unstable (red)")
ax.figure.savefig(out / "phase.png", dpi=80)
print("wrote curve.png, spectra.png, phase.png to", os.path.relpath(out))
