"""Persistence entropy of random spectra (Loftus 2026): PE of the eigenvalue gaps against n.

Theory: the large-n prediction log(8n/pi) - 1 - c_beta for the semicircle (and its Wishart analogue)
with the spacing correction c_beta (`pe_corrected`), and the abstract's formula without it
(`pe_abstract`). Simulation: `samples` sampled matrices at each n (tridiagonal beta-ensembles),
mean +- s.e. The right panel shows the residuals: the corrected formula's tends to 0 with n,
the abstract's to -c_beta.
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

ns = np.array(pick([100, 200], [100, 200, 400, 800, 1600]))
samples = pick(20, 200)
fig, axs = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
nn = np.geomspace(ns[0] * 0.8, ns[-1] * 1.25, 50)
for (ens, kw), color in zip([("goe", {}), ("gue", {}), ("wishart", {"c": 0.25})],
                            ["tab:blue", "tab:orange", "tab:green"]):
    name = ens.upper() if not kw else f"Wishart c = {kw['c']}"
    m = summit.model("spectral-diagnostics", ensemble=ens, n=int(ns[0]), **kw)
    th = m.observables(nn[:, None])
    axs[0].plot(nn, th["pe_corrected"], color=color, label=f"{name}: prediction with c_beta")
    axs[0].plot(nn, th["pe_abstract"], color=color, ls="--", lw=1, label=f"{name}: without c_beta")
    sim = [summit.model("spectral-diagnostics", ensemble=ens, n=int(n), samples=samples, **kw)
           .evaluate()["observables"] for n in ns]
    mean = np.array([s["pe_sim_mean"] for s in sim])
    se = np.array([s["pe_sim_se"] for s in sim])
    axs[0].errorbar(ns, mean, yerr=se, fmt="o", color=color, ms=4, capsize=2)
    corr = np.array([s["pe_corrected"] for s in sim])
    abst = np.array([s["pe_abstract"] for s in sim])
    axs[1].errorbar(ns, mean - corr, yerr=se, fmt="o-", color=color, ms=4, capsize=2,
                    label=f"{name}: sim - with c_beta")
    axs[1].errorbar(ns, mean - abst, yerr=se, fmt="s--", color=color, ms=4, capsize=2, mfc="none",
                    label=f"{name}: sim - without (c_beta = {sim[0]['c_beta']:.3f})")
    print(f"{name}: n = {ns.tolist()}: sim - corrected = {np.round(mean - corr, 4).tolist()}, "
          f"sim - abstract = {np.round(mean - abst, 4).tolist()}")
axs[0].set_xscale("log")
axs[0].set_xlabel("matrix size n")
axs[0].set_ylabel("persistence entropy PE")
axs[0].set_title(f"(a) PE vs n; points: {samples} samples (+- s.e.)")
axs[0].legend(fontsize=7)
axs[1].axhline(0, color="k", lw=0.8)
axs[1].set_xscale("log")
axs[1].set_xlabel("matrix size n")
axs[1].set_ylabel("simulated PE - prediction")
axs[1].set_title("(b) residuals: the c_beta correction is needed")
axs[1].legend(fontsize=7)
fig.suptitle("Persistence entropy of GOE / GUE / Wishart spectra")
save(fig, "persistence_entropy.png")
