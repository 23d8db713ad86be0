"""Keras side of the benchmarks: builds the bench models (seeded random weights), exports them for
Java (.keras), TF Java (SavedModel) and ONNX Runtime (tf2onnx), records reference outputs, and
times Keras 3.6 eager model(x), model.predict(x, batch_size=B) and a tf.function(jit_compile=False)
call at batch 1, 32, 512 (lstm_long: the LSTM on 1000 steps, batch 1 and 32). Results:
bench/work/python_results.json.

Run by bench/run inside bench/.venv with the pinned environment (TF_ENABLE_ONEDNN_OPTS=0,
ONEDNN_MAX_CPU_ISA=AVX2, TF_NUM_INTRAOP_THREADS=1, TF_NUM_INTEROP_THREADS=1), which TensorFlow reads
at import; tf.config threading is also set to 1/1 here so the settings match whatever the variables.
bench/isa_compare also runs it with BENCH_ISA=own (ONEDNN_MAX_CPU_ISA unset) and BENCH_WORK=DIR.
"""
import json
import os
import statistics
import sys
import time

# BENCH_ISA=own (bench/isa_compare): the machine's own instruction set, ONEDNN_MAX_CPU_ISA unset.
_ISA = None if os.environ.get("BENCH_ISA") == "own" else "AVX2"
for k, v in {"TF_ENABLE_ONEDNN_OPTS": "0", "ONEDNN_MAX_CPU_ISA": _ISA,
             "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
             "TF_CPP_MIN_LOG_LEVEL": "2"}.items():
    if os.environ.get(k) != v:
        sys.exit(f"bench_keras.py: {k} must be {v} (bench/run sets it), got {os.environ.get(k)!r}")

import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)

import keras

WORK = os.environ.get("BENCH_WORK") or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                    "work")
T, F, U = 50, 64, 128
BATCHES = [1, 32, 512]
MODELS = ["lstm", "gru", "simplernn", "bidi", "lstm_long"]
# lstm_long: the LSTM on 1000 steps, input length None (Java runs it as a while loop).
STEPS = {"lstm_long": 1000}
MODEL_BATCHES = {"lstm_long": [1, 32]}
TIME_BUDGET = float(os.environ.get("BENCH_PY_SECONDS", "3"))  # per (model, batch, route)


def build(name, seed):
    keras.utils.set_random_seed(seed)
    inp = keras.Input(shape=(None if name in STEPS else T, F), name="x")
    if name in ("lstm", "lstm_long"):
        out = keras.layers.LSTM(U, name="lstm")(inp)
    elif name == "gru":
        out = keras.layers.GRU(U, name="gru")(inp)
    elif name == "simplernn":
        out = keras.layers.SimpleRNN(U, name="simple_rnn")(inp)
    else:  # stacked Bidirectional: BiLSTM(128, sequences) -> BiLSTM(128, last)
        h = keras.layers.Bidirectional(keras.layers.LSTM(U, return_sequences=True), name="bidi_1")(inp)
        out = keras.layers.Bidirectional(keras.layers.LSTM(U), name="bidi_2")(h)
    model = keras.Model(inp, out, name=f"bench_{name}")
    # Non-trivial weights: uniform(-0.2, 0.2), seeded (the initial Glorot/orthogonal ones would do
    # too; this keeps every gate away from saturation).
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(-0.2, 0.2, w.shape).astype(np.float32) for w in model.get_weights()])
    return model


def inputs(batch, steps=T, seed=7):
    return np.random.default_rng(seed + batch).standard_normal((batch, steps, F)).astype(np.float32)


def export(name, model):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    model.save(os.path.join(d, "model.keras"))
    model.export(os.path.join(d, "saved_model"), format="tf_saved_model", verbose=False)
    steps = STEPS.get(name, T)
    for b in MODEL_BATCHES.get(name, BATCHES):
        x = inputs(b, steps)
        np.save(os.path.join(d, f"x_b{b}.npy"), x)
        np.save(os.path.join(d, f"y_eager_b{b}.npy"), model(x).numpy())
    # ONNX: tf2onnx from a tf.function around the Keras 3 model (from_keras needs tf-keras).
    import tf2onnx
    spec = (tf.TensorSpec((None, None if name in STEPS else T, F), tf.float32, name="x"),)
    fn = tf.function(lambda x: model(x))
    onnx_model, _ = tf2onnx.convert.from_function(fn, input_signature=spec, opset=17,
                                                  output_path=os.path.join(d, "model.onnx"))
    ops = sorted({n.op_type for n in onnx_model.graph.node})
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(os.path.join(d, "model.onnx"), so, providers=["CPUExecutionProvider"])
    x = inputs(32, steps)
    y = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    onnx_diff = float(np.max(np.abs(y - model(x).numpy())))
    return {"onnx_ops": ops, "onnx_input": sess.get_inputs()[0].name,
            "onnx_output": sess.get_outputs()[0].name, "onnx_max_abs_diff_vs_keras_eager_b32": onnx_diff}


def timeit(f, min_runs=5, max_runs=200):
    f()  # warm-up (tracing, first-call allocations)
    f()
    times = []
    start = time.perf_counter()
    while len(times) < max_runs and (len(times) < min_runs or time.perf_counter() - start < TIME_BUDGET):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return {"median_ms": statistics.median(times) * 1e3, "min_ms": min(times) * 1e3,
            "max_ms": max(times) * 1e3, "runs": len(times)}


def main():
    os.makedirs(WORK, exist_ok=True)
    only = os.environ.get("BENCH_MODELS", ",".join(MODELS)).split(",")
    results = {"versions": {"python": sys.version.split()[0], "tensorflow": tf.__version__,
                            "keras": keras.__version__, "numpy": np.__version__},
               "models": {}, "timings": []}
    import tf2onnx, onnx, onnxruntime
    results["versions"].update(tf2onnx=tf2onnx.__version__, onnx=onnx.__version__,
                               onnxruntime_python=onnxruntime.__version__)
    for i, name in enumerate(only):
        model = build(name, seed=100 + i)
        info = export(name, model)
        info["params"] = int(model.count_params())
        results["models"][name] = info
        print(f"[py] {name}: exported; onnx ops {info['onnx_ops']}", flush=True)
        for b in MODEL_BATCHES.get(name, BATCHES):
            x = inputs(b, STEPS.get(name, T))
            xt = tf.constant(x)
            fn = tf.function(lambda v: model(v), jit_compile=False)
            routes = {
                "keras_eager": lambda: model(xt).numpy(),
                "keras_predict": lambda: model.predict(x, batch_size=b, verbose=0),
                "keras_tf_function": lambda: fn(xt).numpy(),
            }
            for route, f in routes.items():
                r = timeit(f)
                r.update(model=name, batch=b, route=route)
                results["timings"].append(r)
                print(f"[py] {name} b{b} {route}: {r['median_ms']:.3f} ms (n={r['runs']})", flush=True)
    with open(os.path.join(WORK, "python_results.json"), "w") as fh:
        json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
