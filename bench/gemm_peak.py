#!/usr/bin/env python3
"""The FLOP ceiling of one core, per instruction set, for the FLOP-rate table of BENCHMARKS.md.

Times TensorFlow's float32 MatMul of two N x N matrices (N = 1024 and 2048) on one thread, once
with ONEDNN_MAX_CPU_ISA=AVX2 (the pinned terms) and once unset (the CPU's own best), each in a
fresh process (TensorFlow reads the variable at start), oneDNN graph rewrites off as in every
benchmark. The best rate is what this TensorFlow build's GEMM reaches on this core: the
practical ceiling the recurrent models' GEMMs are compared with. Also records the clock the
kernel reports (/proc/cpuinfo), from which bench/report.py gives the nominal peak
(FMA units x lanes x 2 x clock). Writes bench/work/gemm_peak.json. Run by bench/run.

    bench/.venv/bin/python bench/gemm_peak.py [--out bench/work/gemm_peak.json]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

SIZES = (1024, 2048)


def child():
    import numpy as np
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    out = {}
    for n in SIZES:
        rng = np.random.default_rng(n)
        a = tf.constant(rng.uniform(-1, 1, (n, n)).astype(np.float32))
        b = tf.constant(rng.uniform(-1, 1, (n, n)).astype(np.float32))
        f = tf.function(lambda x, y: tf.linalg.matmul(x, y))
        f(a, b).numpy()
        times = []
        deadline = time.perf_counter() + 3.0
        while len(times) < 5 or (time.perf_counter() < deadline and len(times) < 50):
            t0 = time.perf_counter()
            f(a, b).numpy()
            times.append(time.perf_counter() - t0)
        out[str(n)] = 2.0 * n ** 3 / min(times) / 1e9
    print(json.dumps(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "work", "gemm_peak.json"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child()
        return
    result = {}
    for isa in ("AVX2", None):
        env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS="0", TF_NUM_INTRAOP_THREADS="1",
                   TF_NUM_INTEROP_THREADS="1", TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
        env.pop("ONEDNN_MAX_CPU_ISA", None)
        if isa:
            env["ONEDNN_MAX_CPU_ISA"] = isa
        run = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True,
                             capture_output=True, text=True)
        rates = json.loads(run.stdout.strip().splitlines()[-1])
        result["pinned" if isa else "own"] = {"gflops": max(rates.values()), "by_size": rates}
    mhz = re.findall(r"cpu MHz\s*:\s*([\d.]+)", open("/proc/cpuinfo").read())
    flags = open("/proc/cpuinfo").read()
    result["cpu_mhz"] = float(mhz[0]) if mhz else None
    result["avx512f"] = " avx512f " in flags
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    json.dump(result, open(a.out, "w"), indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
