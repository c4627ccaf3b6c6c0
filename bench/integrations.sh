#!/usr/bin/env bash
# Measures what "Integrations" promises, against the release server on a fresh SQLite database
# filled by seed-demo (rate limits off):
#   1. an API key request costs no more than a JWT request: wrk POSTs the same query
#      (`myCollaborations`, as the demo brand Cỏ Mềm) with a user's access token, then with a
#      MARKET_READ key, for DURATION each;
#   2. webhook throughput: COUNT pending deliveries are written for one endpoint while the server
#      is stopped, then the server starts and its worker sends them to a local receiver (Node.js,
#      answering 204); the rate is COUNT over the time from the server answering /healthz to the
#      last delivery stored DELIVERED.
#
# usage: bench/integrations.sh [duration, default 10s]   (env: CONNECTIONS=16, COUNT=10000, PORT;
#        PG_URL=postgres://postgres@127.0.0.1:5432/some_empty_db to run it on PostgreSQL instead)
# needs: wrk, curl, jq, sqlite3 or psql, node, a release build (cargo build --release;
# CARGO_TARGET_DIR is honoured).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
connections=${CONNECTIONS:-16}
count=${COUNT:-10000}
port=${PORT:-18093}
receiver_port=$((port + 1))
bin=${CARGO_TARGET_DIR:-target}/release/marketplace
work=$(mktemp -d)
db="$work/bench.db"
export DATABASE_URL=${PG_URL:-"sqlite://$db?mode=rwc"} \
  JWT_SECRET=bench-secret-bench-secret-bench-secret-0000 RUST_LOG=warn RATE_LIMIT_PER_MINUTE=off
sql() { if [ -n "${PG_URL:-}" ]; then psql -qtA "$PG_URL" -c "$1"; else sqlite3 "$db" "$1"; fi; }
new_id="randomblob(16)"
[ -n "${PG_URL:-}" ] && new_id="gen_random_uuid()"
"$bin" seed-demo >/dev/null
url="http://127.0.0.1:$port/graphql"

start() {
  BIND_ADDR=127.0.0.1:$port "$bin" serve >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return; sleep 0.05; done
  echo "the server did not start"; cat "$work/server.log"; exit 1
}
stop() { kill -TERM "$server"; wait "$server" || true; }
trap 'kill $server $receiver 2>/dev/null || true; rm -rf "$work"' EXIT
gql() { # token, query, variables
  curl -fsS "$url" -H 'content-type: application/json' -H "authorization: Bearer $1" \
    -d "$(jq -nc --arg q "$2" --argjson v "${3:-{\}}" '{query: $q, variables: $v}')"
}
login() {
  curl -fsS "$url" -H 'content-type: application/json' \
    -d "$(jq -nc --arg e "$1" '{query: "mutation($e: String!) { logIn(email: $e, password: \"demo-password-2026\") { accessToken } }", variables: {e: $e}}')" |
    jq -r .data.logIn.accessToken
}

start
jwt=$(login brand@comem.vn)
key=$(gql "$jwt" 'mutation { createApiKey(name: "bench", scopes: [MARKET_READ]) { secret } }' | jq -r .data.createApiKey.secret)
query='{ myCollaborations(first: 5) { totalCount nodes { id status } } }'
for who in jwt key; do
  token=$jwt; [ "$who" = key ] && token=$key
  answer=$(gql "$token" "$query")
  echo "$answer" | jq -e '.data.myCollaborations.totalCount > 0' >/dev/null || { echo "$who: $answer"; exit 1; }
  cat >"$work/$who.lua" <<EOF
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer $token"
wrk.body = '$(jq -nc --arg q "$query" '{query: $q}')'
EOF
  echo "== $who: wrk -t2 -c$connections -d$duration --latency"
  wrk -t2 -c"$connections" -d"$duration" --latency -s "$work/$who.lua" "$url" |
    grep -E "Requests/sec|50%|90%|99%|Non-2xx|errors"
done

# Webhooks: an endpoint of the demo creator Linh, and COUNT deliveries written while stopped.
cat >"$work/receiver.js" <<'EOF'
let hits = 0;
require("http").createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => { hits++; res.writeHead(204); res.end(); });
}).listen(Number(process.argv[2]), "127.0.0.1");
process.on("SIGTERM", () => { console.log(hits); process.exit(0); });
EOF
node "$work/receiver.js" "$receiver_port" >"$work/hits.txt" &
receiver=$!
creator=$(login linh.beauty@demo.vn)
gql "$creator" 'mutation($u: String!) { createWebhookEndpoint(url: $u, events: [CONVERSION_RECORDED]) { endpoint { id } } }' \
  "$(jq -nc --arg u "http://127.0.0.1:$receiver_port/hook" '{u: $u}')" >/dev/null
stop
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
INSERT INTO webhook_deliveries (id, endpoint_id, event, payload, status, attempts, next_attempt_at, created_at)
SELECT $new_id, e.id, 'CONVERSION_RECORDED',
       '{\"id\":\"bench-' || i || '\",\"type\":\"CONVERSION_RECORDED\",\"data\":{}}',
       'PENDING', 0, e.created_at, e.created_at
FROM n, webhook_endpoints e"
delivered() { sql "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'DELIVERED'"; }
start
t0=$(date +%s.%N)
while [ "$(delivered)" -lt "$count" ]; do sleep 0.05; done
t1=$(date +%s.%N)
stop
kill -TERM "$receiver"; wait "$receiver" || true
hits=$(cat "$work/hits.txt")
echo "== webhooks: $count deliveries sent in $(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') s:" \
  "$(echo "$count / ($t1 - $t0)" | bc -l | xargs printf '%.0f') a second; the receiver got $hits"
[ "$hits" -eq "$count" ] || { echo "FAIL: the receiver got $hits, not $count"; exit 1; }
