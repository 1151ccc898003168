"""Computational hardness diagnostics for the spiked Wigner model Y = sqrt(lambda/n) x x^T + Z.

(a) The annealed Franz-Parisi potential Phi_lambda(m) = lambda m^2/2 - I(m) (Bandeira et al. 2022)
    for a sparse Rademacher prior (rho = 0.3) at several lambda: below lambda_mono Phi decreases in
    |m| (easy to rule out a planted structure: no barrier); between lambda_mono and
    lambda_local = 1 a second maximum at large m with a barrier around m = 0 (the hard phase);
    above 1 the uninformative point m = 0 is a minimum (easy).
(b) The low-degree likelihood-ratio norm ||L^{<=D}||^2 (Kunisky, Wein & Bandeira) against D for a
    Rademacher prior at n = 800 (exact finite-n sum, markers) and its n -> infinity limit (lines):
    bounded in D for lambda < 1, growing for lambda > 1.
Theory only: both are exact calculations (the test suite checks them against Monte-Carlo over
sampled pairs, docs/landscape.md).
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

fig, axs = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
rho = 0.3
# dense near the end of the support m_max = 1/rho, where the large-m maxima sit
ms = np.r_[np.linspace(0, 0.96 / rho, pick(80, 400), endpoint=False), 1 / rho - np.geomspace(0.04 / rho, 1e-7, pick(40, 200))]
base = summit.model("franz-parisi", prior="sparse-rademacher", rho=rho).evaluate()["observables"]
lm, ll = base["lambda_mono"], base["lambda_level"]
for lam in (0.3, 0.52, 0.8, 1.0, 1.2):
    m = summit.model("franz-parisi", prior="sparse-rademacher", rho=rho, lambda_=lam)
    phi = m.observables(ms[:, None])["Phi"]
    axs[0].plot(ms, phi, label=f"lambda = {lam}")
    # critical points: sign changes of dPhi on the grid (the root interpolated linearly); m = 0 is
    # always critical, a maximum iff lambda < lambda_local = 1
    dphi = m.observables(ms[:, None])["dPhi"]
    crit = [(0.0, "max" if lam < 1 else "min" if lam > 1 else "marginal")]
    for i in np.nonzero(np.sign(dphi[1:-1]) != np.sign(dphi[2:]))[0] + 1:
        mc = ms[i] - dphi[i] * (ms[i + 1] - ms[i]) / (dphi[i + 1] - dphi[i])
        crit.append((mc, "max" if dphi[i] > 0 else "min"))
    for mc, kind in crit:
        axs[0].plot(mc, m.observables(np.array([mc]))["Phi"], "k." if kind == "max" else "kx", ms=7)
    print(f"lambda = {lam}: critical points m >= 0 of Phi: "
          + ", ".join(f"{mc:.4f} ({kind})" for mc, kind in crit))
axs[0].axhline(0, color="0.5", lw=0.6)
axs[0].set_xlabel("overlap m")
axs[0].set_ylabel("Phi_lambda(m)")
axs[0].set_ylim(-1.5, 2.5)
axs[0].set_title(f"(a) Franz-Parisi potential, sparse Rademacher rho = {rho}\n"
                 f"lambda_mono = {lm:.4f}, lambda_level = {ll:.4f}, lambda_local = 1 "
                 "(dots: maxima, crosses: minima)", fontsize=9)
axs[0].legend(fontsize=8)

Ds = np.array(pick([1, 2, 4, 8], [1, 2, 3, 4, 6, 8, 12, 16, 24, 32]))
for lam in (0.5, 0.9, 0.99, 1.2):
    fin, lim = [], []
    for D in Ds:
        o = summit.model("low-degree", lambda_=lam, D=int(D), n=800).evaluate()["observables"]
        fin.append(o["norm_finite_n"])
        lim.append(o["norm_limit"])
    (line,) = axs[1].plot(Ds, lim, "-", label=f"lambda = {lam}: n -> infinity")
    axs[1].plot(Ds, fin, "o", color=line.get_color(), ms=4, mfc="none", label=f"lambda = {lam}: n = 800")
    if lam < 1:
        axs[1].axhline(np.exp(-lam / 2) / np.sqrt(1 - lam), color=line.get_color(), ls=":", lw=1)
    print(f"lambda = {lam}: D = {Ds.tolist()}: finite n {np.round(fin, 4).tolist()}, limit {np.round(lim, 4).tolist()}")
axs[1].set_yscale("log")
axs[1].set_xlabel("degree D")
axs[1].set_ylabel("||L^{<=D}||^2")
axs[1].set_title("(b) low-degree norm, spiked Wigner, Rademacher prior\n"
                 "(dotted: D -> infinity limit e^{-lambda/2}(1 - lambda)^{-1/2})", fontsize=9)
axs[1].legend(fontsize=7, ncol=2)
fig.suptitle("Hardness diagnostics for spiked Wigner")
save(fig, "hardness.png")
