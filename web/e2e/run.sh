#!/usr/bin/env bash
# Praline browser tests: starts a real `praline serve` (fresh SQLite data dir, development mode,
# demo shop seeded) on a free port and drives /usr/bin/chromium through playwright-core.
#
#   bash web/e2e/run.sh [test name filter…]
#
# PRALINE_BIN   server binary to use (default: `cargo build -p praline-gateway --bin praline`,
#               then target/debug/praline)
# Writes web/e2e/output/summary.txt ("<passed> <failed>"), output/results.txt, the server log
# output/server.log and screenshots in output/screenshots/. Exits non-zero if a test failed.
set -euo pipefail
E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$E2E_DIR/../.." && pwd)"
OUT="$E2E_DIR/output"
CHROMIUM="${PRALINE_E2E_CHROMIUM:-/usr/bin/chromium}"
TIME_LIMIT="${PRALINE_E2E_TIME_LIMIT:-480}" # seconds for the whole test run

rm -rf "$OUT"
mkdir -p "$OUT/screenshots"
echo "0 1" > "$OUT/summary.txt" # replaced by the runner's real counts

fail() {
  echo "e2e: $*" >&2
  exit 1
}

[ -x "$CHROMIUM" ] || fail "$CHROMIUM is missing (apt-get install -y chromium fonts-noto-cjk)"
command -v node >/dev/null || fail "node is missing"

if [ ! -d "$E2E_DIR/node_modules/playwright-core" ]; then
  echo "e2e: npm ci"
  (cd "$E2E_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

BIN="${PRALINE_BIN:-}"
if [ -z "$BIN" ]; then
  echo "e2e: cargo build -p praline-gateway --bin praline"
  (cd "$REPO" && cargo build -q -p praline-gateway --bin praline)
  BIN="${CARGO_TARGET_DIR:-$REPO/target}/debug/praline"
fi
[ -x "$BIN" ] || fail "server binary $BIN is missing"

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/e2e-shop.XXXXXX")"
DATA_DIR="$RUN_DIR/data"
# The server runs from a copy with its own name, so that a `pkill praline` meant for some other
# development server on this machine does not stop it in the middle of the run.
SERVER="$RUN_DIR/e2e-shop-server"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$BIN" "$SERVER"

PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
BASE="http://127.0.0.1:$PORT"
echo "e2e: starting $BIN on $BASE (data dir $DATA_DIR)"
env PRALINE_ENV=development \
  PRALINE_DATA_DIR="$DATA_DIR" \
  PRALINE_WEB_DIR="$REPO/web" \
  PRALINE_BIND="127.0.0.1:$PORT" \
  PRALINE_PUBLIC_URL="$BASE" \
  PRALINE_ACCOUNTS__AUTO_APPROVE_SELLERS=false \
  PRALINE_ACCOUNTS__LOGIN_PER_IP_PER_MINUTE=600 \
  NO_COLOR=1 \
  "$SERVER" serve > "$OUT/server.log" 2>&1 &
SERVER_PID=$!

is_ready() {
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null
  else
    node -e "fetch('$BASE/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
  fi
}
ready=""
for _ in $(seq 1 300); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tail -n 30 "$OUT/server.log" >&2
    fail "the server exited before it was ready"
  fi
  if is_ready; then ready=1; break; fi
  sleep 0.2
done
[ -n "$ready" ] || { tail -n 30 "$OUT/server.log" >&2; fail "the server was not ready after 60 s"; }

cd "$E2E_DIR"
set +e
PRALINE_E2E_BASE="$BASE" PRALINE_E2E_BUDGET_MS=$(( (TIME_LIMIT - 20) * 1000 )) \
  timeout --kill-after=10 "$TIME_LIMIT" node runner.mjs "$@"
status=$?
set -e
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "e2e: the run took longer than $TIME_LIMIT s and was stopped" >&2
  read -r p f < "$OUT/summary.txt" || { p=0; f=0; }
  echo "$p $(( f > 0 ? f : 1 ))" > "$OUT/summary.txt"
fi
echo "e2e: summary $(cat "$OUT/summary.txt") (passed failed); log in $OUT/"
exit "$status"
