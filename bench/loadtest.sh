#!/usr/bin/env bash
# Load runs (docs/PERFORMANCE.md): a fresh demo server per run on a
# loopback port, the load generator beside it on the same machine, 100 then
# 500 sessions, one navigation key per session every 2 s for 30 s.
#
#   bench/loadtest.sh [SESSIONS...]      (default: 100 500)
#
# Env: DURATION (30s), RATE (2s), PORT (24101), OUT (bench/out), LOGIN (prod),
# EXTRA (more loadtest flags, e.g. "--login demo").
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
RATE=${RATE:-2s}
PORT=${PORT:-24101}
OUT=${OUT:-bench/out}
LOGIN=${LOGIN:-prod}
EXTRA=${EXTRA:-}
mkdir -p "$OUT"
tmp=$(mktemp -d)
srv=
cleanup() {
	if [[ -n $srv ]]; then kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/xietong" ./cmd/xietong
sessions=("$@")
[[ ${#sessions[@]} -gt 0 ]] || sessions=(100 500)

for n in "${sessions[@]}"; do
	rm -rf "$tmp/data"
	# One address opens every session: lift the per-address connection limits.
	"$tmp/xietong" serve --demo --addr "127.0.0.1:$PORT" --data "$tmp/data" \
		--conn-rate 0 --max-handshakes 1024 --max-sessions 2000 >"$tmp/serve.log" 2>&1 &
	srv=$!
	for _ in $(seq 50); do
		grep -q listening "$tmp/serve.log" && break
		sleep 0.1
	done
	echo "== $n sessions (server pid $srv) =="
	# shellcheck disable=SC2086
	"$tmp/xietong" loadtest --addr "127.0.0.1:$PORT" --sessions "$n" --rate "$RATE" \
		--duration "$DURATION" --login "$LOGIN" --pid "$srv" --json $EXTRA >"$OUT/load-$n.json" \
		2>"$OUT/load-$n.log" || true
	# The same report as a table, from the JSON (no second run).
	go run ./bench/loadreport "$OUT/load-$n.json" | tee "$OUT/load-$n.txt"
	kill "$srv"
	wait "$srv" 2>/dev/null || true
	srv=
done
