#!/usr/bin/env bash
# README "Check your own model", end to end, on models that are not among the fixtures: a small
# Keras 3 model is built and saved in a temporary folder, python-fixtures/record_case.py records
# it (--layers), and `keras-rnn parity --case DIR` must say bit-exact (exit 0, every layer
# output bit-exact). A second model, recorded from memory with an LSTM of implementation=1 (which
# Keras 3 does not save), must be reported as differing because of that lost setting (exit 1),
# with Java matching Keras's own reload, and the in-memory model once the setting is restored.
# Last, the shipped models are recorded under TensorFlow's defaults and checked the same way:
# parity must name the environment difference and be bit-exact under the line it gives.
# Needs target/keras-rnn (mvn -B -DskipTests package); builds the pinned venv if missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
K="$ROOT/target/keras-rnn/bin/keras-rnn"
if [ -z "${PYTHON:-}" ]; then
  bash "$ROOT/python-fixtures/setup_venv.sh" > /dev/null
  PYTHON="$ROOT/python-fixtures/.venv/bin/python"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export TF_CPP_MIN_LOG_LEVEL=2

echo "-- a Keras 3 model saved by Keras (Embedding(mask_zero) -> LSTM -> LSTM -> Dense); one from memory"
TF_ENABLE_ONEDNN_OPTS=0 ONEDNN_MAX_CPU_ISA=AVX2 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 \
  PYTHONPATH="$ROOT/python-fixtures" "$PYTHON" - <<'PY'
import numpy as np
import keras
import record_case

rng = np.random.RandomState(11)
def randomize(model):
    model.set_weights([rng.normal(0.0, 0.4, w.shape).astype(w.dtype) for w in model.get_weights()])

model = keras.Sequential([
    keras.Input((None,), dtype="int32", name="tokens"),
    keras.layers.Embedding(30, 8, mask_zero=True, name="embed"),
    keras.layers.LSTM(12, return_sequences=True, name="lstm_seq"),
    keras.layers.LSTM(6, name="lstm_last"),
    keras.layers.Dense(4, activation="softmax", name="probs"),
])
randomize(model)
model.save("user_model.keras")
ids = rng.randint(1, 30, size=(5, 9))          # int64, as NumPy makes them
ids[1, 6:] = 0
ids[3, 3:] = 0
np.save("tokens.npy", ids)

memory = keras.Sequential([
    keras.Input((7, 4), name="x"),
    keras.layers.Masking(0.0),
    keras.layers.LSTM(6, implementation=1, return_sequences=True, name="lstm_impl1"),
    keras.layers.GRU(3, name="gru"),
    keras.layers.Dense(2, name="out"),
])
randomize(memory)
x = rng.normal(0.0, 1.5, size=(3, 7, 4)).astype("float32")
x[1, 4:] = 0.0
record_case.record("memory_case", [x], model=memory, layers=True)
PY

echo "-- python record_case.py user_model.keras -i tokens.npy -o my_case --layers --pin-env"
"$PYTHON" "$ROOT/python-fixtures/record_case.py" user_model.keras -i tokens.npy -o my_case \
  --layers --pin-env

echo "-- keras-rnn parity --case my_case"
status=0
"$K" parity --case my_case > parity.txt 2> err.txt || status=$?
if [ "$status" != 0 ] || [ -s err.txt ] \
    || ! grep -q "^verdict: bit-exact: Java matches Keras's model(x) (eager and compiled) and model.predict(x) bit for bit$" parity.txt \
    || ! grep -q "^layers     all 4 recorded layer outputs are bit-exact (Java eager and compiled)$" parity.txt \
    || ! grep -q "^environment: as recorded$" parity.txt; then
  echo "expected exit 0, bit-exact under both targets, 4 layers; got exit $status:"
  cat parity.txt err.txt
  exit 1
fi
grep -E "^(layers|verdict)" parity.txt | sed 's/^/  /'

echo "-- keras-rnn parity --case memory_case (LSTM implementation=1 in memory, not in the file)"
status=0
"$K" parity --case memory_case > memory.txt 2> err.txt || status=$?
if [ "$status" != 1 ] || [ -s err.txt ] \
    || ! grep -q "\[setting_not_saved\].*lstm_impl1.cell implementation=1 (reloaded: 2).*it matches Keras's reload bit for bit.*Java matches the in-memory model bit for bit" memory.txt \
    || ! grep -q "^layers     first differing layer: lstm_impl1 (LSTM), max ULP [0-9]* in Java's eager and compiled run" memory.txt; then
  echo "expected exit 1 naming the lost implementation and the LSTM layer; got exit $status:"
  cat memory.txt err.txt
  exit 1
fi
grep -E "^(layers|verdict)" memory.txt | sed 's/^/  /'
echo "  exit 1, cause: implementation=1 not saved; Java matches the reload, and the in-memory model with LoadOptions(1)"

echo "-- the shipped models recorded under TensorFlow's defaults (no TF variable set), checked as a user would"
for m in digits_gru sunspots_lstm; do
  "$PYTHON" - "$ROOT/models/$m/data.h5" "$m.npy" <<'PY'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "r") as f:
    group = f["inputs"]
    np.save(sys.argv[2], group[next(iter(group))][()])
PY
  env -u TF_ENABLE_ONEDNN_OPTS -u ONEDNN_MAX_CPU_ISA -u TF_NUM_INTRAOP_THREADS \
    -u TF_NUM_INTEROP_THREADS "$PYTHON" "$ROOT/python-fixtures/record_case.py" \
    "$ROOT/models/$m/model.keras" -i "$m.npy" -o "defaults_$m" > /dev/null
  # The launcher's pinned terms differ from TensorFlow's defaults here: parity must say so and
  # give the environment line; under that line Java must be bit-exact.
  status=0
  "$K" parity --case "defaults_$m" > pinned.txt 2> err.txt || status=$?
  line="$(grep -A1 'run Java under the recorded terms:' pinned.txt | tail -1 \
    | grep -oE '[A-Z_]+=[^ ]+' | tr '\n' ' ' || true)"
  # (On a machine where TensorFlow's defaults are the pinned terms, e.g. one core without
  # oneDNN, there is no difference to report and the line is empty.)
  if ! grep -q "^environment: as recorded$" pinned.txt \
      && { ! grep -q "^environment: this JVM differs" pinned.txt || [ -z "$line" ]; }; then
    echo "expected parity to report the environment difference and the line to use; got exit $status:"
    cat pinned.txt err.txt
    exit 1
  fi
  status=0
  env $line "$K" parity --case "defaults_$m" > defaults.txt 2> err.txt || status=$?
  if [ "$status" != 0 ] || [ -s err.txt ] || ! grep -q "^environment: as recorded$" defaults.txt \
      || ! grep -q "^verdict: bit-exact" defaults.txt; then
    echo "expected bit-exact under the recorded environment ($line); got exit $status:"
    cat defaults.txt err.txt
    exit 1
  fi
  echo "  $m: recorded with $line; $(grep '^verdict' defaults.txt)"
done
