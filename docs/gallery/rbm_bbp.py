"""RBM with Gaussian visible and hidden units (Xu, Krzakala & Zdeborova 2025) trained by gradient
descent on n = alpha d samples of the spiked covariance x ~ N(0, I + beta u u^T): a BBP transition.

Theory (closed forms, the model's observables): the top eigenvalue of the sample covariance and
its squared overlap cos^2 with the spike u: an outlier lambda_1 = (1 + beta)(1 + 1/(alpha beta))
with cos^2 > 0 iff alpha beta^2 > 1, else the bulk edge (1 + alpha^(-1/2))^2 and cos^2 = 0.
A k = 1 hidden unit trained to stationarity sits on the top eigenvector with q = 1 - 1/lambda_1
and m^2/q = cos^2. Simulation: full-batch GD at finite d (`summit.simulate`) to t = 400; the GD
points are the unit's squared cosine m^2/Q with the spike and the implied eigenvalue 1/(1 - Q).
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

beta = 1.0
alphas = np.geomspace(0.3, 20, 120)
top, cos2 = [], []
for a in alphas:
    o = summit.model("rbm", alpha=a, beta=beta).evaluate()["observables"]
    top.append(o["top_eigenvalue"])
    cos2.append(o["top_overlap2"])
d, seeds = pick((300, 2), (1000, 6))
sim_alphas = pick([0.5, 2, 6], [0.4, 0.7, 1.0, 1.5, 2, 3, 5, 10])
pts = []
for a in sim_alphas:
    m = summit.model("rbm", alpha=a, beta=beta, m0=0.3, q0=0.5, lr=0.01)
    sim = summit.simulate(m, d=d, seeds=seeds, times=[0, 400])
    r2 = np.array([run[-1, sim.columns.index("overlap2[1]")] for run in sim.runs])
    lam = np.array([1 / (1 - run[-1, sim.columns.index("Q[1,1]")]) for run in sim.runs])
    se = np.sqrt(seeds)
    pts.append((a, r2.mean(), r2.std(ddof=1) / se, lam.mean(), lam.std(ddof=1) / se))
    print(f"alpha = {a}: GD cos^2 = {r2.mean():.3f} +- {r2.std(ddof=1) / se:.3f}, 1/(1-Q) = "
          f"{lam.mean():.3f} +- {lam.std(ddof=1) / se:.3f}")
pts = np.array(pts)

from _gallery import splot

fig, axs = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
c = "tab:blue"
splot.compare(alphas, top, ax=axs[0], color=c, label="top eigenvalue (closed form)", logx=True)
splot.compare(None, None, (pts[:, 0], pts[:, 3]), err=pts[:, 4], ax=axs[0], color=c,
              label=f"GD at d = {d}: 1/(1 - Q) of the trained unit", xlabel="alpha = n/d",
              ylabel="top eigenvalue of the sample covariance")
axs[0].plot(alphas, (1 + alphas ** -0.5) ** 2, "k:", lw=1, label="bulk edge (1 + alpha^-1/2)^2")
splot.compare(alphas, cos2, ax=axs[1], color=c, label="cos^2(top eigenvector, u) (closed form)", logx=True)
splot.compare(None, None, (pts[:, 0], pts[:, 1]), err=pts[:, 2], ax=axs[1], color=c,
              label=f"GD at d = {d}: m^2/Q of the trained unit", xlabel="alpha = n/d",
              ylabel="squared overlap with the spike")
for ax in axs:
    ax.axvline(1 / beta ** 2, color="k", ls="--", lw=1, label="BBP: alpha beta^2 = 1")
    ax.legend(fontsize=8)
fig.suptitle(f"RBM, Gaussian units, beta = {beta}: BBP transition (theory) and GD at finite d "
             f"({seeds} seeds, mean +- s.e.)")
save(fig, "rbm_bbp.png")
