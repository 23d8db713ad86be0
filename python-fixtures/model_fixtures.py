"""Whole-model cases (`kind: model`, FIXTURE_FORMAT.md "Whole-model cases") and the recording
helpers shared with train_models.py.

A case is one architecture (ARCHITECTURES: a Sequential or Functional model around recurrent
layers, covering between them every layer of issue 4 item 3) built by one Keras version, given
seeded random weights, saved by Keras itself in one file format, and run on seeded random inputs
eagerly (`model(inputs)`) and with `model.predict(...)`. Every saved file is loaded back by the
same Keras and must reproduce the eager outputs bit for bit.

Nothing here imports TensorFlow at module level: the caller passes the Keras module in.
"""

import dataclasses
import json
import warnings
import zlib
from pathlib import Path

import h5py
import numpy as np

import predict_library

KERAS3 = "keras"
TF_KERAS = "tf_keras"
FRAMEWORK_SHORT = {KERAS3: "k3", TF_KERAS: "tfk"}

# model_format -> (short name in case names, files written)
MODEL_FORMATS = {
    "keras": ("keras", ["model.keras"]),
    "legacy_h5": ("h5", ["model.h5"]),
    "weights_h5_with_config": ("wh5", ["model.weights.h5", "config.json"]),
    "legacy_weights_with_config": ("lw", ["weights.h5", "config.json"]),
}
# What each framework writes. Keras 3.6 cannot write weights-only legacy .h5 (save_weights wants
# a `.weights.h5` name); tf-keras 2.18 writes `.keras` with its own v3 saving code.
FRAMEWORK_FORMATS = {
    KERAS3: ["keras", "legacy_h5", "weights_h5_with_config"],
    TF_KERAS: ["legacy_h5", "legacy_weights_with_config", "keras"],
}

INPUT_STD = 1.5
# Standard deviations of the random weights by variable name; the normalization statistics get
# value ranges instead (see random_model_weights).
WEIGHT_STD = {"kernel": 0.4, "recurrent_kernel": 0.3, "bias": 0.3, "embeddings": 0.5,
              "beta": 0.3, "moving_mean": 0.5, "alpha": 0.3,
              "scale": 0.6, "concat_score_weight": 0.6, "depthwise_kernel": 0.4,
              "pointwise_kernel": 0.4}
# Weights kept as the builder left them: Normalization's statistics, set by adapt() (Keras
# derives the tensors its call uses from them when adapting or loading, not on set_weights).
KEPT_WEIGHTS = ("mean", "variance", "count")


@dataclasses.dataclass(frozen=True)
class ModelCase:
    framework: str
    architecture: str                    # ARCHITECTURES key
    model_format: str                    # MODEL_FORMATS key
    kind: str = "model"

    @property
    def name(self):
        return "_".join(["model", self.architecture, FRAMEWORK_SHORT[self.framework],
                         MODEL_FORMATS[self.model_format][0]])


@dataclasses.dataclass(frozen=True)
class InputSpec:
    name: str
    shape: tuple                         # the data's shape, batch first
    dtype: str = "float32"
    ids: int = 0                         # > 0: int32 ids in 1..ids-1 with 0 (padding) where masked
    mask_pattern: str = ""               # MASK_PATTERNS key: ids 0 / whole steps +0.0 where 0
    batch_in_model: bool = True          # Input(batch_size=B) when true, batch None otherwise
    time_in_model: bool = True           # false: the time axis is None in the model
    named: bool = True                   # the model's Input carries this name (false: Keras's)


# ---------------------------------------------------------------------------------------------
# Architectures. Each builder returns (model, [InputSpec, ...], [output name, ...]).
# ---------------------------------------------------------------------------------------------


def _input(K, spec):
    shape = spec.shape[1:]
    if not spec.time_in_model:
        shape = (None,) + tuple(shape[1:])
    return K.Input(shape=shape, batch_size=spec.shape[0] if spec.batch_in_model else None,
                   dtype=spec.dtype, name=spec.name)


