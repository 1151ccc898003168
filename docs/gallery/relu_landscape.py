"""Two-layer ReLU networks (Huang et al.; Safran & Shamir 2018): the fixed points of gradient flow
on the population loss, over the width K = M.

Theory only (the landscape is a d -> infinity population object): for each K = M, every fixed
point `summit.fixed_points` finds (structured starts + random starts) at its loss, coloured by
type. The claim: no spurious local minimum for K = M <= 5, and local minima with positive loss
(the k1 = 1 family, loss 0.02508) from K = M = 6 on. The search finds points, it does not prove
completeness.
"""
import numpy as np

from _gallery import pick, save, summit

import matplotlib.pyplot as plt

Ks = pick([2, 3, 4], [2, 3, 4, 5, 6])
starts = pick(10, 40)
fig, ax = plt.subplots(figsize=(7, 4.6), layout="constrained")
seen = set()
rng = np.random.default_rng(0)
for K in Ks:
    m = summit.model("committee", activation="relu", dynamics="gradient-flow", K=K, M=K)
    fps = summit.fixed_points(m, starts=starts, quiet_batches=0)  # one batch: ReLU flows have continua
    for p in fps:
        kind = ("global minimum" if p.loss < 1e-8 and p.type == "stable"
                else "spurious local minimum" if p.type == "stable"
                else "saddle" if p.type.startswith("saddle") else "other (" + p.type.split(" ")[0] + ")")
        style = {"global minimum": ("*", "tab:green", 150), "spurious local minimum": ("D", "tab:red", 70),
                 "saddle": ("o", "tab:blue", 22)}.get(kind, ("x", "0.4", 30))
        x = K + rng.uniform(-0.12, 0.12) if kind == "saddle" else K
        ax.scatter([x], [max(p.loss, 1e-4)], marker=style[0], c=style[1], s=style[2],
                   label=None if kind in seen else kind, zorder=3 if kind != "saddle" else 2)
        seen.add(kind)
        if kind == "spurious local minimum":
            ax.annotate(f"{p.loss:.4g}", (K, p.loss), xytext=(6, 0), textcoords="offset points",
                        fontsize=8, va="center")
    print(f"K = M = {K}: {len(fps)} fixed points, minima at loss "
          f"{[round(p.loss, 7) for p in fps if p.type == 'stable']}")
ax.set_yscale("log")
ax.set_xticks(Ks)
ax.set_xlabel("K = M (student width = teacher width)")
ax.set_ylabel("population loss (global minima drawn at 1e-4)")
ax.set_title("ReLU committee, gradient flow: fixed points found over the width")
ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(0.0, 0.4))
save(fig, "relu_landscape.png")
