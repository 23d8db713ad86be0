#!/usr/bin/env bash
# Creates (or reuses) the pinned Python environment for the fixture generator.
#
#   setup_venv.sh [VENV_DIR]        default: python-fixtures/.venv
#
# Installs requirements.txt, then requirements-nodeps.txt with --no-deps (tf-keras would otherwise
# pull the full tensorflow wheel over tensorflow-cpu). Idempotent: a marker file in the venv holds
# the hash of both requirement files; when it matches, nothing is done. When it does not match,
# the venv is recreated from scratch so no stale package survives.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV_DIR="${1:-$HERE/.venv}"
MARKER="$VENV_DIR/.fixtures-requirements.sha256"

PYTHON_BIN="${PYTHON:-$(command -v python3.11 || command -v python3)}"
WANT_HASH="$(cat "$HERE/requirements.txt" "$HERE/requirements-nodeps.txt" | sha256sum | cut -d' ' -f1)"

if [[ -f "$MARKER" && -x "$VENV_DIR/bin/python" && "$(cat "$MARKER")" == "$WANT_HASH" ]]; then
    echo "setup_venv: $VENV_DIR is up to date"
    exit 0
fi

PY_VERSION="$("$PYTHON_BIN" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ "$PY_VERSION" != "3.11" ]]; then
    echo "setup_venv: warning: using Python $PY_VERSION ($PYTHON_BIN); the lock was made with 3.11" >&2
fi

echo "setup_venv: creating $VENV_DIR with $PYTHON_BIN"
rm -f "$MARKER"
"$PYTHON_BIN" -m venv --clear "$VENV_DIR"
"$VENV_DIR/bin/python" -m pip install --disable-pip-version-check --no-input -r "$HERE/requirements.txt"
"$VENV_DIR/bin/python" -m pip install --disable-pip-version-check --no-input --no-deps -r "$HERE/requirements-nodeps.txt"

# Guard against the tensorflow-cpu clobbering described above.
"$VENV_DIR/bin/python" - <<'PY'
import importlib.metadata as md
names = {d.metadata["Name"].lower().replace("_", "-") for d in md.distributions()}
assert "tensorflow" not in names, "full tensorflow wheel got installed next to tensorflow-cpu"
assert md.version("tensorflow-cpu") == "2.18.0", md.version("tensorflow-cpu")
assert md.version("tf-keras") == "2.18.0", md.version("tf-keras")
assert md.version("scikit-learn") == "1.9.1" and md.version("statsmodels") == "0.15.0"
PY

echo "$WANT_HASH" > "$MARKER"
echo "setup_venv: $VENV_DIR ready"
