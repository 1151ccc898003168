"""Multi-index models (Troiani et al. 2024; Defilippis et al. 2025): the weak-recovery (spectral)
transition at alpha_c = 1/r(F) of the linearised GAMP state evolution, per channel.

(a) alpha_c per channel (`summit.threshold`), with the closed forms where they exist.
(b) The spectral method at finite d (`sample_d`: the top eigenvector of the d p x d p matrix
    (1/n) sum x x^T (kron) T(y)): its overlap with the hidden subspace against alpha, across
    alpha_c (mean +- sd over seeds); below alpha_c it is O(p/d).
(c) The full GAMP state evolution for real phase retrieval (channel abs, Gaussian prior): the
    fixed point q*(alpha) reached from q0 = 0.01 by iterating the SE map (observable q_next),
    weak recovery from alpha_c = 1/2, perfect recovery near alpha_alg ~ 1.13 (Barbier et al. 2019).
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

fig, axs = plt.subplots(1, 3, figsize=(15, 4.4), layout="constrained")

# (a) thresholds
channels = ["abs", "square", "z1z2", "sign-z1z2", "abs-z1z2"]
closed = {"abs": 0.5, "square": 0.5, "sign-z1z2": np.pi ** 2 / 4}
ac = {}
for ch in channels:
    ac[ch] = summit.threshold(summit.model("multi-index-weak-recovery", channel=ch)).threshold
    print(f"alpha_c({ch}) = {ac[ch]:.6f}" + (f" (closed form {closed[ch]:.6f})" if ch in closed else ""))
axs[0].bar(channels, [ac[c] for c in channels], color="tab:blue", label="summit (linearised SE)")
for i, c in enumerate(channels):
    if c in closed:
        axs[0].plot([i - 0.4, i + 0.4], [closed[c]] * 2, "k--", lw=1.2,
                    label="closed form" if i == 0 else None)
    axs[0].annotate(f"{ac[c]:.4g}", (i, ac[c]), ha="center", va="bottom", fontsize=8)
axs[0].set_ylabel("weak-recovery threshold alpha_c = n/d")
axs[0].set_title("(a) alpha_c per channel")
axs[0].legend(fontsize=8)

# (b) sampled spectral overlap across alpha_c
d = pick(200, 1000)
seeds = pick([1], [1, 2, 3])
for ch, alphas in [("sign-z1z2", pick([1, 2.5, 4, 6], [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6])),
                   ("z1z2", pick([0.3, 1, 2], [0.2, 0.35, 0.5, 0.7, 1, 1.5, 2, 3]))]:
    ov = np.array([[summit.model("multi-index-weak-recovery", channel=ch, alpha=a, sample_d=d, seed=s)
                    .observables(np.zeros(3))["sampled_subspace_overlap"] for s in seeds] for a in alphas])
    mean = ov.mean(axis=1)
    sd = ov.std(axis=1, ddof=1) if len(seeds) > 1 else None
    bars = axs[1].errorbar(np.array(alphas) / ac[ch], mean, yerr=sd, fmt="o-", ms=4, capsize=2,
                           label=f"{ch} (alpha_c = {ac[ch]:.3g})")
    print(f"{ch}: alpha = {alphas}: overlap = {np.round(mean, 3).tolist()}")
axs[1].axvline(1, color="k", ls="--", lw=1)
axs[1].axhline(2 / d, color="0.5", ls=":", lw=1, label=f"random subspace p/d = {2 / d:.3g}")
axs[1].set_xlabel("alpha / alpha_c")
axs[1].set_ylabel("overlap |P V|^2/|V|^2 of the top eigenvector")
axs[1].set_title(f"(b) spectral method at d = {d} ({len(seeds)} seed{'s' if len(seeds) > 1 else ''})")
axs[1].legend(fontsize=8)

# (c) GAMP SE for phase retrieval
alphas = np.array(pick([0.3, 0.6, 0.8, 1.0, 1.2], np.r_[np.linspace(0.3, 1.1, 17), 1.12, 1.13, 1.15, 1.2, 1.3, 1.4]))
iters = pick(150, 1000)
qs = []
for a in alphas:
    m = summit.model("multi-index-weak-recovery", channel="abs", state_evolution="gamp", alpha=a)
    q = np.array([0.01])
    for _ in range(iters):
        qn = m.observables(q)["q_next"]
        if abs(qn - q[0]) < 1e-10:
            q[0] = qn
            break
        q[0] = qn
    qs.append(q[0])
print("phase retrieval SE: " + ", ".join(f"q*({a:.3g}) = {q:.4f}" for a, q in zip(alphas, qs)))
axs[2].plot(alphas, qs, "o-", ms=4, label="GAMP SE fixed point from q0 = 0.01")
axs[2].axvline(ac["abs"], color="k", ls="--", lw=1, label=f"alpha_c = {ac['abs']:.3g}")
axs[2].axvline(1.13, color="tab:red", ls=":", lw=1, label="alpha_alg ~ 1.13 (Barbier et al.)")
axs[2].set_xlabel("alpha = n/d")
axs[2].set_ylabel("q* (overlap per index; mse = 1 - q*)")
axs[2].set_title("(c) real phase retrieval: GAMP state evolution")
axs[2].legend(fontsize=8)
fig.suptitle("Multi-index models: the weak-recovery transition")
save(fig, "multi_index_spectral.png")
