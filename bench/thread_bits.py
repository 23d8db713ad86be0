#!/usr/bin/env python3
"""Do TensorFlow's intra-op threads change the bits of the ops this library emits?

Each op is run eagerly (as Keras's model(x) and this library's eager route run it; compiled
graphs run the same kernels) in child processes that differ only in TF_NUM_INTRAOP_THREADS
(1, the pinned terms, against 2 and 4; inter-op 1, oneDNN off, ISA AVX2), on the same random
float32 inputs, over the op shapes of recurrent models and the layers around them. A cell counts
the shapes whose every output element is bit-identical to the one-thread run. TensorFlow reads
the thread count at process start, hence one process per count. Writes the "Intra-op threads and
bits" section of BENCHMARKS.md (between the thread-bits markers).

    python-fixtures/.venv/bin/python bench/thread_bits.py [--write BENCHMARKS.md]
"""

import argparse
import os
import subprocess
import sys
import tempfile

# This process only lists the cases and compares; its own TensorFlow runs nothing, but reads
# the environment when imported, so it gets the pinned terms too.
os.environ.update(TF_ENABLE_ONEDNN_OPTS="0", ONEDNN_MAX_CPU_ISA="AVX2", TF_CPP_MIN_LOG_LEVEL="2",
                  CUDA_VISIBLE_DEVICES="")

BEGIN, END = "<!-- thread-bits:begin -->", "<!-- thread-bits:end -->"
THREADS = (1, 2, 4)
BATCHES = (1, 8, 32, 128, 512)


def cases():
    """(op, description, builder(batch) -> (function, inputs)) for every op measured."""
    import numpy as np
    import tensorflow as tf

    def rand(rng, *shape):
        return rng.standard_normal(shape).astype(np.float32)

    def matmul(features, columns):
        return lambda rng, b: (tf.linalg.matmul, (rand(rng, b, features), rand(rng, features,
                                                                                  columns)))

    def unary(fn, width):
        return lambda rng, b: (fn, (rand(rng, b, width),))

    def binary(fn, width, other_rows=None):
        return lambda rng, b: (fn, (rand(rng, b, width),
                                    rand(rng, other_rows or b, width)))

    def bias_add(width):
        return lambda rng, b: (tf.nn.bias_add, (rand(rng, b, width), rand(rng, width)))

    def conv2d(size, cin, cout, k):
        return lambda rng, b: (
            lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"),
            (rand(rng, b, size, size, cin), rand(rng, k, k, cin, cout)))

    def conv1d(steps, cin, cout, k):
        return lambda rng, b: (
            lambda x, w: tf.nn.conv1d(x, w, 1, "VALID"),
            (rand(rng, b, steps, cin), rand(rng, k, cin, cout)))

    def batch_matmul(t, s, d):
        return lambda rng, b: (
            lambda q, k: tf.linalg.matmul(q, k, transpose_b=True),
            (rand(rng, b, t, d), rand(rng, b, s, d)))

    def reduce(fn, steps, width):
        return lambda rng, b: (lambda x: fn(x, axis=1), (rand(rng, b, steps, width),))

    def softmax(t, s):
        return lambda rng, b: (tf.nn.softmax, (rand(rng, b, t, s),))

    return [
        ("MatMul", "x·kernel [b, 64] × [64, 512] (LSTM(128))", matmul(64, 512)),
        ("MatMul", "h·recurrent [b, 128] × [128, 512]", matmul(128, 512)),
        ("MatMul", "[b, 16] × [16, 48] (GRU(16))", matmul(16, 48)),
        ("MatMul", "[b, 256] × [256, 1024]", matmul(256, 1024)),
        ("BiasAdd", "[b, 512]", bias_add(512)),
        ("AddV2", "[b, 512] + [b, 512]", binary(tf.math.add, 512)),
        ("Mul", "[b, 512] * [b, 512]", binary(tf.math.multiply, 512)),
        ("Sigmoid", "[b, 512]", unary(tf.math.sigmoid, 512)),
        ("Tanh", "[b, 512]", unary(tf.math.tanh, 512)),
        ("Relu", "[b, 512]", unary(tf.nn.relu, 512)),
        ("Softmax", "[b, 8, 50]", softmax(8, 50)),
        ("Conv2D", "[b, 16, 16, 8] ∗ 3×3×8×16, same", conv2d(16, 8, 16, 3)),
        ("Conv2D", "[b, 32, 32, 3] ∗ 3×3×3×32, same", conv2d(32, 3, 32, 3)),
        ("Conv2D (1-D)", "[b, 50, 64] ∗ 5×64×32, valid", conv1d(50, 64, 32, 5)),
        ("BatchMatMulV2", "[b, 20, 32] × [b, 30, 32]ᵀ (attention scores)", batch_matmul(20, 30, 32)),
        ("Mean", "[b, 50, 128] over time (pooling)", reduce(tf.math.reduce_mean, 50, 128)),
        ("Sum", "[b, 50, 128] over time", reduce(tf.math.reduce_sum, 50, 128)),
        ("Max", "[b, 50, 128] over time", reduce(tf.math.reduce_max, 50, 128)),
    ]


