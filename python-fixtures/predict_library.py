"""Records the function library Keras traced for `model.predict()` (issue 10, the oracle).

`predict()` runs `model.predict_function`, a `tf.function`; each input shape it saw has a concrete
function whose graph is a FunctionDef calling further functions (a while loop's body and cond,
tf-keras's standard_lstm, ...). `record(model, case_dir)` writes the functions reachable from
the concrete functions by name (node op types, function attrs, string attrs naming a function),
as one `FunctionDefLibrary`, to `predict_library.pb.gz` (gzip without a timestamp), and returns
what case.json says about them. Functions reached by nothing are left out: tf-keras registers
alternative implementations (`gpu_lstm_with_fallback`, chosen by Grappler only on a GPU) and
gradient functions beside the function it calls.

Function names carry process-wide counters (`__inference_one_step_on_data_distributed_387`,
`..._while_body_304`) that depend on what ran before in the process, so the library is written
normalized: every function is renamed to its name without the counter plus `__k`, k counting the
functions of that base name in the order they are first reached from the entry functions (the
entry functions first, then each function's nodes in order, depth first), and every reference to a
name (function attrs, the names Python derives from them, e.g. `..._cond_303___redundant_...`) is
rewritten alike; uuids (tf-keras's `api_implements: lstm_<uuid4>`) become `uuid#k` in order of
appearance, so do the custom-gradient ids (`_gradient_op_type: CustomGradient-5850`), and the
functions are written sorted by normalized name. Java normalizes the library it builds the same
way (`parity.FunctionLibraries`).
"""

import gzip
import re

FILE = "predict_library.pb.gz"

COUNTER = re.compile(r"^(.*?)_\d+$")
GRADIENT = re.compile(r"CustomGradient-\d+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def base_name(name):
    """The function name without its trailing counter(s), e.g. __inference_f_12_34 -> __inference_f."""
    while True:
        m = COUNTER.match(name)
        if not m or not m.group(1):
            return name
        name = m.group(1)


def referenced_functions(function, names):
    """Names of library functions a FunctionDef refers to, in node order (attrs in key order)."""
    found = []

    def visit(value):
        kind = value.WhichOneof("value")
        if kind == "func":
            found.append(value.func.name)
            for key in sorted(value.func.attr):
                visit(value.func.attr[key])
        elif kind == "list":
            for f in value.list.func:
                found.append(f.name)
        elif kind == "s":
            s = value.s.decode("utf-8", "replace")
            if s in names:
                found.append(s)

    for node in function.node_def:
        if node.op in names:
            found.append(node.op)
        for key in sorted(node.attr):
            visit(node.attr[key])
    for key in sorted(function.attr):
        visit(function.attr[key])
    return found


def normalized_names(library, entries):
    """Original name -> normalized name for every function reachable from the entries."""
    by_name = {f.signature.name: f for f in library.function}
    order, seen = [], set()

    def walk(name):
        if name in seen or name not in by_name:
            return
        seen.add(name)
        order.append(name)
        for ref in referenced_functions(by_name[name], by_name):
            walk(ref)

    for entry in entries:
        walk(entry)
    counts, renamed = {}, {}
    for name in order:
        base = base_name(name)
        renamed[name] = f"{base}__{counts.get(base, 0)}"
        counts[base] = counts.get(base, 0) + 1
    return renamed


def normalize(library, entries):
    """The functions reachable from the entries, every function name (and reference to one) and
    every uuid normalized, sorted by their new names."""
    from tensorflow.core.framework import function_pb2
    renamed = normalized_names(library, entries)
    library_reached = function_pb2.FunctionDefLibrary()
    library_reached.function.extend(f for f in library.function if f.signature.name in renamed)
    library = library_reached
    # Longest first, so that a name is never rewritten inside a longer one.
    names = re.compile("(?:" + "|".join(re.escape(n) for n in sorted(renamed, key=len,
                                                                   reverse=True)) + r")(?!\d)")
    uuids = {}

    gradients = {}

    def rewrite(text):
        text = names.sub(lambda m: renamed[m.group(0)], text)
        text = GRADIENT.sub(lambda m: gradients.setdefault(
            m.group(0), f"CustomGradient#{len(gradients)}"), text)
        return UUID.sub(lambda m: uuids.setdefault(m.group(0), f"uuid#{len(uuids)}"), text)

    def fix(value):
        kind = value.WhichOneof("value")
        if kind == "func":
            value.func.name = rewrite(value.func.name)
            for key in sorted(value.func.attr):
                fix(value.func.attr[key])
        elif kind == "list":
            for f in value.list.func:
                f.name = rewrite(f.name)
        elif kind == "s":
            value.s = rewrite(value.s.decode("utf-8", "replace")).encode("utf-8")

    out = function_pb2.FunctionDefLibrary()
    for original in sorted(library.function, key=lambda f: renamed[f.signature.name]):
        f = out.function.add()
        f.CopyFrom(original)
        sig = f.signature
        sig.name = renamed[sig.name]
        for arg in list(sig.input_arg) + list(sig.output_arg):
            arg.name = rewrite(arg.name)
        for i, name in enumerate(sig.control_output):
            sig.control_output[i] = rewrite(name)
        for key in sorted(f.attr):
            fix(f.attr[key])
        for node in f.node_def:
            node.name = rewrite(node.name)
            if node.op in renamed:
                node.op = renamed[node.op]
            for i, name in enumerate(node.input):
                node.input[i] = rewrite(name)
            for key in sorted(node.attr):
                fix(node.attr[key])
        for mapping in (f.ret, f.control_ret):
            items = sorted((rewrite(k), rewrite(v)) for k, v in mapping.items())
            mapping.clear()
            for k, v in items:
                mapping[k] = v
    return out, [renamed[e] for e in entries]


def record(model, case_dir, batch_size):
    """Writes predict_library.pb.gz for the predict() calls made so far on `model`; returns the
    case.json entry {"file", "batch_size", "entries", "captures"} (entries: the normalized names of
    the concrete functions, in the order predict() traced them; captures: per entry, what its
    captured resource arguments hold)."""
    from tensorflow.core.framework import function_pb2
    concrete = model.predict_function._list_all_concrete_functions_for_serialization()
    library = function_pb2.FunctionDefLibrary()
    names = set()
    entries = []
    for cf in concrete:
        for f in [cf.function_def] + list(cf.graph.as_graph_def().library.function):
            if f.signature.name not in names:
                names.add(f.signature.name)
                library.function.append(f)
        entries.append(cf.function_def.signature.name)
    normalized, entry_names = normalize(library, entries)
    captures = [capture_names(model, cf) for cf in concrete]
    data = normalized.SerializeToString(deterministic=True)
    (case_dir / FILE).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return {"file": FILE, "batch_size": batch_size, "entries": entry_names,
            "captures": captures}


def capture_names(model, cf):
    """What each captured input of a concrete function (its arguments after the data) holds: a
    model variable's path (Keras 3 `variable.path`, tf-keras `variable.name` without `:0`), or
    `<resource>` for anything else (tf-keras's data iterator is an argument, not a capture)."""
    by_handle = {}
    for v in model.variables:
        handle = getattr(v, "handle", None)
        if handle is None and hasattr(v, "value"):
            handle = getattr(v.value, "handle", None)
        if handle is not None:
            path = getattr(v, "path", None) or v.name.split(":")[0]
            by_handle[id(handle)] = path
    out = []
    for t in cf.captured_inputs:
        out.append(by_handle.get(id(t), "<resource>"))
    return out
