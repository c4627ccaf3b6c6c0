#!/usr/bin/env bash
# Measures the tracking redirect GET /t/{code} under load, and checks that no click is lost:
# seeds the demo into a fresh SQLite database, starts the release server, then
#   1. throughput: wrk on the first collaboration's link for DURATION;
#   2. exact count: COUNT requests with curl (16 at a time) on the second collaboration's link,
#      then SIGTERM at once (well inside the 1 s flush interval), and compares the clicks stored
#      after shutdown with what was sent.
#
# usage: bench/tracking.sh [duration, default 15s]   (env: CONNECTIONS=32, COUNT=5000, PORT)
# needs: wrk (apt-get install wrk), curl, sqlite3, a release build (cargo build --release;
# CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15s}
connections=${CONNECTIONS:-32}
count=${COUNT:-5000}
port=${PORT:-18091}
bin=${CARGO_TARGET_DIR:-target}/release/marketplace
work=$(mktemp -d)
db="$work/bench.db"
export DATABASE_URL="sqlite://$db?mode=rwc" JWT_SECRET=bench-secret-bench-secret-bench-secret-0000 RUST_LOG=warn
"$bin" seed-demo >/dev/null
mapfile -t codes < <(sqlite3 "$db" "SELECT c.tracking_code FROM collaborations c JOIN briefs b ON b.id = c.brief_id
  WHERE b.product_url IS NOT NULL ORDER BY c.tracking_code LIMIT 2")
[ "${#codes[@]}" -eq 2 ] || { echo "the demo needs two collaborations with a product URL"; exit 1; }
clicks() { sqlite3 "$db" "SELECT clicks FROM collaborations WHERE tracking_code = '$1'"; }

BIND_ADDR=127.0.0.1:$port "$bin" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$port/t"
echo "== GET /t/${codes[0]}: $(curl -s -o /dev/null -w '%{http_code} -> %{redirect_url}' "$base/${codes[0]}")"

echo "== throughput: wrk -t2 -c$connections -d$duration --latency"
wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency "$base/${codes[0]}" | tee "$work/wrk.txt" |
  grep -E "Requests/sec|50%|90%|99%|requests in|Non-2xx|errors"
sent_wrk=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
# wrk prints this line only when some answers were neither 2xx nor 3xx.
refused=$(awk '/Non-2xx or 3xx/ {print $NF}' "$work/wrk.txt")
refused=${refused:-0}

echo "== exact count: $count requests with curl, then SIGTERM at once"
curl -s --no-progress-meter -Z --parallel-max 16 -o /dev/null -w '%{http_code}\n' "$base/${codes[1]}?n=[1-$count]" >"$work/codes.txt"
answered=$(grep -c '^302$' "$work/codes.txt" || true)
kill -TERM $server
wait $server && status=0 || status=$?
echo "server exit status: $status"

stored_wrk=$(clicks "${codes[0]}")
stored_exact=$(clicks "${codes[1]}")
echo "wrk:  $sent_wrk answered ($refused neither 2xx nor 3xx), $stored_wrk clicks stored" \
  "(may exceed the answered by requests in flight when wrk stopped, at most $connections)"
echo "curl: $count sent, $answered answered 302, $stored_exact clicks stored"
if [ "$stored_exact" -ne "$count" ] || [ "$answered" -ne "$count" ] || [ "$status" -ne 0 ]; then
  echo "FAIL: clicks lost or refused"; exit 1
fi
if [ "$refused" -ne 0 ] || [ "$stored_wrk" -lt "$sent_wrk" ] || [ "$stored_wrk" -gt $((sent_wrk + connections)) ]; then
  echo "FAIL: wrk's clicks do not add up"; exit 1
fi
echo "OK: no click lost"
