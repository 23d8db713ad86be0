#!/usr/bin/env bash
# Creates (or reuses) bench/.venv from bench/requirements*.txt. Idempotent (hash marker).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV_DIR="${1:-$HERE/.venv}"
MARKER="$VENV_DIR/.bench-requirements.sha256"
PYTHON_BIN="${PYTHON:-$(command -v python3.11 || command -v python3)}"
WANT_HASH="$(cat "$HERE/requirements.txt" "$HERE/requirements-nodeps.txt" | sha256sum | cut -d' ' -f1)"
if [[ -f "$MARKER" && -x "$VENV_DIR/bin/python" && "$(cat "$MARKER")" == "$WANT_HASH" ]]; then
    echo "bench setup_venv: $VENV_DIR is up to date"
    exit 0
fi
echo "bench setup_venv: creating $VENV_DIR with $PYTHON_BIN"
rm -f "$MARKER"
"$PYTHON_BIN" -m venv --clear "$VENV_DIR"
"$VENV_DIR/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$HERE/requirements.txt"
"$VENV_DIR/bin/python" -m pip install --disable-pip-version-check --no-input -q --no-deps -r "$HERE/requirements-nodeps.txt"
"$VENV_DIR/bin/python" - <<'PY'
import importlib.metadata as md
names = {d.metadata["Name"].lower().replace("_", "-") for d in md.distributions()}
assert "tensorflow" not in names, "full tensorflow wheel got installed next to tensorflow-cpu"
assert md.version("tensorflow-cpu") == "2.18.0"
assert md.version("keras") == "3.6.0"
PY
"$VENV_DIR/bin/python" -m pip freeze > "$VENV_DIR/freeze.txt"
echo "$WANT_HASH" > "$MARKER"
echo "bench setup_venv: $VENV_DIR ready"
