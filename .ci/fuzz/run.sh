#!/usr/bin/env bash
# Fuzz a running server: .ci/fuzz/run.sh URL [SECONDS] [fuzz.py options, e.g. --seed N]
# SECONDS (default 180) is the budget for all three identities together; each identity also stops
# after --max-examples cases (default 3000). Exit status 1 on any finding.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${1:?usage: run.sh URL [SECONDS] [options]}
seconds=${2:-180}
shift $(( $# >= 2 ? 2 : 1 ))
venv="$here/.venv"
if ! cmp -s "$here/requirements.txt" "$venv/requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi
exec "$venv/bin/python" "$here/fuzz.py" "$url" --seconds "$seconds" "$@"
