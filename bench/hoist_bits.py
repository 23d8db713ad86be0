#!/usr/bin/env python3
"""Does hoisting the input projection out of the time loop keep Keras's bits?

Keras's recurrent cells multiply each step's input by the kernel inside the loop: T products of
[batch, features] x [features, gates*units]. Hoisting computes them as one product of
[batch*time, features] x [features, gates*units] before the loop (the reshape is exact). The
sums are the same mathematically; whether TensorFlow's CPU MatMul (single thread, oneDNN
rewrites off) adds them in the same order for both shapes decides whether the bits agree. This
script measures it on the native library TF Java also loads (tensorflow-cpu 2.18.0), once with
the pinned instruction set (AVX2) and once with the CPU's own, each in a fresh process, and
writes the "Hoisting the input projection" section of BENCHMARKS.md (between the hoist-bits
markers).

    python-fixtures/.venv/bin/python bench/hoist_bits.py [--write BENCHMARKS.md]
"""

import argparse
import json
import os
import re
import subprocess
import sys

PINNED = {"TF_ENABLE_ONEDNN_OPTS": "0", "ONEDNN_MAX_CPU_ISA": "AVX2",
          "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
          "TF_CPP_MIN_LOG_LEVEL": "2", "CUDA_VISIBLE_DEVICES": ""}
ISAS = (("pinned", "`ONEDNN_MAX_CPU_ISA=AVX2` (the pinned terms)"),
        ("own", "`ONEDNN_MAX_CPU_ISA` unset (the CPU's own instruction set)"))

BEGIN, END = "<!-- hoist-bits:begin -->", "<!-- hoist-bits:end -->"
FEATURES = (8, 32, 64, 128, 256)
BATCHES = (1, 8, 32, 128, 512)
CELLS = (("SimpleRNN", 1), ("GRU", 3), ("LSTM", 4))
UNITS = (16, 32, 64, 128)
STEPS = 50


def differing(tf, np, batch, features, columns, rng):
    """Elements of the T per-step products that differ bit-wise from the hoisted product, their
    count, and the largest difference relative to the largest element."""
    x = rng.standard_normal((batch, STEPS, features)).astype(np.float32)
    k = rng.standard_normal((features, columns)).astype(np.float32)
    per_step = np.stack([tf.linalg.matmul(x[:, t], k).numpy() for t in range(STEPS)], 1)
    hoisted = tf.linalg.matmul(x.reshape(batch * STEPS, features), k).numpy()
    hoisted = hoisted.reshape(batch, STEPS, columns)
    a, b = per_step.view(np.int32), hoisted.view(np.int32)
    scale = float(np.max(np.abs(per_step)))
    return int(np.sum(a != b)), per_step.size, float(np.max(np.abs(per_step - hoisted))) / scale


def batch_rows(tf, np, rng):
    """Request batching: is each row of a [batch, features] x kernel product bit-equal to the
    same row multiplied alone ([1, features] x kernel)? Share of rows, per batch size."""
    out = {}
    for batch in BATCHES[1:]:
        same = total = 0
        for features, columns in ((64, 512), (128, 512), (64, 384), (8, 64)):
            x = rng.standard_normal((batch, features)).astype(np.float32)
            k = rng.standard_normal((features, columns)).astype(np.float32)
            together = tf.linalg.matmul(x, k).numpy().view(np.int32)
            for i in range(batch):
                alone = tf.linalg.matmul(x[i:i + 1], k).numpy().view(np.int32)
                same += bool(np.all(alone[0] == together[i]))
                total += 1
        out[str(batch)] = same / total
    return out


def child(isa):
    """Runs the grid in this process (started with the ISA's environment); prints JSON."""
    import numpy as np
    import tensorflow as tf
    rng = np.random.RandomState(0)
    rows, worst, max_rel = [], 0.0, 0.0
    for cell, gates in CELLS:
        for units in UNITS:
            cols = []
            for batch in BATCHES:
                same = 0
                for features in FEATURES:
                    diff, total, rel = differing(tf, np, batch, features, gates * units, rng)
                    same += diff == 0
                    worst = max(worst, diff / total)
                    max_rel = max(max_rel, rel)
                cols.append(f"{same}/{len(FEATURES)}")
            rows.append(f"| {cell}({units}): {gates * units} columns | " + " | ".join(cols) + " |")
            print(f"{isa}: {rows[-1]}", file=sys.stderr, flush=True)
    print(json.dumps({"rows": rows, "worst": worst, "max_rel": max_rel,
                      "batch_rows": batch_rows(tf, np, rng)}))


def run_isa(isa):
    env = dict(os.environ, **PINNED)
    if isa == "own":
        env.pop("ONEDNN_MAX_CPU_ISA")
    out = subprocess.run([sys.executable, __file__, "--child", isa], env=env, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", help="BENCHMARKS.md to update between the markers")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    results = {isa: run_isa(isa) for isa, _ in ISAS}
    worst = max(r["worst"] for r in results.values())
    max_rel = max(r["max_rel"] for r in results.values())
    header = ("| kernel | " + " | ".join(f"batch {b}" for b in BATCHES) + " |\n|---|"
              + "---|" * len(BATCHES))
    tables = "\n\n".join(f"{desc}:\n\n{header}\n" + "\n".join(results[isa]["rows"])
                           for isa, desc in ISAS)
    rows_header = ("| ISA | " + " | ".join(f"batch {b}" for b in BATCHES[1:]) + " |\n|---|"
                   + "---|" * (len(BATCHES) - 1))
    rows_table = rows_header + "\n" + "\n".join(
        f"| {desc} | " + " | ".join(f"{results[isa]['batch_rows'][str(b)]:.0%}" for b in BATCHES[1:]) + " |"
        for isa, desc in ISAS)
    section = f"""{BEGIN}
## Hoisting the input projection (`python-fixtures/.venv/bin/python bench/hoist_bits.py`)

Would one MatMul of [batch·{STEPS}, features] × kernel before the loop give the bits of Keras's
{STEPS} per-step MatMuls of [batch, features] × kernel? Measured on TensorFlow 2.18.0's CPU MatMul
(the library TF Java loads), oneDNN rewrites off, one thread, random float32 data, once per
instruction set (a fresh process each); each cell counts the input sizes (features
{", ".join(map(str, FEATURES))}) for which every element of all {STEPS} steps is bit-equal.

{tables}

Where it differs, up to {worst:.0%} of the elements differ, by at most {max_rel:.1e} of the
product's largest element (rounding: the GEMM picks its blocking and kernel from the product's
shape, the row count included; one-row products take another path).

Request batching asks the same question of rows: is a row of a [batch, features] × kernel product
(features × columns 64 × 512, 128 × 512, 64 × 384, 8 × 64) bit-equal to that row multiplied
alone? Share of rows that are, per batch size:

{rows_table}
<!-- hoist-bits:notes -->
{END}"""
    if args.write:
        text = open(args.write, encoding="utf-8").read()
        if BEGIN in text:
            notes = re.search(r"<!-- hoist-bits:notes -->\n(.*?)" + re.escape(END), text, re.S)
            section = section.replace("<!-- hoist-bits:notes -->\n",
                                      "<!-- hoist-bits:notes -->\n" + (notes.group(1) if notes else ""))
            text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
        else:
            marker = "\n## Reproduce"
            text = text.replace(marker, "\n" + section + "\n" + marker, 1)
        open(args.write, "w", encoding="utf-8").write(text)
    else:
        print(section)


if __name__ == "__main__":
    main()