def child(out):
    """Runs every case at every batch size with this process's thread count; saves outputs."""
    import numpy as np
    outputs = {}
    for i, (_, _, build) in enumerate(cases()):
        for b in BATCHES:
            rng = np.random.RandomState(1000 * i + b)
            fn, inputs = build(rng, b)
            outputs[f"{i}_{b}"] = np.asarray(fn(*inputs))
    np.savez(out, **outputs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", help="BENCHMARKS.md to update between the markers")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    import numpy as np
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in THREADS:
            env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS="0", ONEDNN_MAX_CPU_ISA="AVX2",
                       TF_NUM_INTRAOP_THREADS=str(n), TF_NUM_INTEROP_THREADS="1",
                       TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
            out = os.path.join(tmp, f"t{n}.npz")
            subprocess.run([sys.executable, __file__, "--child", out], env=env, check=True)
            results[n] = dict(np.load(out))
    rows = []
    header = "| op | shape | " + " | ".join(
        f"{n} threads: batch {', '.join(map(str, BATCHES))}" for n in THREADS[1:]) + " |"
    changed = set()
    for i, (op, shape, _) in enumerate(cases()):
        cells = []
        for n in THREADS[1:]:
            marks = []
            for b in BATCHES:
                a = results[1][f"{i}_{b}"].view(np.int32)
                c = results[n][f"{i}_{b}"].view(np.int32)
                same = a.shape == c.shape and bool(np.all(a == c))
                share = 100.0 * float(np.mean(a != c)) if a.shape == c.shape else 100.0
                marks.append("=" if same else f"≠{share:.2g}%")
                if not same:
                    changed.add(op)
            cells.append(" ".join(marks))
        rows.append(f"| {op} | {shape} | " + " | ".join(cells) + " |")
    table = "\n".join([header, "|---|---|" + "---|" * (len(THREADS) - 1)] + rows)
    kept = sorted({op for op, _, _ in cases()} - changed)
    summary = (f"Bit-identical to one thread at every measured shape and batch: {', '.join(kept)}."
               f" Changed somewhere: {', '.join(sorted(changed)) or 'none'}.")
    print(table)
    print(summary)
    if args.write:
        import tensorflow as tf
        body = (f"{BEGIN}\n## Intra-op threads and bits (`python-fixtures/.venv/bin/python "
                f"bench/thread_bits.py --write BENCHMARKS.md`)\n\n"
                f"Each op run eagerly in processes that differ only in `TF_NUM_INTRAOP_THREADS` "
                f"(TensorFlow {tf.__version__}, inter-op 1, oneDNN off, `ONEDNN_MAX_CPU_ISA=AVX2`, "
                f"this machine's {os.cpu_count()} cores), same random float32 inputs; per batch size "
                f"`=` means every output element is bit-identical to the one-thread run, `≠n%` "
                f"gives the share of elements that differ.\n\n{table}\n\n{summary}\n"
                f"<!-- thread-bits:notes -->\n{END}")
        text = open(args.write).read()
        if BEGIN in text:
            start, stop = text.index(BEGIN), text.index(END) + len(END)
            old = text[start:stop]
            if "<!-- thread-bits:notes -->\n" in old:
                notes = old.split("<!-- thread-bits:notes -->\n", 1)[1][:-len(END)]
                body = body.replace("<!-- thread-bits:notes -->\n",
                                    "<!-- thread-bits:notes -->\n" + notes)
            text = text[:start] + body + text[stop:]
        else:
            text = text.replace("## Reproduce", body + "\n\n## Reproduce")
        open(args.write, "w").write(text)


if __name__ == "__main__":
    main()
