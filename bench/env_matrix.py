"""Python side of bench/env_matrix: models, Keras's answers under one environment, the table.

    env_matrix.py make DIR           models of realistic size (Keras 3 .keras, tf-keras .h5) and
                                     their inputs, plus the shipped models, into DIR
    env_matrix.py run DIR OUT        Keras's model(x) and predict(x) of every model in DIR, under
                                     this process's environment, into OUT
    env_matrix.py fingerprint OUT    what TensorFlow sees of the environment, into OUT/env.json
    env_matrix.py table ROOT         the Markdown table of every ROOT/<env> folder

Java writes its outputs next to Keras's (bench/java/dev/kerasrnn/bench/EnvMatrix.java). Each
comparison counts models whose every output is bit-identical and the largest ULP distance.
"""
import json
import os
import sys
from pathlib import Path

import h5py
import numpy as np

SEED = 20261201


def keras3_models(keras):
    L = keras.layers
    return {
        "k3_lstm_stack": lambda: keras.Sequential([
            keras.Input((20, 16)), L.LSTM(64, return_sequences=True), L.LSTM(32), L.Dense(10)]),
        "k3_gru128": lambda: keras.Sequential([
            keras.Input((30, 24)), L.GRU(128), L.Dense(5, activation="softmax")]),
        "k3_conv_bilstm": lambda: keras.Sequential([
            keras.Input((40, 8)), L.Conv1D(32, 3, activation="relu"), L.MaxPooling1D(2),
            L.Bidirectional(L.LSTM(48)), L.Dense(3)]),
        "k3_masking_gru": lambda: keras.Sequential([
            keras.Input((25, 12)), L.Masking(0.0), L.GRU(96, return_sequences=True),
            L.SimpleRNN(40), L.Dense(1)]),
        "k3_embedding_lstm": lambda: keras.Sequential([
            keras.Input((35,), dtype="int32"), L.Embedding(200, 32, mask_zero=True), L.LSTM(80),
            L.Dense(4)]),
        "k3_simplernn_hsig": lambda: keras.Sequential([
            keras.Input((15, 10)), L.SimpleRNN(50, activation="hard_sigmoid",
                                               return_sequences=True),
            L.GRU(30, recurrent_activation="hard_sigmoid"), L.Dense(2)]),
    }


def tf_keras_models(tfk):
    L = tfk.layers
    return {
        "tfk_lstm_stack": lambda: tfk.Sequential([
            tfk.Input((20, 16)), L.LSTM(64, return_sequences=True), L.LSTM(32), L.Dense(10)]),
        "tfk_gru128": lambda: tfk.Sequential([
            tfk.Input((30, 24)), L.GRU(128), L.Dense(5, activation="softmax")]),
        "tfk_masking_bigru": lambda: tfk.Sequential([
            tfk.Input((25, 12)), L.Masking(0.0), L.Bidirectional(L.GRU(64)), L.Dense(1)]),
    }


def inputs_for(model, name, rng):
    shape = (32,) + tuple(model.input_shape[1:])
    if "embedding" in name:
        x = rng.integers(1, 200, shape).astype(np.int32)
        x[:, 30:] = 0
        return x
    x = rng.standard_normal(shape).astype(np.float32)
    if "masking" in name:
        x[:8, 20:] = 0.0
    return x


def make(out):
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    import keras
    for name, build in keras3_models(keras).items():
        keras.utils.set_random_seed(SEED)
        m = build()
        m.save(out / f"{name}.keras")
        np.save(out / f"{name}.x.npy", inputs_for(m, name, rng))
    import tf_keras
    for name, build in tf_keras_models(tf_keras).items():
        tf_keras.utils.set_random_seed(SEED)
        m = build()
        m.save(out / f"{name}.h5")
        np.save(out / f"{name}.x.npy", inputs_for(m, name, rng))
    root = Path(__file__).resolve().parent.parent / "models"
    for case in sorted(p for p in root.iterdir() if (p / "case.json").is_file()):
        model = next(f for f in (case / "model.keras", case / "model.h5") if f.is_file())
        with h5py.File(case / "data.h5", "r") as f:
            names = list(f["inputs"])
            if len(names) != 1:
                continue
            x = f["inputs"][names[0]][()]
        target = out / f"shipped_{case.name}{model.suffix}"
        target.write_bytes(model.read_bytes())
        np.save(out / f"shipped_{case.name}.x.npy", x)


def model_files(d):
    return sorted(p for p in d.iterdir() if p.suffix in (".keras", ".h5"))


