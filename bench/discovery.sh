#!/usr/bin/env bash
# Measures discovery under load: seeds a scale database (100,000 creators, 10,000 briefs), starts
# the release server on it and runs wrk against the discovery and recommendation queries of
# docs/performance.md. ONLY=briefs,creators,recommendedBriefs,recommendedCreators picks some.
#
# usage: bench/discovery.sh sqlite|postgres [duration, default 20s]
# needs: wrk (apt-get install wrk), a release build (cargo build --release), PostgreSQL for
# `postgres` (a database marketplace_bench is created and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-sqlite}
duration=${2:-20s}
port=${PORT:-18090}
work=$(mktemp -d)
case "$kind" in
  sqlite) url="sqlite://$work/bench.db?mode=rwc" ;;
  postgres)
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS marketplace_bench" -c "CREATE DATABASE marketplace_bench"
    url="postgres://postgres@127.0.0.1:5432/marketplace_bench" ;;
  *) echo "usage: $0 sqlite|postgres [duration]"; exit 2 ;;
esac
export DATABASE_URL=$url JWT_SECRET=bench-secret-bench-secret-bench-secret-0000 RUST_LOG=warn
echo "== seeding ($kind)"
/usr/bin/time -f "seed-demo --scale 100000: %es, max RSS %MKB" ./target/release/marketplace seed-demo --scale 100000 >/dev/null
BIND_ADDR=127.0.0.1:$port ./target/release/marketplace serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"; if [ "$kind" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS marketplace_bench"; fi' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
token_of() {
  curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
    -d "{\"query\":\"mutation { logIn(email: \\\"$1\\\", password: \\\"demo-password-2026\\\") { accessToken } }\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["logIn"]["accessToken"])'
}
creator_token=$(token_of linh.beauty@demo.vn)
brand_token=$(token_of brand@comem.vn)
# The brand's BEAUTY brief on TikTok and Instagram, for KOLs and KOCs with 5,000 followers or more.
brief=$(curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -H "authorization: Bearer $brand_token" \
  -d '{"query":"{ me { brand { briefs(first: 20) { nodes { id title } } } } }"}' |
  python3 -c 'import json,sys; print(next(b["id"] for b in json.load(sys.stdin)["data"]["me"]["brand"]["briefs"]["nodes"] if b["title"].startswith("Son môi mùa hè")))')

run() {
  local name=$1 body=$2 token=${3:-$creator_token}
  case ",${ONLY:-$name}," in *",$name,"*) ;; *) return 0 ;; esac
  cat >"$work/$name.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = [[$body]]
LUA
  echo "== $name"
  (curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -H "authorization: Bearer $token" -d "$body" | head -c 300) || true; echo
  wrk -t2 -c"${CONNECTIONS:-8}" -d"$duration" --timeout 10s --latency -s "$work/$name.lua" "http://127.0.0.1:$port/graphql" | grep -E "Requests/sec|50%|90%|99%|requests in|Non-2xx|errors"
}

run briefs '{"query":"{ briefs(first: 20) { totalCount nodes { id title brand { name } compensation { model } budget { amount currency } platforms } pageInfo { hasNextPage endCursor } } }"}'
run creators '{"query":"{ creators(first: 20, filter: {niches: [BEAUTY], minFollowers: 10000}, orderBy: ENGAGEMENT_RATE_DESC) { totalCount nodes { id displayName totalFollowers engagementRate socialAccounts { platform handle followers engagementRate } } pageInfo { hasNextPage endCursor } } }"}'
run recommendedBriefs '{"query":"{ recommendedBriefs(first: 20) { score reasons brief { id title brand { name } } } }"}'
run recommendedCreators '{"query":"{ recommendedCreators(briefId: \"'"$brief"'\", first: 20) { score reasons creator { id displayName totalFollowers engagementRate } } }"}' "$brand_token"
echo "== server memory: $(ps -o rss= -p $server) KB RSS"
