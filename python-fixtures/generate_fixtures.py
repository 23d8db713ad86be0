#!/usr/bin/env python3
"""Regenerates every compat-test fixture from Keras itself.

    generate_fixtures.py [--out DIR] [--match TEXT] [--jobs N]
                                                       default DIR: <repo>/compat-tests/fixtures

Most cases build a Functional model around one recurrent layer (SimpleRNN, LSTM or GRU) with
Keras 3.6.0 (`import keras`) or tf-keras 2.18.0 (`import tf_keras`), sets seeded random weights,
saves them with Keras's own writer and records the layer's outputs for seeded random inputs, both
from an eager call `model(inputs)` and from `model.predict(...)`. Further kinds add masks,
Masking/Embedding before the layer, Bidirectional, RNN(cell)/StackedRNNCells, stateful call
sequences, half and mixed precision, seeded initializers on their own, and one direct step of a
cell, `out, new_states = cell(x, states)` (kind cell_call, no model); the `kind: model`
cases (model_fixtures.py) save whole Sequential/Functional models around recurrent layers in
every Keras file format. The layout is described in FIXTURE_FORMAT.md. DIR is emptied and
rebuilt; running twice gives identical arrays. The real models of models/ are trained by
train_models.py. --match keeps only the cases whose name contains TEXT (for development; the
manifest then lists only those).

The numerical environment (oneDNN off, single-threaded, no GPU) must be fixed before TensorFlow
is imported, so the script re-executes itself with it when the caller did not set it.
--environment tf-defaults records the cases under TensorFlow's own defaults instead (the
variables unset: oneDNN as TensorFlow decides for this CPU, the CPU's best ISA, one thread per
core), with the environment fingerprint of record_case.py in every case.json; such a set is
bit-exact on the machine that recorded it, so CI regenerates it on its own machine.
--stride N keeps every N-th selected case (a smaller set spread over every kind).
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


# Environments a fixture set can be recorded under: the pinned one, or TensorFlow's defaults
# (the variables of FIXTURE_ENV unset, except that no GPU is ever used).
PINNED, TF_DEFAULTS = "pinned", "tf-defaults"
ENVIRONMENTS = (PINNED, TF_DEFAULTS)


def requested_environment(argv):
    """The --environment value among argv (read before argparse: it decides the re-exec)."""
    for i, arg in enumerate(argv):
        if arg == "--environment" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--environment="):
            return arg.split("=", 1)[1]
    return PINNED


def wanted_environment(name):
    """Variable -> value (None: unset) of environment `name`."""
    if name == PINNED:
        return {**FIXTURE_ENV, **QUIET_ENV}
    if name == TF_DEFAULTS:
        return {**{key: None for key in FIXTURE_ENV}, "CUDA_VISIBLE_DEVICES": "", **QUIET_ENV}
    raise SystemExit(f"--environment must be one of {', '.join(ENVIRONMENTS)}, given {name!r}")


def ensure_environment():
    """Re-executes this script with the requested environment (FIXTURE_ENV and QUIET_ENV unless
    --environment says otherwise) unless it is already exact."""
    wanted = wanted_environment(requested_environment(sys.argv[1:]))
    if all(os.environ.get(key) == value for key, value in wanted.items()):
        return
    if "tensorflow" in sys.modules:
        raise RuntimeError("tensorflow was imported before the fixture environment was set")
    env = {key: value for key, value in {**os.environ, **wanted}.items() if value is not None}
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model_fixtures  # noqa: E402
import predict_library  # noqa: E402

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
DTYPE_SHORT = {"float32": "f32", "float64": "f64", "float16": "f16", "bfloat16": "bf16",
               "mixed_float16": "mf16", "mixed_bfloat16": "mbf16"}
# Compute (and output) dtype of the mixed precision policies; their variables are float32.
POLICY_COMPUTE_DTYPE = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
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
EMBEDDING_STD = 0.5
EMBEDDING_VOCABULARY, EMBEDDING_DIM = 11, 4


@dataclasses.dataclass(frozen=True)
class Case:
    framework: str                        # KERAS3 or TF_KERAS
    cell: str                             # "SimpleRNN" | "LSTM" | "GRU"
    batch: int = 3
    time: int = 7
    features: int = 5
    units: int = 6
    dtype: str = "float32"                # input dtype (and layer dtype unless dtype_policy is set)
    activation: str = "tanh"
    recurrent_activation: str = "sigmoid"  # LSTM/GRU only
    use_bias: bool = True
    return_sequences: bool = True
    return_state: bool = False
    go_backwards: bool = False
    initial_state: bool = False
    implementation: int = 2               # LSTM/GRU only; as requested from the constructor
    reset_after: bool = True              # GRU only
    weights_format: str = ""              # assigned by build_cases(); not part of the name
    # Fields of the kinds beyond a single plain layer (FIXTURE_FORMAT.md); the defaults keep the
    # names of the plain layer cases.
    kind: str = "layer"                   # "layer" | "bidirectional" | "stacked" | "stateful"
    mask_pattern: str = ""                # MASK_PATTERNS key: explicit mask input, or zeros/ids
    preprocess: str = ""                  # "" | "masking" | "embedding" (mask from the data)
    zero_output_for_mask: bool = False
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    dtype_policy: str = ""                # "" | "mixed_float16" | "mixed_bfloat16"
    merge_mode: str = "concat"            # bidirectional: concat/sum/mul/ave/none
    backward_activation: str = ""         # bidirectional: explicit backward_layer with it
    cells: tuple = ()                     # stacked: cell classes; one means RNN(cell)
    unroll: bool = False
    time_major: bool = False              # tf-keras only: x is (time, batch, features)
    edge_values: bool = False             # x carries NaN, +-Inf, subnormals, -0.0, huge values

    @property
    def gated(self):
        return self.cell in ("LSTM", "GRU")

    @property
    def name(self):
        if self.kind == "stacked":
            parts = ["stacked" if len(self.cells) > 1 else "rnncell",
                     "-".join(CELL_SHORT[c] for c in self.cells)]
        else:
            parts = [CELL_SHORT[self.cell]]
        if self.kind in ("bidirectional", "stateful"):
            parts.insert(0, {"bidirectional": "bidi", "stateful": "stateful"}[self.kind])
        parts.append(FRAMEWORK_SHORT[self.framework])
        if self.kind == "bidirectional":
            parts.append(self.merge_mode)
            if self.backward_activation:
                parts.append("bwd-" + ACTIVATION_SHORT[self.backward_activation])
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
        if self.mask_pattern:
            parts.append(f"{self.preprocess or 'mask'}-{self.mask_pattern}")
        if self.zero_output_for_mask:
            parts.append("zero")
        if self.unroll:
            parts.append("unroll")
        if self.time_major:
            parts.append("tmajor")
        if self.edge_values:
            parts.append("edges")
        if self.dropout:
            parts.append(f"drop{self.dropout:g}")
        if self.recurrent_dropout:
            parts.append(f"rdrop{self.recurrent_dropout:g}")
        parts += [f"b{self.batch}", f"t{self.time}", f"f{self.features}", f"u{self.units}",
                  DTYPE_SHORT[self.dtype_policy or self.dtype]]
        return "_".join(parts)

    @property
    def weight_scale(self):
        uses_exp = "exponential" in (self.activation,
                                     self.recurrent_activation if self.gated else None)
        return EXPONENTIAL_WEIGHT_SCALE if uses_exp else 1.0

    @property
    def state_names(self):
        """Names of the states the layer returns (and takes as initial_state), in Keras's order."""
        if self.kind == "stacked":
            return [f"cell{i}_{s.removeprefix('state_')}"
                    for i, c in enumerate(self.cells) for s in STATE_NAMES[c]]
        if self.kind == "bidirectional":
            return [f"{direction}_{s.removeprefix('state_')}"
                    for direction in ("forward", "backward") for s in STATE_NAMES[self.cell]]
        return STATE_NAMES[self.cell]

    @property
    def output_names(self):
        if self.kind == "bidirectional" and self.merge_mode == "none":
            outputs = ["output_forward", "output_backward"]
        else:
            outputs = ["output"]
        return outputs + (self.state_names if self.return_state else [])

    @property
    def state_count(self):
        return len(self.state_names)

    @property
    def output_dtype(self):
        return POLICY_COMPUTE_DTYPE.get(self.dtype_policy, self.dtype)


