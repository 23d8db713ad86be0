"""Writes BENCHMARKS.md from bench/work/{python_results.json, jmh.json, accuracy.jsonl,
coldstart.jsonl, soak.md}. Run by bench/run (any Python 3 works)."""
import argparse
import json
import os
import platform
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "work")
BATCHES = [1, 32, 512]
MODEL_DESC = {
    "lstm": "LSTM(128)", "gru": "GRU(128)", "simplernn": "SimpleRNN(128)",
    "bidi": "Bidirectional(LSTM(128), seq) → Bidirectional(LSTM(128))",
}
ROUTE_DESC = [
    ("compiled", "this project, `Model.predict` (compiled Graph + Session, cached per signature)"),
    ("eager", "this project, `Model.predictEager` (op by op)"),
    ("savedmodel", "TF Java 1.1.0 `SavedModelBundle` on Keras's `model.export(format=\"tf_saved_model\")`"),
    ("ort", "ONNX Runtime Java on tf2onnx's conversion"),
    ("keras_eager", "Keras 3.6 `model(x)` (eager)"),
    ("keras_predict", "Keras 3.6 `model.predict(x, batch_size=B)`"),
    ("keras_tf_function", "Keras 3.6 model in `tf.function(jit_compile=False)`"),
]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout + \
            subprocess.run(cmd, shell=True, capture_output=True, text=True).stderr
    except Exception as e:  # noqa
        return str(e)


def lines(path):
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path) if l.startswith("{")]


def latency_cell(x, batch):
    """A latency table cell: ms ± error and samples/s, or — when not measured."""
    if not x:
        return "—"
    ms, err, _ = x
    e = f" ± {err:.3g}" if err is not None else ""
    return f"{ms:.3g}{e}<br>({batch / ms * 1e3:,.0f}/s)"


STEPS = {"lstm": 50, "gru": 50, "simplernn": 50, "bidi": 50, "lstm_long": 1000}


def gemm_flop(model, batch):
    """FLOP of one call's recurrent GEMMs: 2 * rows * inner * columns for x·K and h·R at every step
    and in every direction (bias adds, element-wise ops and activations, about 1% more, not
    counted)."""
    f, u = 64, 128
    per_step = {"lstm": [(f + u, 4 * u)], "lstm_long": [(f + u, 4 * u)], "gru": [(f + u, 3 * u)],
                "simplernn": [(f + u, u)], "bidi": [(f + u, 4 * u)] * 2 + [(3 * u, 4 * u)] * 2}[model]
    return sum(2 * batch * k * n for k, n in per_step) * STEPS[model]


def jmh_latencies(path):
    """(model, batch, route) -> ms from a JMH JSON file, {} when absent."""
    if not os.path.exists(path):
        return {}
    return {(r["params"]["model"], int(r["params"]["batch"]), r["params"]["route"]):
            r["primaryMetric"]["score"] / 1e3 for r in json.load(open(path))}


def table_rows(path):
    """Markdown table rows of a bench script's output file as lists of cells."""
    if not os.path.exists(path):
        return []
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in open(path) if line.startswith("|") and not line.startswith("|---")
            and not line.startswith("| model")]


