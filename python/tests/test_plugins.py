"""C++ plugins from Python: summit.load_plugin, SUMMIT_PLUGIN_PATH at import, sweeps.

Oracles: the perceptron's closed-form fixed point (examples/plugin/perceptron.cpp), and the same
model written as a model file (examples/models/perceptron.summit), parsed and evaluated by
summit's expression language, an implementation independent of the plugin's C++.
"""

import os
import re
import subprocess
import sys

import numpy as np
import pytest

import summit

HERE = os.path.dirname(os.path.abspath(__file__))
PERCEPTRON_FILE = os.path.join(HERE, "..", "..", "examples", "models", "perceptron.summit")


@pytest.fixture(scope="module")
def plugin():
    cli = os.environ.get("SUMMIT_CLI") or os.path.join(HERE, "..", "..", "build", "summit")
    path = os.path.join(os.path.dirname(cli), "plugins", "libsummit_example_plugin.so")
    if not os.path.isfile(path):
        pytest.fail(f"the example plugin is not at {path}: build the target summit_example_plugin")
    summit.load_plugin(path)
    return path


def test_plugin_model_closed_form_fixed_point_and_provenance(plugin):
    assert "perceptron-cxx" in summit.models()
    assert os.path.realpath(plugin) in summit.plugins()
    lr, kappa = 0.3, 0.1
    m = summit.model("perceptron-cxx", lr=lr, kappa=kappa)
    assert m.source.startswith("plugin " + os.path.realpath(plugin))
    fps = summit.fixed_points(m, starts=5)
    assert len(fps) == 1
    ms = lr / (lr + kappa)
    Qs = (2 * lr * ms + lr**2 * (1 - 2 * ms)) / (2 * lr + 2 * kappa - lr**2)
    # certificate max|drift| <= 1e-10, slowest rate min(lr + kappa, 2 lr - lr^2 + 2 kappa) = 0.4
    assert fps[0].x == pytest.approx([ms, Qs], abs=1e-9)


def test_plugin_equals_the_model_file(plugin):
    a = summit.model("perceptron-cxx", lr=0.7, kappa=0.2)
    b = summit.model(PERCEPTRON_FILE, lr=0.7, kappa=0.2)
    for x in (np.array([0.3, 0.8]), np.array([-0.2, 1.7])):
        # the same arithmetic in a different order: equal to a few ulps (1e-14 absolute, O(1) values)
        assert a.loss(x) == pytest.approx(b.loss(x), abs=1e-14)
        assert a.drift(x) == pytest.approx(b.drift(x), abs=1e-14)
        assert a.jacobian(x) == pytest.approx(b.jacobian(x), abs=1e-14)


def test_bad_plugins_raise_value_error_naming_the_file(plugin, tmp_path):
    missing = str(tmp_path / "missing.so")
    with pytest.raises(ValueError, match=re.escape(f"plugin '{missing}': no such file")):
        summit.load_plugin(missing)
    text = tmp_path / "text.so"
    text.write_text("not a library\n")
    with pytest.raises(ValueError, match="not a loadable shared library"):
        summit.load_plugin(text)
    old = os.path.join(os.path.dirname(plugin), "libsummit_bad_plugin_2.so")
    with pytest.raises(ValueError, match="built for plugin ABI version 0"):
        summit.load_plugin(old)


def test_plugin_path_at_import_and_sweeps(plugin, tmp_path):
    # A fresh interpreter with SUMMIT_PLUGIN_PATH: the model is there after `import summit`.
    env = dict(os.environ, SUMMIT_PLUGIN_PATH=os.path.dirname(plugin) + "/libsummit_example_plugin.so")
    r = subprocess.run([sys.executable, "-c", "import summit; print(summit.model('perceptron-cxx').dim)"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "2"
    bad = dict(os.environ, SUMMIT_PLUGIN_PATH=str(tmp_path / "missing.so"))
    r = subprocess.run([sys.executable, "-c", "import summit"], capture_output=True, text=True, env=bad,
                       timeout=120)
    assert r.returncode != 0 and "missing.so': no such file" in r.stderr
    # summit.sweep runs the executable, which loads the plugins loaded here.
    res = summit.sweep({"model": "perceptron-cxx", "command": "fixed-points",
                        "axes": [{"param": "kappa", "values": [0.1]}],
                        "record": ["fixed_points.0.state.m"]}, jobs=1)
    # m* = lr / (lr + kappa) at the default lr = 0.5; certificate as above (rate 0.6)
    assert res["fixed_points.0.state.m"][0] == pytest.approx(0.5 / 0.6, abs=1e-9)


def test_a_model_that_throws_while_it_computes_raises_solver_error(plugin):
    # tests/plugins/libs/failing_plugin.cpp: the loss throws std::runtime_error for x > 1. That is a
    # failed computation (the CLI's exit 1, status "failed"), not bad input and not a bare
    # RuntimeError (python/_summit.cpp translates it).
    summit.load_plugin(os.path.join(os.path.dirname(plugin), "libsummit_failing_plugin.so"))
    m = summit.model("failing-cxx")
    assert m.loss(np.array([0.5])) == 0.125
    with pytest.raises(summit.SolverError, match=re.escape("failing-cxx: the loss routine gave up at x = 2")) as e:
        m.loss(np.array([2.0]))
    assert e.value.status == "failed"
    # pybind11's own errors keep their types: a wrong argument type is still a TypeError.
    with pytest.raises(TypeError):
        m.loss("not a state")


def test_a_progress_callback_that_raises_is_a_runtime_error_not_a_solver_error():
    def progress(stage, fraction):
        raise KeyError("from the callback")

    with pytest.raises(RuntimeError, match="progress callback raised: .*from the callback") as e:
        summit.run_study(summit.model("committee"), "curve", {"integration": {"t_end": 10}}, progress=progress)
    assert not isinstance(e.value, summit.SolverError)