@dataclasses.dataclass(frozen=True)
class InitializerCase:
    """kind "initializer": one seeded initializer called on a shape, no model."""
    framework: str
    class_name: str
    shape: tuple
    dtype: str = "float32"
    seed: int = None                      # None for the deterministic initializers
    kwargs: tuple = ()                    # extra constructor arguments as (key, value) pairs
    kind: str = "initializer"

    @property
    def name(self):
        parts = ["init", FRAMEWORK_SHORT[self.framework], self.class_name.lower()]
        parts += [f"{key}{value}" for key, value in self.kwargs
                  if key not in ("distribution", "mode")]
        parts += [value.replace("_", "") for key, value in self.kwargs
                  if key in ("distribution", "mode")]
        if self.seed is not None:
            parts.append(f"s{self.seed}")
        parts += ["x".join(map(str, self.shape)), DTYPE_SHORT[self.dtype]]
        return "_".join(parts)


@dataclasses.dataclass(frozen=True)
class CellCallCase:
    """kind "cell_call": one direct eager call of a cell, `out, new_states = cell(x, states)`,
    on a cell built on (None, features); no model, no RNN loop."""
    framework: str
    cell: str                             # "SimpleRNN" | "LSTM" | "GRU": the class is cell + "Cell"
    batch: int = 2
    features: int = 4
    units: int = 3
    dtype: str = "float32"
    use_bias: bool = True
    reset_after: bool = True              # GRU only
    bare_state: bool = False              # the state passed as one tensor, not a list (one state)
    kind: str = "cell_call"
    weight_scale: float = 1.0             # as Case.weight_scale (default activations only)

    @property
    def name(self):
        parts = ["cellcall", CELL_SHORT[self.cell], FRAMEWORK_SHORT[self.framework]]
        if self.cell == "GRU" and not self.reset_after:
            parts.append("resetafter0")
        if not self.use_bias:
            parts.append("nobias")
        if self.bare_state:
            parts.append("bare")
        parts += [f"b{self.batch}", f"f{self.features}", f"u{self.units}",
                  DTYPE_SHORT[self.dtype]]
        return "_".join(parts)

    @property
    def state_names(self):
        """The cell's states in Keras's order, without the "state_" prefix: h[, c]."""
        return [s.removeprefix("state_") for s in STATE_NAMES[self.cell]]

    @property
    def output_names(self):
        return ["output"] + [f"new_state_{s}" for s in self.state_names]


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


# --- Kinds beyond a single plain layer (FIXTURE_FORMAT.md, "Case kinds beyond a single layer") ---

def _right(time, length):
    return [1] * length + [0] * (time - length)


def _left(time, length):
    return [0] * (time - length) + [1] * length


def _holes(time, row):
    """Keeps the first and last step; drops every third step in between (shifted per row)."""
    return [0 if 0 < t < time - 1 and (t + row) % 3 == 0 else 1 for t in range(time)]


# Mask patterns, [batch, time] with 1 = keep. Row lengths shrink with the row index.
MASK_PATTERNS = {
    "right": lambda b, t: [_right(t, max(1, t - 2 * i)) for i in range(b)],
    "left": lambda b, t: [_left(t, max(1, t - 2 * i)) for i in range(b)],
    "holes": lambda b, t: [_holes(t, i) for i in range(b)],
    "full_row": lambda b, t: [[0] * t if i == 1 else _right(t, t - i) for i in range(b)],
    "mixed": lambda b, t: [_right(t, t - 2), _left(t, t - 3), _holes(t, 0), [0] * t][:b],
}


def mask_array(case):
    return np.array(MASK_PATTERNS[case.mask_pattern](case.batch, case.time), dtype=np.uint8)


def mask_cases(base):
    """Explicit mask input: every pattern with full sequences, then flags combined with masks."""
    masked = dataclasses.replace(base, batch=4)
    cases = [dataclasses.replace(masked, mask_pattern=p) for p in MASK_PATTERNS]
    if base.framework == KERAS3 and base.cell == "LSTM":
        cases[0] = dataclasses.replace(cases[0], time=20)  # the one long case
    mixed = dataclasses.replace(masked, mask_pattern="mixed")
    return cases + [
        dataclasses.replace(mixed, go_backwards=True, zero_output_for_mask=True),
        dataclasses.replace(mixed, return_sequences=False, return_state=True, initial_state=True),
    ]


def preprocess_cases(framework):
    """Masking(0.0) or Embedding(mask_zero=True) before the layer; the mask comes from the data."""
    masking = Case(framework=framework, cell="LSTM", batch=4, preprocess="masking")
    embedding = dataclasses.replace(masking, preprocess="embedding", features=EMBEDDING_DIM)
    return [
        dataclasses.replace(masking, mask_pattern="left"),
        dataclasses.replace(masking, mask_pattern="full_row", return_sequences=False,
                            return_state=True),
        dataclasses.replace(masking, cell="GRU", mask_pattern="mixed"),
        dataclasses.replace(masking, cell="SimpleRNN", mask_pattern="right", go_backwards=True),
        dataclasses.replace(embedding, mask_pattern="mixed"),
        dataclasses.replace(embedding, cell="GRU", mask_pattern="left", return_sequences=False),
        dataclasses.replace(embedding, cell="SimpleRNN", mask_pattern="full_row"),
        dataclasses.replace(embedding, cell="GRU", mask_pattern="right", go_backwards=True,
                            return_state=True),
    ]


