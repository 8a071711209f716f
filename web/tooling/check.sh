#!/usr/bin/env bash
# Checks of the storefront's code: eslint over web/js, web/e2e and web/tooling, then the unit tests
# of the DOM-free modules (node --test web/tooling/unit/). Exits non-zero on the first failure.
#
#   bash web/tooling/check.sh
set -euo pipefail
TOOLING="$(cd "$(dirname "$0")" && pwd)"
WEB="$(cd "$TOOLING/.." && pwd)"

command -v node >/dev/null || { echo "web check: node is missing" >&2; exit 1; }

if [ ! -x "$TOOLING/node_modules/.bin/eslint" ]; then
  echo "web check: npm ci"
  (cd "$TOOLING" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "web check: eslint"
(cd "$WEB" && "$TOOLING/node_modules/.bin/eslint" --config "$TOOLING/eslint.config.js" --max-warnings 0 js e2e tooling)

echo "web check: unit tests"
(cd "$WEB" && node --test tooling/unit/)

echo "web check: ok"
