#!/usr/bin/env python3
"""Regenerates every compat-test fixture from Keras itself.

    generate_fixtures.py [--out DIR]        default: <repo>/compat-tests/fixtures

Each case builds a Functional model around one recurrent layer (SimpleRNN, LSTM or GRU) with
Keras 3.6.0 (`import keras`) or tf-keras 2.18.0 (`import tf_keras`), sets seeded random weights,
saves them with Keras's own writer and records the layer's outputs for seeded random inputs, both
from an eager call `model(inputs)` and from `model.predict(...)`. The layout is described in
FIXTURE_FORMAT.md. DIR is emptied and rebuilt; running twice gives identical arrays.

The numerical environment (oneDNN off, single-threaded, no GPU) must be fixed before TensorFlow
is imported, so the script re-executes itself with it when the caller did not set it.
"""

import os
import sys

# Values the fixtures are defined under; recorded in every case.json and in manifest.json.
FIXTURE_ENV = {
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "CUDA_VISIBLE_DEVICES": "",
}
# Also set, but not part of the fixture definition.
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0"}


def ensure_environment():
    """Re-executes this script with FIXTURE_ENV and QUIET_ENV unless they are already exact."""
    wanted = {**FIXTURE_ENV, **QUIET_ENV}
    if all(os.environ.get(key) == value for key, value in wanted.items()):
        return
    if "tensorflow" in sys.modules:
        raise RuntimeError("tensorflow was imported before the fixture environment was set")
    env = {**os.environ, **wanted}
    os.execve(sys.executable, [sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]], env)


if __name__ == "__main__":
    ensure_environment()

# Nothing below imports TensorFlow at module level: load_frameworks() does, after the re-exec.
import argparse  # noqa: E402
import contextlib  # noqa: E402
import dataclasses  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "compat-tests" / "fixtures"
GENERATOR = "python-fixtures/generate_fixtures.py"

KERAS3 = "keras"
TF_KERAS = "tf_keras"

# ---------------------------------------------------------------------------------------------
# Case description
# ---------------------------------------------------------------------------------------------

CELL_SHORT = {"SimpleRNN": "simplernn", "LSTM": "lstm", "GRU": "gru"}
LAYER_NAME = {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}
FRAMEWORK_SHORT = {KERAS3: "k3", TF_KERAS: "tfk"}
DTYPE_SHORT = {"float32": "f32", "float64": "f64"}
ACTIVATION_SHORT = {
    "tanh": "tanh", "sigmoid": "sig", "hard_sigmoid": "hsig", "relu": "relu", "linear": "lin",
    "softsign": "softsign", "softplus": "softplus", "elu": "elu", "selu": "selu",
    "exponential": "exp", "gelu": "gelu", "silu": "silu", "swish": "swish", "relu6": "relu6",
    "leaky_relu": "lrelu", "mish": "mish", "hard_silu": "hsilu",
}
STATE_NAMES = {"SimpleRNN": ["state_h"], "LSTM": ["state_h", "state_c"], "GRU": ["state_h"]}

# Standard deviations of the random draws (before the per-case weight scale).
KERNEL_STD, RECURRENT_STD, BIAS_STD = 0.4, 0.3, 0.3
INPUT_STD = 1.5  # wide enough that gate pre-activations regularly leave [-3, 3]
INITIAL_STATE_STD = 0.8
EXPONENTIAL_WEIGHT_SCALE = 0.25  # keeps exp() of recurrent pre-activations far from overflow


