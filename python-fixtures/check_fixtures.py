#!/usr/bin/env python3
"""Compares two fixture trees produced by generate_fixtures.py.

    check_fixtures.py --committed DIR --fresh DIR

Checks that both have the same cases (manifest.json), that manifest.json and every case.json are
equal as JSON (apart from IGNORED_JSON_KEYS), that every case folder holds the same files, and
that every HDF5 file holds the same datasets (recursively, e.g. the stateful cases' /steps/<i>/...)
with equal dtype, shape, raw bytes and attributes. Any dtype is compared by its raw bytes: int32
ids, uint8 masks, uint16 bfloat16 bits (attr dtype="bfloat16") and the opaque 2-byte bfloat16
weights Keras writes. HDF5 files are compared by content, not by file bytes, because HDF5 files
carry timestamps.
Exits with status 1 on any difference.
"""

import argparse
import json
import sys
from pathlib import Path

import h5py
import numpy as np

# JSON key paths (tuples of keys from the document root) allowed to differ between trees.
# None today: the generator records nothing that varies between runs of the pinned environment.
IGNORED_JSON_KEYS = set()


class Report:
    def __init__(self):
        self.differences = []
        self.arrays = 0

    def differ(self, where, what):
        self.differences.append(f"{where}: {what}")


def load_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def json_differences(a, b, path=()):
    """Yields (key path, description) for every difference between two JSON values."""
    if path in IGNORED_JSON_KEYS:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in b:
                yield path + (key,), "missing in fresh"
            elif key not in a:
                yield path + (key,), "missing in committed"
            else:
                yield from json_differences(a[key], b[key], path + (key,))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from json_differences(x, y, path + (i,))
    elif type(a) is not type(b) or a != b:
        yield path, f"committed {json.dumps(a)} != fresh {json.dumps(b)}"


def compare_json(committed, fresh, where, report):
    for key_path, what in json_differences(load_json(committed), load_json(fresh)):
        report.differ(where, "/".join(map(str, key_path)) + ": " + what)


def datasets(h5_path):
    """All datasets of an HDF5 file, as {path: (numpy array, {attribute: value})}."""
    found = {}
    with h5py.File(h5_path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                found[name] = (obj[()], {key: obj.attrs[key] for key in obj.attrs})
        f.visititems(visit)
    return found


def attribute_differences(a, b):
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            yield f"attribute {key} only in {'fresh' if key in b else 'committed'}"
        elif not np.array_equal(raw_bytes(a[key]), raw_bytes(b[key])):
            yield f"attribute {key}: {a[key]!r} != {b[key]!r}"


def raw_bytes(array):
    array = np.asarray(array)
    if array.dtype == object:
        return np.frombuffer(repr(array.tolist()).encode("utf-8"), dtype=np.uint8)
    return np.frombuffer(np.ascontiguousarray(array).tobytes(), dtype=np.uint8)


def compare_h5(committed, fresh, where, report):
    a, b = datasets(committed), datasets(fresh)
    for name in sorted(set(a) | set(b)):
        if name not in b:
            report.differ(f"{where}:{name}", "dataset missing in fresh")
            continue
        if name not in a:
            report.differ(f"{where}:{name}", "dataset missing in committed")
            continue
        report.arrays += 1
        (x, x_attrs), (y, y_attrs) = a[name], b[name]
        x, y = np.asarray(x), np.asarray(y)
        for what in attribute_differences(x_attrs, y_attrs):
            report.differ(f"{where}:{name}", what)
        if x.dtype != y.dtype:
            report.differ(f"{where}:{name}", f"dtype {x.dtype} != {y.dtype}")
        elif x.shape != y.shape:
            report.differ(f"{where}:{name}", f"shape {x.shape} != {y.shape}")
        elif not np.array_equal(raw_bytes(x), raw_bytes(y)):
            detail = ""
            if x.dtype.kind == "f":
                per_element = raw_bytes(x).reshape(x.size, -1) != raw_bytes(y).reshape(y.size, -1)
                count = int(np.count_nonzero(per_element.any(axis=1)))
                max_abs = float(np.max(np.abs(x.astype(np.float64) - y.astype(np.float64))))
                detail = f" ({count}/{x.size} elements, max |diff| {max_abs:.3g})"
            report.differ(f"{where}:{name}", "values differ" + detail)


def compare_case(committed_dir, fresh_dir, name, report):
    a_files = {p.name for p in (committed_dir / name).iterdir()}
    b_files = {p.name for p in (fresh_dir / name).iterdir()}
    for missing in sorted(a_files - b_files):
        report.differ(f"{name}/{missing}", "file missing in fresh")
    for extra in sorted(b_files - a_files):
        report.differ(f"{name}/{extra}", "file missing in committed")
    for file_name in sorted(a_files & b_files):
        committed, fresh = committed_dir / name / file_name, fresh_dir / name / file_name
        where = f"{name}/{file_name}"
        if file_name.endswith(".json"):
            compare_json(committed, fresh, where, report)
        elif file_name.endswith(".h5"):
            compare_h5(committed, fresh, where, report)
        elif committed.read_bytes() != fresh.read_bytes():
            report.differ(where, "file bytes differ")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--committed", type=Path, required=True)
    parser.add_argument("--fresh", type=Path, required=True)
    args = parser.parse_args(argv)

    report = Report()
    for tree in (args.committed, args.fresh):
        if not (tree / "manifest.json").is_file():
            print(f"fixtures: {tree} has no manifest.json", file=sys.stderr)
            return 1
    compare_json(args.committed / "manifest.json", args.fresh / "manifest.json", "manifest.json",
                 report)
    committed_cases = load_json(args.committed / "manifest.json")["cases"]
    fresh_cases = set(load_json(args.fresh / "manifest.json")["cases"])
    for name in committed_cases:
        if name in fresh_cases:
            compare_case(args.committed, args.fresh, name, report)

    # Folders not listed in a manifest would go unnoticed otherwise.
    for tree, listed in ((args.committed, set(committed_cases)), (args.fresh, fresh_cases)):
        for entry in sorted(tree.iterdir()):
            if entry.name != "manifest.json" and entry.name not in listed:
                report.differ(f"{tree}/{entry.name}", "not listed in manifest.json")

    for line in report.differences:
        print(f"DIFF {line}")
    print(f"fixtures: {len(committed_cases)} cases, {report.arrays} arrays compared, "
          f"{len(report.differences)} differences")
    return 1 if report.differences else 0


if __name__ == "__main__":
    sys.exit(main())
