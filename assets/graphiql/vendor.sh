#!/usr/bin/env bash
# Copies GraphiQL's npm release (the versions and hashes of package-lock.json) into dist/, which
# the server embeds with include_bytes!: GraphiQL then needs no network at all. With --check,
# changes nothing and fails if dist/ differs from the release (CI runs it so).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp package.json package-lock.json "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
m="$work/node_modules"
mkdir -p "$work/dist"
cp "$m/graphiql/graphiql.min.js" "$m/graphiql/graphiql.min.css" \
  "$m/react/umd/react.production.min.js" "$m/react-dom/umd/react-dom.production.min.js" "$work/dist/"
for package in graphiql react react-dom; do
  printf '%s %s\n\n' "$package" "$(node -p "require('$m/$package/package.json').version")"
  cat "$m/$package/LICENSE"
  printf '\n\n'
done >"$work/dist/LICENSES.txt"
if [ "${1:-}" = "--check" ]; then
  diff -r "$work/dist" dist && echo "assets/graphiql/dist is GraphiQL's npm release"
else
  rm -rf dist && cp -r "$work/dist" dist && echo "assets/graphiql/dist updated"
fi
