"""Lists the fixture cases where Keras's own predict() differs from its eager call, bit-wise.

Keras's predict() runs a tf.function; TensorFlow's graph optimizer (Grappler) reassociates some
additions and turns divisions by constants into multiplications, so its bits can differ from the
eager call. This library reproduces the eager call (see README). Prints a Markdown table:

    python predict_divergence.py [FIXTURES_DIR]
"""
import json
import sys
from pathlib import Path

import h5py
import numpy as np


def ordered(a):
    """Maps float bits to integers whose difference is the ULP distance."""
    bits = a.view(np.int32 if a.dtype == np.float32 else np.int64).astype(object).ravel()
    low = -(2**31) if a.dtype == np.float32 else -(2**63)
    return [low - b if b < 0 else b for b in bits]


def compare(call, pred):
    differ = call.view(np.uint8).reshape(call.shape + (-1,)) != pred.view(np.uint8).reshape(
        pred.shape + (-1,))
    count = int(differ.any(-1).sum())
    if count == 0:
        return 0, 0, 0.0
    max_ulp = max(abs(x - y) for x, y in zip(ordered(call), ordered(pred)))
    max_abs = float(np.abs(call.astype(np.float64) - pred.astype(np.float64)).max())
    return count, max_ulp, max_abs


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "compat-tests" / "fixtures")
    cases = json.loads((root / "manifest.json").read_text())["cases"]
    rows = []
    for name in cases:
        with h5py.File(root / name / "data.h5", "r") as f:
            count = total = max_ulp = 0
            max_abs = 0.0
            for k in range(len(f["outputs/call"])):
                call, pred = f[f"outputs/call/{k}"][()], f[f"outputs/predict/{k}"][()]
                c, u, a = compare(call, pred)
                count, total = count + c, total + call.size
                max_ulp, max_abs = max(max_ulp, u), max(max_abs, a)
        if count:
            rows.append(f"| `{name}` | {count} / {total} | {max_ulp} | {max_abs:.3g} |")
    print(f"{len(rows)} of {len(cases)} cases: Keras predict() differs from Keras's eager call\n")
    print("| case | differing elements | max ULP | max abs diff |")
    print("|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
