#!/usr/bin/env bash
# The installed command from another folder: keras-rnn --version / predict / serve on a shipped
# model, with nothing on stderr; curl sends TF Serving's and KServe's request forms to the server
# and the answers are compared with Keras's recorded outputs bit for bit (python3, stdlib only).
# Needs target/keras-rnn (mvn -B -DskipTests package) and examples/consumer/target/*.json (the
# consumer example writes the request and Keras's outputs from models/digits_gru/data.h5).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
K="$ROOT/target/keras-rnn/bin/keras-rnn"
MODEL="$ROOT/models/digits_gru/model.keras"
REQ="$ROOT/examples/consumer/target/tfserving-request.json"
KERAS="$ROOT/examples/consumer/target/keras-outputs.json"
WORK="$(mktemp -d)"
cd "$WORK"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

quiet() { # the stderr of a step must be empty
  if [ -s "$1" ]; then echo "unexpected stderr output:"; cat -A "$1"; exit 1; fi
}
same_bits() { # same_bits ACTUAL_JSON_EXPR_FILE KERAS_JSON: float32 bits equal, element by element
  python3 - "$1" "$2" <<'PY'
import json, struct, sys
def flat(x):
    return [v for e in x for v in flat(e)] if isinstance(x, list) else [x]
got, want = (flat(json.load(open(p))) for p in sys.argv[1:3])
bits = lambda v: struct.unpack('<I', struct.pack('<f', v))[0]
bad = [i for i, (g, w) in enumerate(zip(got, want)) if bits(g) != bits(w)]
if len(got) != len(want) or bad:
    sys.exit(f"DIFFERS from Keras: {len(got)} vs {len(want)} values, first differing {bad[:5]}")
print(f"  {len(got)} values, bit for bit equal to Keras's recorded outputs")
PY
}

echo "-- keras-rnn --version"
"$K" --version 2> err.txt; quiet err.txt

echo "-- keras-rnn predict (from $WORK)"
python3 -c "import json,sys; json.dump(json.load(open(sys.argv[1]))['instances'], open('x.json','w'))" "$REQ"
"$K" predict "$MODEL" -i x.json -o y.json 2> err.txt; quiet err.txt
same_bits y.json "$KERAS"

echo "-- keras-rnn predict with KERAS_RNN_CDS: the first run writes the class-data archive, the next maps it"
KERAS_RNN_CDS="$WORK/app.jsa" "$K" predict "$MODEL" -i x.json -o y-cds-write.json 2> err.txt; quiet err.txt
[ -s "$WORK/app.jsa" ] || { echo "no class-data archive written"; exit 1; }
# -Xshare:on: the run fails unless the archive is mapped.
KERAS_RNN_CDS="$WORK/app.jsa" JAVA_OPTS=-Xshare:on "$K" predict "$MODEL" -i x.json -o y-cds-map.json 2> err.txt
quiet err.txt
cmp y.json y-cds-write.json && cmp y.json y-cds-map.json
echo "  both runs wrote the same bytes as the run without it"

echo "-- the jars on the module path (automatic module dev.kerasrnn; no split package with io.jhdf)"
TF_ENABLE_ONEDNN_OPTS=0 ONEDNN_MAX_CPU_ISA=AVX2 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 \
  TF_CPP_MIN_LOG_LEVEL=2 java -p "$ROOT/target/keras-rnn/lib" --add-modules ALL-MODULE-PATH \
  --add-modules=jdk.incubator.foreign --enable-native-access=dev.kerasrnn -m dev.kerasrnn/dev.kerasrnn.cli.KerasRnn parity --case "$ROOT/models/digits_gru" > mp.txt 2> /dev/null
grep -q "verdict: Java matches Keras bit for bit" mp.txt || { cat mp.txt; exit 1; }
echo "  $(tail -1 mp.txt)"

echo "-- keras-rnn serve"
"$K" serve "$MODEL" --port 0 > serve.out 2> serve.err &
server=$!
for _ in $(seq 1 240); do
  grep -q '^listening on ' serve.out 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat serve.out serve.err; exit 1; }
  sleep 0.5
done
URL="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' serve.out)"
[ -n "$URL" ] || { echo "the server did not start"; cat serve.out serve.err; exit 1; }
echo "  $URL"

echo "-- TF Serving REST: POST /v1/models/digits_gru:predict (row form)"
curl -sS --fail-with-body -H 'Content-Type: application/json' -d @"$REQ" \
  "$URL/v1/models/digits_gru:predict" > resp.json
python3 -c "import json; json.dump(json.load(open('resp.json'))['predictions'], open('p.json','w'))"
same_bits p.json "$KERAS"

echo "-- TF Serving REST: columnar form"
python3 -c "import json,sys; json.dump({'signature_name': 'serving_default', 'inputs': json.load(open(sys.argv[1]))['instances']}, open('col.json','w'))" "$REQ"
curl -sS --fail-with-body -d @col.json "$URL/v1/models/digits_gru:predict" > resp.json
python3 -c "import json; json.dump(json.load(open('resp.json'))['outputs'], open('p.json','w'))"
same_bits p.json "$KERAS"

echo "-- KServe v2: POST /v2/models/digits_gru/infer (flat data)"
python3 - "$REQ" <<'PY'
import json, sys
x = json.load(open(sys.argv[1]))['instances']
flat = lambda v: [e for r in v for e in flat(r)] if isinstance(v, list) else [v]
json.dump({'id': 'ci', 'inputs': [{'name': 'rows', 'shape': [len(x), len(x[0]), len(x[0][0])],
           'datatype': 'FP32', 'data': flat(x)}]}, open('v2.json', 'w'))
PY
curl -sS --fail-with-body -d @v2.json "$URL/v2/models/digits_gru/infer" > resp.json
python3 -c "import json; r=json.load(open('resp.json')); assert r['id']=='ci' and r['outputs'][0]['shape']==[8,10], r; json.dump(r['outputs'][0]['data'], open('p.json','w'))"
same_bits p.json "$KERAS"

echo "-- health, status, a bad request"
curl -sS --fail-with-body "$URL/v2/health/ready" | grep -q '"ready":true'
curl -sS --fail-with-body "$URL/v1/models/digits_gru" | grep -q '"state":"AVAILABLE"'
code="$(curl -sS -o bad.json -w '%{http_code}' -d '{"instances": [[[NaN]]]}' "$URL/v1/models/digits_gru:predict")"
[ "$code" = 400 ] && grep -q 'not JSON numbers' bad.json || { echo "bad request got $code: $(cat bad.json)"; exit 1; }
echo "  400 $(cat bad.json)"

echo "-- graceful stop (SIGTERM)"
kill -TERM "$server"; wait "$server" || true; server=""
grep -v '^keras-rnn serve: stopping' serve.err > err.txt || true
quiet err.txt
echo "serve check passed"
