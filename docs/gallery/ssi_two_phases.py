"""Sequence single-index / single-layer attention (Arnaboldi, Loureiro, Stephan, Krzakala &
Zdeborova 2025): online SGD of the tied query-key attention student on the L = 2
positional-semantic teacher (1 - omega) softmax(z z^T) + omega A(a) learns in two phases: a
search phase near the origin (loss on a plateau, overlaps O(1/sqrt d)) whose length grows with
d, then a fast alignment phase. Which overlap grows - semantic m or positional e - depends on
(a, omega): the positional-semantic phase diagram (docs/img/sweep_positional_semantic.png).

Theory: summit's ODE for (m, e) (docs/single_index.md, positional-semantic model), lr = 0.5, from
m0 = e0 = c/sqrt(d), with the model's default events escape (overlap_norm > 0.5) and aligned
(overlap_norm > 0.8) marked. Finite d: `summit.simulate` (the literal d-dimensional attention SGD,
tokens x_l ~ N(0, I/d), PE p_l/sqrt d) from the same initial condition, mean +- sd over seeds.
Two points: (a, omega) = (1, 0), semantic (region 0), and (1, 0.95), positional (region 6).
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

d = pick(300, 1000)
c = 3.0
seeds = pick(2, 4)
nodes = pick(8, 16)
cases = [(1.0, 0.0, pick(15, 40), "semantic: omega = 0", dict(loc="center right")),
         (1.0, 0.95, pick(20, 60), "positional: omega = 0.95", dict(loc="lower right", bbox_to_anchor=(1, 0.12)))]
fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), layout="constrained")
for ax, (a, w, T, title, where) in zip(axes, cases):
    m = summit.model("ssi", student="attention", target="positional-semantic", a=a, omega=w, lr=0.5,
                     nodes=nodes, d=d, c=c)
    region = m.observables(m.initial_state())["region"]
    tr = summit.integrate(m, t_end=T, times=np.linspace(0, T, pick(41, 161)), events=m.default_events,
                          atol=1e-8, rtol=1e-8)
    ax.plot(tr.t, tr["m"], "-", color="tab:blue", label="ODE m (semantic)")
    ax.plot(tr.t, tr["e"], "-", color="tab:red", label="ODE e (positional)")
    ax.plot(tr.t, tr.loss / tr.loss[0], ":", color="gray", label="ODE loss / loss(0)")
    times = np.linspace(0, T, pick(5, 11))
    sim = summit.simulate(m, d=d, seeds=seeds, times=times, seed=7)
    for name, col in (("m", "tab:blue"), ("e", "tab:red")):
        v = np.array([r[:, sim.columns.index(name)] for r in sim.runs])
        ax.errorbar(sim.t, v.mean(0), yerr=v.std(0, ddof=1), fmt="o", mfc="none", color=col, ms=5,
                    capsize=2, label=f"SGD {name} (d = {d}, {seeds} seeds, mean +- sd)")
    ev = []
    for e, ls in zip(tr.events, ("--", "-.")):
        if e.found:
            ax.axvline(e.time, color="k", ls=ls, lw=1, label=f"{e.name}: t = {e.time:.2f} ({e.expr})")
            ev.append(f"{e.name} t = {e.time:.2f}")
    # SGD event times per seed: first sampled time with overlap_norm above the threshold
    on = np.array([r[:, sim.columns.index("overlap_norm")] for r in sim.runs])
    sgd = {}
    for name, thr in (("escape", 0.5), ("aligned", 0.8)):
        hits = [sim.t[np.nonzero(row > thr)[0][0]] for row in on if np.any(row > thr)]
        sgd[name] = f"{np.mean(hits):.1f} ({len(hits)}/{seeds} seeds, grid {times[1]:.1f})" if hits else "not reached"
    print(f"(a, omega) = ({a}, {w}), region {region:.0f}: ODE {', '.join(ev) or 'no events'}; "
          f"SGD first grid time escape {sgd['escape']}, aligned {sgd['aligned']}; "
          f"ODE at T = {T}: m = {tr['m'][-1]:.3f}, e = {tr['e'][-1]:.3f}")
    ax.set_title(f"{title}, a = {a} (region {region:.0f})", fontsize=10)
    ax.set_xlabel("t = SGD steps / d")
    ax.set_ylim(-0.1, 1.1)
    ax.legend(fontsize=6.5, **where)
axes[0].set_ylabel("overlap")
fig.suptitle(f"Attention student, L = 2 positional-semantic teacher, lr = 0.5, from m0 = e0 = {c:g}/sqrt(d): "
             "search phase then alignment", fontsize=10)
save(fig, "ssi_two_phases.png")
