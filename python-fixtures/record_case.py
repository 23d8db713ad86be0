#!/usr/bin/env python3
"""Records your own Keras model as a case folder for `keras-rnn parity --case DIR`.

    python record_case.py MODEL -i x.npy [-i x2.npy ...] -o DIR [--batch-size B] [--layers]
                          [--keras auto|keras|tf_keras] [--pin-env] [--name NAME]

MODEL is a file Keras saved (`.keras`, or a legacy full-model `.h5`); one `.npy` per model input,
in the order of `model.inputs`. DIR (new or empty) receives what keras-rnn's ModelCase reads
(python-fixtures/FIXTURE_FORMAT.md, "kind: model"):

  case.json   the model's inputs and outputs, the Keras and TensorFlow versions, the environment
              fingerprint (oneDNN on or off as TensorFlow sees it, ONEDNN_MAX_CPU_ISA and the ISA
              the CPU offers, thread counts, CPU model), XLA settings, and what was skipped
  data.h5     /inputs/<name>, /outputs/call/<k> (Keras's model(x)), /outputs/predict/<k>
              (model.predict(x, batch_size=B) of a freshly loaded model), with --layers
              /layers/<i> (each layer's output)
  MODEL       a copy of the file

The script needs only Keras 3.x or tf-keras 2.x with TensorFlow, numpy and h5py; nothing else of
this project. It runs in the environment it is started in and records it; `--pin-env` sets the
variables of keras-rnn's bit-exact terms first (TF_ENABLE_ONEDNN_OPTS=0 ONEDNN_MAX_CPU_ISA=AVX2
TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1).

From a file, the outputs are those of Keras's own reload of the file. The model you trained may
compute other bits than its reload: Keras 3 does not save LSTM/GRU `implementation`, so an
implementation=1 layer comes back as implementation 2. With the trained model still in memory,
record from Python instead; the script then saves (or takes) the file, reloads it, and records
the in-memory model's outputs, the reload's, and every setting that did not survive the file:

    import record_case
    record_case.record("DIR", [x], model=model)                        # saves DIR/model.keras
    record_case.record("DIR", [x], model=model, model_file="my.keras") # a file you saved
"""

import argparse
import json
import os
import platform
import shutil
import sys
import warnings
import zipfile

RECORDER = "record_case.py"
FORMAT_VERSION = 1
# keras-rnn's bit-exact terms (README, "Terms of the bit-exact promise").
PINNED_ENV = {
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}
# Variables recorded as they are (None when unset).
RECORDED_ENV = [*PINNED_ENV, "CUDA_VISIBLE_DEVICES", "TF_XLA_FLAGS",
                "TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL", "TF_OVERRIDE_GLOBAL_THREADPOOL"]