# Per cell, the merge modes of the two single-merge-mode cases (between them all modes occur).
BIDI_MERGE_MODES = {"LSTM": ("sum", "ave"), "GRU": ("mul", "sum"), "SimpleRNN": ("ave", "mul")}
BACKWARD_ACTIVATION = {"LSTM": "softsign", "GRU": "relu", "SimpleRNN": "relu"}


def bidirectional_cases(base):
    bidi = dataclasses.replace(base, kind="bidirectional")
    seq_mode, last_mode = BIDI_MERGE_MODES[base.cell]
    return [
        bidi,
        dataclasses.replace(bidi, merge_mode=seq_mode),
        dataclasses.replace(bidi, merge_mode=last_mode, return_sequences=False),
        dataclasses.replace(bidi, merge_mode="none", return_state=True),
        dataclasses.replace(bidi, return_sequences=False, return_state=True, initial_state=True),
        dataclasses.replace(bidi, batch=4, mask_pattern="mixed", return_state=True),
        dataclasses.replace(bidi, merge_mode="sum",
                            backward_activation=BACKWARD_ACTIVATION[base.cell]),
    ]


def stacked_cases(framework):
    single = Case(framework=framework, cell="LSTM", kind="stacked")
    mixed = dataclasses.replace(single, cells=("LSTM", "GRU", "SimpleRNN"))
    return [
        dataclasses.replace(single, cells=("LSTM",)),
        dataclasses.replace(single, cell="GRU", cells=("GRU",), return_sequences=False,
                            return_state=True),
        dataclasses.replace(single, cell="SimpleRNN", cells=("SimpleRNN",), go_backwards=True),
        mixed,
        dataclasses.replace(mixed, return_sequences=False, return_state=True),
        dataclasses.replace(mixed, go_backwards=True),
        dataclasses.replace(single, cells=("LSTM", "LSTM"), return_state=True),
    ]


# Stateful cases: one eager call per step, reset_states() before the steps marked True.
STATEFUL_RESETS = (False, False, True)


def stateful_cases(framework):
    base = Case(framework=framework, cell="LSTM", kind="stateful")
    return [
        dataclasses.replace(base, cell="SimpleRNN"),
        base,
        dataclasses.replace(base, cell="GRU"),
        dataclasses.replace(base, return_sequences=False, return_state=True),
        dataclasses.replace(base, cell="GRU", dtype="float64"),
    ]


def dtype_cases(base):
    """Half precision layers (inputs in that dtype) and mixed precision policies (float32 inputs)."""
    return [
        dataclasses.replace(base, dtype="float16", return_state=True),
        dataclasses.replace(base, dtype="bfloat16"),
        dataclasses.replace(base, dtype_policy="mixed_float16", return_state=True),
        dataclasses.replace(base, dtype_policy="mixed_bfloat16"),
    ]


def legacy_default_cases(framework):
    """Standalone-Keras-2.2-style defaults: hard_sigmoid gates, implementation 1, GRU reset_after
    False (tf-keras only: Keras 3 hard_sigmoid is a different function)."""
    lstm = Case(framework=framework, cell="LSTM", recurrent_activation="hard_sigmoid",
                implementation=1)
    gru = dataclasses.replace(lstm, cell="GRU", reset_after=False)
    return [
        dataclasses.replace(lstm, return_sequences=False, return_state=True),
        dataclasses.replace(lstm, batch=2, return_state=True, initial_state=True),
        gru,
        dataclasses.replace(gru, return_sequences=False, return_state=True, go_backwards=True),
    ]


def dropout_cases(framework):
    """dropout / recurrent_dropout in the config: inference is unchanged."""
    base = Case(framework=framework, cell="LSTM", dropout=0.3)
    both = dataclasses.replace(base, recurrent_dropout=0.2)
    return [
        base,
        both,
        dataclasses.replace(both, cell="GRU", return_sequences=False, return_state=True),
        dataclasses.replace(base, cell="GRU"),
        dataclasses.replace(both, cell="SimpleRNN"),
    ]


def initializer_cases(framework):
    I = InitializerCase
    cases = [
        I(framework, "GlorotUniform", (6, 24), seed=1),
        I(framework, "GlorotUniform", (5, 5), "float64", seed=42),
        I(framework, "GlorotNormal", (24, 6), seed=1337),
        I(framework, "Orthogonal", (6, 24), seed=1),
        I(framework, "Orthogonal", (24, 6), seed=42),
        I(framework, "Orthogonal", (5, 5), seed=1337, kwargs=(("gain", 2.0),)),
        I(framework, "Orthogonal", (6, 24), "float64", seed=42, kwargs=(("gain", 2.0),)),
        I(framework, "RandomUniform", (4, 6), seed=42, kwargs=(("minval", -0.2), ("maxval", 0.3))),
        I(framework, "RandomNormal", (4, 6), "float64", seed=1,
          kwargs=(("mean", 0.1), ("stddev", 0.5))),
        I(framework, "TruncatedNormal", (6, 24), seed=1337),
        I(framework, "HeUniform", (5, 7), seed=42),
        I(framework, "HeNormal", (5, 7), "float64", seed=42),
        I(framework, "LecunUniform", (24, 6), seed=1),
        I(framework, "LecunNormal", (24, 6), seed=1337),
        I(framework, "VarianceScaling", (6, 24), seed=42,
          kwargs=(("scale", 2.0), ("mode", "fan_out"), ("distribution", "uniform"))),
        I(framework, "VarianceScaling", (5, 7), "float64", seed=1,
          kwargs=(("scale", 0.5), ("mode", "fan_avg"), ("distribution", "truncated_normal"))),
        I(framework, "Zeros", (3, 4)),
        I(framework, "Ones", (3, 4), "float64"),
        I(framework, "Identity", (5, 5)),
        # Keras 3.6's Identity has no get_config(): a gain would be lost from the recorded config
        # (Keras itself would reload it with gain 1), so only tf-keras records a non-default gain.
        I(framework, "Identity", (4, 6), "float64",
          kwargs=(("gain", 2.0),) if framework == TF_KERAS else ()),
        I(framework, "Constant", (3, 4), kwargs=(("value", 0.7),)),
    ]
    return cases


def cell_call_cases(framework):
    """The one-step cell call of the cell docs, `cell = SimpleRNNCell(3)` built on (None, 4), per
    cell type (GRU with reset_after both ways); Keras 3 also without bias and with a bare state."""
    C = CellCallCase
    cases = [C(framework, "SimpleRNN"), C(framework, "LSTM"), C(framework, "GRU"),
             C(framework, "GRU", reset_after=False)]
    if framework == KERAS3:
        cases += [C(framework, "LSTM", use_bias=False), C(framework, "SimpleRNN", bare_state=True)]
    return cases


