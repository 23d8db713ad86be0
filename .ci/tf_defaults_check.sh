#!/usr/bin/env bash
# The compat tests under TensorFlow's defaults (no TF variable set: oneDNN as TensorFlow decides
# for this CPU, its best ISA, one thread per core). Those bits depend on the machine, so the cases
# are recorded here and now, by the pinned Python under the same defaults (every fourth case of the
# fixture set, over every kind and both eras), and the parity tests run on them in a JVM started
# with the same defaults (mvn -Ptf-defaults). The shipped models are checked under TensorFlow's
# defaults by .ci/record_check.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash python-fixtures/setup_venv.sh > /dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
unset TF_ENABLE_ONEDNN_OPTS ONEDNN_MAX_CPU_ISA TF_NUM_INTRAOP_THREADS TF_NUM_INTEROP_THREADS
python-fixtures/.venv/bin/python python-fixtures/generate_fixtures.py --environment tf-defaults \
  --stride 4 --out "$WORK/fixtures" --jobs "${FIXTURE_JOBS:-$(nproc)}" | tail -1
python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print("  recorded under", m["fingerprint"]["effective"], "on", m["fingerprint"]["cpu_model"])' "$WORK/fixtures/manifest.json"
mvn -B -Ptf-defaults -pl :keras-rnn-java test -Dkrnn.fixtures="$WORK/fixtures"