def median(values):
    v = sorted(values)
    return (v[len(v) // 2] + v[(len(v) - 1) // 2]) / 2


def targets_section(w, lat, models):
    """Issue 15's targets: ONNX Runtime at 32 / 512, batch-1 latency, two callers, first call."""
    own = jmh_latencies(os.path.join(WORK, "isa-own", "jmh.json"))
    get = lambda m, b, r: (lat.get((m, b, r)) or (None,))[0]
    fmt = lambda r, ok: "—" if r is None else f"{r:.2f}× {'✅' if ok else '❌'}"
    w("## Targets (issue 15), ratios from this run\n")
    w("Throughput ratios are ONNX Runtime's time per call over ours (≥ 1.0: we are at least as "
      "fast); latency ratios are our time over theirs (≤ target: met). Pinned ISA from the main "
      "table; the machine's own ISA from `bench/isa_compare` (LSTM and GRU; — where not run).\n")
    w("| model | throughput vs ORT, batch 32 (≥ 1.0) | batch 512 (≥ 1.0) | batch 32, own ISA | "
      "batch 512, own ISA | batch-1 latency / Keras tf.function (≤ 0.5) | batch-1 latency / ORT (≤ 1.0) |")
    w("|---|---|---|---|---|---|---|")
    met = {"ort": [], "tfn": [], "ort1": []}
    for m in models:
        cells = []
        for src, b in ((None, 32), (None, 512), (own, 32), (own, 512)):
            c = get(m, b, "compiled") if src is None else src.get((m, b, "compiled"))
            o = get(m, b, "ort") if src is None else src.get((m, b, "ort"))
            r = o / c if c and o else None
            if r is not None:
                met["ort"].append(r >= 1.0)
            cells.append(fmt(r, r is not None and r >= 1.0))
        c1, t1, o1 = get(m, 1, "compiled"), get(m, 1, "keras_tf_function"), get(m, 1, "ort")
        r_t = c1 / t1 if c1 and t1 else None
        r_o = c1 / o1 if c1 and o1 else None
        if r_t is not None:
            met["tfn"].append(r_t <= 0.5)
        if r_o is not None:
            met["ort1"].append(r_o <= 1.0)
        cells += [fmt(r_t, r_t is not None and r_t <= 0.5), fmt(r_o, r_o is not None and r_o <= 1.0)]
        w(f"| {m} | " + " | ".join(cells) + " |")
    w("")
    conc = table_rows(os.path.join(WORK, "concurrency.txt"))
    scaling = []
    for model in dict.fromkeys(r[0] for r in conc):
        one = [float(r[4]) for r in conc if r[0] == model and r[2] == "1" and r[3] == "1"]
        two = [float(r[4]) for r in conc if r[0] == model and r[2] == "1" and r[3] == "2"]
        if one and two:
            scaling.append((model, two[0] / one[0]))
    first = {}
    for r in table_rows(os.path.join(WORK, "first_call.txt")):
        first.setdefault(r[0], []).append(float(r[4]))
    first = {m: median(v) for m, v in first.items()}
    verdict = lambda v: "met" if v and all(v) else ("missed" if v and not any(v) else "partly met")
    w("Summary:\n")
    w(f"* throughput ≥ 1.0× ONNX Runtime at batch 32 and 512: **{verdict(met['ort'])}** "
      f"({sum(met['ort'])} of {len(met['ort'])} model × batch × ISA cells)")
    w(f"* batch-1 latency ≤ 0.5× Keras `tf.function`: **{verdict(met['tfn'])}** "
      f"({sum(met['tfn'])} of {len(met['tfn'])} models); ≤ 1.0× ONNX Runtime: "
      f"**{verdict(met['ort1'])}** ({sum(met['ort1'])} of {len(met['ort1'])})")
    if scaling:
        w("* two concurrent callers ≥ 1.8× one caller's throughput (`bench/concurrency`, inter-op 1): "
          f"**{verdict([x >= 1.8 for _, x in scaling])}** ("
          + ", ".join(f"{m} {x:.2f}×" for m, x in scaling) + ")")
    if first:
        w("* first call after `Model.load` ≤ 100 ms for the shipped models (`bench/first_call`, median): "
          f"**{verdict([x <= 100 for x in first.values()])}** ("
          + ", ".join(f"{m} {x:.0f} ms" for m, x in first.items()) + ")")
    w("\n<!-- TARGETS15 -->\n")


def flops_section(w, lat, models):
    """Achieved GFLOP/s per model, batch and route, against the core's ceiling."""
    peak_path = os.path.join(WORK, "gemm_peak.json")
    if not os.path.exists(peak_path):
        return
    peak = json.load(open(peak_path))
    own = jmh_latencies(os.path.join(WORK, "isa-own", "jmh.json"))
    ghz = (peak.get("cpu_mhz") or 0) / 1e3
    nominal = {"AVX2": 32 * ghz, "AVX-512": 64 * ghz}
    ceiling = peak["pinned"]["gflops"]
    w("## FLOP rate against the core's limit\n")
    w("FLOP per call counts the recurrent GEMMs only (`x·K` and `h·R`: 2 × rows × inner × columns "
      "per step and direction; bias adds and element-wise ops, about 1% more, are left out). "
      "Rates are FLOP per call over the time per call above; one thread for every route. Ceiling: "
      f"TensorFlow's own float32 MatMul of 1024² and 2048² matrices on one thread "
      f"(`bench/gemm_peak.py`) reaches {peak['pinned']['gflops']:.1f} GFLOP/s with the pinned ISA "
      f"(AVX2) and {peak['own']['gflops']:.1f} GFLOP/s with the CPU's own "
      f"({'AVX-512' if peak.get('avx512f') else 'AVX2: this CPU has no AVX-512'}). Nominal peak at "
      f"the {ghz:.2f} GHz the kernel reports (a base clock; boost clocks are not visible in this VM): "
      f"AVX2 2 FMA units × 8 lanes × 2 = 32 FLOP/cycle = {nominal['AVX2']:.0f} GFLOP/s; AVX-512 "
      f"2 × 16 × 2 = 64 FLOP/cycle = {nominal['AVX-512']:.0f} GFLOP/s (a core that splits 512-bit "
      "FMAs in two, as AMD Zen 4 does, has the AVX2 figure with AVX-512 too). Each cell: GFLOP/s "
      "(share of the measured GEMM ceiling · of the nominal AVX2 peak · of the nominal AVX-512 peak).\n")
    routes = ["compiled", "savedmodel", "ort", "keras_tf_function"]
    w("| model | batch | GFLOP per call | " + " | ".join(f"`{r}`" for r in routes) + " |")
    w("|---|---|---|" + "---|" * len(routes))
    for m in models + (["lstm_long"] if any(k[0] == "lstm_long" for k in lat) else []):
        for b in (BATCHES if m != "lstm_long" else (1, 32)):
            flop = gemm_flop(m, b)
            cells = []
            for r in routes:
                x = lat.get((m, b, r))
                if not x:
                    cells.append("—")
                    continue
                g = flop / (x[0] / 1e3) / 1e9
                shares = [g / ceiling] + ([g / nominal["AVX2"], g / nominal["AVX-512"]] if ghz else [])
                cells.append(f"{g:.1f} (" + " · ".join(f"{s:.0%}" for s in shares) + ")")
            w(f"| {m} | {b} | {flop / 1e9:.3g} | " + " | ".join(cells) + " |")
    if own:
        w("")
        w("The machine's own ISA (`bench/isa_compare`, share of the own-ISA GEMM ceiling "
          f"{peak['own']['gflops']:.1f} GFLOP/s):\n")
        w("| model | batch | `compiled` | `ort` |")
        w("|---|---|---|---|")
        for (m, b) in sorted({(k[0], k[1]) for k in own}, key=lambda k: (models.index(k[0]) if k[0] in models else 9, k[1])):
            cells = []
            for r in ("compiled", "ort"):
                t = own.get((m, b, r))
                g = gemm_flop(m, b) / (t / 1e3) / 1e9 if t else None
                cells.append("—" if g is None else f"{g:.1f} ({g / peak['own']['gflops']:.0%})")
            w(f"| {m} | {b} | " + " | ".join(cells) + " |")
    w("\n<!-- FLOPS -->\n")


def long_section(w, lat, acc, py):
    """lstm_long: the LSTM model on 1000 steps; Java's compiled route runs it as a while loop."""
    if not any(k[0] == "lstm_long" for k in lat):
        return
    routes = ["compiled", "savedmodel", "ort", "keras_eager", "keras_predict", "keras_tf_function"]
    w("## Long sequences: LSTM(128) on 1000 steps\n")
    w("Model `lstm_long`: Input(None, 64) → LSTM(128), built like `lstm` (its own seeded weights), run on "
      "float32 `[batch, 1000, 64]`. `compiled` is `Model.predict` with the default `TimeLoop` "
      "(1000 steps > its unroll limit, so a TensorFlow while loop); Keras, the SavedModel and ONNX "
      "Runtime run their own loops (`While`, `Loop`). Latency per call in ms (throughput):\n")
    w("| batch | " + " | ".join(f"`{r}`" for r in routes) + " |")
    w("|---|" + "---|" * len(routes))
    for b in (1, 32):
        w(f"| {b} | " + " | ".join(latency_cell(lat.get(("lstm_long", b, r)), b) for r in routes) + " |")
    w("")
    w("| batch | compiled / Keras predict | compiled / Keras best | compiled / SavedModel | compiled / ORT | "
      "compiled vs Keras `model(x)` | SavedModel vs Keras | ORT vs Keras |")
    w("|---|---|---|---|---|---|---|---|")
    for b in (1, 32):
        g = lambda r: (lat.get(("lstm_long", b, r)) or (None,))[0]
        c = g("compiled")
        best = min([v for v in (g("keras_eager"), g("keras_predict"), g("keras_tf_function")) if v] or [None])
        ratio = lambda o: "—" if not (c and o) else f"{c / o:.3f}×"

        def accuracy(route):
            x = next((x for x in acc if x["model"] == "lstm_long" and x["batch"] == b and x["route"] == route), None)
            return "—" if x is None else ("bit-exact" if x["bit_exact"] else f"{x['max_abs_diff']:.2e}")
        w(f"| {b} | {ratio(g('keras_predict'))} | {ratio(best)} | {ratio(g('savedmodel'))} | {ratio(g('ort'))} | "
          f"{accuracy('compiled')} | {accuracy('savedmodel')} | {accuracy('ort')} |")
    w("")


def loop_section(w):
    """Unrolled graph vs while loop (bench/java/.../LoopBench.java, LoopMain.java)."""
    path = os.path.join(WORK, "jmh_loop.json")
    if not os.path.exists(path):
        return
    jmh = json.load(open(path))
    build = {(x["cell"], x["steps"], x["loop"]): x for x in lines(os.path.join(WORK, "loop_compile.jsonl"))}
    t = {}
    for r in jmh:
        p = r["params"]
        t[(p["cell"], int(p["batch"]), int(p["steps"]), p["loop"])] = (r["primaryMetric"]["score"],
                                                                       r["primaryMetric"].get("scoreError"))
    w("## Unrolled graph or while loop\n")
    w("`CompiledLayer` (128 units, 64 features, random weights) compiled with `TimeLoop.UNROLLED` (one cell "
      "step per time step in the graph) or `TimeLoop.WHILE` (one TensorFlow while loop), per length. "
      "Both give the same bits (every fixture is tested both ways). Time per call from JMH "
      f"(`LoopBench`, {jmh[0]['warmupIterations']} warm-up × {jmh[0]['warmupTime']}, "
      f"{jmh[0]['measurementIterations']} × {jmh[0]['measurementTime']}, one fork each); build = "
      "`CompiledLayer.compile` + first call, batch 1, median of 3 in one JVM; graph size in ops.\n")
    w("| cell | batch | steps | unrolled (µs/call) | while (µs/call) | while / unrolled | build unrolled (ms) | "
      "build while (ms) | ops unrolled / while |")
    w("|---|---|---|---|---|---|---|---|---|")
    for (cell, b, steps, loop) in sorted(t):
        if loop != "unrolled" or (cell, b, steps, "while") not in t:
            continue
        u, ue = t[(cell, b, steps, "unrolled")]
        wl, we = t[(cell, b, steps, "while")]
        bu, bw = build.get((cell, steps, "unrolled"), {}), build.get((cell, steps, "while"), {})
        fmt = lambda v, e: f"{v:,.0f}" + ("" if e in (None, "NaN") or e != e else f" ± {e:,.0f}")
        w(f"| {cell} | {b} | {steps} | {fmt(u, ue)} | {fmt(wl, we)} | {wl / u:.2f}× | "
          f"{bu.get('compile_ms', float('nan')):.0f} | {bw.get('compile_ms', float('nan')):.0f} | "
          f"{bu.get('graph_ops', '?')} / {bw.get('graph_ops', '?')} |")
    w("")
    w("<!-- LOOP -->\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=int, default=0)
    a = ap.parse_args()
    py = json.load(open(os.path.join(WORK, "python_results.json")))
    jmh = json.load(open(os.path.join(WORK, "jmh.json")))
    acc = lines(os.path.join(WORK, "accuracy.jsonl"))
    cold = lines(os.path.join(WORK, "coldstart.jsonl"))
    soak = open(os.path.join(WORK, "soak.md")).read() if os.path.exists(os.path.join(WORK, "soak.md")) else "(soak not run)\n"

    # latency[(model, batch, route)] = (ms, err_ms or None, note)
    lat = {}
    for r in jmh:
        p = r["params"]
        s = r["primaryMetric"]
        assert s["scoreUnit"] == "us/op", s["scoreUnit"]
        err = s.get("scoreError")
        err = None if err in (None, "NaN") or err != err else err / 1e3
        lat[(p["model"], int(p["batch"]), p["route"])] = (s["score"] / 1e3, err, "JMH")
    for t in py["timings"]:
        lat[(t["model"], t["batch"], t["route"])] = (t["median_ms"], None,
                                                    f"median of {t['runs']} (min {t['min_ms']:.3g}, max {t['max_ms']:.3g})")
    models = [m for m in ["lstm", "gru", "simplernn", "bidi"] if any(k[0] == m for k in lat)]

    cpu = re.search(r"Model name:\s*(.*)", sh("lscpu"))
    mem = re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read())
    java = sh("java -version").strip().splitlines()
    v = py["versions"]
    out = []
    w = out.append
    w("# Benchmarks\n")
    w("Measured by `bash bench/run` (one run: Python timings, JMH, cold start, accuracy, unrolled vs while loop, the soak, "
      "the GEMM ceiling, pinned vs own ISA, hoisting and threads against bits, the shipped models' first call "
      f"and concurrent callers, {a.seconds // 60} min {a.seconds % 60} s on this machine). Every number below comes from that run, except three sections that name their own runs (the model server, Spark, and the ISA comparison on an AVX-512 machine); "
      "nothing is copied from elsewhere. Raw data: `bench/work/` (not committed): `python_results.json`, "
      "`jmh.json` (JMH's JSON), `jmh_loop.json`, `loop_compile.jsonl`, `accuracy.jsonl`, `coldstart.jsonl`, "
      "`soak.md`.\n")
    w("## Machine, versions, settings\n")
    w("| | |\n|---|---|")
    w(f"| CPU | {cpu.group(1).strip() if cpu else '?'}, {os.cpu_count()} cores visible |")
    w(f"| memory | {int(mem.group(1)) / 1048576:.1f} GiB |")
    w(f"| OS | {platform.platform()} |")
    w(f"| JDK | {java[0] if java else '?'} ({java[1] if len(java) > 1 else ''}) |")
    w("| TF Java | 1.1.0 (`tensorflow-core-api` + `linux-x86_64` natives = TF 2.18.0) |")
    w("| ONNX Runtime Java | 1.20.0 (`com.microsoft.onnxruntime:onnxruntime`, bench profile only) |")
    w("| JMH | 1.37 |")
    w(f"| Python | {v['python']}; tensorflow-cpu {v['tensorflow']}, keras {v['keras']}, numpy {v['numpy']}, "
      f"tf2onnx {v['tf2onnx']}, onnx {v['onnx']}, onnxruntime (Python, sanity check only) {v['onnxruntime_python']} "
      "(`bench/requirements.txt`, venv `bench/.venv`; full `pip freeze` in `bench/.venv/freeze.txt`) |")
    w("")
    w("Thread and numerics settings, identical for Python and every JVM (exported by `bench/run` and "
      "`bench/soak`): `TF_ENABLE_ONEDNN_OPTS=0`, `ONEDNN_MAX_CPU_ISA=AVX2`, `TF_NUM_INTRAOP_THREADS=1`, "
      "`TF_NUM_INTEROP_THREADS=1`. Python additionally calls `tf.config.threading.set_intra/inter_op_parallelism_threads(1)`; "
      "the SavedModel session gets a ConfigProto with intra/inter-op 1 (default graph options: Grappler on); "
      "ONNX Runtime sessions use `setIntraOpNumThreads(1)`, `setInterOpNumThreads(1)`, sequential execution, "
      "all graph optimizations. This project's compiled calls run their ops in TF's inter-op pool of 1 "
      "thread, as the SavedModel route does (the calling thread does not flush subnormals as TF's threads "
      "do, so it would change bits). So every route computes on one or two threads (a 1-thread "
      "inter-op pool beside a 1-thread intra-op pool).\n")
    w("## What is measured\n")
    w("Models (Keras 3.6, built by `bench/bench_keras.py`, random uniform(±0.2) weights, seeded), input "
      "float32 `[batch, 50, 64]`, output the last step's hidden state:\n")
    for m in models:
        w(f"* `{m}`: Input(50, 64) → {MODEL_DESC[m]} ({py['models'][m]['params']:,} parameters)")
    w("")
    w("Routes:\n")
    for r, d in ROUTE_DESC:
        w(f"* `{r}`: {d}")
    w("")
    w("Java routes are timed by JMH 1.37 (`bench/java/dev/kerasrnn/bench/RnnBench.java`, run by `BenchMain`): "
      "average time per call, 1 fork per configuration, "
      f"{jmh[0]['warmupIterations']} warm-up × {jmh[0]['warmupTime']}, {jmh[0]['measurementIterations']} measurement × "
      f"{jmh[0]['measurementTime']}; ± is JMH's 99.9% confidence half-width. Each Java call starts from a "
      "host `float[]`/HostArray input and ends with the output copied to the Java heap (tensor creation and "
      "copies included for every route). Python routes: 2 warm-up calls, then the median of as many calls "
      "as fit in about 3 s (at least 5, at most 200), `time.perf_counter`; output converted to NumPy.\n")
    ops = {m: py["models"][m]["onnx_ops"] for m in models}
    w("ONNX export: Keras 3.6 model wrapped in a `tf.function` and converted by `tf2onnx.convert.from_function` "
      "(opset 17; `from_keras` needs tf-keras, not needed here). tf2onnx did not rewrite Keras 3's while loop "
      "into ONNX `LSTM`/`GRU`/`RNN` ops: every model became an ONNX `Loop` over the cell's MatMul/Add/activation "
      "ops (" + "; ".join(f"`{m}`: {', '.join(o)}" for m, o in ops.items()) + "). "
      "The SavedModel is Keras's own `model.export(dir, format=\"tf_saved_model\")` (a `While` loop, run by "
      "TF Java's session with Grappler on).\n")

    w("## Latency per call (ms) and throughput (samples/s)\n")
    routes = ["compiled", "eager", "savedmodel", "ort", "keras_eager", "keras_predict", "keras_tf_function"]
    w("| model | batch | " + " | ".join(f"`{r}`" for r in routes) + " |")
    w("|---|---|" + "---|" * len(routes))
    for m in models:
        for b in BATCHES:
            w(f"| {m} | {b} | " + " | ".join(latency_cell(lat.get((m, b, r)), b) for r in routes) + " |")
    w("")
    w("(— : not measured.)\n")

    # Ratios
    w("## Targets (issue 5), ratios from this run\n")
    rows = []
    verdicts = []

    def get(m, b, r):
        x = lat.get((m, b, r))
        return x[0] if x else None

    w("| model | compiled / Keras predict, batch 1 (target ≤ 0.1) | compiled / SavedModel, batch 1 (target ≤ 0.5) | "
      "compiled / Keras tf.function, batch 1 (info) | batch-512 throughput: compiled / Keras best (target ≥ 1.0) | "
      "Keras best at 512 |")
    w("|---|---|---|---|---|---|")
    met = {"predict": [], "savedmodel": [], "b512": []}
    for m in models:
        c1 = get(m, 1, "compiled")
        kp = get(m, 1, "keras_predict")
        sm = get(m, 1, "savedmodel")
        tfn = get(m, 1, "keras_tf_function")
        c512 = get(m, 512, "compiled")
        best = min(((get(m, 512, r), r) for r in ["keras_eager", "keras_predict", "keras_tf_function"] if get(m, 512, r)),
                   default=(None, None))
        r1 = c1 / kp if c1 and kp else None
        r2 = c1 / sm if c1 and sm else None
        r3 = c1 / tfn if c1 and tfn else None
        r4 = best[0] / c512 if c512 and best[0] else None
        if r1 is not None: met["predict"].append(r1 <= 0.1)
        if r2 is not None: met["savedmodel"].append(r2 <= 0.5)
        if r4 is not None: met["b512"].append(r4 >= 1.0)
        f = lambda r, ok: "—" if r is None else f"{r:.3f}× {'✅' if ok(r) else '❌'}"
        w(f"| {m} | {f(r1, lambda r: r <= 0.1)} | {f(r2, lambda r: r <= 0.5)} | "
          f"{'—' if r3 is None else f'{r3:.2f}×'} | {f(r4, lambda r: r >= 1.0)} | `{best[1]}` |")
    w("")
    summary = {
        "compiled ≤ 0.1× Keras predict at batch 1": met["predict"],
        "compiled ≤ 0.5× SavedModel at batch 1": met["savedmodel"],
        "batch-512 throughput ≥ 1.0× Keras's best path": met["b512"],
    }
    w("Summary (per model, in the order " + ", ".join(models) + "):\n")
    for k, v_ in summary.items():
        state = "met" if v_ and all(v_) else ("missed" if v_ and not any(v_) else "partly met")
        w(f"* {k}: **{state}** ({', '.join('yes' if x else 'no' for x in v_)})")
    w("\n<!-- ANALYSIS -->\n")

    targets_section(w, lat, models)
    flops_section(w, lat, models)
    long_section(w, lat, acc, py)
    loop_section(w)

    w("## Accuracy of each route against Keras's eager `model(x)`\n")
    w("Max abs difference over the whole output (bit-exact = every float identical), on the inputs the timings used:\n")
    w("| model | batch | " + " | ".join(f"`{r}`" for r in ["compiled", "eager", "savedmodel", "ort"]) + " |")
    w("|---|---|---|---|---|---|")
    for m in models:
        for b in BATCHES:
            cells = []
            for r in ["compiled", "eager", "savedmodel", "ort"]:
                x = next((x for x in acc if x["model"] == m and x["batch"] == b and x["route"] == r), None)
                cells.append("—" if x is None else ("bit-exact" if x["bit_exact"] else f"{x['max_abs_diff']:.2e}"))
            w(f"| {m} | {b} | " + " | ".join(cells) + " |")
    w("")
    w("(eager at batch 512 is not re-checked here; the test suite covers eager = compiled.)\n")

    w("## Load time and first call (batch 1, fresh JVM per row)\n")
    w("`runtime init`: loading the native library and running one tiny op (TF), or creating the ORT environment. "
      "`load`: `Model.load` (.keras parse + weights) / `SavedModelBundle.load` / `OrtSession` creation. "
      "`first call`: first prediction (for `compiled` this "
      "includes building and creating the graph + session for the signature; for `eager` the first op-by-op "
      "run). Single runs, so expect ±20% noise.\n")
    w("| model | route | runtime init (ms) | load (ms) | first call (ms) | second call (ms) |")
    w("|---|---|---|---|---|---|")
    for c in cold:
        w(f"| {c['model']} | `{c['route']}` | {c['runtime_init_ms']:.0f} | {c['load_ms']:.0f} | "
          f"{c['first_call_ms']:.1f} | {c['second_call_ms']:.2f} |")
    w("")
    w("## Memory soak (`bash bench/soak`)\n")
    w("Compiled GRU(16), 8 features (`bench/java/dev/kerasrnn/bench/Soak.java`), in a fixed, pre-touched "
      "1 GB heap (`-Xms1g -Xmx1g -XX:+AlwaysPreTouch`, so RSS growth is native memory): 10 steps unrolled at "
      "batch 1 and 512, then one while-loop graph compiled for any length (`TimeLoop.WHILE`, all outputs "
      "kept in a TensorList) fed 10, 50, 100 and 200 steps in turn. Warm-up = the first 10% of each "
      "phase's calls; RSS sampled 100 times per phase.\n")
    w(soak.strip() + "\n")
    w("## Model server (`bash bench/serve_load`)\n")
    w("<!-- SERVE -->\n")
    w("## Reproduce\n")
    w("```bash\nbash bench/run     # ≈ this run's duration; writes BENCHMARKS.md\n"
      "bash bench/soak 1000000 10000 100000   # the soak alone\n"
      "bash bench/isa_compare               # pinned ISA or the machine's own, alone\n"
      "bash bench/first_call --write        # the shipped models' first call, alone\n"
      "bash bench/concurrency --write       # concurrent callers, alone\n"
      "bash bench/serve_load                 # the model server load run (rows for \"Model server\")\n```\n")
    w("`bench/run` creates `bench/.venv` (pinned by `bench/requirements*.txt`), runs `bench/bench_keras.py` "
      "(models, exports and Python timings into `bench/work/`), compiles with `mvn -Pbench` (the `bench` "
      "profile adds `bench/java`, JMH 1.37 and ONNX Runtime Java; the default build and CI do not see it), "
      "then runs Accuracy, ColdStart, BenchMain (JMH), LoopMain (unrolled vs while loop), Soak, "
      "`bench/gemm_peak.py`, `bench/isa_compare`, `bench/hoist_bits.py`, `bench/thread_bits.py`, "
      "`bench/first_call` and `bench/concurrency` (each writes its own section between markers, kept "
      "by the report), and `bench/report.py`. Knobs: `JMH_WARMUP`, `JMH_ITERS`, `JMH_TIME` (s), `BENCH_MODELS`, "
      "`BENCH_LONG_MODELS`, `LOOP_WARMUP`, `LOOP_ITERS`, `LOOP_STEPS`, `SOAK_SMALL`, `SOAK_LARGE`, "
      "`SOAK_WHILE`, `ISA_MODELS`. The Spark run (`bash bench/spark`) writes its own section too.\n")
    text = "\n".join(out)
    # keep a hand-written analysis across regenerations
    if os.path.exists(a.out):
        old = open(a.out).read()
        for tag in ("ANALYSIS", "TARGETS15", "FLOPS", "LOOP", "SERVE"):
            mm = re.search(rf"<!-- {tag} -->\n(.*?)<!-- /{tag} -->", old, re.S)
            if mm:
                text = text.replace(f"<!-- {tag} -->\n", f"<!-- {tag} -->\n" + mm.group(1) + f"<!-- /{tag} -->\n")
        # sections other bench scripts write between their own markers, in their old order
        blocks = [b.group(0) for b in re.finditer(r"<!-- ([\w-]+):begin -->.*?<!-- \1:end -->", old, re.S)]
        if blocks:
            text = text.replace("## Reproduce", "\n\n".join(blocks) + "\n\n## Reproduce")
    open(a.out, "w").write(text)


if __name__ == "__main__":
    main()
