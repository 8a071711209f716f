#!/usr/bin/env bash
# Fuzz the HTTP API with schemathesis against a live `praline serve`, from the OpenAPI document
# it serves: once as a visitor, once as the demo buyer. Every check is on (`-c all`): a 5xx, an
# undocumented status, a response that contradicts the document, a schema-valid request refused
# or a schema-violating one accepted fails the run.
#
#   bash ci/fuzz.sh                       # builds the debug binary first
#   PRALINE_BIN=target/release/praline bash ci/fuzz.sh
#
# Knobs: PRALINE_FUZZ_MAX_EXAMPLES (25 per operation), PRALINE_FUZZ_SEED (fixed by default so
# CI is reproducible; `random` for a new one each run), PRALINE_FUZZ_PASS_TIMEOUT (seconds per
# pass before it counts as failed, 110), PRALINE_FUZZ_VENV (where schemathesis is installed,
# target/fuzz-venv; never committed). Closes with "N passed, M failed" (API operations tested,
# summed over both passes).
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
venv=${PRALINE_FUZZ_VENV:-target/fuzz-venv}
max_examples=${PRALINE_FUZZ_MAX_EXAMPLES:-25}
seed=${PRALINE_FUZZ_SEED:-20260101}
pass_timeout=${PRALINE_FUZZ_PASS_TIMEOUT:-110}

log() { printf '\n== %s\n' "$*"; }

# schemathesis from PyPI, pinned, in its own virtual environment.
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

if [ -z "${PRALINE_BIN:-}" ]; then
  log "cargo build -p praline-gateway"
  cargo build --quiet -p praline-gateway
  PRALINE_BIN=target/debug/praline
fi

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/praline-fuzz.XXXXXX")
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/praline-fuzz-out.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir" "$work_dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

# A fresh development server on SQLite: the first start seeds the demo shop. Rate limits are
# raised so that thousands of generated requests are judged on what they send, not on how many
# came before (a 429 is documented where it applies, but one that depends on the order of the
# run would make it flaky); bcrypt's cost is lowered so signups and logins stay fast in a
# debug build.
log "starting praline on $base (data in $data_dir)"
PRALINE_ENV=development \
PRALINE_DATA_DIR="$data_dir" \
PRALINE_ACCOUNTS__BCRYPT_COST=4 \
PRALINE_ACCOUNTS__LOGIN_PER_IP_PER_MINUTE=1000000 \
PRALINE_ACCOUNTS__LOGIN_PER_ACCOUNT_PER_MINUTE=1000000 \
PRALINE_ACCOUNTS__CODE_SENDS_PER_IP_PER_HOUR=1000000 \
PRALINE_ACCOUNTS__CODE_CHECKS_PER_IP_PER_HOUR=1000000 \
RUST_LOG=warn \
  "$PRALINE_BIN" serve --bind "127.0.0.1:$port" >"$work_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "$base/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work_dir/server.log" >&2
    echo "praline exited before it was ready"
    echo "0 passed, 1 failed"
    exit 1
  fi
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null

token=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"buyer1@praline.local","password":"Praline!2026"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

passed=0
failed=0
status=0
run_pass() {
  local name=$1
  shift
  log "schemathesis as $name"
  local seed_args=()
  [ "$seed" = random ] || seed_args=(--seed "$seed")
  set +e
  # No operation is excluded: the ones that could end the buyer's session or account
  # (DELETE /me, PUT /me/password) need the current password, which generated data never
  # has, and logout/refresh only revoke the refresh token they are given.
  SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH=ci timeout "$pass_timeout" \
    "$venv/bin/schemathesis" --no-color --config-file ci/schemathesis.toml run "$base/api/v1/openapi.json" \
    --url "$base" \
    --checks all \
    --max-examples "$max_examples" \
    --workers 2 \
    --request-timeout 20 \
    --max-redirects 0 \
    --generation-database none \
    "${seed_args[@]}" \
    --report junit --report-junit-path "$work_dir/$name.xml" \
    "$@"
  local code=$?
  set -e
  # Operations tested and those with a failure, from the JUnit report.
  local counts
  counts=$(python3 - "$work_dir/$name.xml" <<'PY' || echo "0 1"
import sys, xml.etree.ElementTree as ET
cases = list(ET.parse(sys.argv[1]).getroot().iter("testcase"))
bad = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
print(len(cases) - bad, bad)
PY
)
  local p f
  read -r p f <<<"$counts"
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # timed out or crashed before reporting
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$code" -eq 0 ] || status=1
  echo "$name: $p passed, $f failed (schemathesis exit $code)"
}

started=$SECONDS
run_pass visitor
run_pass buyer --header "Authorization: Bearer $token"
log "fuzzing took $((SECONDS - started)) s"
if [ "$status" -ne 0 ]; then
  echo "server log (warnings and errors):"
  tail -n 40 "$work_dir/server.log"
fi
echo
echo "$passed passed, $failed failed"
exit "$status"
