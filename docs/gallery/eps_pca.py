"""eps-PCA (Kim 2026): estimate the covariance of x ~ N(0, I_d) from n = d/alpha samples by keeping
the sample eigen-directions above a cutoff c and pinning the discarded ones at eps. The
generalisation error (the KL divergence per dimension) at the optimal cutoff, against eps, has three
regimes: retain-all (c* = lambda-, the lower Marchenko-Pastur edge), interior (c* = eps) and
collapse (c* = lambda+: discard everything, Sigma_hat = eps I) for eps above eps*(alpha).

Theory: the model's closed forms at the optimal cutoff (`point="optimal"`) for several
alpha = d/n, with eps* (observable eps_star). Simulation: sample covariances at finite d
(`sim_d`, `sim_reps` draws), their generalisation error at the same cutoff (ge_sim +- ge_sim_se).
"""
import numpy as np

from _gallery import pick, save, summit, splot

import matplotlib.pyplot as plt

fig, axs = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
sim_d, reps = pick((150, 2), (500, 4))
eps = np.linspace(0.05, 1.2, pick(40, 120))
eps_sim = np.array(pick([0.2, 0.5, 0.9], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1]))
for alpha in (0.1, 0.25, 0.5):
    ge, copt = [], []
    for e in eps:
        o = summit.model("eps-pca", alpha=alpha, eps=e).evaluate(point="optimal")["observables"]
        ge.append(o["ge"])
        copt.append(o["c_opt"])
    star = o["eps_star"]
    sim = [summit.model("eps-pca", alpha=alpha, eps=e, sim_d=sim_d, sim_reps=reps)
           .evaluate(point="optimal")["observables"] for e in eps_sim]
    ax = splot.compare(eps, ge, (eps_sim, [s["ge_sim"] for s in sim]), err=[s["ge_sim_se"] for s in sim],
                       ax=axs[0], label=f"alpha = {alpha}")
    color = ax.get_lines()[-1].get_color()
    axs[0].axvline(star, color=color, ls="--", lw=1)
    axs[1].plot(eps, copt, color=color, label=f"alpha = {alpha}: c*; eps* = {star:.4g}")
    axs[1].axvline(star, color=color, ls="--", lw=1)
    axs[1].axhline(o["lambda_minus"], color=color, ls=":", lw=0.8)
    dev = ", ".join(f"{e:g}: {s['ge_sim'] - s['ge']:+.2e} (se {s['ge_sim_se']:.1e})"
                    for e, s in zip(eps_sim, sim))
    print(f"alpha = {alpha}: eps* = {star:.6f}, lambda- = {o['lambda_minus']:.4f}; "
          f"ge_sim - ge at d = {sim_d}: {dev}")
axs[0].set_xlabel("eps (value given to the discarded directions)")
axs[0].set_ylabel("generalisation error at the optimal cutoff")
axs[0].set_title(f"(a) ge vs eps; points: d = {sim_d}, {reps} draws (+- s.e.); dashed: eps*", fontsize=10)
axs[1].set_xlabel("eps")
axs[1].set_ylabel("optimal cutoff c* (dotted: lower edge lambda-)")
axs[1].set_title("(b) c*: retain-all (= lambda-), interior (= eps), collapse (= lambda+)", fontsize=10)
axs[1].legend(fontsize=8)
fig.suptitle("eps-PCA: three regimes of the optimal cutoff")
save(fig, "eps_pca.png")
