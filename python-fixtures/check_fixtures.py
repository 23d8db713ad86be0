#!/usr/bin/env python3
"""Compares two fixture trees produced by generate_fixtures.py.

    check_fixtures.py --committed DIR --fresh DIR [--committed DIR --fresh DIR ...]

Used for compat-tests/fixtures (generate_fixtures.py) and for models/ (train_models.py); several
pairs of trees can be given, each --committed paired with the --fresh in the same position.
Checks that both have the same cases (manifest.json), that manifest.json and every JSON file are
equal as JSON (apart from IGNORED_JSON_KEYS), that every case folder holds the same files, that
every HDF5 file holds the same datasets (recursively, e.g. the stateful cases' /steps/<i>/...)
with equal dtype, shape, raw bytes and attributes, and the same group attributes (e.g. a legacy
.h5's model_config, layer_names, weight_names), that every `.keras` archive holds the same
entries, its JSON entries equal as JSON (metadata.json's date_saved excepted) and its
model.weights.h5 equal as HDF5 above, and that any other file (README.md) is equal byte for
byte. Files next to manifest.json (models/README.md) are compared as well. JSON (files, .keras
entries, JSON string attributes) is compared with Keras's "shared_object_id" values (Python
id()s, new in every run) renumbered in order of appearance. Any dtype is compared by its raw
bytes: int32 ids, uint8 masks, uint16 bfloat16 bits (attr dtype="bfloat16") and the opaque
2-byte bfloat16 weights Keras writes. HDF5 files are compared by content, not by file bytes,
because HDF5 files carry timestamps. A case of kind cell_call (no weights file: the cell's
weights are in its data.h5) is compared like any other, and in both trees its data.h5 must hold
exactly the datasets its case.json describes (KIND_LAYOUTS). A predict_library.pb.gz whose bytes
differ is compared as a function library in which the process-wide uids tf-keras puts into
argument names are renumbered (compare_function_library): they depend on what ran before in the
generator process (the --jobs split, the cases before), not on Keras.
Exits with status 1 on any difference.
"""

import argparse
import gzip
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path

import h5py
import numpy as np

# JSON key paths (tuples of keys from the document root) allowed to differ between trees.
# None today: the generator records nothing that varies between runs of the pinned environment.
IGNORED_JSON_KEYS = set()
# Outputs whose predict() Keras itself does not reproduce run to run (compat-tests/
# predict-unstable.txt: case, output index, largest ULP distance seen, reason): there the fresh
# array may differ from the committed one by at most that distance. Filled by main().
UNSTABLE = {}
# Keys ignored inside the metadata.json of a .keras archive: when the file was saved.
IGNORED_KERAS_METADATA_KEYS = {("date_saved",)}


class Report:
    def __init__(self):
        self.differences = []
        self.unstable = []
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


