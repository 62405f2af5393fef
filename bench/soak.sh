#!/usr/bin/env bash
# Ten minutes of mixed load against one node, memory and latency sampled
# each minute (docs/BENCHMARKS.md, "Soak"):
#   bench/soak.sh [DURATION]          (default 10m; SQLite under $BENCH_DIR)
# The server runs with the demo's 500 filings; the soak's own accounts and
# products are made with the CLI. Loopback only, bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:-10m}
W=${BENCH_DIR:-/tmp/beian-soak}
PORT=${BENCH_PORT:-18090}
PASS=soak-password-2026
rm -rf "$W" && mkdir -p "$W"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg)"
go build -o "$W/beian" ./cmd/beian
go build -o "$W/soak" ./bench/soak

# No per-client limits: one address sends everything. Per-entity recovery
# limits stay (their 429 is counted as an answer, not an error).
export BEIAN_DATA="$W/data" BEIAN_SMS_VERIFY_PER_CLIENT=0 BEIAN_PASSWORD_RECOVER_PER_CLIENT=1000000000 BEIAN_PRODUCT_MAX_SERVICES_PER_IP=1000000000
"$W/beian" serve --demo --addr "127.0.0.1:$PORT" --query-rate 0 --log-level warn > "$W/serve.log" 2>&1 & SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

user() { echo "$PASS" | "$W/beian" user add --password-stdin "$@" >/dev/null; }
user --role provider_reviewer --login soak-reviewer --provider 某某云
user --role bureau_reviewer --login soak-bureau --provinces 浙江
: > "$W/applicants.txt"
for i in $(seq 1 8); do
	m=$(printf '1350000%04d' "$i")
	user --role applicant --login "$m"
	p=$("$W/beian" product add --owner "$m" --provider 某某云 --ip "203.0.113.$i" --expires "$(date -d '+1 year' +%F)" | sed -n 's/^product //p')
	echo "$m|$p" >> "$W/applicants.txt"
done
sqlite3 "$W/data/beian.db" "SELECT domain FROM domains" > "$W/domains.txt"
sqlite3 "$W/data/beian.db" "SELECT province || '|' || main_licence || '|' || cert_type || '|' || cert_no FROM entities WHERE cancelled = 0" > "$W/entities.txt"

echo "== soak: $D against pid $SPID ($(wc -l < "$W/domains.txt") domains, $(wc -l < "$W/entities.txt") entities)"
"$W/soak" -url "http://127.0.0.1:$PORT" -d "$D" -pid "$SPID" -domains "$W/domains.txt" -entities "$W/entities.txt" \
	-applicants "$W/applicants.txt" -password "$PASS"
echo "== server log (warnings and errors): $(grep -c 'level=ERROR' "$W/serve.log" || true) errors"
grep 'level=ERROR' "$W/serve.log" | head -5 || true