def seq_embed_lstm(K):
    """Sequential: Embedding(mask_zero) -> LSTM -> TimeDistributed(Dense) -> Dropout -> GRU ->
    Dense(softmax), the mask flowing through TimeDistributed and Dropout into the GRU."""
    ids = InputSpec("ids", (3, 6), "int32", ids=12, mask_pattern="mixed", batch_in_model=False,
                    time_in_model=False)
    L = K.layers
    model = K.Sequential([
        _input(K, ids),
        L.Embedding(12, 4, mask_zero=True, name="embedding"),
        L.LSTM(5, return_sequences=True, name="lstm"),
        L.TimeDistributed(L.Dense(4, activation="tanh", name="dense"), name="time_distributed"),
        L.Dropout(0.3, name="dropout"),
        L.GRU(5, name="gru"),
        L.Dense(3, activation="softmax", name="probabilities"),
    ], name="seq_embed_lstm")
    return model, [ids], ["probabilities"]


def seq_masking_gru(K):
    """Sequential: Masking -> GRU -> Dense on 3-D input (masked) -> Activation -> SimpleRNN ->
    Dense on 2-D input -> Reshape -> Flatten -> Dense."""
    x = InputSpec("x", (4, 7, 3), mask_pattern="mixed")
    L = K.layers
    model = K.Sequential([
        _input(K, x),
        L.Masking(mask_value=0.0, name="masking"),
        L.GRU(5, return_sequences=True, name="gru"),
        L.Dense(4, name="dense_3d"),
        L.Activation("relu", name="activation"),
        L.SimpleRNN(4, name="simple_rnn"),
        L.Dense(6, activation="tanh", name="dense_2d"),
        L.Reshape((3, 2), name="reshape"),
        L.Flatten(name="flatten"),
        L.Dense(2, activation="sigmoid", name="output"),
    ], name="seq_masking_gru")
    return model, [x], ["output"]


def seq_conv_lstm(K):
    """Sequential: Conv1D valid -> MaxPooling1D -> Conv1D same (strides 2) -> AveragePooling1D
    same -> LSTM -> Conv1D causal (dilation 2) -> GlobalAveragePooling1D -> Dense."""
    x = InputSpec("x", (3, 16, 3))
    L = K.layers
    model = K.Sequential([
        _input(K, x),
        L.Conv1D(4, 3, activation="relu", name="conv_valid"),                    # 14 steps
        L.MaxPooling1D(2, name="max_pool"),                                       # 7
        L.Conv1D(5, 3, strides=2, padding="same", name="conv_same"),             # 4
        L.AveragePooling1D(3, strides=1, padding="same", name="avg_pool"),       # 4
        L.LSTM(4, return_sequences=True, name="lstm"),
        L.Conv1D(3, 2, padding="causal", dilation_rate=2, activation="tanh", name="conv_causal"),
        L.GlobalAveragePooling1D(name="global_avg_pool"),
        L.Dense(2, name="output"),
    ], name="seq_conv_lstm")
    return model, [x], ["output"]


def seq_norm_rnn(K):
    """Sequential: BatchNormalization (3-D) -> SimpleRNN -> LayerNormalization ->
    SpatialDropout1D -> GaussianNoise -> GRU(reset_after=False) -> GlobalMaxPooling1D -> Dense ->
    BatchNormalization (2-D) -> Activation(softmax)."""
    x = InputSpec("x", (3, 6, 4), batch_in_model=False)
    L = K.layers
    model = K.Sequential([
        _input(K, x),
        L.BatchNormalization(name="batch_norm_3d"),
        L.SimpleRNN(5, return_sequences=True, name="simple_rnn"),
        L.LayerNormalization(name="layer_norm"),
        L.SpatialDropout1D(0.2, name="spatial_dropout"),
        L.GaussianNoise(0.5, name="gaussian_noise"),
        L.GRU(4, return_sequences=True, reset_after=False, name="gru"),
        L.GlobalMaxPooling1D(name="global_max_pool"),
        L.Dense(4, name="dense"),
        L.BatchNormalization(epsilon=0.01, name="batch_norm_2d"),
        L.Activation("softmax", name="softmax"),
    ], name="seq_norm_rnn")
    return model, [x], ["softmax"]


def seq_repeat_permute(K):
    """Sequential from a 2-D input: Dense -> RepeatVector -> GRU -> Permute -> LSTM -> Reshape ->
    SimpleRNN(go_backwards) -> Dense."""
    x = InputSpec("x", (3, 4))
    L = K.layers
    model = K.Sequential([
        _input(K, x),
        L.Dense(5, activation="tanh", name="dense_in"),
        L.RepeatVector(6, name="repeat"),                       # (6, 5)
        L.GRU(4, return_sequences=True, name="gru"),            # (6, 4)
        L.Permute((2, 1), name="permute"),                      # (4, 6)
        L.LSTM(3, return_sequences=True, name="lstm"),          # (4, 3)
        L.Reshape((2, 6), name="reshape"),                      # (2, 6)
        L.SimpleRNN(3, go_backwards=True, name="simple_rnn"),
        L.Dense(2, name="output"),
    ], name="seq_repeat_permute")
    return model, [x], ["output"]