def loop_option_cases(framework):
    """unroll=True (a Python loop instead of a while loop; tf-keras then leaves its fused path)
    and, in tf-keras, time_major=True ((time, batch, features) in and out)."""
    mixed = Case(framework=framework, cell="LSTM", batch=4, mask_pattern="mixed", unroll=True)
    cases = [
        mixed,
        dataclasses.replace(mixed, cell="GRU", zero_output_for_mask=True),
        Case(framework=framework, cell="SimpleRNN", unroll=True, return_state=True),
    ]
    if framework == TF_KERAS:
        # Only full time-major sequences: predict() batches along the first axis of every input
        # and output, which is time here, so batch-major states or last outputs would not fit.
        major = Case(framework=framework, cell="LSTM", time_major=True)
        cases += [
            major,
            dataclasses.replace(major, cell="GRU", recurrent_activation="hard_sigmoid"),
            dataclasses.replace(major, cell="SimpleRNN", go_backwards=True),
            dataclasses.replace(major, kind="bidirectional", merge_mode="concat"),
        ]
    return cases


def edge_value_cases(framework):
    """Numbers at the edges in x (edge_inputs): NaN, +-Inf, subnormals, +-0.0 and values whose
    products overflow, through each cell, a mask that hides a NaN step, Masking on -0.0 steps,
    and Bidirectional."""
    edges = Case(framework=framework, cell="LSTM", batch=4, edge_values=True)
    return [
        edges,
        dataclasses.replace(edges, cell="GRU", return_sequences=False, return_state=True),
        dataclasses.replace(edges, cell="GRU", reset_after=False, go_backwards=True),
        dataclasses.replace(edges, cell="SimpleRNN", activation="relu", return_state=True),
        dataclasses.replace(edges, mask_pattern="holes"),
        dataclasses.replace(edges, cell="GRU", preprocess="masking", mask_pattern="mixed"),
        dataclasses.replace(edges, kind="bidirectional", merge_mode="concat"),
    ]


def edge_inputs(x, case):
    """Puts edge values into x [batch, time, features] at fixed places: row 0 a NaN at step 3
    (the step the "holes" mask hides in row 0), row 1 +Inf and -Inf, row 2 subnormals, -0.0 and
    values near the float32 maximum, row 3 a NaN and an Inf in one step."""
    x = x.copy()
    tiny = np.finfo(np.float32).smallest_subnormal
    x[0, 3, 0] = np.nan
    x[1, 1, 1] = np.inf
    x[1, 4, 2] = -np.inf
    x[2, 0, :] = [tiny, -tiny, 1e-39, -1e-40, 1e-44][:case.features]
    x[2, 2, :] = -0.0
    x[2, 2, 0] = 0.0
    x[2, 5, 0] = 3.0e38
    x[2, 5, 1] = -3.0e38
    if case.batch > 3:
        x[3, 2, 0] = np.nan
        x[3, 2, 1] = -np.inf
    return x


def weights_format(case, index_in_framework):
    if case.framework == KERAS3:
        return "keras_weights_h5"
    return "legacy_h5_model" if index_in_framework % 2 == 0 else "legacy_h5_weights"


