"""Single-index models (Ben Arous, Gheissari & Jagannath 2021): the escape time of online SGD from
m0 = 1/sqrt(d) is set by the information exponent k*.

Theory: summit's ODE for the overlap m (spherical SGD, time t = steps/d), escape event |m| > 1/2,
at each d, against the exact laws of the ODE (docs/single_index.md): k* = 1 (linear, lr 0.5):
t -> (2/3) ln(2.5)/lr, sample complexity n = t d ~ d; k* = 2 (h2, lr 1/6): t = 3 ln((d-1)/3),
n ~ d log d; k* = 3 (h3, lr = m0/32, the largest lr scale that escapes at all): t/d -> (64/3) ln 2,
n ~ d^2. Finite-d check: `summit.simulate` (reduced, exact-in-law SGD) for k* = 2 at the smaller d,
escape time of each seed read off its m(t) curve (mean +- sd over seeds).
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

ds = np.array(pick([1e3, 1e4], [1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6]))
cases = [("linear", 1, lambda d: 0.5, lambda d: np.full_like(d, (2 / 3) * np.log(2.5) / 0.5)),
         ("h2", 2, lambda d: 1 / 6, lambda d: 3 * np.log((d - 1) / 3)),
         ("h3", 3, lambda d: 1 / (32 * np.sqrt(d)), lambda d: d * (64 / 3) * np.log(2))]
fig, ax = plt.subplots(figsize=(7, 4.6), layout="constrained")
for target, k, lr, law in cases:
    t_esc = []
    for d in ds:
        m = summit.model("single-index", target=target, lr=lr(d), d=int(d))
        tr = summit.integrate(m, t_end=1e9, points=3, events=["escape: abs_overlap>0.5"])
        t_esc.append(tr.event("escape").time)
    t_esc = np.array(t_esc)
    dd = np.geomspace(ds[0], ds[-1], 100)
    (line,) = ax.plot(ds, t_esc, "o", label=f"k* = {k} ({target}): ODE escape time")
    ax.plot(dd, law(dd), "-", color=line.get_color(), lw=1, label=f"k* = {k}: exact law")
    slope = np.polyfit(np.log(ds), np.log(t_esc), 1)[0]
    print(f"k* = {k}: t_escape = {np.round(t_esc, 3).tolist()}, d log t/d log d = {slope:.3f}")

# finite-d SGD for k* = 2 (exact-in-law reduced simulation), escape time per seed
seeds = pick(4, 16)
sim_ds = pick([1e3], [1e3, 1e4])
for j, d in enumerate(sim_ds):
    m = summit.model("single-index", target="h2", lr=1 / 6, d=int(d), simulation="reduced")
    t_end = 3 * 3 * np.log(d)
    sim = summit.simulate(m, d=int(d), seeds=seeds, times=np.linspace(0, t_end, 400))
    te = []
    for run in sim.runs:
        col = np.abs(run[:, sim.columns.index("m")])
        hit = np.nonzero(col > 0.5)[0]
        if hit.size:
            te.append(sim.t[hit[0]])
    te = np.array(te)
    ax.errorbar([d], [te.mean()], yerr=[te.std(ddof=1)], fmt="s", color="tab:orange", mfc="none",
                ms=8, capsize=3, label=None if j else f"k* = 2: online SGD at finite d ({seeds} seeds, mean +- sd)")
    print(f"SGD h2 d = {int(d)}: escape t = {te.mean():.2f} +- {te.std(ddof=1):.2f} "
          f"({te.size}/{seeds} seeds escaped) vs ODE law {3 * np.log((d - 1) / 3):.2f}")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("dimension d")
ax.set_ylabel("escape time t (SGD steps / d) to |m| = 1/2")
ax.set_title("Single-index escape from m0 = 1/sqrt(d): n = t d ~ d, d log d, d^2 for k* = 1, 2, 3\n(lr: 0.5, 1/6, m0/32)", fontsize=10)
ax.legend(fontsize=7.5)
save(fig, "single_index_escape.png")