def func_shared_merge(K):
    """Functional, two inputs and two outputs: one LSTM shared by both inputs, its outputs merged
    by Concatenate, Add, Multiply and Average; a GRU on the concatenation; a third 2-D input
    concatenated with a pooled branch."""
    a_spec, b_spec = InputSpec("a", (3, 5, 4)), InputSpec("b", (3, 5, 4))
    c_spec = InputSpec("c", (3, 2))
    L = K.layers
    a, b, c = _input(K, a_spec), _input(K, b_spec), _input(K, c_spec)
    shared = L.LSTM(4, return_sequences=True, name="shared_lstm")
    ya, yb = shared(a), shared(b)
    concat = L.Concatenate(name="concat_seq")([ya, yb])                     # (5, 8)
    out_seq = L.Dense(2, name="out_seq")(L.GRU(3, name="gru")(concat))
    added = L.Add(name="add")([ya, yb])
    multiplied = L.Multiply(name="multiply")([ya, yb])
    averaged = L.Average(name="average")([added, multiplied, ya])
    pooled = L.GlobalAveragePooling1D(name="pool")(averaged)                # (4,)
    joined = L.Concatenate(axis=-1, name="concat_flat")([pooled, c])        # (6,)
    out_flat = L.Dense(1, activation="sigmoid", name="out_flat")(joined)
    model = K.Model(inputs=[a, b, c], outputs=[out_seq, out_flat], name="func_shared_merge")
    return model, [a_spec, b_spec, c_spec], ["out_seq", "out_flat"]


def func_bidi_stack(K):
    """Functional: Masking -> Bidirectional(LSTM, concat) -> Bidirectional(GRU, sum) -> Dense, and
    a second output from a Bidirectional(SimpleRNN, ave) over the first layer's sequence."""
    x_spec = InputSpec("x", (4, 6, 3), mask_pattern="mixed", batch_in_model=False)
    L = K.layers
    x = _input(K, x_spec)
    masked = L.Masking(0.0, name="masking")(x)
    seq = L.Bidirectional(L.LSTM(4, return_sequences=True, name="lstm"), name="bidi_lstm")(masked)
    last = L.Bidirectional(L.GRU(3, name="gru"), merge_mode="sum", name="bidi_gru")(seq)
    out = L.Dense(2, activation="softmax", name="out")(last)
    other = L.Bidirectional(L.SimpleRNN(2, name="simple_rnn"), merge_mode="ave",
                            name="bidi_simple_rnn")(seq)
    model = K.Model(inputs=x, outputs=[out, other], name="func_bidi_stack")
    return model, [x_spec], ["out", "bidi_simple_rnn"]


def func_encoder_decoder(K):
    """Functional encoder-decoder: LSTM(return_state) encoder over float inputs; its [h, c] are the
    initial_state of a decoder LSTM over Embedding(mask_zero) ids; TimeDistributed(Dense(softmax))
    over the decoder; the encoder's h is a second output."""
    enc_spec = InputSpec("encoder_x", (3, 6, 4), batch_in_model=False, time_in_model=False)
    dec_spec = InputSpec("decoder_ids", (3, 5), "int32", ids=9, mask_pattern="right",
                         batch_in_model=False, time_in_model=False)
    L = K.layers
    enc_x, dec_ids = _input(K, enc_spec), _input(K, dec_spec)
    _, h, c = L.LSTM(5, return_state=True, name="encoder")(enc_x)
    embedded = L.Embedding(9, 3, mask_zero=True, name="decoder_embedding")(dec_ids)
    decoded = L.LSTM(5, return_sequences=True, name="decoder")(embedded, initial_state=[h, c])
    probs = L.TimeDistributed(L.Dense(9, activation="softmax", name="dense"),
                              name="next_token")(decoded)
    state = L.Activation("linear", name="encoder_h")(h)
    model = K.Model(inputs=[enc_x, dec_ids], outputs=[probs, state], name="func_encoder_decoder")
    return model, [enc_spec, dec_spec], ["next_token", "encoder_h"]


