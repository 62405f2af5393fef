#!/usr/bin/env bash
# The shell scan over a national-scale store, and the public query's p99
# beside it (docs/BENCHMARKS.md, "Shell scan"):
#   bench/shellscan.sh [ENTITIES] [--database-url URL]   (default 1000000, SQLite under $BENCH_DIR)
# Imports generated entities into a fresh store, measures domain look-ups
# (16 clients) alone, then the same while the scan runs in another process.
set -euo pipefail
cd "$(dirname "$0")/.."
N=1000000 URL=""
while [ $# -gt 0 ]; do
	case "$1" in
	--database-url) URL=$2; shift 2 ;;
	*) N=$1; shift ;;
	esac
done
W=${BENCH_DIR:-/tmp/beian-shellscan}
PORT=${BENCH_PORT:-18095}
rm -rf "$W" && mkdir -p "$W"
echo "== machine: $(nproc) cores, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg), store ${URL:+postgres}${URL:-sqlite}"
go build -o "$W/beian" ./cmd/beian
go build -o "$W/loadgen" ./bench/loadgen
go build -o "$W/shellscan" ./bench/shellscan
STORE=(--data "$W/data")
DSN="$W/data/beian.db"
if [ -n "$URL" ]; then STORE=(--database-url "$URL"); DSN=$URL; fi
"$W/beian" gen --entities "$N" --seed 7 > "$W/gen.jsonl"
"$W/beian" import "${STORE[@]}" "$W/gen.jsonl"
grep -o '"domains":\["[^"]*"' "$W/gen.jsonl" | sed 's/.*\["//; s/"$//' | shuf -n 5000 --random-source=<(yes) > "$W/kw.txt"
rm "$W/gen.jsonl"

"$W/beian" serve --addr "127.0.0.1:$PORT" "${STORE[@]}" --query-rate 0 --log-level warn & SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
Q=(-url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw.txt" -c 16)
"$W/loadgen" "${Q[@]}" -d 5s -label warm-up >/dev/null
echo "== domain look-ups alone"
"$W/loadgen" "${Q[@]}" -d 20s -label "alone"
echo "== the same while the scan runs (in its own process)"
"$W/shellscan" -dsn "$DSN" -runs 100 > "$W/scan.log" 2>&1 & SCAN=$!
"$W/loadgen" "${Q[@]}" -d 20s -label "beside the scan"
kill $SCAN 2>/dev/null || true
wait $SCAN 2>/dev/null || true
echo "== scans that ran beside the load"; cat "$W/scan.log"
echo "== the scan alone"
"$W/shellscan" -dsn "$DSN" -runs 2
