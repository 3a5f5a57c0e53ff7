#!/usr/bin/env bash
# Load runs (docs/PERFORMANCE.md): a fresh demo server per run on a
# loopback port, the load generator beside it on the same machine, 100 then
# 500 sessions, one navigation key per session every 2 s for 30 s.
#
#   bench/loadtest.sh [SESSIONS...]      (default: 100 500)
#
# Env: DURATION (30s), RATE (2s), PORT (24101), OUT (bench/out), LOGIN (prod),
# EXTRA (more loadtest flags, e.g. "--login demo"),
# WRITES (writes per second beside the keys, 0: none), WRITE_KIND (mixed:
# anomaly, order, notice in turn; or one of them),
# SEED_LINES (0: the plain demo; N: a factory with N order lines over
# SEED_DAYS days, seeded once with `xietong loadtest seed` and copied afresh
# for every run), SEED_DAYS (730).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
RATE=${RATE:-2s}
PORT=${PORT:-24101}
OUT=${OUT:-bench/out}
LOGIN=${LOGIN:-prod}
EXTRA=${EXTRA:-}
WRITES=${WRITES:-0}
WRITE_KIND=${WRITE_KIND:-mixed}
SEED_LINES=${SEED_LINES:-0}
SEED_DAYS=${SEED_DAYS:-730}
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

# The data every run starts from: nothing (the server seeds the demo), or a
# seeded factory kept aside and copied for each run.
suffix=
if [[ $SEED_LINES -gt 0 ]]; then
	echo "== seeding $SEED_LINES lines over $SEED_DAYS days =="
	"$tmp/xietong" loadtest seed --data "$tmp/seed" --lines "$SEED_LINES" --days "$SEED_DAYS" | tee "$OUT/seed-$SEED_LINES.log"
	suffix="-${SEED_LINES}lines"
fi
[[ $WRITES == 0 ]] || suffix="$suffix-w$WRITES$WRITE_KIND"

for n in "${sessions[@]}"; do
	rm -rf "$tmp/data"
	if [[ $SEED_LINES -gt 0 ]]; then cp -a "$tmp/seed" "$tmp/data"; fi
	# Every session is the same login: lift the per-account cap.
	"$tmp/xietong" serve --demo --addr "127.0.0.1:$PORT" --data "$tmp/data" \
		--account-terminals 0 --max-sessions 2000 >"$tmp/serve.log" 2>&1 &
	srv=$!
	for _ in $(seq 600); do
		grep -q listening "$tmp/serve.log" && break
		sleep 0.1
	done
	echo "== $n sessions$suffix (server pid $srv) =="
	# shellcheck disable=SC2086
	"$tmp/xietong" loadtest --addr "127.0.0.1:$PORT" --sessions "$n" --rate "$RATE" \
		--duration "$DURATION" --login "$LOGIN" --pid "$srv" \
		--writes-per-second "$WRITES" --write-kind "$WRITE_KIND" --json $EXTRA >"$OUT/load-$n$suffix.json" \
		2>"$OUT/load-$n$suffix.log" || true
	# The same report as a table, from the JSON (no second run).
	go run ./bench/loadreport "$OUT/load-$n$suffix.json" | tee "$OUT/load-$n$suffix.txt"
	kill "$srv"
	wait "$srv" 2>/dev/null || true
	srv=
done