def seq_keras2_style(K):
    """Sequential without an Input: the first layer takes `input_shape=` (Keras 2 style), the
    batch None; GRU -> TimeDistributed(Dense) -> LSTM -> Dense."""
    x = InputSpec("x", (2, 5, 3), batch_in_model=False, named=False)
    L = K.layers
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Do not pass an `input_shape`")  # Keras 3
        first = L.GRU(4, return_sequences=True, input_shape=x.shape[1:], name="gru")
    model = K.Sequential([
        first,
        L.TimeDistributed(L.Dense(3, activation="relu", name="dense"), name="time_distributed"),
        L.LSTM(3, name="lstm"),
        L.Dense(2, name="output"),
    ], name="seq_keras2_style")
    return model, [x], ["output"]


ARCHITECTURES = {
    "seq-embed-lstm": seq_embed_lstm,
    "seq-masking-gru": seq_masking_gru,
    "seq-conv-lstm": seq_conv_lstm,
    "seq-norm-rnn": seq_norm_rnn,
    "seq-repeat-permute": seq_repeat_permute,
    "func-shared-merge": func_shared_merge,
    "func-bidi-stack": func_bidi_stack,
    "func-encoder-decoder": func_encoder_decoder,
    "seq-keras2-style": seq_keras2_style,
}
# The mask-path architectures (mask_fixtures.py imports InputSpec and _input from here).
from mask_fixtures import MASK_ARCHITECTURES  # noqa: E402

ARCHITECTURES.update(MASK_ARCHITECTURES)
# Activation, merge, preprocessing, regularization and reshaping layers (issue 12).
from layer_fixtures import LAYER_ARCHITECTURES  # noqa: E402

ARCHITECTURES.update(LAYER_ARCHITECTURES)
# Nested models and stateful layers inside whole models (issue 9 items 3 and 4).
from nested_fixtures import NESTED_ARCHITECTURES, STATEFUL_ARCHITECTURES, STATEFUL_RESETS  # noqa: E402,E501

ARCHITECTURES.update(NESTED_ARCHITECTURES)
ARCHITECTURES.update(STATEFUL_ARCHITECTURES)
# The convolutional recurrent architectures (conv_fixtures.py imports InputSpec and _input).
from conv_fixtures import CONV_ARCHITECTURES, CONV_STATEFUL_ARCHITECTURES  # noqa: E402

ARCHITECTURES.update(CONV_ARCHITECTURES)
STATEFUL_ARCHITECTURES.update(CONV_STATEFUL_ARCHITECTURES)
ARCHITECTURES.update(CONV_STATEFUL_ARCHITECTURES)
# The attention layers (issue 12 item 2; attention_fixtures.py imports InputSpec and _input).
from attention_fixtures import ATTENTION_ARCHITECTURES, KERAS3_ONLY_ARCHITECTURES  # noqa: E402

ARCHITECTURES.update(ATTENTION_ARCHITECTURES)
# The convolution and pooling layers of issue 12 item 1 (conv2_fixtures.py).
from conv2_fixtures import CONV2_ARCHITECTURES  # noqa: E402

ARCHITECTURES.update(CONV2_ARCHITECTURES)
# TimeDistributed over any layer and over nested models (td_fixtures.py imports InputSpec).
from td_fixtures import TD_ARCHITECTURES  # noqa: E402

ARCHITECTURES.update(TD_ARCHITECTURES)


# ---------------------------------------------------------------------------------------------
# cuDNN weights. tf-keras 2.18 still has CuDNNLSTM / CuDNNGRU (tf_keras.src.layers, no longer
# exported under tf_keras.layers, and not deserializable from a config: "Could not locate class
# 'CuDNNLSTM'"). They cannot run on a CPU, but they build and take weights, and save_weights
# writes their layout (bias 8u / 6u, per-gate transposed kernels). The realistic file is such a
# weights .h5 loaded into the same model built with LSTM / GRU(reset_after=True), which tf-keras
# converts on load (hdf5_format.preprocess_weights_for_loading). Each builder takes cudnn=True
# for the model that writes weights.h5 and cudnn=False for the model the case records.
# ---------------------------------------------------------------------------------------------


def _recurrent_classes(K, cudnn):
    if not cudnn:
        return K.layers.LSTM, K.layers.GRU
    import importlib
    layers = importlib.import_module(K.__name__ + ".src.layers")
    return layers.CuDNNLSTM, layers.CuDNNGRU