@dataclasses.dataclass(frozen=True)
class Case:
    framework: str                        # KERAS3 or TF_KERAS
    cell: str                             # "SimpleRNN" | "LSTM" | "GRU"
    batch: int = 3
    time: int = 7
    features: int = 5
    units: int = 6
    dtype: str = "float32"
    activation: str = "tanh"
    recurrent_activation: str = "sigmoid"  # LSTM/GRU only
    use_bias: bool = True
    return_sequences: bool = True
    return_state: bool = False
    go_backwards: bool = False
    initial_state: bool = False
    implementation: int = 2               # LSTM/GRU only
    reset_after: bool = True              # GRU only
    weights_format: str = ""              # assigned by build_cases(); not part of the name

    @property
    def gated(self):
        return self.cell in ("LSTM", "GRU")

    @property
    def name(self):
        parts = [CELL_SHORT[self.cell], FRAMEWORK_SHORT[self.framework]]
        if self.activation != "tanh":
            parts.append("act-" + ACTIVATION_SHORT[self.activation])
        if self.gated and self.recurrent_activation != "sigmoid":
            parts.append("ract-" + ACTIVATION_SHORT[self.recurrent_activation])
        if self.cell == "GRU" and not self.reset_after:
            parts.append("resetafter0")
        if self.gated and self.implementation != 2:
            parts.append(f"impl{self.implementation}")
        if not self.use_bias:
            parts.append("nobias")
        parts.append("seq" if self.return_sequences else "last")
        if self.return_state:
            parts.append("state")
        if self.go_backwards:
            parts.append("back")
        if self.initial_state:
            parts.append("init")
        parts += [f"b{self.batch}", f"t{self.time}", f"f{self.features}", f"u{self.units}",
                  DTYPE_SHORT[self.dtype]]
        return "_".join(parts)

    @property
    def weight_scale(self):
        uses_exp = "exponential" in (self.activation,
                                     self.recurrent_activation if self.gated else None)
        return EXPONENTIAL_WEIGHT_SCALE if uses_exp else 1.0

    @property
    def output_names(self):
        return ["output"] + (STATE_NAMES[self.cell] if self.return_state else [])

    @property
    def state_count(self):
        return len(STATE_NAMES[self.cell])


# ---------------------------------------------------------------------------------------------
# Case matrix: per (framework, cell) a base case plus one-factor-at-a-time variations and a few
# combinations. Base: batch 3, 7 steps, 5 features, 6 units, float32, default activations,
# return_sequences=True (so every step's output is checked).
# ---------------------------------------------------------------------------------------------

# Activations of SimpleRNN (every one the framework knows by name, tanh being the base).
SIMPLE_RNN_ACTIVATIONS = {
    KERAS3: ["sigmoid", "hard_sigmoid", "relu", "linear", "softsign", "softplus", "elu", "selu",
             "exponential", "gelu", "silu", "relu6", "leaky_relu", "mish", "hard_silu"],
    # tf-keras has no hard_silu; "silu" resolves to tf.nn.swish and serializes as "swish".
    TF_KERAS: ["sigmoid", "hard_sigmoid", "relu", "linear", "softsign", "softplus", "elu", "selu",
               "exponential", "gelu", "swish", "relu6", "mish"],
}
# Gated cells: a subset per cell for `activation` and for `recurrent_activation`, so that between
# them and SimpleRNN every activation goes through every code path at least once.
GATED_ACTIVATIONS = {
    "LSTM": ["hard_sigmoid", "relu", "linear", "softsign", "gelu", "exponential"],
    "GRU": ["hard_sigmoid", "relu", "softplus", "selu", "relu6", "swish"],
}
GATED_RECURRENT_ACTIVATIONS = {
    "LSTM": ["hard_sigmoid", "tanh", "linear", "softsign", "relu6", "exponential"],
    "GRU": ["hard_sigmoid", "tanh", "relu", "elu", "gelu", "exponential"],
}
# (batch, time, features, units); the base is (3, 7, 5, 6).
SHAPES = [(1, 1, 3, 5), (1, 7, 5, 6), (4, 1, 5, 6), (4, 30, 3, 7), (3, 7, 3, 1)]


def framework_activation(framework, activation):
    """Spelling of an activation in a framework (tf-keras only knows silu as swish)."""
    if framework == TF_KERAS and activation == "silu":
        return "swish"
    if framework == KERAS3 and activation == "swish":
        return "silu"
    return activation


def activation_cases(base):
    if base.cell == "SimpleRNN":
        return [dataclasses.replace(base, activation=a)
                for a in SIMPLE_RNN_ACTIVATIONS[base.framework]]
    acts = [framework_activation(base.framework, a) for a in GATED_ACTIVATIONS[base.cell]]
    rec_acts = [framework_activation(base.framework, a)
                for a in GATED_RECURRENT_ACTIVATIONS[base.cell]]
    return ([dataclasses.replace(base, activation=a) for a in acts]
            + [dataclasses.replace(base, recurrent_activation=a) for a in rec_acts])


