"""summit: the mechanics of learning in high dimensions, from Python.

Every model of summit's registry is one call away::

    import summit
    m = summit.model("committee", activation="erf", K=2, M=2, lr=0.5)
    traj = summit.integrate(m, t_end=1e3, events=["escape: r_spread>0.5"])
    traj.t, traj.x, traj["loss"], traj.events[0].time
    fps = summit.fixed_points(m)
    summit.threshold(m, vary="lr", range=(0.5, 5))

The functions mirror the CLI's subcommands (``summit curve``, ``escape``, ``fixed-points``,
``stability``, ``minimize``, ``simulate``, ``threshold``, ``continue``, ``basins``) with the same
defaults, and call the C++ solvers directly (no subprocess; only :func:`sweep` runs the
``summit`` executable, where the sweep driver lives). Bad input raises ValueError with the
CLI's message; a solver that fails where the CLI exits with status 1 raises SolverError (its
``status`` is the solver's status name and ``result`` the partial result), unless ``check=False``
is given, in which case the result carries ``status`` and ``message`` instead. Arrays are NumPy
arrays that share memory with the C++ results (no copies). Plots: :mod:`summit.plot`.
"""

from __future__ import annotations

from . import _checks, _summit
from ._curves import Event, Simulation, Trajectory, curve, escape, integrate, simulate
from ._errors import SolverError
from ._fixed_points import (Basins, FixedPoint, FixedPoints, Minima, Minimum, Stability, basins,
                            fixed_points, minimize, stability)
from ._models import (Model, define_model, load_plugin, log_grid, model, model_from_text, models,
                      plugins)
from ._studies import run_study, studies, study_defaults, validate_study
from ._sweeps import Sweep, executable, sweep
from ._thresholds import (BifurcationCurve, Branch, BranchPoint, ContinuedBranch, Diagram,
                          SpecialPoint, Threshold, ZeroCurve, continuation, follow, threshold)

__version__ = _summit.version

# Plugins on SUMMIT_PLUGIN_PATH (docs/extending.md); a bad one raises ValueError naming it.
_summit.load_plugins_from_env()

__all__ = [
    "SolverError", "Model", "models", "model", "integrate", "curve", "escape", "fixed_points",
    "stability", "minimize", "simulate", "threshold", "follow", "continuation", "basins",
    "log_grid", "sweep", "Sweep", "executable", "model_from_text", "define_model", "run_study",
    "validate_study", "studies", "study_defaults", "load_plugin", "plugins",
]