def cudnn_lstm(K, cudnn):
    """Sequential: LSTM(5, seq) -> LSTM(4) -> Dense(2), weights written by CuDNNLSTM layers."""
    x = InputSpec("x", (3, 6, 4), batch_in_model=False)
    LSTM, _ = _recurrent_classes(K, cudnn)
    L = K.layers
    model = K.Sequential([
        _input(K, x),
        LSTM(5, return_sequences=True, name="lstm_1"),
        LSTM(4, name="lstm_2"),
        L.Dense(2, name="output"),
    ], name="cudnn_lstm")
    return model, [x], ["output"]


def cudnn_gru(K, cudnn):
    """Sequential: GRU(4, seq) -> GRU(3, go_backwards) -> Dense(2), reset_after=True, weights
    written by CuDNNGRU layers."""
    x = InputSpec("x", (4, 5, 3))
    _, GRU = _recurrent_classes(K, cudnn)
    L = K.layers
    extra = {} if cudnn else {"reset_after": True}
    model = K.Sequential([
        _input(K, x),
        GRU(4, return_sequences=True, name="gru_1", **extra),
        GRU(3, go_backwards=True, name="gru_2", **extra),
        L.Dense(2, name="output"),
    ], name="cudnn_gru")
    return model, [x], ["output"]


def cudnn_bidi(K, cudnn):
    """Functional: Bidirectional(LSTM(4, seq), concat) -> Bidirectional(GRU(3), sum) -> Dense(2)
    `out`, weights written by CuDNNLSTM / CuDNNGRU; a plain LSTM(2) over the first sequence (an
    LSTM in both models: its weights pass unconverted) is a second output."""
    x_spec = InputSpec("x", (3, 6, 3), batch_in_model=False)
    LSTM, GRU = _recurrent_classes(K, cudnn)
    L = K.layers
    x = _input(K, x_spec)
    seq = L.Bidirectional(LSTM(4, return_sequences=True, name="lstm"), name="bidi_lstm")(x)
    last = L.Bidirectional(GRU(3, name="gru"), merge_mode="sum", name="bidi_gru")(seq)
    out = L.Dense(2, name="out")(last)
    plain = L.LSTM(2, name="plain_lstm")(seq)
    model = K.Model(inputs=x, outputs=[out, plain], name="cudnn_bidi")
    return model, [x_spec], ["out", "plain_lstm"]


CUDNN_ARCHITECTURES = {
    "cudnn-lstm": cudnn_lstm,
    "cudnn-gru": cudnn_gru,
    "cudnn-bidi": cudnn_bidi,
}

# Combinations Keras itself cannot load back. Keras 3 records the mask a Functional model passes
# to a layer (from Masking or Embedding(mask_zero)) as operation nodes (`NotEqual`, `Any`, module
# keras.src.ops.numpy) in the model config; its `.keras` loader rebuilds them, its legacy `.h5`
# loader does not ("Unknown layer: 'NotEqual'"). These are recorded as kind "keras_cannot_load"
# (the file and Keras's error), and the library must refuse them at load saying so.
KERAS_CANNOT_RELOAD = {
    (KERAS3, "func-bidi-stack", "legacy_h5"),
    (KERAS3, "func-encoder-decoder", "legacy_h5"),
    (KERAS3, "func-mask-override", "legacy_h5"),
    (KERAS3, "func-mask-merge", "legacy_h5"),
    (KERAS3, "func-mask-pooling", "legacy_h5"),
    (KERAS3, "func-merge-attention", "legacy_h5"),
    (KERAS3, "func-merge-masks", "legacy_h5"),
    (KERAS3, "attention-seq2seq", "legacy_h5"),
    (KERAS3, "attention-mha-lstm", "legacy_h5"),
    (KERAS3, "attention-gqa-lstm", "legacy_h5"),
    (KERAS3, "nestmask-func", "legacy_h5"),
}


def model_cases():
    return [ModelCase(framework, architecture, model_format)
            for framework in (KERAS3, TF_KERAS)
            for architecture in ARCHITECTURES
            if framework == KERAS3 or architecture not in KERAS3_ONLY_ARCHITECTURES
            for model_format in FRAMEWORK_FORMATS[framework]] + [
        ModelCase(TF_KERAS, architecture, "legacy_weights_with_config")
        for architecture in CUDNN_ARCHITECTURES]


# ---------------------------------------------------------------------------------------------
# Weights, inputs, saving, reloading
# ---------------------------------------------------------------------------------------------


def variable_name(variable):
    return getattr(variable, "path", None) or variable.name  # Keras 3 path, tf-keras name