def structure_cases(base):
    """One flag at a time: bias, outputs, direction, initial state, implementation, reset_after."""
    cases = [
        dataclasses.replace(base, use_bias=False),
        dataclasses.replace(base, return_sequences=False),
        dataclasses.replace(base, return_state=True),
        dataclasses.replace(base, return_sequences=False, return_state=True),
        dataclasses.replace(base, go_backwards=True),
        dataclasses.replace(base, initial_state=True),
    ]
    if base.gated:
        cases.append(dataclasses.replace(base, implementation=1))
    if base.cell == "GRU":
        cases.append(dataclasses.replace(base, reset_after=False))
        cases.append(dataclasses.replace(base, reset_after=False, implementation=1))
    return cases


def shape_cases(base):
    return [dataclasses.replace(base, batch=b, time=t, features=f, units=u)
            for b, t, f, u in SHAPES]


def float64_cases(base):
    f64 = dataclasses.replace(base, dtype="float64")
    cases = [
        f64,
        dataclasses.replace(f64, return_sequences=False, return_state=True),
        dataclasses.replace(f64, go_backwards=True, initial_state=True, return_state=True),
    ]
    if base.gated:
        cases.append(dataclasses.replace(f64, recurrent_activation="hard_sigmoid"))
        cases.append(dataclasses.replace(f64, implementation=1))
    else:
        cases.append(dataclasses.replace(f64, activation="hard_sigmoid"))
    if base.cell == "GRU":
        cases.append(dataclasses.replace(f64, reset_after=False))
    return cases


def combined_cases(base):
    """A few multi-flag cases. For tf-keras LSTM/GRU the hard_sigmoid / no-bias ones force the
    generic cell path, where `implementation` is honoured (the fused path ignores it)."""
    cases = [
        dataclasses.replace(base, batch=4, go_backwards=True, initial_state=True,
                            return_state=True),
        dataclasses.replace(base, batch=1, initial_state=True, return_sequences=False,
                            return_state=True),
    ]
    if base.gated:
        cases += [
            dataclasses.replace(base, implementation=1, recurrent_activation="hard_sigmoid"),
            dataclasses.replace(base, implementation=1, use_bias=False,
                                recurrent_activation="hard_sigmoid", go_backwards=True),
        ]
    else:
        cases.append(dataclasses.replace(base, use_bias=False, activation="relu",
                                         go_backwards=True))
    return cases


def weights_format(case, index_in_framework):
    if case.framework == KERAS3:
        return "keras_weights_h5"
    return "legacy_h5_model" if index_in_framework % 2 == 0 else "legacy_h5_weights"


