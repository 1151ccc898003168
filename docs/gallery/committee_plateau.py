"""Committee machine (Saad & Solla 1995): the symmetric plateau of online SGD and its escape.

Theory: summit's ODE for the order parameters (Q, R) of an erf soft committee, K = M = 2,
lr = 0.5, from a nearly unspecialised start (init_overlap 1e-3), with the escape event
(r_spread > 0.5: the students specialise). Simulation: online SGD of the d-dimensional network
(`summit.simulate`), mean and sd over seeds.
"""
from _gallery import pick, save, summit, splot

m = summit.model("committee", activation="erf", K=2, M=2, lr=0.5)
d, seeds, t_end = pick((100, 2, 400), (1000, 3, 500))
ode = summit.integrate(m, t_end=t_end, points=200, events=["escape: r_spread>0.5"])
sim = summit.simulate(m, d=d, seeds=seeds, times=summit.log_grid(t_end, pick(12, 24)))

import matplotlib.pyplot as plt

fig, axs = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
splot.curve(ode, "eg", ax=axs[0], label="ODE (d -> infinity)", logy=True)
splot.curve(sim, "eg", ax=axs[0], label=f"online SGD, d = {d} ({seeds} seeds, mean +- sd)")
axs[0].set_title("generalisation error: plateau, then escape")
splot.curve(ode, "r_spread", ax=axs[1], label="ODE")
splot.curve(sim, "r_spread", ax=axs[1], label=f"SGD d = {d}")
axs[1].set_title("specialisation r_spread = |R11 - R12| spread")
fig.suptitle("Committee machine, erf, K = M = 2, lr = 0.5 (Saad & Solla 1995)")
esc = ode.event("escape")
import numpy as np
print(f"ODE escape at t = {esc.time:.2f}; eg at t = 100 (plateau): {np.interp(100, ode.t, ode['eg']):.4g}")
save(fig, "committee_plateau.png")
