#!/usr/bin/env bash
# CI entry point: regenerates every fixture and retrains the real models from nothing with the
# pinned environment, and checks that the arrays are identical to the committed ones in
# compat-tests/fixtures and models/.
#
#   regenerate_and_check.sh [VENV_DIR]      default: python-fixtures/.venv
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
VENV_DIR="${1:-$HERE/.venv}"

"$HERE/setup_venv.sh" "$VENV_DIR"

FRESH="$(mktemp -d)"
trap 'rm -rf "$FRESH"' EXIT

# The shipped models train in one process beside the fixture generator (one process per core;
# each runs TensorFlow single-threaded, so neither the arrays nor the trained weights depend on
# how the work is split or what runs beside it).
"$VENV_DIR/bin/python" "$HERE/train_models.py" --out "$FRESH/models" > "$FRESH/train.log" 2>&1 &
TRAIN_PID=$!
"$VENV_DIR/bin/python" "$HERE/generate_fixtures.py" --out "$FRESH/fixtures" \
    --jobs "${FIXTURE_JOBS:-$(nproc)}"
train_status=0
wait "$TRAIN_PID" || train_status=$?
cat "$FRESH/train.log"
if [[ $train_status -ne 0 ]]; then
    echo "train_models.py failed (exit $train_status)"
    exit "$train_status"
fi
"$VENV_DIR/bin/python" "$HERE/check_fixtures.py" \
    --committed "$REPO/compat-tests/fixtures" --fresh "$FRESH/fixtures" \
    --committed "$REPO/models" --fresh "$FRESH/models"