def random_model_weights(rng, model, label):
    """Random values for every model weight in get_weights() order; normalization layers get
    non-trivial statistics (gamma in [0.5, 1.5], moving_variance in [0.3, 2])."""
    current = model.get_weights()
    if len(current) != len(model.weights):
        raise AssertionError(f"{label}: get_weights() and weights disagree")
    values = []
    for variable, w in zip(model.weights, current):
        name = variable_name(variable).split("/")[-1].split(":")[0]
        if name == "gamma":
            value = rng.uniform(0.5, 1.5, size=w.shape)
        elif name == "moving_variance":
            value = rng.uniform(0.3, 2.0, size=w.shape)
        elif name in KEPT_WEIGHTS:
            value = w
        elif name in WEIGHT_STD:
            value = rng.normal(0.0, WEIGHT_STD[name], size=w.shape)
        else:
            raise AssertionError(f"{label}: unexpected weight {variable_name(variable)}")
        values.append(value.astype(w.dtype))
    return values


def mask_rows(pattern, batch, time):
    from generate_fixtures import MASK_PATTERNS
    return np.array(MASK_PATTERNS[pattern](batch, time), dtype=np.uint8)


def random_input(rng, spec):
    if spec.dtype == "bool":
        return mask_rows(spec.mask_pattern, *spec.shape).astype(bool)
    if spec.ids:
        ids = rng.randint(1, spec.ids, size=spec.shape)
        if spec.mask_pattern:
            ids = ids * mask_rows(spec.mask_pattern, *spec.shape)
        return ids.astype(np.int32)
    x = rng.normal(0.0, INPUT_STD, size=spec.shape)
    if spec.mask_pattern:
        keep = mask_rows(spec.mask_pattern, spec.shape[0], spec.shape[1])
        x = np.where(keep.reshape(keep.shape + (1,) * (x.ndim - 2)) == 1, x, 0.0)
    return x.astype(spec.dtype)


def save_model(model, model_format, case_dir):
    """Writes the model with Keras's own writer; returns the file names."""
    files = MODEL_FORMATS[model_format][1]
    if model_format in ("keras", "legacy_h5"):
        model.save(str(case_dir / files[0]))
    else:
        model.save_weights(str(case_dir / files[0]))
        config = json.loads(model.to_json())
        (case_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n",
                                              encoding="utf-8")
    return files


def load_saved(K, model_format, case_dir):
    """Loads the files back with the same Keras (no compile; no custom objects)."""
    files = MODEL_FORMATS[model_format][1]
    if model_format in ("keras", "legacy_h5"):
        return K.models.load_model(str(case_dir / files[0]), compile=False)
    model = K.models.model_from_json((case_dir / "config.json").read_text(encoding="utf-8"))
    model.load_weights(str(case_dir / files[0]))
    return model


def as_list(outputs):
    if isinstance(outputs, dict):
        raise AssertionError("dict outputs are not used")
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return [np.asarray(o) for o in outputs]


def feed_of(inputs):
    return inputs if len(inputs) > 1 else inputs[0]


def check_finite(label, arrays):
    for array in arrays:
        if not np.all(np.isfinite(array)):
            raise AssertionError(f"{label}: non-finite output")


def check_same_bits(label, expected, got):
    if len(expected) != len(got):
        raise AssertionError(f"{label}: {len(got)} outputs, expected {len(expected)}")
    for k, (a, b) in enumerate(zip(expected, got)):
        if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():
            raise AssertionError(f"{label}: output {k} differs after reloading")


def layer_classes(model):
    """Class names of every layer, wrapped layers included, sorted, InputLayer first if any."""
    names = set()

    def visit(layer):
        names.add(type(layer).__name__)
        for attribute in ("layer", "forward_layer", "backward_layer"):
            inner = getattr(layer, attribute, None)
            if inner is not None and hasattr(inner, "get_config"):
                visit(inner)
    for layer in model.layers:
        visit(layer)
    if type(model).__name__ == "Sequential" or any(l == "InputLayer" for l in names):
        names.add("InputLayer")
    return sorted(names)


def write_data(path, specs, inputs, called, predicted, extra=None):
    with h5py.File(path, "w") as f:
        for spec, array in zip(specs, inputs):
            # boolean masks as uint8 (1 = keep), as the layer cases store them
            f.create_dataset(f"inputs/{spec.name}",
                             data=array.astype(np.uint8) if array.dtype == bool else array)
        for label, arrays in (("call", called), ("predict", predicted)):
            for k, array in enumerate(arrays):
                f.create_dataset(f"outputs/{label}/{k}", data=array)
        for name, array in (extra or {}).items():
            f.create_dataset(name, data=array)