def build_cases():
    cases = []
    for framework in (KERAS3, TF_KERAS):
        framework_cases = []
        for cell in ("SimpleRNN", "LSTM", "GRU"):
            base = Case(framework=framework, cell=cell)
            framework_cases += [base, *activation_cases(base), *structure_cases(base),
                                *shape_cases(base), *float64_cases(base), *combined_cases(base)]
        cases += [dataclasses.replace(case, weights_format=weights_format(case, i))
                  for i, case in enumerate(framework_cases)]
    names = [case.name for case in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise AssertionError(f"duplicate case names: {duplicates}")
    return cases


CASES = build_cases()

# ---------------------------------------------------------------------------------------------
# Frameworks and environment
# ---------------------------------------------------------------------------------------------


def load_frameworks():
    """Imports TensorFlow and both Keras versions (after ensure_environment())."""
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    if tf.config.list_physical_devices("GPU"):
        raise RuntimeError("fixtures must be generated on CPU only")
    tf.get_logger().setLevel("ERROR")  # one predict function per model: retracing warnings
    import keras
    import tf_keras
    # predict() hands a multi-input model a tuple where the Functional model holds a list.
    warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match")
    # The legacy HDF5 format is exactly what the legacy_h5_model cases are for.
    warnings.filterwarnings("ignore", message="You are saving your model as an HDF5 file")
    return tf, {KERAS3: keras, TF_KERAS: tf_keras}


def versions(tf, frameworks):
    return {
        "tensorflow": tf.__version__,
        "keras": frameworks[KERAS3].__version__,
        "tf_keras": frameworks[TF_KERAS].__version__,
        "numpy": np.__version__,
        "h5py": h5py.__version__,
    }


def environment():
    return {key: os.environ[key] for key in FIXTURE_ENV}


# ---------------------------------------------------------------------------------------------
# Model, weights, inputs
# ---------------------------------------------------------------------------------------------


def build_model(K, case):
    """Input(s) -> recurrent layer -> output(s), as a Functional model."""
    kwargs = dict(units=case.units, activation=case.activation, use_bias=case.use_bias,
                  return_sequences=case.return_sequences, return_state=case.return_state,
                  go_backwards=case.go_backwards, dtype=case.dtype, name=LAYER_NAME[case.cell])
    if case.gated:
        kwargs.update(recurrent_activation=case.recurrent_activation,
                      implementation=case.implementation)
    if case.cell == "GRU":
        kwargs.update(reset_after=case.reset_after)
    layer = getattr(K.layers, case.cell)(**kwargs)

    x = K.Input(shape=(case.time, case.features), batch_size=case.batch, dtype=case.dtype,
                name="x")
    if case.initial_state:
        states = [K.Input(shape=(case.units,), batch_size=case.batch, dtype=case.dtype,
                          name=f"initial_state_{i}") for i in range(case.state_count)]
        inputs = [x, *states]
        y = layer(x, initial_state=states)
    else:
        inputs = x
        y = layer(x)
    outputs = list(y) if case.return_state else y
    return K.Model(inputs=inputs, outputs=outputs), layer


def case_rng(case):
    return np.random.RandomState(zlib.crc32(case.name.encode("utf-8")))


def random_weights(rng, case, layer):
    """Normal weights in get_weights() order: kernel, recurrent_kernel[, bias]."""
    shapes = [w.shape for w in layer.get_weights()]
    stds = [KERNEL_STD, RECURRENT_STD] + ([BIAS_STD] if case.use_bias else [])
    if len(shapes) != len(stds):
        raise AssertionError(f"{case.name}: unexpected weights {shapes}")
    return [rng.normal(0.0, std * case.weight_scale, size=shape).astype(case.dtype)
            for std, shape in zip(stds, shapes)]


def random_inputs(rng, case):
    x = rng.normal(0.0, INPUT_STD, size=(case.batch, case.time, case.features))
    inputs = [x.astype(case.dtype)]
    if case.initial_state:
        inputs += [rng.normal(0.0, INITIAL_STATE_STD, size=(case.batch, case.units))
                   .astype(case.dtype) for _ in range(case.state_count)]
    return inputs


def save_weights(model, case, case_dir):
    if case.weights_format == "keras_weights_h5":
        file_name = "model.weights.h5"
        model.save_weights(str(case_dir / file_name))
    elif case.weights_format == "legacy_h5_model":
        file_name = "model.h5"
        model.save(str(case_dir / file_name))
    elif case.weights_format == "legacy_h5_weights":
        file_name = "weights.h5"
        model.save_weights(str(case_dir / file_name))
    else:
        raise ValueError(case.weights_format)
    return {"file": file_name, "format": case.weights_format}


def keras_path(case, layer):
    """Which code path tf-keras runs on CPU (see tf_keras/layers/rnn/lstm.py and gru.py, the
    `_could_use_gpu_kernel` condition): the fused standard_lstm/standard_gru or the cell."""
    if case.framework == KERAS3 or not case.gated:
        return "cell"
    expected = (case.activation == "tanh" and case.recurrent_activation == "sigmoid"
                and case.use_bias and (case.cell == "LSTM" or case.reset_after))
    if bool(layer._could_use_gpu_kernel) != expected:
        raise AssertionError(f"{case.name}: _could_use_gpu_kernel disagrees with the source")
    if not expected:
        return "cell"
    return "standard_lstm" if case.cell == "LSTM" else "standard_gru"


def implementation_of(case, layer):
    if not case.gated:
        return None  # SimpleRNNCell has no implementation setting
    implementation = layer.cell.implementation
    if implementation != case.implementation:
        raise AssertionError(f"{case.name}: implementation {implementation}")
    return implementation


# ---------------------------------------------------------------------------------------------
# Running and recording
# ---------------------------------------------------------------------------------------------


def as_numpy_list(outputs):
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [np.asarray(o) for o in outputs]


@contextlib.contextmanager
def floatx(K, dtype):
    """Temporarily sets K's floatx. predict() casts every floating input to floatx in both
    frameworks (Keras 3 array_slicing.convert_to_sliceable, tf-keras
    data_adapter._process_tensorlike), which would round float64 inputs to float32."""
    previous = K.backend.floatx()
    K.backend.set_floatx(dtype)
    try:
        yield
    finally:
        K.backend.set_floatx(previous)


def run_model(model, K, case, inputs):
    feed = inputs if case.initial_state else inputs[0]
    called = as_numpy_list(model(feed))
    with floatx(K, case.dtype):
        predicted = as_numpy_list(model.predict(feed, batch_size=case.batch, verbose=0))
    if case.framework == KERAS3 and model.jit_compile:
        raise AssertionError(f"{case.name}: predict() would use XLA")
    for label, arrays in (("call", called), ("predict", predicted)):
        if len(arrays) != len(case.output_names):
            raise AssertionError(f"{case.name}: {label} gave {len(arrays)} outputs")
        for array in arrays:
            if array.dtype != np.dtype(case.dtype) or not np.all(np.isfinite(array)):
                raise AssertionError(f"{case.name}: bad {label} output {array.dtype}")
    return called, predicted


def write_data(path, case, inputs, called, predicted):
    with h5py.File(path, "w") as f:
        f.create_dataset("inputs/x", data=inputs[0])
        for i, state in enumerate(inputs[1:]):
            f.create_dataset(f"inputs/initial_state_{i}", data=state)
        for label, arrays in (("call", called), ("predict", predicted)):
            for k, array in enumerate(arrays):
                f.create_dataset(f"outputs/{label}/{k}", data=array)


def case_json(case, K, layer, weights, common):
    return {
        "name": case.name,
        "framework": case.framework,
        "keras_version": K.__version__,
        "layer": {"class_name": type(layer).__name__, "config": layer.get_config()},
        "implementation": implementation_of(case, layer),
        "keras_path": keras_path(case, layer),
        "dtype": case.dtype,
        "input_shape": [case.batch, case.time, case.features],
        "initial_state": case.initial_state,
        "outputs": case.output_names,
        "weights": weights,
        **common,
    }


def generate_case(case, frameworks, out_dir, common):
    K = frameworks[case.framework]
    K.backend.clear_session()
    rng = case_rng(case)
    model, layer = build_model(K, case)
    layer.set_weights(random_weights(rng, case, layer))
    inputs = random_inputs(rng, case)

    case_dir = out_dir / case.name
    case_dir.mkdir()
    weights = save_weights(model, case, case_dir)
    called, predicted = run_model(model, K, case, inputs)
    write_data(case_dir / "data.h5", case, inputs, called, predicted)
    write_json(case_dir / "case.json", case_json(case, K, layer, weights, common))
    return called, predicted


def write_json(path, obj):
    path.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def prepare_out_dir(out_dir):
    """Empties out_dir, refusing to delete anything that does not look like a fixture tree."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = list(out_dir.iterdir())
    if entries and not (out_dir / "manifest.json").is_file():
        raise SystemExit(f"refusing to empty {out_dir}: not empty and has no manifest.json")
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def call_predict_differences(case, called, predicted):
    """Describes outputs where the eager call and predict() differ bit-wise, else None."""
    diffs = []
    for name, a, b in zip(case.output_names, called, predicted):
        differing = np.count_nonzero(a.view(np.uint8).reshape(a.shape + (-1,))
                                     != b.view(np.uint8).reshape(b.shape + (-1,)), axis=-1)
        count = int(np.count_nonzero(differing))
        if count:
            max_abs = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
            diffs.append(f"{name}: {count}/{a.size} elements, max |diff| {max_abs:.3g}")
    return "; ".join(diffs) or None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture folder to rebuild")
    args = parser.parse_args(argv)

    started = time.monotonic()
    tf, frameworks = load_frameworks()
    common = {"versions": versions(tf, frameworks), "environment": environment()}
    out_dir = args.out.resolve()
    prepare_out_dir(out_dir)

    mismatches = []
    for i, case in enumerate(CASES):
        called, predicted = generate_case(case, frameworks, out_dir, common)
        diff = call_predict_differences(case, called, predicted)
        if diff:
            mismatches.append((case.name, diff))
        print(f"[{i + 1}/{len(CASES)}] {case.name}", flush=True)

    write_json(out_dir / "manifest.json",
               {"generator": GENERATOR, **common, "cases": [case.name for case in CASES]})

    print(f"generated {len(CASES)} cases into {out_dir} in {time.monotonic() - started:.0f} s")
    print(f"eager call vs predict: {len(mismatches)} case(s) differ bit-wise")
    for name, diff in mismatches:
        print(f"  {name}: {diff}")


if __name__ == "__main__":
    main()
