#!/usr/bin/env bash
# Reruns every figure of docs/BENCHMARKS.md on this machine:
#   bench/run.sh [ENTITIES]                              SQLite (default 1000000; needs sqlite3, ~3 GB in $BENCH_DIR)
#   bench/run.sh --database-url postgres://… [ENTITIES]  PostgreSQL (needs psql); EMPTIES that database's public schema
# Import rate (SQLite: against the sqlite3 CLI's .import of the same rows as
# CSV); query throughput against a minimal net/http handler in the same run;
# name-search latency; resident memory of the server. Only loopback traffic,
# bounded in time. BENCH_CEILING=0 leaves out the sqlite3 ceiling (at
# 5,000,000 entities it adds the CSV export and a second load).
set -euo pipefail
cd "$(dirname "$0")/.."
URL=
if [ "${1:-}" = --database-url ]; then
	URL=$2
	shift 2
fi
N=${1:-1000000}
W=${BENCH_DIR:-/tmp/beian-bench}
PORT=${BENCH_PORT:-18080}
BPORT=$((PORT + 10))
mkdir -p "$W"
rm -rf "$W/data" "$W/ceiling.db"* "$W"/*.csv

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$URL" ]; then
	echo "== engine: PostgreSQL $(psql "$URL" -XAtc 'SHOW server_version')"
	# A fresh store: the public schema and everything in it (pg_trgm too,
	# which the migrations create again).
	psql "$URL" -XqAtc 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'
	STORE=(--database-url "$URL")
	sql() { psql "$URL" -XAtc "$1"; }
else
	echo "== engine: SQLite (sqlite3 $(sqlite3 --version | cut -d' ' -f1) for the ceiling)"
	STORE=(--data "$W/data")
	sql() { sqlite3 "$W/data/beian.db" "$1"; }
fi
go build -o "$W/beian" ./cmd/beian
go build -o "$W/baseline" ./bench/baseline
go build -o "$W/loadgen" ./bench/loadgen
go build -o "$W/grams" ./bench/grams

t0=$(now); "$W/beian" gen --entities "$N" --seed 1 > "$W/gen.jsonl"; t1=$(now)
echo "== gen: $N entities in $(secs "$t0" "$t1") s ($(du -h "$W/gen.jsonl" | cut -f1))"

# The importing process's peak memory, where GNU time is installed.
TIMED=()
[ -x /usr/bin/time ] && TIMED=(/usr/bin/time -f '== import peak memory: %M KiB' )
t0=$(now); "${TIMED[@]}" "$W/beian" import "${STORE[@]}" "$W/gen.jsonl"; t1=$(now)
S=$(sql 'SELECT COUNT(*) FROM services')
E=$(sql 'SELECT COUNT(*) FROM entities')
IMPORT_S=$(secs "$t0" "$t1")
echo "== beian import: $E entities, $S services in $IMPORT_S s = $(echo "$S / $IMPORT_S" | bc) services/s"

if [ -z "$URL" ]; then
	echo "== store on disk: $(du -sh "$W/data" | cut -f1) ($(ls "$W/data" | tr '\n' ' '))"
else
	echo "== store on disk: $(sql "SELECT pg_size_pretty(SUM(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')")"
fi

if [ -z "$URL" ] && [ "${BENCH_CEILING:-1}" != 0 ]; then
DB="$W/data/beian.db"

# The ceiling: the same rows as CSV, loaded by the sqlite3 shell into the same
# schema (tables, indexes, both name indexes) with the same pragmas. The shell
# has no beian_grams function, so the gram text comes precomputed in a CSV.
for t in entities services domains access_records licence_counters; do
	sqlite3 -csv "$DB" "SELECT * FROM $t" > "$W/$t.csv"
done
"$W/grams" < "$W/entities.csv" > "$W/grams.csv"
sqlite3 "$DB" .schema | grep -v sqlite_sequence | sqlite3 "$W/ceiling.db"
t0=$(now)
sqlite3 "$W/ceiling.db" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA foreign_keys=ON;
PRAGMA cache_size=-65536;
.import --csv $W/entities.csv entities
.import --csv $W/services.csv services
.import --csv $W/domains.csv domains
.import --csv $W/access_records.csv access_records
.import --csv $W/licence_counters.csv licence_counters
INSERT INTO entity_names(entity_names) VALUES ('rebuild');
CREATE TEMP TABLE g (id INTEGER PRIMARY KEY, grams TEXT);
.import --csv $W/grams.csv g
INSERT INTO entity_grams (rowid, grams) SELECT id, grams FROM g;
SQL
t1=$(now)
CEIL_S=$(secs "$t0" "$t1")
echo "== sqlite3 .import ceiling: $S services in $CEIL_S s = $(echo "$S / $CEIL_S" | bc) services/s; beian reaches $(echo "100 * $CEIL_S / $IMPORT_S" | bc) %"
elif [ -n "$URL" ]; then
	# What autovacuum does shortly after a load: planner statistics, and the
	# GIN indexes' pending lists merged (until then every name search scans
	# the list: 11 ms instead of 0.1 ms for one two-character gram at 1M).
	for t in entities services domains entity_name_grams; do psql "$URL" -XqAtc "VACUUM ANALYZE $t"; done
fi

# Keywords drawn from the store. The domain and number samples repeat
# through each run (5,000 keywords, tens of thousands of requests), as a
# registry's look-ups do; "all domains" cycles through every domain once
# shuffled, so nearly every request misses the server's answer cache. Name
# keywords are distinct, each asked once: every one is a miss.
sql "SELECT domain FROM domains ORDER BY random() LIMIT 5000" > "$W/kw-domain.txt"
sql "SELECT domain FROM domains ORDER BY random()" > "$W/kw-domain-all.txt"
sql "SELECT CASE WHEN s.id % 2 = 0 THEN s.service_licence ELSE (SELECT main_licence FROM entities e WHERE e.id = s.entity_id) END FROM services s ORDER BY random() LIMIT 5000" > "$W/kw-number.txt"
sql "SELECT k FROM (SELECT DISTINCT substr(unit_name, 3, 4) AS k FROM entities WHERE nature = '企业') AS t ORDER BY random() LIMIT 2000" > "$W/kw-name4.txt"
sql "SELECT k FROM (SELECT DISTINCT substr(unit_name, 3, 3) AS k FROM entities WHERE nature = '企业') AS t ORDER BY random() LIMIT 2000" > "$W/kw-name3.txt"
sql "SELECT k FROM (SELECT DISTINCT substr(unit_name, 3, 2) AS k FROM entities WHERE nature = '企业') AS t ORDER BY random() LIMIT 300" > "$W/kw-name2.txt"

"$W/baseline" --addr "127.0.0.1:$BPORT" & BPID=$!
"$W/beian" serve --addr "127.0.0.1:$PORT" "${STORE[@]}" --query-rate 0 --log-level warn & SPID=$!
trap 'kill $BPID $SPID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && curl -sf "http://127.0.0.1:$BPORT/" >/dev/null && break; sleep 0.1; done

C=${BENCH_CLIENTS:-16}
D=${BENCH_SECONDS:-10}s
echo "== HTTP throughput, $C clients, $D each (same run, same load generator)"
"$W/loadgen" -label baseline -url "http://127.0.0.1:$BPORT/api/v1/query" -keywords "$W/kw-domain.txt" -c "$C" -d "$D"
"$W/loadgen" -label "beian domain" -url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw-domain.txt" -c "$C" -d "$D"
"$W/loadgen" -label "beian number" -url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw-number.txt" -c "$C" -d "$D"
"$W/loadgen" -label "beian all domains" -url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw-domain-all.txt" -c "$C" -d "$D"
"$W/loadgen" -label baseline -url "http://127.0.0.1:$BPORT/api/v1/query" -keywords "$W/kw-domain.txt" -c "$C" -d "$D"

echo "== entity-name substring latency, one client, each keyword once"
"$W/loadgen" -label "name, 4 chars" -url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw-name4.txt" -c 1 -n "$(wc -l < "$W/kw-name4.txt")"
"$W/loadgen" -label "name, 3 chars" -url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw-name3.txt" -c 1 -n "$(wc -l < "$W/kw-name3.txt")"
"$W/loadgen" -label "name, 2 chars" -url "http://127.0.0.1:$PORT/api/v1/query" -keywords "$W/kw-name2.txt" -c 1 -n "$(wc -l < "$W/kw-name2.txt")"

echo "== server memory: $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