def build_cases():
    """The plain layer cases first (unchanged since the first fixture set), then the other kinds."""
    cases = []
    for framework in (KERAS3, TF_KERAS):
        framework_cases = []
        for cell in ("SimpleRNN", "LSTM", "GRU"):
            base = Case(framework=framework, cell=cell)
            framework_cases += [base, *activation_cases(base), *structure_cases(base),
                                *shape_cases(base), *float64_cases(base), *combined_cases(base)]
        cases += [dataclasses.replace(case, weights_format=weights_format(case, i))
                  for i, case in enumerate(framework_cases)]
    for framework in (KERAS3, TF_KERAS):
        bases = [Case(framework=framework, cell=cell) for cell in ("SimpleRNN", "LSTM", "GRU")]
        framework_cases = [
            *(c for base in bases for c in mask_cases(base)),
            *preprocess_cases(framework),
            *(c for base in bases for c in bidirectional_cases(base)),
            *stacked_cases(framework),
            *stateful_cases(framework),
            *(c for base in bases for c in dtype_cases(base)),
            *(legacy_default_cases(framework) if framework == TF_KERAS else []),
            *dropout_cases(framework),
            *loop_option_cases(framework),
            *edge_value_cases(framework),
        ]
        cases += [dataclasses.replace(case, weights_format=weights_format(case, i))
                  for i, case in enumerate(framework_cases)]
    for framework in (KERAS3, TF_KERAS):
        cases += initializer_cases(framework)
    for framework in (KERAS3, TF_KERAS):
        cases += cell_call_cases(framework)
    names = [case.name for case in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise AssertionError(f"duplicate case names: {duplicates}")
    return cases


def all_cases():
    """Every case, the whole-model cases (model_fixtures.py) last."""
    cases = build_cases() + model_fixtures.model_cases()
    names = [case.name for case in cases]
    if len(set(names)) != len(names):
        raise AssertionError("duplicate case names")
    return cases


CASES = all_cases()

# ---------------------------------------------------------------------------------------------
# Frameworks and environment
# ---------------------------------------------------------------------------------------------


def load_frameworks():
    """Imports TensorFlow and both Keras versions (after ensure_environment())."""
    import tensorflow as tf
    if requested_environment(sys.argv[1:]) == PINNED:
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
    """The variables of FIXTURE_ENV as this process has them (None: unset)."""
    return {key: os.environ.get(key) for key in FIXTURE_ENV}


def recorded_terms(tf):
    """What every case.json records about the environment: the variables, and under TensorFlow's
    defaults also the fingerprint (what TensorFlow ran with on this machine, as record_case.py
    records it for a user's model)."""
    terms = {"environment": environment()}
    if requested_environment(sys.argv[1:]) != PINNED:
        import record_case
        terms["environment_name"] = requested_environment(sys.argv[1:])
        terms["fingerprint"] = record_case.fingerprint(tf)
    return terms


# ---------------------------------------------------------------------------------------------
# Model, weights, inputs
# ---------------------------------------------------------------------------------------------


def np_dtype(name):
    """NumPy dtype of a dtype name; bfloat16 is ml_dtypes' (what TensorFlow's .numpy() gives)."""
    if name == "bfloat16":
        import ml_dtypes
        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(name)


def layer_kwargs(case, **overrides):
    """Constructor arguments of the recurrent layer; only non-default extras are passed."""
    kwargs = dict(units=case.units, activation=case.activation, use_bias=case.use_bias,
                  return_sequences=case.return_sequences, return_state=case.return_state,
                  go_backwards=case.go_backwards, dtype=case.dtype_policy or case.dtype,
                  name=LAYER_NAME[case.cell])
    if case.gated:
        kwargs.update(recurrent_activation=case.recurrent_activation,
                      implementation=case.implementation)
    if case.cell == "GRU":
        kwargs.update(reset_after=case.reset_after)
    if case.zero_output_for_mask:
        kwargs.update(zero_output_for_mask=True)
    if case.dropout:
        kwargs.update(dropout=case.dropout)
    if case.recurrent_dropout:
        kwargs.update(recurrent_dropout=case.recurrent_dropout)
    if case.kind == "stateful":
        kwargs.update(stateful=True)
    if case.unroll:
        kwargs.update(unroll=True)
    if case.time_major:
        kwargs.update(time_major=True)
    if case.dtype == "bfloat16":
        # The default "orthogonal" needs tf.linalg.qr, which has no bfloat16 kernel; the initial
        # values are overwritten by set_weights() anyway.
        kwargs.update(recurrent_initializer="glorot_uniform")
    kwargs.update(overrides)
    return kwargs


def recurrent_layer(K, case, **overrides):
    return getattr(K.layers, case.cell)(**layer_kwargs(case, **overrides))


def bidirectional_layer(K, case):
    backward = None
    if case.backward_activation:
        backward = recurrent_layer(K, case, activation=case.backward_activation,
                                   go_backwards=True, name="backward_" + LAYER_NAME[case.cell])
    return K.layers.Bidirectional(recurrent_layer(K, case), backward_layer=backward,
                                  merge_mode=None if case.merge_mode == "none" else case.merge_mode,
                                  name="bidirectional")


def stacked_layer(K, case):
    cells = [getattr(K.layers, c + "Cell")(case.units, dtype=case.dtype) for c in case.cells]
    cell = cells[0] if len(cells) == 1 else K.layers.StackedRNNCells(cells)
    return K.layers.RNN(cell, return_sequences=case.return_sequences,
                        return_state=case.return_state, go_backwards=case.go_backwards,
                        dtype=case.dtype, name="rnn")


LAYER_BUILDERS = {"layer": recurrent_layer, "stateful": recurrent_layer,
                  "bidirectional": bidirectional_layer, "stacked": stacked_layer}


def has_mask_input(case):
    return bool(case.mask_pattern) and not case.preprocess


def input_names(case):
    """Model inputs in feed order; also the data.h5 /inputs names."""
    names = ["x"] + (["mask"] if has_mask_input(case) else [])
    return names + [f"initial_state_{i}" for i in range(case.state_count if case.initial_state
                                                          else 0)]


def preprocess_layer(K, case):
    if case.preprocess == "masking":
        return K.layers.Masking(mask_value=0.0, name="masking")
    if case.preprocess == "embedding":
        return K.layers.Embedding(EMBEDDING_VOCABULARY, EMBEDDING_DIM, mask_zero=True,
                                  name="embedding")
    return None


def build_model(K, case):
    """Input(s) -> [Masking | Embedding] -> recurrent layer -> output(s), as a Functional model.
    Returns the model, the recurrent layer (or Bidirectional / RNN) and the preprocessing layer."""
    import tensorflow as tf
    if case.preprocess == "embedding":
        x = K.Input(shape=(case.time,), batch_size=case.batch, dtype="int32", name="x")
    elif case.time_major:
        x = K.Input(shape=(case.batch, case.features), batch_size=case.time, dtype=case.dtype,
                    name="x")
    else:
        x = K.Input(shape=(case.time, case.features), batch_size=case.batch, dtype=case.dtype,
                    name="x")
    inputs = [x]
    call_kwargs = {}
    if has_mask_input(case):
        call_kwargs["mask"] = K.Input(shape=(case.time,), batch_size=case.batch, dtype="bool",
                                      name="mask")
        inputs.append(call_kwargs["mask"])
    if case.initial_state:
        call_kwargs["initial_state"] = [
            K.Input(shape=(case.units,), batch_size=case.batch, dtype=case.dtype, name=name)
            for name in input_names(case) if name.startswith("initial_state_")]
        inputs += call_kwargs["initial_state"]
    preprocess = preprocess_layer(K, case)
    layer = LAYER_BUILDERS[case.kind](K, case)
    y = layer(preprocess(x) if preprocess else x, **call_kwargs)
    # Keras 3 RNN(StackedRNNCells) returns the states nested per cell; outputs are flat.
    outputs = tf.nest.flatten(y) if isinstance(y, (list, tuple)) else y
    return K.Model(inputs=inputs[0] if len(inputs) == 1 else inputs, outputs=outputs), layer, \
        preprocess


def case_rng(case):
    return np.random.RandomState(zlib.crc32(case.name.encode("utf-8")))


def variable_name(variable):
    return getattr(variable, "path", None) or variable.name  # Keras 3 path, tf-keras name


def weight_std(case, variable):
    name = variable_name(variable).split("/")[-1].split(":")[0]
    stds = {"kernel": KERNEL_STD, "recurrent_kernel": RECURRENT_STD, "bias": BIAS_STD}
    if name == "embeddings":
        return EMBEDDING_STD
    if name not in stds:
        raise AssertionError(f"{case.name}: unexpected weight {variable_name(variable)}")
    return stds[name] * case.weight_scale


def random_weights(rng, case, model):
    """Normal weights for every model weight in get_weights() order (kernel, recurrent_kernel[,
    bias] per cell), each in its variable's dtype (float32 under mixed precision policies)."""
    current = model.get_weights()
    if len(current) != len(model.weights):
        raise AssertionError(f"{case.name}: get_weights() and weights disagree")
    return [rng.normal(0.0, weight_std(case, v), size=w.shape).astype(w.dtype)
            for v, w in zip(model.weights, current)]


def random_x(rng, case):
    if case.preprocess == "embedding":
        ids = rng.randint(1, EMBEDDING_VOCABULARY, size=(case.batch, case.time))
        return (ids * mask_array(case)).astype(np.int32)  # 0 = padding
    x = rng.normal(0.0, INPUT_STD, size=(case.batch, case.time, case.features))
    if case.edge_values:
        x = edge_inputs(x.astype(np.float32), case)
    if case.time_major:
        x = x.transpose(1, 0, 2)
    if case.preprocess == "masking":
        # Whole timesteps of +0.0 (of -0.0 with edge values: Masking compares with ==, so they
        # are masked too)
        x = np.where(mask_array(case)[:, :, None] == 1, x, -0.0 if case.edge_values else 0.0)
    return x.astype(np_dtype(case.dtype))


def random_inputs(rng, case):
    """Inputs in input_names() order: x[, mask][, initial states]."""
    inputs = [random_x(rng, case)]
    if has_mask_input(case):
        inputs.append(mask_array(case).astype(bool))
    if case.initial_state:
        inputs += [rng.normal(0.0, INITIAL_STATE_STD, size=(case.batch, case.units))
                   .astype(np_dtype(case.dtype)) for _ in range(case.state_count)]
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


def keras_path(framework, layer):
    """Which code path tf-keras runs on CPU (see tf_keras/layers/rnn/lstm.py and gru.py, the
    `_could_use_gpu_kernel` condition): the fused standard_lstm/standard_gru or the cell."""
    cell = type(layer).__name__
    if framework == KERAS3 or cell not in ("LSTM", "GRU"):
        return "cell"
    config = layer.get_config()
    expected = (config["activation"] == "tanh" and config["recurrent_activation"] == "sigmoid"
                and config["use_bias"] and config["recurrent_dropout"] == 0
                and not config["unroll"] and (cell == "LSTM" or config["reset_after"]))
    if bool(layer._could_use_gpu_kernel) != expected:
        raise AssertionError(f"{layer.name}: _could_use_gpu_kernel disagrees with the source")
    if not expected:
        return "cell"
    return "standard_lstm" if cell == "LSTM" else "standard_gru"


def implementation_of(case, layer):
    """cell.implementation after construction: tf-keras forces 1 when recurrent_dropout > 0
    (LSTMCell / GRUCell __init__); Keras 3.6 keeps what was asked."""
    if not case.gated:
        return None  # SimpleRNNCell has no implementation setting
    expected = 1 if case.framework == TF_KERAS and case.recurrent_dropout else case.implementation
    implementation = layer.cell.implementation
    if implementation != expected:
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


def predict_floatx(case):
    """floatx during predict(): the input dtype. tf-keras refuses floatx "bfloat16"; it leaves
    bfloat16 arrays alone anyway (ml_dtypes.bfloat16 is no np.floating subclass)."""
    if case.framework == TF_KERAS and case.dtype == "bfloat16":
        return "float32"
    return case.dtype


def check_outputs(case, label, arrays):
    if len(arrays) != len(case.output_names):
        raise AssertionError(f"{case.name}: {label} gave {len(arrays)} outputs")
    for array in arrays:
        if (array.dtype != np_dtype(case.output_dtype)
                or not (case.edge_values or np.all(np.isfinite(array.astype(np.float64))))):
            raise AssertionError(f"{case.name}: bad {label} output {array.dtype}")


def predict_batch_size(case):
    """predict() batches along the first axis, which is time for a time-major layer."""
    return case.time if case.time_major else case.batch


def run_model(model, K, case, inputs, predict_model):
    """model(inputs) eagerly, then predict() on `predict_model` (the model freshly loaded)."""
    feed = inputs if len(inputs) > 1 else inputs[0]
    called = as_numpy_list(model(feed))
    with floatx(K, predict_floatx(case)):
        predicted = as_numpy_list(predict_model.predict(feed, batch_size=predict_batch_size(case),
                                                        verbose=0))
    if case.framework == KERAS3 and predict_model.jit_compile:
        raise AssertionError(f"{case.name}: predict() would use XLA")
    check_outputs(case, "call", called)
    check_outputs(case, "predict", predicted)
    return called, predicted


def reload_model(K, case, model, weights_file, layer):
    """The model as a user loads it back: model_from_json(model.to_json()) + load_weights, with
    the in-memory cell implementation restored (Keras 3 does not save it)."""
    import tensorflow as tf
    fresh = K.models.model_from_json(model.to_json())
    if case.framework != KERAS3 and case.dtype == "bfloat16":
        # tf-keras cannot read back its own bfloat16 weights file ("No cast function available"
        # in batch_set_value); the values it saved are set from memory instead.
        fresh.set_weights(model.get_weights())
    else:
        fresh.load_weights(str(weights_file))
    if case.framework == KERAS3 and case.kind != "stacked":
        fresh_layer = fresh.get_layer(layer.name)
        pairs = [(layer, fresh_layer)]
        if case.kind == "bidirectional":
            pairs = [(layer.forward_layer, fresh_layer.forward_layer),
                     (layer.backward_layer, fresh_layer.backward_layer)]
        for old, new in pairs:
            if hasattr(old.cell, "implementation"):
                new.cell.implementation = old.cell.implementation
    for a, b in zip(model.get_weights(), fresh.get_weights()):
        if a.tobytes() != b.tobytes():
            raise AssertionError(f"{case.name}: reloaded weights differ")
    del tf
    return fresh


def write_array(f, path, array):
    """Writes one dataset; bool as uint8, bfloat16 as its uint16 bits with attr dtype=bfloat16."""
    array = np.asarray(array)
    if array.dtype == np.bool_:
        f.create_dataset(path, data=array.astype(np.uint8))
    elif array.dtype == np_dtype("bfloat16"):
        f.create_dataset(path, data=array.view(np.uint16)).attrs["dtype"] = "bfloat16"
    else:
        f.create_dataset(path, data=array)


def write_data(path, case, inputs, called, predicted):
    with h5py.File(path, "w") as f:
        for name, array in zip(input_names(case), inputs):
            write_array(f, f"inputs/{name}", array)
        for label, arrays in (("call", called), ("predict", predicted)):
            for k, array in enumerate(arrays):
                write_array(f, f"outputs/{label}/{k}", array)


def layer_description(layer):
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def case_json(case, K, layer, preprocess, weights, common):
    doc = {"name": case.name}
    if case.kind != "layer":
        doc["kind"] = case.kind
    main_layer = layer.forward_layer if case.kind == "bidirectional" else layer
    doc.update({
        "framework": case.framework,
        "keras_version": K.__version__,
        "layer": layer_description(layer),
        "implementation": None if case.kind == "stacked" else implementation_of(case, main_layer),
        "keras_path": keras_path(case.framework, main_layer),
        "dtype": case.dtype,
        "input_shape": ([case.batch, case.time] if case.preprocess == "embedding"
                        else [case.time, case.batch, case.features] if case.time_major
                        else [case.batch, case.time, case.features]),
        "initial_state": case.initial_state,
        "outputs": case.output_names,
        "weights": weights,
    })
    if case.kind == "bidirectional":
        doc["backward_keras_path"] = keras_path(case.framework, layer.backward_layer)
    if has_mask_input(case):
        doc.update(mask=True, mask_pattern=case.mask_pattern)
    if preprocess is not None:
        doc.update(preprocess=layer_description(preprocess), mask_pattern=case.mask_pattern)
    if case.dtype_policy:
        doc.update(dtype_policy=case.dtype_policy, output_dtype=case.output_dtype)
    if case.kind == "stateful":
        doc["steps"] = [{"reset_before": reset} for reset in STATEFUL_RESETS]
    doc.update(common)
    return doc


def build_with_weights(case, K):
    K.backend.clear_session()
    rng = case_rng(case)
    model, layer, preprocess = build_model(K, case)
    model.set_weights(random_weights(rng, case, model))
    return rng, model, layer, preprocess


def generate_model_case(case, K, case_dir, common):
    """Kinds layer, bidirectional, stacked: one eager call and one predict()."""
    rng, model, layer, preprocess = build_with_weights(case, K)
    inputs = random_inputs(rng, case)
    weights = save_weights(model, case, case_dir)
    fresh = reload_model(K, case, model, case_dir / weights["file"], layer)
    called, predicted = run_model(model, K, case, inputs, fresh)
    predict = predict_library.record(fresh, case_dir, predict_batch_size(case))
    write_data(case_dir / "data.h5", case, inputs, called, predicted)
    doc = case_json(case, K, layer, preprocess, weights, common)
    doc["predict"] = predict
    doc["model_config"] = write_model_config(model, case_dir)
    write_json(case_dir / "case.json", doc)
    return called, predicted


def write_model_config(model, case_dir):
    """The whole Functional model around the layer, as model.to_json() writes it (the weights
    file holds all its weights), so that the case also loads as a model."""
    config = json.loads(model.to_json())
    write_json(case_dir / "model_config.json", config)
    return "model_config.json"


def generate_stateful_case(case, K, case_dir, common):
    """Eager calls in order on one stateful model, reset_states() before the marked steps."""
    rng, model, layer, preprocess = build_with_weights(case, K)
    weights = save_weights(model, case, case_dir)
    if any(np.any(np.asarray(state)) for state in layer.states):
        raise AssertionError(f"{case.name}: states not zero before the first step")
    with h5py.File(case_dir / "data.h5", "w") as f:
        for i, reset in enumerate(STATEFUL_RESETS):
            x = random_x(rng, case)
            if reset:
                layer.reset_states()  # Keras 3.6: alias of reset_state()
            outputs = as_numpy_list(model(x))
            check_outputs(case, f"step {i}", outputs)
            write_array(f, f"steps/{i}/x", x)
            for k, array in enumerate(outputs):
                write_array(f, f"steps/{i}/outputs/{k}", array)
    doc = case_json(case, K, layer, preprocess, weights, common)
    doc["model_config"] = write_model_config(model, case_dir)
    write_json(case_dir / "case.json", doc)
    return None, None


def generate_initializer_case(case, K, case_dir, common):
    kwargs = dict(case.kwargs)
    if case.seed is not None:
        kwargs["seed"] = case.seed
    initializer = getattr(K.initializers, case.class_name)(**kwargs)
    value = np.asarray(initializer(case.shape, dtype=case.dtype))
    if value.dtype != np.dtype(case.dtype) or value.shape != case.shape:
        raise AssertionError(f"{case.name}: got {value.dtype} {value.shape}")
    with h5py.File(case_dir / "data.h5", "w") as f:
        write_array(f, "outputs/value", value)
    write_json(case_dir / "case.json", {
        "name": case.name,
        "kind": case.kind,
        "framework": case.framework,
        "keras_version": K.__version__,
        "initializer": {"class_name": type(initializer).__name__,
                        "config": initializer.get_config()},
        "shape": list(case.shape),
        "dtype": case.dtype,
        **common,
    })
    return None, None


def structure_of(value):
    """How Keras nested a value it returned: "list", "tuple" or "tensor"."""
    if isinstance(value, list):
        return "list"
    if isinstance(value, tuple):
        return "tuple"
    return "tensor"


def generate_cell_call_case(case, K, case_dir, common):
    """kind "cell_call": `cell = <Cell>(units)`, `cell.build((None, features))`, random weights
    set with `cell.set_weights`, then one eager `out, new_states = cell(x, states)`. A cell has
    no save_weights of its own, so its weights go to data.h5 (/weights/<i>, get_weights order)."""
    import tensorflow as tf
    K.backend.clear_session()
    rng = case_rng(case)
    kwargs = dict(use_bias=case.use_bias, dtype=case.dtype)
    if case.cell == "GRU":
        kwargs.update(reset_after=case.reset_after)
    cell = getattr(K.layers, case.cell + "Cell")(case.units, **kwargs)
    cell.build((None, case.features))
    current = cell.get_weights()
    if len(current) != len(cell.weights):
        raise AssertionError(f"{case.name}: get_weights() and weights disagree")
    weights = [rng.normal(0.0, weight_std(case, v), size=w.shape).astype(w.dtype)
               for v, w in zip(cell.weights, current)]
    cell.set_weights(weights)
    if any(a.tobytes() != b.tobytes() for a, b in zip(weights, cell.get_weights())):
        raise AssertionError(f"{case.name}: set_weights did not take")
    dtype = np_dtype(case.dtype)
    x = rng.normal(0.0, INPUT_STD, size=(case.batch, case.features)).astype(dtype)
    states = [rng.normal(0.0, INITIAL_STATE_STD, size=(case.batch, case.units)).astype(dtype)
              for _ in case.state_names]
    if case.bare_state and len(states) != 1:
        raise AssertionError(f"{case.name}: a bare state needs a cell with one state")
    # Tensors, not arrays: tf-keras converts only the first argument, and its backend.dot fails
    # on a NumPy state ("'tuple' object has no attribute 'rank'"); Keras 3 converts both.
    state_tensors = [tf.constant(s) for s in states]
    out, new_states = cell(tf.constant(x), state_tensors[0] if case.bare_state else state_tensors)
    returned = structure_of(new_states)
    flat = [new_states] if returned == "tensor" else list(new_states)
    arrays = [np.asarray(out)] + [np.asarray(t) for t in flat]
    if structure_of(out) != "tensor" or len(flat) != len(case.state_names):
        raise AssertionError(f"{case.name}: returned {structure_of(out)}, {len(flat)} states")
    for array in arrays:
        if (array.dtype != dtype or array.shape != (case.batch, case.units)
                or not np.all(np.isfinite(array))):
            raise AssertionError(f"{case.name}: bad output {array.dtype} {array.shape}")
    if arrays[0].tobytes() != arrays[1].tobytes():
        raise AssertionError(f"{case.name}: output != new_states[0]")
    with h5py.File(case_dir / "data.h5", "w") as f:
        for i, w in enumerate(cell.get_weights()):
            write_array(f, f"weights/{i}", w)
        write_array(f, "inputs/x", x)
        for i, state in enumerate(states):
            write_array(f, f"inputs/state_{i}", state)
        for k, array in enumerate(arrays):
            write_array(f, f"outputs/call/{k}", array)
    names = ", ".join(f"state_{s}" for s in case.state_names)
    write_json(case_dir / "case.json", {
        "name": case.name,
        "kind": case.kind,
        "framework": case.framework,
        "keras_version": K.__version__,
        "cell": layer_description(cell),
        "implementation": getattr(cell, "implementation", None),
        "dtype": case.dtype,
        "build_input_shape": [None, case.features],
        "input_shape": [case.batch, case.features],
        "state_names": case.state_names,
        "call": {
            "expression": f"out, new_states = cell(x, {names if case.bare_state else f'[{names}]'})",
            "states_argument": "tensor" if case.bare_state else "list",
            "returned_output": structure_of(out),
            "returned_new_states": returned,
            "output_is_new_states_0": flat[0] is out,
        },
        "outputs": case.output_names,
        "weights": {"file": "data.h5", "group": "weights",
                    "names": [variable_name(v).split("/")[-1].split(":")[0]
                              for v in cell.weights]},
        **common,
    })
    return None, None


def generate_whole_model_case(case, K, case_dir, common):
    """kind "model": model_fixtures.py."""
    return model_fixtures.generate_model_case(case, K, case_dir, common)


CASE_GENERATORS = {"layer": generate_model_case, "bidirectional": generate_model_case,
                   "stacked": generate_model_case, "stateful": generate_stateful_case,
                   "initializer": generate_initializer_case, "cell_call": generate_cell_call_case,
                   "model": generate_whole_model_case}


def generate_case(case, frameworks, out_dir, common):
    """Returns (eager outputs, predict outputs, output names), the outputs None for kinds
    without predict()."""
    case_dir = out_dir / case.name
    case_dir.mkdir()
    result = CASE_GENERATORS[case.kind](case, frameworks[case.framework], case_dir, common)
    if len(result) == 3:
        return result
    called, predicted = result
    return called, predicted, getattr(case, "output_names", None)


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


def case_group(case):
    """For the summary: the kind, with the single-layer cases split by what they exercise."""
    if case.kind != "layer":
        return case.kind
    if case.preprocess:
        return "preprocess"
    if case.mask_pattern:
        return "mask"
    if case.dtype_policy or case.dtype in ("float16", "bfloat16"):
        return "half_dtype"
    if case.dropout or case.recurrent_dropout:
        return "dropout"
    return "layer"


def call_predict_differences(output_names, called, predicted):
    """Describes outputs where the eager call and predict() differ bit-wise, else None."""
    diffs = []
    for name, a, b in zip(output_names, called, predicted):
        differing = np.count_nonzero(a.view(np.uint8).reshape(a.shape + (-1,))
                                     != b.view(np.uint8).reshape(b.shape + (-1,)), axis=-1)
        count = int(np.count_nonzero(differing))
        if count:
            with np.errstate(invalid="ignore"):  # edge-value cases: inf - inf
                max_abs = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
            diffs.append(f"{name}: {count}/{a.size} elements, max |diff| {max_abs:.3g}")
    return "; ".join(diffs) or None


def generate_shard(cases, out_dir, shard_file):
    """Generates `cases` into out_dir (which exists) and writes the predict differences and
    group counts as JSON to shard_file."""
    tf, frameworks = load_frameworks()
    common = {"versions": versions(tf, frameworks), **recorded_terms(tf)}
    mismatches, groups = [], []
    for case in cases:
        called, predicted, output_names = generate_case(case, frameworks, out_dir, common)
        diff = called is not None and call_predict_differences(output_names, called, predicted)
        if diff:
            mismatches.append([case.name, diff])
        groups.append([case.name, case_group(case), case.framework])
        print(f"  {case.name}", flush=True)
    write_json(shard_file, {"common": common, "mismatches": mismatches, "groups": groups})


def run_shards(cases, out_dir, jobs):
    """Runs `jobs` generator processes, each on every jobs-th case (TensorFlow runs one thread
    per process, so the processes use one core each); returns their merged shard results."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        procs, files = [], []
        for j in range(jobs):
            shard_file = Path(tmp) / f"shard{j}.json"
            names = Path(tmp) / f"cases{j}.txt"
            names.write_text("\n".join(c.name for c in cases[j::jobs]), encoding="utf-8")
            cmd = [sys.executable, os.path.abspath(__file__), "--out", str(out_dir),
                   "--environment", requested_environment(sys.argv[1:]),
                   "--shard-cases", str(names), "--shard-result", str(shard_file)]
            procs.append(subprocess.Popen(cmd))
            files.append(shard_file)
        failed = [p.wait() for p in procs]
        if any(failed):
            raise SystemExit(f"a generator shard failed (exit codes {failed})")
        results = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture folder to rebuild")
    parser.add_argument("--match", default="",
                        help="only cases whose name contains this (for development)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="generator processes (one core each); the arrays do not depend on it")
    parser.add_argument("--environment", choices=ENVIRONMENTS, default=PINNED,
                        help="record under the pinned environment (default) or TensorFlow's"
                             " defaults")
    parser.add_argument("--stride", type=int, default=1,
                        help="keep every N-th selected case (a smaller set over every kind)")
    parser.add_argument("--shard-cases", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--shard-result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out_dir = args.out.resolve()
    if args.shard_cases:  # a worker of run_shards: out_dir is prepared by the parent
        wanted = args.shard_cases.read_text(encoding="utf-8").split()
        by_name = {case.name: case for case in CASES}
        generate_shard([by_name[n] for n in wanted], out_dir, args.shard_result)
        return
    cases = [case for case in CASES if args.match in case.name][::max(1, args.stride)]

    started = time.monotonic()
    prepare_out_dir(out_dir)
    results = run_shards(cases, out_dir, max(1, args.jobs))
    common = results[0]["common"]
    if any(r["common"] != common for r in results):
        raise SystemExit("generator shards ran with different versions or environments")
    write_json(out_dir / "manifest.json",
               {"generator": GENERATOR, **common, "cases": [case.name for case in cases]})

    mismatches = dict(m for r in results for m in r["mismatches"])
    counts, differing = {}, {}
    for r in results:
        for name, group, framework in r["groups"]:
            counts[(group, framework)] = counts.get((group, framework), 0) + 1
            differing[(group, framework)] = differing.get((group, framework), 0) + (
                name in mismatches)
    print(f"generated {len(cases)} cases into {out_dir} in {time.monotonic() - started:.0f} s")
    print("cases per group and framework (eager call != predict):")
    for (group, framework), count in sorted(counts.items()):
        print(f"  {group:14s} {framework:9s} {count:4d} ({differing[(group, framework)]} differ)")
    print(f"eager call vs predict: {len(mismatches)} case(s) differ bit-wise")
    for case in cases:
        if case.name in mismatches:
            print(f"  {case.name}: {mismatches[case.name]}")


if __name__ == "__main__":
    main()
