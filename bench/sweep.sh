#!/usr/bin/env bash
# Measures the sweep with nothing due over a grown market: seeds a scale database (100,000
# creators, 10,000 briefs, 100,000 ACTIVE collaborations, half of them with a submission under
# review, every deadline pending and in the future), then runs `marketplace sweep` RUNS times and
# prints the time each sweep took (the binary's own figure: the sweep, not the process start).
# The first run also does what the demo data has due; the others find nothing.
#
# usage: bench/sweep.sh sqlite|postgres [runs, default 11]
# needs: a release build (cargo build --release), PostgreSQL for `postgres` (a database
# marketplace_bench is created and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-sqlite}
runs=${2:-11}
work=$(mktemp -d)
case "$kind" in
  sqlite) url="sqlite://$work/bench.db?mode=rwc" ;;
  postgres)
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS marketplace_bench" -c "CREATE DATABASE marketplace_bench"
    url="postgres://postgres@127.0.0.1:5432/marketplace_bench" ;;
  *) echo "usage: $0 sqlite|postgres [runs]"; exit 2 ;;
esac
trap 'rm -rf "$work"; if [ "$kind" = postgres ]; then psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS marketplace_bench"; fi' EXIT
export DATABASE_URL=$url JWT_SECRET=bench-secret-bench-secret-bench-secret-0000 RUST_LOG=warn
echo "== seeding ($kind)"
/usr/bin/time -f "seed-demo: %es, max RSS %MKB" \
  ./target/release/marketplace seed-demo --scale 100000 --collaborations 100000 >/dev/null
for i in $(seq 1 "$runs"); do
  echo "run $i: $(./target/release/marketplace sweep)"
done