def framework_of(path):
    """The Keras that wrote a .keras archive or legacy .h5 file: "keras" or "tf_keras"."""
    if path.suffix == ".keras":
        import zipfile
        with zipfile.ZipFile(path) as z:
            version = json.loads(z.read("metadata.json")).get("keras_version", "")
    else:
        with h5py.File(path, "r") as f:
            version = f.attrs.get("keras_version")
    if isinstance(version, bytes):
        version = version.decode()
    return "tf_keras" if version and version.startswith("2.") else "keras"


def run(d, out):
    out.mkdir(parents=True, exist_ok=True)
    for path in model_files(d):
        x = np.load(d / f"{path.stem}.x.npy")
        if framework_of(path) == "tf_keras":
            import tf_keras
            model = tf_keras.models.load_model(path)
        else:
            import keras
            model = keras.saving.load_model(path)
        np.save(out / f"{path.stem}.keras_call.npy", np.asarray(model(x)))
        np.save(out / f"{path.stem}.keras_predict.npy",
                model.predict(x, batch_size=32, verbose=0))


def fingerprint(out):
    import tensorflow as tf
    from tensorflow.python.util import _pywrap_util_port
    flags = ""
    try:
        flags = next(line for line in open("/proc/cpuinfo") if line.startswith("flags"))
    except (OSError, StopIteration):
        pass
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "")
    env = {k: os.environ.get(k) for k in ("TF_ENABLE_ONEDNN_OPTS", "ONEDNN_MAX_CPU_ISA",
                                           "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")}
    info = {"env": env, "tensorflow": tf.__version__,
            "onednn_enabled": bool(_pywrap_util_port.IsMklEnabled()),
            "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads(),
            "cpu": cpu, "avx512f": " avx512f" in flags, "cores": os.cpu_count()}
    out.mkdir(parents=True, exist_ok=True)
    (out / "env.json").write_text(json.dumps(info, indent=1))


def ulp(a, b):
    """Largest ULP distance of two float arrays (None if shapes or dtypes differ)."""
    if a.shape != b.shape or a.dtype != b.dtype:
        return None
    bits = {2: np.int16, 4: np.int32, 8: np.int64}[a.itemsize]
    ia, ib = a.view(bits).astype(np.int64), b.view(bits).astype(np.int64)
    low = -(2 ** (8 * a.itemsize - 1))
    ia = np.where(ia < 0, low - ia, ia)
    ib = np.where(ib < 0, low - ib, ib)
    return int(np.abs(ia - ib).max()) if ia.size else 0


COLUMNS = [("eager vs model(x)", "java_eager", "keras_call"),
           ("eager (ops direct) vs model(x)", "java_eager_direct", "keras_call"),
           ("compiled vs model(x)", "java_compiled", "keras_call"),
           ("PREDICT vs predict()", "java_predict", "keras_predict"),
           ("Keras model(x) vs predict()", "keras_call", "keras_predict")]


def cell(d, models, mine, theirs):
    exact = total = 0
    worst = 0
    for m in models:
        a, b = d / f"{m}.{mine}.npy", d / f"{m}.{theirs}.npy"
        if not a.is_file() or not b.is_file():
            continue  # refused (PREDICT on tf-keras) or not run
        total += 1
        u = ulp(np.load(a), np.load(b))
        if u == 0:
            exact += 1
        elif u is not None:
            worst = max(worst, u)
        else:
            worst = float("inf")
    if total == 0:
        return "n/a"
    return f"{exact}/{total}" + ("" if exact == total else f" (max {worst} ULP)")


def table(root):
    envs = sorted(p for p in root.iterdir() if (p / "env.json").is_file())
    print("| environment | oneDNN on | " + " | ".join(c[0] for c in COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for d in envs:
        info = json.loads((d / "env.json").read_text())
        models = sorted({p.name.split(".")[0] for p in d.glob("*.keras_call.npy")})
        cells = [cell(d, models, mine, theirs) for _, mine, theirs in COLUMNS]
        print(f"| `{d.name}` | {'yes' if info['onednn_enabled'] else 'no'} | "
              + " | ".join(cells) + " |")
    if envs:
        info = json.loads((envs[0] / "env.json").read_text())
        print(f"\nTensorFlow {info['tensorflow']}, {info['cpu']}, {info['cores']} cores, "
              f"AVX-512: {'yes' if info['avx512f'] else 'no'}.")


def main(argv):
    cmd = argv[1]
    if cmd == "make":
        make(Path(argv[2]))
    elif cmd == "run":
        run(Path(argv[2]), Path(argv[3]))
    elif cmd == "fingerprint":
        fingerprint(Path(argv[2]))
    elif cmd == "table":
        table(Path(argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