def normalize_shared_ids(value):
    """Keras configs mark objects used in several places with "shared_object_id": the Python
    id() of the object, different in every run. Renumbers them 0, 1, ... in order of first
    appearance, which keeps what matters (which places share an object)."""
    numbering = {}

    def walk(v):
        if isinstance(v, dict):
            return {k: (numbering.setdefault(x, len(numbering)) if k == "shared_object_id"
                        else walk(x)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v
    return walk(value)


def json_attribute(value):
    """The parsed JSON of a string attribute holding a JSON object (a legacy .h5's model_config,
    training_config), else None."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str) and value.startswith("{"):
        try:
            return normalize_shared_ids(json.loads(value))
        except ValueError:
            return None
    return None


def compare_json(committed, fresh, where, report, ignored=frozenset()):
    a = committed if isinstance(committed, (dict, list)) else load_json(committed)
    b = fresh if isinstance(fresh, (dict, list)) else load_json(fresh)
    a, b = normalize_shared_ids(a), normalize_shared_ids(b)
    for key_path, what in json_differences(a, b):
        if key_path not in ignored:
            report.differ(where, "/".join(map(str, key_path)) + ": " + what)


def datasets(h5_path):
    """All datasets and groups of an HDF5 file (a path or a file object): {path: (numpy array,
    {attribute: value})} for datasets, {path: {attribute: value}} for groups (root "/")."""
    found, groups = {}, {}
    with h5py.File(h5_path, "r") as f:
        groups["/"] = {key: f.attrs[key] for key in f.attrs}

        def visit(name, obj):
            attributes = {key: obj.attrs[key] for key in obj.attrs}
            if isinstance(obj, h5py.Dataset):
                found[name] = (obj[()], attributes)
            else:
                groups[name] = attributes
        f.visititems(visit)
    return found, groups


def attribute_differences(a, b):
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            yield f"attribute {key} only in {'fresh' if key in b else 'committed'}"
        elif (json_attribute(a[key]) is not None
              and json_attribute(a[key]) == json_attribute(b[key])):
            continue
        elif not np.array_equal(raw_bytes(a[key]), raw_bytes(b[key])):
            yield f"attribute {key}: {a[key]!r} != {b[key]!r}"


def raw_bytes(array):
    array = np.asarray(array)
    if array.dtype == object:
        return np.frombuffer(repr(array.tolist()).encode("utf-8"), dtype=np.uint8)
    return np.frombuffer(np.ascontiguousarray(array).tobytes(), dtype=np.uint8)


def compare_h5(committed, fresh, where, report):
    (a, a_groups), (b, b_groups) = datasets(committed), datasets(fresh)
    for name in sorted(set(a_groups) | set(b_groups)):
        if name not in a_groups or name not in b_groups:
            report.differ(f"{where}:{name}",
                          f"group missing in {'fresh' if name in a_groups else 'committed'}")
            continue
        for what in attribute_differences(a_groups[name], b_groups[name]):
            report.differ(f"{where}:{name}", what)
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
        elif not np.array_equal(raw_bytes(x), raw_bytes(y)) and not within_unstable(
                where, name, x, y, report):
            detail = ""
            if x.dtype.kind == "f":
                per_element = raw_bytes(x).reshape(x.size, -1) != raw_bytes(y).reshape(y.size, -1)
                count = int(np.count_nonzero(per_element.any(axis=1)))
                max_abs = float(np.max(np.abs(x.astype(np.float64) - y.astype(np.float64))))
                detail = f" ({count}/{x.size} elements, max |diff| {max_abs:.3g})"
            report.differ(f"{where}:{name}", "values differ" + detail)


def ulp_distance(x, y):
    """Largest ULP distance between two float arrays of one dtype."""
    signed = {2: np.int16, 4: np.int32, 8: np.int64}[x.dtype.itemsize]
    def ordered(a):
        b = np.ascontiguousarray(a).view(signed).astype(object).ravel()
        low = -(2 ** (8 * a.dtype.itemsize - 1))
        return [low - v if v < 0 else v for v in b]
    return max((abs(p - q) for p, q in zip(ordered(x), ordered(y))), default=0)


def within_unstable(where, name, x, y, report):
    """Whether a differing predict() output is a listed unstable one, within its distance."""
    case, _, file_name = where.partition("/")
    prefix = "outputs/predict/"
    if file_name != "data.h5" or not name.lstrip("/").startswith(prefix):
        return False
    limit = UNSTABLE.get((case, name.lstrip("/")[len(prefix):]))
    if limit is None or x.dtype.kind != "f":
        return False
    distance = ulp_distance(x, y)
    if distance <= limit:
        report.unstable.append(f"{where}:{name}: {distance} ULP (listed unstable, up to {limit})")
        return True
    return False


def read_unstable(path):
    """{(case, output index): max ULP} from compat-tests/predict-unstable.txt."""
    table = {}
    if path and path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if fields and not fields[0].startswith("#"):
                table[(fields[0], fields[1])] = int(fields[2])
    return table


def cell_call_layout(case):
    """The datasets a cell_call case's data.h5 holds, from its case.json (FIXTURE_FORMAT.md)."""
    return ({f"weights/{i}" for i in range(len(case["weights"]["names"]))} | {"inputs/x"}
            | {f"inputs/state_{i}" for i in range(len(case["state_names"]))}
            | {f"outputs/call/{k}" for k in range(len(case["outputs"]))})


# Kinds whose data.h5 layout is checked against their case.json in each tree.
KIND_LAYOUTS = {"cell_call": cell_call_layout}


def check_layout(tree, name, report):
    """For the kinds of KIND_LAYOUTS: data.h5 holds exactly the datasets case.json names."""
    case_file = tree / name / "case.json"
    if not case_file.is_file():
        return
    case = load_json(case_file)
    layout = KIND_LAYOUTS.get(case.get("kind"))
    if layout is None:
        return
    expected = layout(case)
    found = set(datasets(tree / name / "data.h5")[0]) if (tree / name / "data.h5").is_file() \
        else set()
    for missing in sorted(expected - found):
        report.differ(f"{tree}/{name}/data.h5:{missing}", "dataset missing (case.json names it)")
    for extra in sorted(found - expected):
        report.differ(f"{tree}/{name}/data.h5:{extra}", "dataset case.json does not describe")


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
        elif file_name.endswith(".keras"):
            compare_keras_archive(committed, fresh, where, report)
        elif file_name == PREDICT_LIBRARY and committed.read_bytes() != fresh.read_bytes():
            compare_function_library(committed, fresh, where, report)
        elif committed.read_bytes() != fresh.read_bytes():
            report.differ(where, "file bytes differ")


PREDICT_LIBRARY = "predict_library.pb.gz"
# A digit run of 4 or more at the end of a function argument's name: TensorFlow's process-wide
# uid (ops.uid()), which tf-keras's Embedding puts into the name of the captured embeddings
# (`model_embedding_embedding_lookup_188125`, `loc:@model/embedding/embedding_lookup/188125`).
ARG_UID = re.compile(r"_([0-9]{4,})$")
DIGITS = re.compile(r"(?<![0-9])([0-9]{4,})(?![0-9])")


def normalized_library_text(path):
    """A predict_library.pb.gz as protobuf text, every uid of ARG_UID (wherever it occurs)
    renumbered uid#0, uid#1, ... in order of appearance. predict_library.py already normalizes
    function names; these uids depend on what ran before in the generator process (--jobs, the
    cases before), not on Keras's computation."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from tensorflow.core.framework import function_pb2
    library = function_pb2.FunctionDefLibrary()
    library.ParseFromString(gzip.decompress(path.read_bytes()))
    uids = {m.group(1) for f in library.function for a in f.signature.input_arg
            for m in [ARG_UID.search(a.name)] if m}
    numbering = {}
    return DIGITS.sub(lambda m: numbering.setdefault(m.group(1), f"uid#{len(numbering)}")
                      if m.group(1) in uids else m.group(1), str(library))


def compare_function_library(committed, fresh, where, report):
    """Byte-different predict libraries are equal if they differ only in ARG_UID uids."""
    if normalized_library_text(committed) == normalized_library_text(fresh):
        report.unstable.append(f"{where}: equal but for process-wide uids in argument names")
    else:
        report.differ(where, "function library differs (uids of argument names normalized)")


def compare_keras_archive(committed, fresh, where, report):
    """A .keras zip: same entry names; JSON entries as JSON (metadata.json without date_saved),
    .h5 entries as HDF5, others byte for byte."""
    with zipfile.ZipFile(committed) as a, zipfile.ZipFile(fresh) as b:
        a_names, b_names = set(a.namelist()), set(b.namelist())
        for name in sorted(a_names ^ b_names):
            report.differ(f"{where}!{name}",
                          f"entry missing in {'fresh' if name in a_names else 'committed'}")
        for name in sorted(a_names & b_names):
            x, y = a.read(name), b.read(name)
            if name.endswith(".json"):
                ignored = IGNORED_KERAS_METADATA_KEYS if name == "metadata.json" else frozenset()
                compare_json(json.loads(x), json.loads(y), f"{where}!{name}", report, ignored)
            elif name.endswith(".h5"):
                compare_h5(io.BytesIO(x), io.BytesIO(y), f"{where}!{name}", report)
            elif x != y:
                report.differ(f"{where}!{name}", "entry bytes differ")


def compare_trees(committed, fresh):
    """Compares one committed tree with one fresh tree; returns the Report, or None when a tree
    has no manifest.json."""
    report = Report()
    for tree in (committed, fresh):
        if not (tree / "manifest.json").is_file():
            print(f"fixtures: {tree} has no manifest.json", file=sys.stderr)
            return None
    compare_json(committed / "manifest.json", fresh / "manifest.json", "manifest.json", report)
    committed_cases = load_json(committed / "manifest.json")["cases"]
    fresh_cases = set(load_json(fresh / "manifest.json")["cases"])
    for name in committed_cases:
        if name in fresh_cases:
            compare_case(committed, fresh, name, report)
            for tree in (committed, fresh):
                check_layout(tree, name, report)

    # Folders not listed in a manifest would go unnoticed otherwise; files beside the manifest
    # (models/README.md) are compared like the files of a case.
    for tree, other, listed in ((committed, fresh, set(committed_cases)),
                                (fresh, committed, fresh_cases)):
        for entry in sorted(tree.iterdir()):
            if entry.name == "manifest.json" or entry.name in listed:
                continue
            if entry.is_file() and not entry.is_symlink():
                if not (other / entry.name).is_file():
                    report.differ(f"{tree}/{entry.name}", "file only in this tree")
                elif tree is committed and entry.read_bytes() != (other / entry.name).read_bytes():
                    report.differ(f"{tree}/{entry.name}", "file bytes differ")
            else:
                report.differ(f"{tree}/{entry.name}", "not listed in manifest.json")
    report.cases = len(committed_cases)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--committed", type=Path, required=True, action="append")
    parser.add_argument("--fresh", type=Path, required=True, action="append")
    parser.add_argument("--unstable", type=Path,
                        default=Path(__file__).resolve().parent.parent / "compat-tests"
                        / "predict-unstable.txt",
                        help="predict() outputs Keras itself does not reproduce run to run")
    args = parser.parse_args(argv)
    UNSTABLE.update(read_unstable(args.unstable))
    if len(args.committed) != len(args.fresh):
        parser.error("give as many --fresh as --committed")

    failed = False
    for committed, fresh in zip(args.committed, args.fresh):
        report = compare_trees(committed, fresh)
        if report is None:
            failed = True
            continue
        for line in report.differences:
            print(f"DIFF {line}")
        for line in report.unstable:
            print(f"UNSTABLE {line}")
        print(f"fixtures: {committed}: {report.cases} cases, {report.arrays} arrays compared, "
              f"{len(report.differences)} differences")
        failed = failed or bool(report.differences)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
