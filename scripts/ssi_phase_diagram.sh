#!/usr/bin/env bash
# Positional-semantic phase diagram (single_index.md §2.7; docs/single_index.md): the region code of
# `summit evaluate ssi ... target=positional-semantic` on an (a, omega) grid, written as CSV.
# Usage: scripts/ssi_phase_diagram.sh [SUMMIT_BINARY] > phase.csv
# Region codes: 0 unique semantic, 2 unique semantic / misaligned dynamics, 6 unique positional,
# 1 global semantic, 3 global semantic / positional dynamics, 7 global positional (4, 5: not expected).
# The region comes from 2-D integrals only, so the 4-D rule is made small (nodes=8) for speed.
set -euo pipefail
SUMMIT=${1:-build/summit}
A_GRID=${A_GRID:-"0.7 0.75 0.8 0.85 0.9 0.95 1.0"}
W_GRID=${W_GRID:-"0.4 0.5 0.6 0.7 0.75 0.8 0.85 0.9 0.95 1.0"}
echo "a,omega,region,H_mm,H_ee,R_sem,R_pos"
for a in $A_GRID; do
  for w in $W_GRID; do
    "$SUMMIT" evaluate ssi --set student=attention --set target=positional-semantic \
      --set a="$a" --set omega="$w" --set nodes=8 --at m=0 --at e=0 --format json |
      python3 -c '
import json, sys
o = json.load(sys.stdin)["observables"]
print(",".join(["'"$a"'", "'"$w"'"] + [repr(o[k]) for k in ("region", "H_mm", "H_ee", "R_sem", "R_pos")]))'
  done
done
