"""Detection-recovery gaps from low-degree norms (the six problems of Li's low-degree paper, in the
parameterisations of docs/landscape.md).

(a) Planted submatrix and planted dense subgraph at n = 2000 (q = 0.5 for the subgraph), in the
    (rho, lambda) plane: the detection scale 1/(rho^2 n) (total-sum test), the low-degree recovery
    scale min(1, 1/(rho sqrt n)) (Schramm & Wein), the gap between them shaded; markers: the signal
    at which the exact finite-n norm ||L^{<=D}||^2 (D = 8) reaches 2 (bisection), i.e. the
    detection threshold the norm itself predicts.
(b) The sharp problems: SBM (k = 2, 3), two-layer SBM, angular synchronisation (L = 1, 2
    frequencies), O(2) synchronisation. The n -> infinity norm at D = 8 and D = 32 (lines) against
    the signal over its detection threshold; markers: the exact finite-n norm at D = 8. All diverge
    at 1 as D grows, where the recovery threshold also sits: no gap.
Theory only: exact sums (the test suite checks them against the definition of the norm and
Monte-Carlo over sampled pairs of signals, docs/landscape.md).
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt


def observables(**p):
    return summit.model("low-degree", **p).evaluate()["observables"]


def crossing(level, lo, hi, **p):
    """The signal at which norm_finite_n = level (bisection in log lambda; the norm grows with lambda)."""
    f = lambda lam: observables(lambda_=lam, **p)["norm_finite_n"] - level
    if f(hi) < 0:
        return None
    for _ in range(pick(25, 45)):
        mid = np.sqrt(lo * hi)
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return np.sqrt(lo * hi)


fig, axs = plt.subplots(1, 2, figsize=(12.5, 4.8), layout="constrained")

n, D = 2000, 8
rhos = np.geomspace(2.0 / n, 1.0, 200)
det = 1 / (rhos**2 * n)
rec = np.minimum(1.0, 1 / (rhos * np.sqrt(n)))
ax = axs[0]
ax.plot(rhos, det, "k-", label="detection scale 1/(rho^2 n)")
ax.plot(rhos, rec, "k--", label="recovery scale min(1, 1/(rho sqrt n)) (Schramm-Wein)")
ax.fill_between(rhos, det, rec, where=rec > det, color="tab:orange", alpha=0.25,
                label="detection easy, recovery hard (gap)")
marks = np.geomspace(0.01, 1.0, pick(4, 9))
for model, style, extra in (("planted-submatrix", "o", {}), ("planted-dense-subgraph", "s", {"q": 0.5})):
    xs, ys = [], []
    for rho in marks:
        lam = crossing(2.0, 1e-6, 1.0, model=model, n=n, D=D, rho=float(rho), **extra)
        if lam is not None:
            xs.append(rho)
            ys.append(lam)
    ax.plot(xs, ys, style, mfc="none", ms=7, label=f"{model}: ||L^(<=8)||^2 = 2 (exact, n = {n})")
    print(f"{model}: rho = {np.round(xs, 4).tolist()}: lambda at norm 2 = {np.round(ys, 5).tolist()}; "
          f"ratio to 1/(rho^2 n) = {np.round(np.array(ys) * np.array(xs) ** 2 * n, 3).tolist()}")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("rho (planted fraction)")
ax.set_ylabel("lambda (per-entry signal)")
ax.set_ylim(1e-4, 3)
ax.set_title(f"(a) planted submatrix / dense subgraph, n = {n}", fontsize=9)
ax.legend(fontsize=7, loc="lower left")

ax = axs[1]
sharp = [("sbm, k = 2", {"model": "sbm", "k": 2}, 1.0),
         ("sbm, k = 3", {"model": "sbm", "k": 3, "n": 12}, 1.0),
         ("2-layer sbm, k = 2", {"model": "multilayer-sbm", "L": 2, "n": 40}, 0.5),
         ("angular sync, L = 1", {"model": "angular-sync", "L": 1}, 1.0),
         ("angular sync, L = 2", {"model": "angular-sync", "L": 2, "n": 8}, 1.0),
         ("O(2) sync", {"model": "orthogonal-sync", "r": 2}, 1.0)]
xs = np.linspace(0.0, 1.25, pick(12, 60))
xm = np.linspace(0.1, 1.2, pick(4, 12))
for label, p, thr in sharp:
    lim8 = [observables(lambda_=x * thr, D=8, finite_n=False, **p)["norm_limit"] for x in xs]
    lim32 = [observables(lambda_=x * thr, D=32, finite_n=False, **p)["norm_limit"] for x in xs]
    (line,) = ax.plot(xs, lim8, "-", label=f"{label}: n -> inf, D = 8")
    ax.plot(xs, lim32, "--", color=line.get_color(), lw=1)
    fin = [observables(lambda_=x * thr, D=8, **p)["norm_finite_n"] for x in xm]
    ax.plot(xm, fin, "o", color=line.get_color(), mfc="none", ms=4)
    print(f"{label}: threshold {thr}; limit D = 8 at x = 0.5, 1: "
          f"{observables(lambda_=0.5 * thr, D=8, finite_n=False, **p)['norm_limit']:.6f}, "
          f"{observables(lambda_=thr, D=8, finite_n=False, **p)['norm_limit']:.6f}; "
          f"D = 32 at x = 1: {observables(lambda_=thr, D=32, finite_n=False, **p)['norm_limit']:.6f}")
ax.axvline(1, color="0.5", lw=0.8)
ax.set_yscale("log")
ax.set_xlabel("signal / detection threshold (= recovery threshold)")
ax.set_ylabel("||L^{<=D}||^2")
ax.set_title("(b) n -> inf norm, D = 8 (solid), D = 32 (dashed); exact finite n, D = 8 (circles)",
             fontsize=9)
ax.legend(fontsize=7)
fig.suptitle("Low-degree detection vs recovery: a gap for the planted sub-structures, none at Kesten-Stigum / BBP")
save(fig, "low_degree_gaps.png")
