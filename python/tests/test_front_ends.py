"""Every study of the catalog (studies/catalog.hpp) through the three front ends: the CLI
(``summit STUDY MODEL ... --format json``), Python (``summit.run_study``) and a one-point sweep
(``summit.sweep``, the ``result`` of its point, compared with the CLI run on the command line the
point records, since a sweep seeds each point itself).

Oracle: the front ends run the same study on the same request, so their result fields must be
equal to the last bit (JSON numbers are written in their shortest round-trip form and read back
exactly); the only fields allowed to differ are the CLI's header (version, command line, command,
model, parameters, time unit), which Python's result does not carry. A new study without a case here
fails test_every_study_has_a_case.
"""

import shlex

import pytest

import summit

MODEL, PARAMS = "committee", {"K": 2, "M": 2, "lr": 0.5}

# study -> (request for run_study, the same request as CLI options). Small and seeded, so the
# three runs are cheap and deterministic (fixed-points without its CPU-time budget).
CASES = {
    "evaluate": ({"start": {"point": "symmetric"}}, ["--point", "symmetric"]),
    "curve": ({"integration": {"t_end": 50.0, "points": 4, "events": ["eg<0.01"]}},
              ["--t-end", "50", "--points", "4", "--event", "eg<0.01"]),
    "escape": ({"integration": {"t_end": 1000.0}}, ["--t-end", "1000"]),
    "stability": ({"start": {"point": "symmetric"}, "eps": 0.01}, ["--point", "symmetric", "--eps", "0.01"]),
    "fixed-points": ({"search": {"starts": 4, "seed": 3}, "time_budget": 0.0},
                     ["--starts", "4", "--solver-seed", "3", "--time-budget", "0"]),
    "minimize": ({"starts": 3}, ["--starts", "3"]),
    "simulate": ({"d": 200, "seeds": 2, "t_end": 5.0, "points": 3},
                 ["--d", "200", "--seeds", "2", "--t-end", "5", "--points", "3"]),
    "threshold": ({"vary": "lr", "range": [0.5, 5.0], "start": {"point": "perfect"}, "grid": 8},
                  ["--vary", "lr", "--range", "0.5,5", "--point", "perfect", "--grid", "8"]),
    "basins": ({"runs": 4, "integration": {"t_end": 200.0}}, ["--runs", "4", "--t-end", "200"]),
    "continue": ({"vary": "lr", "range": [0.5, 5.0], "start": {"point": "perfect"}, "grid": 4},
                 ["--vary", "lr", "--range", "0.5,5", "--point", "perfect", "--grid", "4"]),
    "describe": ({}, []),
    "escape-dims": ({"dims": [1000.0, 10000.0]}, ["--dims", "1000,10000"]),
}

# The studies run on another model, or as another subcommand (escape-dims is `escape --dims`):
# study -> (subcommand, model, parameters).
OTHER = {"escape-dims": ("escape", "single-index", {"target": "h2", "lr": 0.1666666667})}
# Not sweepable (cli/study_table.cpp).
NOT_SWEPT = {"describe"}


def _target(study):
    return OTHER.get(study, (study, MODEL, PARAMS))

# The CLI's header (cli/render.cpp): not part of a study's result.
HEADER = {"summit", "command", "model", "params", "time_unit"}


def test_every_study_has_a_case():
    assert set(summit.studies()) == set(CASES)


def _set_args(params):
    return [a for k, v in params.items() for a in ("--set", f"{k}={v}")]


@pytest.mark.parametrize("study", sorted(CASES))
def test_cli_and_python_agree(study, cli):
    request, args = CASES[study]
    command, model, params = _target(study)
    py = summit.run_study(summit.model(model, **params), study, request)
    by_cli = cli(command, model, *_set_args(params), *args)
    assert set(by_cli) - set(py) <= HEADER, study
    assert {k: by_cli[k] for k in py} == py


# Every swept study, evaluate and simulate included: the sweep records --solver-seed only for the
# commands that take it (cli/sweep_task.cpp), so every recorded command line runs as it is.
@pytest.mark.parametrize("study", sorted(set(CASES) - NOT_SWEPT))
def test_sweep_point_is_the_cli_run_it_records(study, cli):
    request, args = CASES[study]
    command_name, model, params = _target(study)
    # The sweep gives its point a seed of its own (docs/sweeps.md, "Seeds": the model's seed and
    # --solver-seed), so its result is compared with the CLI run on the command line the point
    # records: the same request through the sweep's in-process path and through the CLI.
    options = {args[i][2:]: args[i + 1] for i in range(0, len(args), 2)}
    axis = next(iter(params))
    fixed = {k: v for k, v in params.items() if k != axis}
    sw = summit.sweep({"model": model, "command": command_name, "params": fixed, "options": options,
                       "axes": [{"param": axis, "values": [params[axis]]}]}, jobs=1)
    assert sw.ok == 1
    point = sw.raw["points"][0]
    command = shlex.split(point["command_line"])
    assert command[:3] == ["summit", command_name, model] and command[-2:] == ["--format", "json"]
    by_cli = cli(*command[1:-2])
    by_sweep = point["result"]
    assert set(by_cli) - set(by_sweep) <= HEADER and set(by_sweep) - set(by_cli) <= HEADER, study
    assert {k: by_cli[k] for k in by_sweep if k not in HEADER} == \
        {k: v for k, v in by_sweep.items() if k not in HEADER}


def test_defaults_are_the_clis():
    # The request's defaults are the study's own (the CLI's option defaults): "starts" null means
    # the solver's default, which depends on the model (40; 2 for a state evolution).
    d = summit.study_defaults("fixed-points")
    assert d["search"]["starts"] is None and d["max_starts"] == 1000 and d["time_budget"] == 20.0
    with pytest.raises(ValueError, match="study 'nope': not a study"):
        summit.study_defaults("nope")


def test_messages_name_python_keywords(cli_error):
    m = summit.model(MODEL, **PARAMS)
    code, msg = cli_error("curve", MODEL, "--atol", "0")
    assert code == 2 and msg.startswith("--atol 0: ")
    with pytest.raises(ValueError) as err:
        summit.integrate(m, atol=0)
    assert str(err.value) == "atol=0: " + msg[len("--atol 0: "):]
    with pytest.raises(ValueError) as err:
        summit.fixed_points(m, max_starts=-1)
    code, msg = cli_error("fixed-points", MODEL, "--max-starts", "-1")
    assert code == 2 and str(err.value) == msg.replace("--max-starts -1", "max_starts=-1")