# oneDNN ISA names (ONEDNN_MAX_CPU_ISA values), lowest first, and the /proc/cpuinfo flags that
# each needs; the best one whose flags are all present is what oneDNN dispatches to.
ISAS = [
    ("SSE41", {"sse4_1"}),
    ("AVX", {"avx"}),
    ("AVX2", {"avx2"}),
    ("AVX2_VNNI", {"avx2", "avx_vnni"}),
    ("AVX512_CORE", {"avx512f", "avx512bw", "avx512vl", "avx512dq"}),
    ("AVX512_CORE_VNNI", {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni"}),
    ("AVX512_CORE_BF16", {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
                          "avx512_bf16"}),
    ("AVX512_CORE_AMX", {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
                         "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16"}),
]


class RecordError(Exception):
    """A bad argument or a model the script cannot record; the message says what and why."""


# ---------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------


def pin_environment():
    """Re-executes this script with PINNED_ENV unless it is already in force (TensorFlow reads
    the variables once, when it loads)."""
    if all(os.environ.get(k) == v for k, v in PINNED_ENV.items()):
        return
    if "tensorflow" in sys.modules:
        raise RecordError("--pin-env: TensorFlow is already imported; set the variables before")
    env = {**os.environ, **PINNED_ENV}
    os.execve(sys.executable, [sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]], env)


def cpu_info():
    """(model name, set of flags) of the first CPU in /proc/cpuinfo; (platform, empty) elsewhere."""
    model, flags = None, set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name" and model is None:
                    model = value.strip()
                elif key == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    return model or platform.processor() or platform.machine(), flags


def best_isa(flags):
    best = None
    for name, needed in ISAS:
        if needed <= flags:
            best = name
    return best


def isa_rank(name):
    names = [n for n, _ in ISAS]
    return names.index(name) if name in names else None


def effective_isa(cap, offered):
    """The ISA oneDNN runs: the CPU's best, capped by ONEDNN_MAX_CPU_ISA when that is lower."""
    if cap is None or cap.upper() in ("", "ALL") or offered is None:
        return offered
    cap_rank, offered_rank = isa_rank(cap.upper()), isa_rank(offered)
    if cap_rank is None or offered_rank is None:
        return cap.upper()
    return cap.upper() if cap_rank < offered_rank else offered


def thread_count(api_value, variable, cpus):
    """TensorFlow's thread count: the tf.config.threading value when set, else the variable when
    it is a positive integer, else the number of schedulable CPUs."""
    if api_value:
        return int(api_value)
    try:
        value = int(os.environ.get(variable, ""))
        if value > 0:
            return value
    except ValueError:
        pass
    return cpus


def fingerprint(tf):
    """What decides TensorFlow's bits in this process, as far as Python can see it."""
    try:
        from tensorflow.python.util import _pywrap_util_port
        onednn = bool(_pywrap_util_port.IsMklEnabled())
    except (ImportError, AttributeError):
        onednn = None
    model, flags = cpu_info()
    offered = best_isa(flags)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    intra_api = tf.config.threading.get_intra_op_parallelism_threads()
    inter_api = tf.config.threading.get_inter_op_parallelism_threads()
    isa = effective_isa(os.environ.get("ONEDNN_MAX_CPU_ISA"), offered)
    gpus = [d.name for d in tf.config.list_physical_devices("GPU")]
    return {
        "onednn_enabled": onednn,
        "cpu_model": model,
        "cpu_isa": offered,
        "cpu_flags": sorted(f for f in flags if f.startswith(("avx", "amx", "sse4", "fma"))),
        "cpu_count": cpus,
        "machine": platform.machine(),
        "system": platform.system(),
        "threading_intra_op": intra_api,
        "threading_inter_op": inter_api,
        "gpus": gpus,
        # The values a JVM needs for the same terms (what TensorFlow ran with here).
        "effective": {
            "TF_ENABLE_ONEDNN_OPTS": None if onednn is None else ("1" if onednn else "0"),
            "ONEDNN_MAX_CPU_ISA": isa,
            "TF_NUM_INTRAOP_THREADS": str(thread_count(intra_api, "TF_NUM_INTRAOP_THREADS",
                                                       cpus)),
            "TF_NUM_INTEROP_THREADS": str(thread_count(inter_api, "TF_NUM_INTEROP_THREADS",
                                                       cpus)),
        },
    }


# ---------------------------------------------------------------------------------------------
# Keras
# ---------------------------------------------------------------------------------------------


def file_keras_version(path):
    """The keras_version the file records (.keras: metadata.json; .h5: a root attribute)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            if "metadata.json" in z.namelist():
                return json.loads(z.read("metadata.json")).get("keras_version")
        return None
    import h5py
    try:
        with h5py.File(path, "r") as f:
            v = f.attrs.get("keras_version")
    except OSError as e:
        raise RecordError(f"{path}: neither a .keras archive nor an HDF5 file ({e})") from e
    return v.decode() if isinstance(v, bytes) else v


def import_keras(framework):
    """(module, framework name) for "keras" (Keras 3.x, or Keras 2.x as keras) or "tf_keras"."""
    if framework == "tf_keras":
        try:
            import tf_keras as K
            return K, "tf_keras"
        except ImportError:
            pass
        import tensorflow as tf
        K = tf.keras
        if not K.__version__.startswith("2."):
            raise RecordError("the file was written by Keras 2.x; install tf-keras to reload it"
                              f" (tf.keras here is Keras {K.__version__})")
        return K, "keras"
    import keras as K
    return K, "keras"


def pick_framework(choice, version):
    if choice != "auto":
        return choice
    return "tf_keras" if version and version.startswith("2.") else "keras"


def load_model(K, path, unsafe=False, label=None):
    """Keras's own reload of the file, compiled as saved when possible (the saved compile
    config decides whether predict() runs under XLA); (model, compiled, note)."""
    kwargs = {"safe_mode": False} if unsafe and zipfile.is_zipfile(path) else {}
    try:
        return K.models.load_model(path, **kwargs), True, None
    except Exception as e:  # noqa: BLE001 - retried without the training config
        note = f"load_model(compile=True) failed ({type(e).__name__}: {str(e)[:200]})"
    try:
        return K.models.load_model(path, compile=False, **kwargs), False, note
    except Exception as e:  # noqa: BLE001 - Keras's own reason is the message
        hint = " (--unsafe lets Keras load a Lambda layer's code)" if "Lambda" in str(e) else ""
        raise RecordError(f"{label or path}: Keras {K.__version__} cannot load it:"
                          f" {type(e).__name__}: {str(e)[:400]}{hint}") from e


def jit_compile_of(model):
    value = getattr(model, "_jit_compile", None)
    if value is None:
        try:
            value = model.jit_compile
        except Exception:  # noqa: BLE001 - not compiled
            value = None
    return bool(value) if value is not None else False


def as_arrays(outputs, label):
    import numpy as np
    if isinstance(outputs, dict):
        raise RecordError(f"{label}: dict outputs are not supported; use a list of outputs")
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    arrays = [np.asarray(o) for o in outputs]
    for k, a in enumerate(arrays):
        if a.dtype.kind != "f" and a.dtype.name != "bfloat16":
            raise RecordError(f"{label}: output {k} is {a.dtype}; parity compares float outputs")
    return arrays


def feed_of(inputs):
    return inputs if len(inputs) > 1 else inputs[0]


def tensor_name(t):
    return str(getattr(t, "name", "")).split(":")[0]


def output_names(model):
    names = []
    for t in model.outputs:
        history = getattr(t, "_keras_history", None)
        layer = getattr(history, "operation", None)
        layer = getattr(history, "layer", None) if layer is None else layer
        names.append(layer.name if layer is not None else tensor_name(t))
    return names


def graph_of(model):
    """The Functional graph: the model itself, or the one a Keras 3 Sequential runs."""
    inner = getattr(model, "_functional", None)
    return inner if inner is not None else model


def layer_classes(model):
    """Class names of every layer, wrapped layers included (as the fixtures' "layers")."""
    names = set()

    def visit(layer):
        names.add(type(layer).__name__)
        for attribute in ("layer", "forward_layer", "backward_layer"):
            inner = getattr(layer, attribute, None)
            if inner is not None and hasattr(inner, "get_config"):
                visit(inner)
        for inner in getattr(layer, "layers", []) or []:
            visit(inner)
    for layer in model.layers:
        visit(layer)
    if type(model).__name__ == "Sequential":
        names.add("InputLayer")
    return sorted(names)


# ---------------------------------------------------------------------------------------------
# Inputs and outputs
# ---------------------------------------------------------------------------------------------


def read_inputs(paths):
    import numpy as np
    arrays = []
    for p in paths:
        try:
            arrays.append(np.load(p, allow_pickle=False))
        except (OSError, ValueError) as e:
            raise RecordError(f"{p}: not a readable .npy file ({e})") from e
    return arrays


def normalize_input(array, label):
    """The array as it is fed and stored: floats and bools as they are, integers as int32."""
    import numpy as np
    a = np.asarray(array)
    if a.dtype.kind in "iu":
        if a.size and (a.min() < -2**31 or a.max() >= 2**31):
            raise RecordError(f"{label}: integer values beyond int32")
        return a.astype(np.int32)
    if a.dtype.kind == "b" or a.dtype.kind == "f" or a.dtype.name == "bfloat16":
        return a
    raise RecordError(f"{label}: dtype {a.dtype}; expected float, integer or bool arrays")


def check_inputs(model, inputs, paths):
    if len(inputs) != len(model.inputs):
        names = [tensor_name(t) for t in model.inputs]
        raise RecordError(f"the model takes {len(model.inputs)} input(s) {names}, "
                          f"{len(inputs)} .npy file(s) given")
    for t, a, p in zip(model.inputs, inputs, paths):
        want = tuple(t.shape)
        if len(want) != a.ndim or any(w is not None and w != g for w, g in zip(want, a.shape)):
            raise RecordError(f"{p}: input '{tensor_name(t)}' expects shape {want} (None: any), "
                              f"given {a.shape}")


def input_keys(model):
    """data.h5 names of the inputs: the Input names, made unique and free of '/'."""
    keys = []
    for i, t in enumerate(model.inputs):
        name = tensor_name(t).replace("/", "_") or str(i)
        keys.append(name if name not in keys else f"{name}_{i}")
    return keys


def max_ulp(a, b):
    """Largest distance in units in the last place between two float arrays of one dtype."""
    import numpy as np
    if a.dtype != b.dtype or a.shape != b.shape:
        return None
    width = {2: np.int16, 4: np.int32, 8: np.int64}[a.dtype.itemsize]
    ia = a.view(width).astype(np.int64)
    ib = b.view(width).astype(np.int64)
    sign = np.int64(1) << np.int64(8 * a.dtype.itemsize - 1)
    ia = np.where(ia < 0, -(ia & (sign - 1)), ia)
    ib = np.where(ib < 0, -(ib & (sign - 1)), ib)
    return int(np.max(np.abs(ia - ib))) if a.size else 0


def compare(expected, got):
    """Per output: same bits, or the max ULP distance."""
    out = []
    for a, b in zip(expected, got):
        same = a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
        out.append({"same_bits": same, "max_ulp": 0 if same else max_ulp(a, b)})
    return out


# ---------------------------------------------------------------------------------------------
# Layer outputs (--layers)
# ---------------------------------------------------------------------------------------------


def graph_nodes(graph):
    """{layer id: [nodes of this graph]} from the Functional graph's nodes."""
    by_layer = {}
    for nodes in getattr(graph, "_nodes_by_depth", {}).values():
        for node in nodes:
            layer = getattr(node, "operation", None)
            layer = getattr(node, "layer", None) if layer is None else layer
            if layer is not None:
                by_layer.setdefault(id(layer), []).append(node)
    return by_layer


def layer_outputs(K, model, feed):
    """Every layer's output from a Model(graph inputs -> that layer's output), eagerly; layers
    without a single tensor output are skipped with the reason."""
    import tensorflow as tf
    graph = graph_of(model)
    nodes = graph_nodes(graph)
    recorded, skipped, arrays = [], [], []
    for layer in model.layers:
        entry = {"name": layer.name, "class_name": type(layer).__name__}
        found = nodes.get(id(layer), [])
        if type(layer).__name__ == "InputLayer":
            continue
        if len(found) != 1:
            skipped.append({**entry, "reason": f"called {len(found)} times in the model"
                            if found else "not part of the model's graph"})
            continue
        outs = getattr(found[0], "outputs", None)
        outs = tf.nest.flatten(found[0].output_tensors if outs is None else outs)
        if len(outs) != 1:
            skipped.append({**entry, "reason": f"{len(outs)} outputs"})
            continue
        try:
            sub = K.Model(graph.inputs, outs[0])
            value = as_arrays(sub(feed), f"layer '{layer.name}'")[0]
        except Exception as e:  # noqa: BLE001 - the reason is recorded
            skipped.append({**entry, "reason": f"{type(e).__name__}: {str(e)[:200]}"})
            continue
        entry["key"] = f"layers/{len(arrays)}"
        entry["shape"] = list(value.shape)
        entry["dtype"] = str(value.dtype)
        recorded.append(entry)
        arrays.append(value)
    return recorded, skipped, arrays


# ---------------------------------------------------------------------------------------------
# What a reload loses
# ---------------------------------------------------------------------------------------------


def sublayers(layer, path):
    """(path, object) of a layer and what it wraps: cells, Bidirectional's layers, TimeDistributed's
    layer, StackedRNNCells' cells."""
    yield path, layer
    for attribute in ("cell", "forward_layer", "backward_layer", "layer"):
        inner = getattr(layer, attribute, None)
        if inner is not None and inner is not layer and hasattr(inner, "get_config"):
            yield from sublayers(inner, f"{path}.{attribute}")
    for i, cell in enumerate(getattr(layer, "cells", None) or []):
        yield from sublayers(cell, f"{path}.cells[{i}]")


def scalar_settings(obj):
    """Public scalar attributes of a layer or cell (implementation, flags, sizes)."""
    out = {}
    for key, value in vars(obj).items():
        if not key.startswith("_") and isinstance(value, (bool, int, float, str)):
            out[key] = value
    return out


def unsaved_settings(memory, reloaded):
    """Settings of the in-memory model's layers that its reload does not have."""
    import numpy as np
    lost = []
    by_name = {layer.name: layer for layer in reloaded.layers}
    for layer in memory.layers:
        twin = by_name.get(layer.name)
        if twin is None:
            lost.append({"layer": layer.name, "setting": "(layer)", "in_memory": "present",
                         "reloaded": "missing"})
            continue
        for (path, a), (_, b) in zip(sublayers(layer, layer.name), sublayers(twin, twin.name)):
            sa, sb = scalar_settings(a), scalar_settings(b)
            for key in sorted(sa):
                if key != "name" and key in sb and sa[key] != sb[key]:
                    lost.append({"layer": path, "setting": key, "in_memory": sa[key],
                                 "reloaded": sb[key]})
        for i, state in enumerate(getattr(layer, "states", None) or []):
            if getattr(layer, "stateful", False) and np.any(np.asarray(state) != 0):
                lost.append({"layer": layer.name, "setting": f"states[{i}]",
                             "in_memory": "non-zero", "reloaded": "zero"})
    for i, (a, b) in enumerate(zip(memory.get_weights(), reloaded.get_weights())):
        if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():
            lost.append({"layer": memory.weights[i].path if hasattr(memory.weights[i], "path")
                         else memory.weights[i].name, "setting": "weight values",
                         "in_memory": "as trained", "reloaded": "different bits"})
    return lost


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def write_array(f, path, array):
    """bool as uint8 (1 = true), bfloat16 as its uint16 bits with attribute dtype=bfloat16."""
    import numpy as np
    if array.dtype == np.bool_:
        f.create_dataset(path, data=array.astype(np.uint8))
    elif array.dtype.name == "bfloat16":
        f.create_dataset(path, data=array.view(np.uint16)).attrs["dtype"] = "bfloat16"
    else:
        f.create_dataset(path, data=array)


def write_data(path, keys, inputs, arrays):
    import h5py
    with h5py.File(path, "w") as f:
        for key, a in zip(keys, inputs):
            write_array(f, f"inputs/{key}", a)
        for name, a in arrays.items():
            write_array(f, name, a)


def prepare_dir(out_dir):
    if os.path.exists(out_dir):
        if not os.path.isdir(out_dir) or os.listdir(out_dir):
            raise RecordError(f"{out_dir}: exists and is not an empty folder")
    else:
        os.makedirs(out_dir)


# ---------------------------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------------------------


def record(out_dir, inputs, model=None, model_file=None, batch_size=32, layers=False,
           framework="auto", name=None, input_files=None, unsafe=False):
    """Records a case folder. `inputs`: one numpy array per model input. Give `model_file` (a file
    Keras saved), `model` (the in-memory model; saved as out_dir/model.keras unless `model_file`
    is given too), or both. `unsafe`: let Keras load Lambda layers' Python code (safe_mode=False;
    keras-rnn refuses such layers anyway, and parity says so). Returns the case.json document."""
    if model is None and model_file is None:
        raise RecordError("give a model file or an in-memory model")
    if batch_size <= 0:
        raise RecordError(f"--batch-size must be positive, given {batch_size}")
    created = not os.path.exists(out_dir)
    prepare_dir(out_dir)
    try:
        return _record(out_dir, inputs, model, model_file, batch_size, layers, framework, name,
                       input_files, unsafe)
    except BaseException:
        # Nothing half-written is left behind: the folder is emptied (removed if it was new).
        for entry in os.listdir(out_dir):
            path = os.path.join(out_dir, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        if created:
            os.rmdir(out_dir)
        raise


def _record(out_dir, inputs, model, model_file, batch_size, layers, framework, name,
            input_files, unsafe):
    import numpy as np
    import tensorflow as tf
    tf.get_logger().setLevel("ERROR")  # tf-keras: "compiled metrics have yet to be built", ...
    if model_file is None:
        model_file = os.path.join(out_dir, "model.keras")
        model.save(model_file)
        copied = model_file
    else:
        if not os.path.isfile(model_file):
            raise RecordError(f"{model_file}: no such file")
        copied = os.path.join(out_dir, os.path.basename(model_file))
        shutil.copyfile(model_file, copied)
    saved_version = file_keras_version(copied)
    if model is not None:
        K = sys.modules.get("tf_keras") if type(model).__module__.startswith("tf_keras") else None
        K, fw = (K, "tf_keras") if K is not None else import_keras(
            pick_framework(framework, saved_version))
    else:
        K, fw = import_keras(pick_framework(framework, saved_version))
    warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match")
    warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
    labels = input_files or [f"input {i}" for i in range(len(inputs))]
    inputs = [normalize_input(a, label) for a, label in zip(inputs, labels)]

    # Keras's reload of the file: predict() first, on the fresh model, then its eager call.
    fresh, compiled, load_note = load_model(K, copied, unsafe, model_file)
    check_inputs(fresh, inputs, labels)
    feed = feed_of(inputs)
    floatx = K.backend.floatx()
    predicted = as_arrays(fresh.predict(feed, batch_size=batch_size, verbose=0), "predict()")
    reload_call = as_arrays(fresh(feed), "model(x) of the reload")
    if model is not None:
        check_inputs(model, inputs, labels)
        called = as_arrays(model(feed), "model(x)")
        reload_doc = {"in_memory": True, "outputs": compare(called, reload_call),
                      "settings_not_saved": unsaved_settings(model, fresh)}
        reload_doc["same_bits"] = all(o["same_bits"] for o in reload_doc["outputs"])
    else:
        called = reload_call
        reload_doc = {"in_memory": False, "note": "no in-memory model given: the outputs are"
                      " Keras's reload of the file (a model in memory may differ from its"
                      " reload, e.g. LSTM/GRU implementation=1 under Keras 3)"}
    if len(called) != len(fresh.outputs):
        raise RecordError(f"model(x) gave {len(called)} outputs, the model declares"
                          f" {len(fresh.outputs)}")
    arrays = {f"outputs/call/{k}": a for k, a in enumerate(called)}
    arrays.update({f"outputs/predict/{k}": a for k, a in enumerate(predicted)})
    if model is not None:
        arrays.update({f"outputs/reload/{k}": a for k, a in enumerate(reload_call)})
    source = model if model is not None else fresh
    layer_doc = None
    if layers:
        recorded, skipped, values = layer_outputs(K, source, feed)
        names = output_names(source)
        consistent = True
        for entry, value in zip(recorded, values):
            if entry["name"] in names:
                k = names.index(entry["name"])
                consistent &= value.tobytes() == called[k].tobytes()
        layer_doc = {"model": "in_memory" if model is not None else "reload",
                     "recorded": recorded, "skipped": skipped,
                     "outputs_match_model": bool(consistent)}
        arrays.update({e["key"]: v for e, v in zip(recorded, values)})

    keys = input_keys(fresh)
    doc = {
        "name": name or os.path.basename(os.path.normpath(out_dir)),
        "kind": "model",
        "recorded_by": RECORDER,
        "record_format": FORMAT_VERSION,
        "framework": fw,
        "keras_version": K.__version__,
        "keras_backend": K.backend.backend() if hasattr(K.backend, "backend") else "tensorflow",
        "file_keras_version": saved_version,
        "model_class": type(fresh).__name__,
        "model_format": "keras" if zipfile.is_zipfile(copied) else "legacy_h5",
        "files": [os.path.basename(copied)],
        "inputs": [{"name": k, "dtype": str(a.dtype), "shape": list(a.shape)}
                   for k, a in zip(keys, inputs)],
        "outputs": output_names(fresh),
        "layers": layer_classes(fresh),
        "predict": {"batch_size": batch_size, "floatx": floatx, "model": "reload",
                    "loaded_with_compile": compiled, "jit_compile": jit_compile_of(fresh)},
        "reload": reload_doc,
        "versions": {"tensorflow": tf.__version__, "keras": K.__version__,
                     "numpy": np.__version__, "h5py": __import__("h5py").__version__,
                     "python": platform.python_version()},
        "environment": {k: os.environ.get(k) for k in RECORDED_ENV},
        "fingerprint": fingerprint(tf),
    }
    if load_note:
        doc["predict"]["load_note"] = load_note
    if layer_doc is not None:
        doc["layer_outputs"] = layer_doc
    if input_files:
        doc["input_files"] = [os.path.basename(p) for p in input_files]
    write_data(os.path.join(out_dir, "data.h5"), keys, inputs, arrays)
    with open(os.path.join(out_dir, "case.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
    return doc


def summary(doc, out_dir):
    lines = [f"recorded {out_dir}: {doc['model_class']} from {doc['files'][0]}"
             f" ({doc['framework']} {doc['keras_version']}, TensorFlow"
             f" {doc['versions']['tensorflow']}), {len(doc['outputs'])} output(s)"]
    if doc.get("layer_outputs"):
        lo = doc["layer_outputs"]
        lines.append(f"  layer outputs: {len(lo['recorded'])} recorded, {len(lo['skipped'])}"
                     " skipped" + "".join(f"\n    skipped {s['name']} ({s['class_name']}):"
                                          f" {s['reason']}" for s in lo["skipped"]))
        if not lo["outputs_match_model"]:
            lines.append("  WARNING: a layer's recorded output differs from the model's own")
    r = doc["reload"]
    if r["in_memory"] and not r["same_bits"]:
        lines.append("  the in-memory model and Keras's reload of the file differ;"
                     " not saved: " + (", ".join(f"{s['layer']} {s['setting']}={s['in_memory']}"
                                                 f" (reloaded: {s['reloaded']})"
                                                 for s in r["settings_not_saved"]) or "nothing"
                                       " the script can see"))
    pinned = all(os.environ.get(k) == v for k, v in PINNED_ENV.items())
    if not pinned:
        lines.append("  note: not recorded under keras-rnn's pinned environment (--pin-env);"
                     " parity will tell the JVM environment that reproduces this one")
    lines.append(f"next: keras-rnn parity --case {out_dir}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Record a Keras model file with inputs as a case folder for"
                    " `keras-rnn parity --case DIR`.",
        epilog="From Python, with the trained model in memory: record_case.record(DIR, [x],"
               " model=model) also records what its reload loses.")
    parser.add_argument("model", help="a .keras archive or a legacy full-model .h5 file")
    parser.add_argument("-i", "--input", action="append", required=True, metavar="NPY",
                        help="one .npy per model input, in the order of model.inputs")
    parser.add_argument("-o", "--out", required=True, metavar="DIR",
                        help="the case folder to write (new or empty)")
    parser.add_argument("--batch-size", type=int, default=32, metavar="B",
                        help="batch_size of model.predict (default 32)")
    parser.add_argument("--layers", action="store_true",
                        help="also record every layer's output (parity then names the first"
                             " layer that differs)")
    parser.add_argument("--keras", choices=["auto", "keras", "tf_keras"], default="auto",
                        help="which Keras reloads the file (default: the one that wrote it,"
                             " from its keras_version)")
    parser.add_argument("--pin-env", action="store_true",
                        help="run under keras-rnn's pinned environment: " + " ".join(
                            f"{k}={v}" for k, v in PINNED_ENV.items()))
    parser.add_argument("--name", help="case name (default: the folder's name)")
    parser.add_argument("--unsafe", action="store_true",
                        help="let Keras load Lambda layers' Python code (safe_mode=False); only"
                             " for files you trust")
    args = parser.parse_args(argv)
    try:
        if args.pin_env:
            pin_environment()
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        inputs = read_inputs(args.input)
        doc = record(args.out, inputs, model_file=args.model, batch_size=args.batch_size,
                     layers=args.layers, framework=args.keras, name=args.name,
                     input_files=args.input, unsafe=args.unsafe)
    except RecordError as e:
        print(f"record_case.py: error: {e}", file=sys.stderr)
        return 2
    print(summary(doc, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