def model_json(name, framework, K, model, specs, output_names, model_format, files, common,
               **extra):
    doc = {
        "name": name,
        "kind": "model",
        "framework": framework,
        "keras_version": K.__version__,
        "model_class": type(model).__name__,
        "model_format": model_format,
        "files": files,
        "inputs": [{"name": s.name, "dtype": s.dtype, "shape": list(s.shape)} for s in specs],
        "outputs": output_names,
        "layers": layer_classes(model),
    }
    doc.update(extra)
    doc.update(common)
    return doc


def case_rng(name):
    return np.random.RandomState(zlib.crc32(name.encode("utf-8")))


def quiet_absl():
    """Keras 3 logs a warning through absl for every legacy .h5 save."""
    import absl.logging
    absl.logging.set_verbosity(absl.logging.ERROR)


def generate_cudnn_case(case, K, case_dir, common):
    """A CUDNN_ARCHITECTURES case: the cuDNN model's save_weights("weights.h5"), the LSTM/GRU
    model's config.json; the recorded outputs are the LSTM/GRU model's after load_weights."""
    quiet_absl()
    K.backend.clear_session()
    rng = case_rng(case.name)
    builder = CUDNN_ARCHITECTURES[case.architecture]
    source, specs, output_names = builder(K, cudnn=True)
    source.set_weights(random_model_weights(rng, source, case.name))
    inputs = [random_input(rng, spec) for spec in specs]
    batch = specs[0].shape[0]
    files = MODEL_FORMATS[case.model_format][1]
    source.save_weights(str(case_dir / files[0]))
    model, _, _ = builder(K, cudnn=False)
    names = [t.name.split(":")[0] for t in model.inputs]
    if names != [s.name for s in specs]:
        raise AssertionError(f"{case.name}: input names {names}")
    model.load_weights(str(case_dir / files[0]))  # tf-keras converts the cuDNN layout here
    shapes = [tuple(w.shape) for w in source.get_weights()]
    if shapes == [tuple(w.shape) for w in model.get_weights()]:
        raise AssertionError(f"{case.name}: no weight changed shape; no cuDNN layout converted")
    config = json.loads(model.to_json())
    (case_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    called = as_list(model(feed_of(inputs)))
    if len(called) != len(output_names):
        raise AssertionError(f"{case.name}: {len(called)} outputs")
    fresh = load_saved(K, case.model_format, case_dir)
    predicted = as_list(fresh.predict(feed_of(inputs), batch_size=batch, verbose=0))
    predict = predict_library.record(fresh, case_dir, batch)
    check_finite(case.name, called + predicted)
    check_same_bits(case.name, called, as_list(fresh(feed_of(inputs))))
    write_data(case_dir / "data.h5", specs, inputs, called, predicted)
    doc = model_json(case.name, case.framework, K, model, specs, output_names, case.model_format,
                     files, common, architecture=case.architecture,
                     weights_saved_by=layer_classes(source), predict=predict)
    (case_dir / "case.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return called, predicted, output_names


def reset_model_states(K, model):
    """tf-keras's model.reset_states(); Keras 3.6 has none, so each stateful layer's."""
    if hasattr(model, "reset_states"):
        model.reset_states()
        return
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_states()


def generate_stateful_model_case(case, K, case_dir, common):
    """A STATEFUL_ARCHITECTURES case: eager calls in order on the in-memory model and on its
    reload (which must agree bit for bit), states reset before the steps STATEFUL_RESETS marks.
    /inputs and /outputs/call hold step 0 (from zero states); predict() ran on another reload."""
    quiet_absl()
    K.backend.clear_session()
    rng = case_rng(case.name)
    model, specs, output_names = ARCHITECTURES[case.architecture](K)
    names = [t.name.split(":")[0] for t in model.inputs]
    if names != [s.name for s in specs]:
        raise AssertionError(f"{case.name}: input names {names}")
    model.set_weights(random_model_weights(rng, model, case.name))
    batch = specs[0].shape[0]
    files = save_model(model, case.model_format, case_dir)
    fresh = load_saved(K, case.model_format, case_dir)
    steps = []
    for i, reset in enumerate(STATEFUL_RESETS):
        inputs = [random_input(rng, spec) for spec in specs]
        if reset:
            reset_model_states(K, model)
            reset_model_states(K, fresh)
        called = as_list(model(feed_of(inputs)))
        check_finite(f"{case.name} step {i}", called)
        check_same_bits(f"{case.name} step {i}", called, as_list(fresh(feed_of(inputs))))
        steps.append((inputs, called))
    if len(steps[0][1]) != len(output_names):
        raise AssertionError(f"{case.name}: {len(steps[0][1])} outputs")
    if all(a.tobytes() == b.tobytes() for a, b in zip(steps[0][1], steps[2][1])):
        raise AssertionError(f"{case.name}: the steps do not differ")
    predicting = load_saved(K, case.model_format, case_dir)
    predicted = as_list(predicting.predict(feed_of(steps[0][0]), batch_size=batch, verbose=0))
    predict = predict_library.record(predicting, case_dir, batch)
    extra = {}
    for i, (inputs, called) in enumerate(steps):
        for spec, array in zip(specs, inputs):
            extra[f"steps/{i}/inputs/{spec.name}"] = array
        for k, array in enumerate(called):
            extra[f"steps/{i}/outputs/{k}"] = array
    write_data(case_dir / "data.h5", specs, steps[0][0], steps[0][1], predicted, extra)
    doc = model_json(case.name, case.framework, K, model, specs, output_names, case.model_format,
                     files, common, architecture=case.architecture, predict=predict,
                     steps=[{"reset_before": reset} for reset in STATEFUL_RESETS])
    (case_dir / "case.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return steps[0][1], predicted, output_names


def generate_model_case(case, K, case_dir, common):
    if case.architecture in CUDNN_ARCHITECTURES:
        return generate_cudnn_case(case, K, case_dir, common)
    if case.architecture in STATEFUL_ARCHITECTURES:
        return generate_stateful_model_case(case, K, case_dir, common)
    quiet_absl()
    K.backend.clear_session()
    rng = case_rng(case.name)
    model, specs, output_names = ARCHITECTURES[case.architecture](K)
    names = [t.name.split(":")[0] for t in model.inputs]
    if len(names) != len(specs) or any(s.named and s.name != n for s, n in zip(specs, names)):
        raise AssertionError(f"{case.name}: input names {[t.name for t in model.inputs]}")
    model.set_weights(random_model_weights(rng, model, case.name))
    inputs = [random_input(rng, spec) for spec in specs]
    batch = specs[0].shape[0]
    files = save_model(model, case.model_format, case_dir)
    if (case.framework, case.architecture, case.model_format) in KERAS_CANNOT_RELOAD:
        return record_keras_cannot_load(case, K, model, specs, output_names, files, case_dir,
                                        common)
    # predict() on a freshly loaded model (the in-memory model's may differ: the graph's names
    # come from the config), its eager call on the in-memory one; both loaded models' eager
    # calls must give the in-memory bits.
    fresh = load_saved(K, case.model_format, case_dir)
    predicted = as_list(fresh.predict(feed_of(inputs), batch_size=batch, verbose=0))
    predict = predict_library.record(fresh, case_dir, batch)
    called = as_list(model(feed_of(inputs)))
    check_finite(case.name, called + predicted)
    if len(called) != len(output_names):
        raise AssertionError(f"{case.name}: {len(called)} outputs")
    check_same_bits(case.name, called, as_list(fresh(feed_of(inputs))))
    write_data(case_dir / "data.h5", specs, inputs, called, predicted)
    doc = model_json(case.name, case.framework, K, model, specs, output_names, case.model_format,
                     files, common, architecture=case.architecture, predict=predict)
    (case_dir / "case.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return called, predicted, output_names


def record_keras_cannot_load(case, K, model, specs, output_names, files, case_dir, common):
    """A file Keras wrote and cannot load back: case.json holds Keras's error; no data.h5."""
    try:
        load_saved(K, case.model_format, case_dir)
    except Exception as e:  # noqa: BLE001 - Keras's own error is what is recorded
        error = f"{type(e).__name__}: {e}".splitlines()[0][:300]
    else:
        raise AssertionError(f"{case.name}: listed in KERAS_CANNOT_RELOAD but Keras loads it")
    doc = model_json(case.name, case.framework, K, model, specs, output_names, case.model_format,
                     files, common, architecture=case.architecture)
    doc["kind"] = "keras_cannot_load"
    doc["keras_error"] = error
    (case_dir / "case.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return None, None, output_names
