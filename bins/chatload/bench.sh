#!/usr/bin/env bash
# The chat benchmark of docs/benchmarks.md: a Redis of its own, a fresh PostgreSQL database, two
# release gateways (development mode, one data folder so they share secrets and the outbox), then
# chatload against both. Everything listens on 127.0.0.1 only and is stopped at the end.
#
#   bash bins/chatload/bench.sh [chatload options…]   # defaults: 1,000 clients, 50 rooms, 60 s
#
# CHATBENCH_PRALINE=path runs that gateway binary instead of this tree's (to compare builds).
#
# Needs: cargo, redis-server, psql, PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 20000 2>/dev/null || true

cargo build --quiet --release -p praline-gateway -p praline-chatload
praline=${CHATBENCH_PRALINE:-target/release/praline}
work=$(mktemp -d "${TMPDIR:-/tmp}/chatbench.XXXXXX")
db="chatbench_$(date +%s)"
redis_port=${CHATBENCH_REDIS_PORT:-16390}
pids=()
cleanup() {
  # What the gateways warned about, counted (a failed connect's cause shows here).
  if compgen -G "$work/gateway-*.log" >/dev/null; then
    grep -h -E " (WARN|ERROR) " "$work"/gateway-*.log | sed -E 's/^.* (WARN|ERROR) /\1 /' | cut -c1-200 \
      | sort | uniq -c | sort -rn | head -20 || true
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres

export PRALINE_DATA_DIR="$work/data"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
export REDIS_URL="redis://127.0.0.1:$redis_port"
export PRALINE_REDIS__PREFIX=chatbench
export PRALINE_DATABASE__POOL_SIZE=16
# Setup signs up the load's users quickly: cheap hashes, no signup limits (development only).
export PRALINE_ACCOUNTS__BCRYPT_COST=4
export PRALINE_ACCOUNTS__CODE_SENDS_PER_IP_PER_HOUR=100000
export PRALINE_ACCOUNTS__CODE_CHECKS_PER_IP_PER_HOUR=100000
export PRALINE_ACCOUNTS__LOGIN_PER_IP_PER_MINUTE=100000
export RUST_LOG=warn

start_gateway() {
  PRALINE_BIND="127.0.0.1:$1" "$praline" serve >"$work/gateway-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "gateway on $1 did not become ready" >&2
  cat "$work/gateway-$1.log" >&2
  exit 1
}
start_gateway 18301
gw1=${pids[-1]}
start_gateway 18302
gw2=${pids[-1]}
curl -fs http://127.0.0.1:18301/readyz; echo
curl -fs http://127.0.0.1:18302/readyz; echo

timeout 300 target/release/chatload --gateways http://127.0.0.1:18301,http://127.0.0.1:18302 --pids "$gw1,$gw2" "$@"
