"""Lists the fixture cases where Keras's own predict() differs from its eager call, bit-wise.

Keras's predict() runs a tf.function; TensorFlow's graph optimizer (Grappler) reassociates some
additions and turns divisions by constants into multiplications, so its bits can differ from the
eager call. This library reproduces the eager call (see README). Prints a Markdown table:

    python predict_divergence.py [FIXTURES_DIR ...]     default: compat-tests/fixtures and models
    python predict_divergence.py --not-rebuilt compat-tests/predict-not-rebuilt.txt

The second form lists the cases whose predict() graph Java does not rebuild (Target.PREDICT
refuses them), each with the reason and how far Keras's predict() is from its eager call there,
which is how far the CALL target's answer (Keras's model(x), bit for bit) is from predict().

Whole-model cases (kind "model") and the real models of models/ have the same /outputs layout;
their rows name the output that differs.
"""
import json
import sys
from pathlib import Path

import h5py
import numpy as np


# Signed integer view of each stored float type (bfloat16 is stored as uint16 bits).
SIGNED_BITS = {2: np.int16, 4: np.int32, 8: np.int64}


def ordered(a):
    """Maps float bits to integers whose difference is the ULP distance."""
    bits = a.view(SIGNED_BITS[a.itemsize]).astype(object).ravel()
    low = -(2 ** (8 * a.itemsize - 1))
    return [low - b if b < 0 else b for b in bits]


def as_float64(dataset):
    """Values of an output dataset as float64 (bfloat16 bits widened to float32 first)."""
    a = dataset[()]
    if dataset.attrs.get("dtype") == "bfloat16":
        return (a.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return a.astype(np.float64)


def compare(call, pred, call64, pred64):
    differ = call.view(np.uint8).reshape(call.shape + (-1,)) != pred.view(np.uint8).reshape(
        pred.shape + (-1,))
    count = int(differ.any(-1).sum())
    if count == 0:
        return 0, 0, 0.0
    max_ulp = max(abs(x - y) for x, y in zip(ordered(call), ordered(pred)))
    with np.errstate(invalid="ignore"):  # edge-value cases: inf - inf
        max_abs = float(np.abs(call64 - pred64).max())
    return count, max_ulp, max_abs


def case_rows(root, only=None):
    cases = json.loads((root / "manifest.json").read_text())["cases"]
    rows = []
    for name in cases:
        if only is not None and name not in only:
            continue
        if not (root / name / "data.h5").is_file():
            continue  # a file Keras itself cannot load back: no outputs
        outputs = json.loads((root / name / "case.json").read_text()).get("outputs")
        with h5py.File(root / name / "data.h5", "r") as f:
            if "outputs/call" not in f or "outputs/predict" not in f:
                continue  # stateful (eager steps only) and initializer cases have no predict()
            count = total = max_ulp = 0
            max_abs = 0.0
            differing = []
            for k in range(len(f["outputs/call"])):
                call_ds, pred_ds = f[f"outputs/call/{k}"], f[f"outputs/predict/{k}"]
                call, pred = call_ds[()], pred_ds[()]
                c, u, a = compare(call, pred, as_float64(call_ds), as_float64(pred_ds))
                count, total = count + c, total + call.size
                max_ulp, max_abs = max(max_ulp, u), max(max_abs, a)
                if c and isinstance(outputs, list) and k < len(outputs):
                    differing.append(str(outputs[k]))
        if only is not None:
            rows.append((name, count, total, max_ulp, max_abs))
        elif count:
            where = f" ({', '.join(differing)})" if differing and len(outputs) > 1 else ""
            rows.append(f"| `{name}`{where} | {count} / {total} | {max_ulp} | {max_abs:.3g} |")
    return cases, rows


def not_rebuilt(listing, roots):
    """The listed cases (name, then the reason) with their call-vs-predict distance."""
    reasons = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            reasons[name] = reason.strip()
    found = {}
    for root in roots:
        if (root / "manifest.json").is_file():
            for row in case_rows(root, set(reasons))[1]:
                found[row[0]] = row
    missing = sorted(set(reasons) - set(found))
    if missing:
        raise SystemExit(f"{listing}: not recorded cases with predict(): {', '.join(missing)}")
    exact = sum(1 for r in found.values() if r[1] == 0)
    print(f"{len(found)} cases not rebuilt for predict(); in {exact} of them Keras's predict() "
          "equals its eager call bit for bit (so CALL's answer is predict()'s too)\n")
    print("| case | reason | elements differing from predict() | max ULP | max abs diff |")
    print("|---|---|---|---|---|")
    for name in sorted(found):
        _, count, total, ulp, diff = found[name]
        print(f"| `{name}` | {reasons[name]} | {count} / {total} | {ulp} | {diff:.3g} |")


def main():
    here = Path(__file__).parent.parent
    if len(sys.argv) == 3 and sys.argv[1] == "--not-rebuilt":
        not_rebuilt(Path(sys.argv[2]), [here / "compat-tests" / "fixtures", here / "models"])
        return
    roots = [Path(a) for a in sys.argv[1:]] or [here / "compat-tests" / "fixtures",
                                                here / "models"]
    for root in roots:
        if not (root / "manifest.json").is_file():
            continue
        cases, rows = case_rows(root)
        print(f"{root}: {len(rows)} of {len(cases)} cases: Keras predict() differs from Keras's "
              "eager call\n")
        print("| case | differing elements | max ULP | max abs diff |")
        print("|---|---|---|---|")
        print("\n".join(rows))
        print()


if __name__ == "__main__":
    main()
