#!/usr/bin/env bash
# The import figures of docs/BENCHMARKS.md:
#   bench/import.sh --database-url URL [--runs 3] [ENTITIES]      (default 100000 entities)
# Each run times `beian import` of the same generated file into SQLite and
# into PostgreSQL, then `psql \copy` of the rows that import wrote (as CSV)
# into the same tables — same schema, indexes and constraints, one
# transaction — and gives the PostgreSQL import's rate as a share of \copy's.
# URL names a PostgreSQL database the script may use: it (re)creates the
# schemas beian_bench_import and beian_bench_copy in it (pg_trgm goes to
# public) and drops them at the end. Needs psql; BEIAN_BIN skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="" RUNS=3 N=100000
while [ $# -gt 0 ]; do
	case "$1" in
	--database-url) URL=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	*) N=$1; shift ;;
	esac
done
[ -n "$URL" ] || { echo "usage: bench/import.sh --database-url URL [--runs N] [ENTITIES]" >&2; exit 2; }
W=${BENCH_DIR:-/tmp/beian-bench-import}
mkdir -p "$W"
case "$URL" in *\?*) SEP='&' ;; *) SEP='?' ;; esac
IMPORT_URL="${URL}${SEP}search_path=beian_bench_import,public"
COPY_URL="${URL}${SEP}search_path=beian_bench_copy,public"
export PGOPTIONS="-c client_min_messages=warning"
psqlin() { PGOPTIONS="$PGOPTIONS -c search_path=$1,public" psql -X -q -v ON_ERROR_STOP=1 "$URL" "${@:2}"; }

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }
rate() { echo "$1 / $2" | bc; }

BIN=${BEIAN_BIN:-$W/beian}
[ -n "${BEIAN_BIN:-}" ] || go build -o "$BIN" ./cmd/beian
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB, $(go version | cut -d' ' -f3), $(psql -X -At "$URL" -c 'SHOW server_version') , load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" gen --entities "$N" --seed 1 > "$W/gen.jsonl"

# fresh empties both schemas and migrates them with beian itself (an import
# of nothing), so both hold exactly the store's tables and indexes.
fresh() {
	psql -X -q -v ON_ERROR_STOP=1 "$URL" <<-SQL
		CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
		DROP SCHEMA IF EXISTS beian_bench_import CASCADE; CREATE SCHEMA beian_bench_import;
		DROP SCHEMA IF EXISTS beian_bench_copy CASCADE; CREATE SCHEMA beian_bench_copy;
	SQL
	"$BIN" import --database-url "$IMPORT_URL" /dev/null >/dev/null
	"$BIN" import --database-url "$COPY_URL" /dev/null >/dev/null
	psql -X -q "$URL" -c CHECKPOINT
}

# The columns beian import writes, as it writes them (store/insert.go).
ENT="id, unit_name, nature, province, cert_type, cert_no, cert_address, address, main_licence, principal_name, principal_cert_type, principal_cert_no, principal_mobile, principal_email, next_service, created_at, updated_at"
SVC="id, entity_id, service_type, service_name, service_licence, home_url, principal_name, principal_cert_type, principal_cert_no, principal_mobile, principal_email, content_types, approved_at, limit_access"
DOM="domain, service_id, position"
ACC="service_id, position, provider, ips"
CNT="prefix, year, next_seq"

for run in $(seq 1 "$RUNS"); do
	rm -rf "$W/data"
	"$BIN" import --data "$W/data" /dev/null >/dev/null # migrated, as the PostgreSQL schemas are
	t0=$(now); "$BIN" import --data "$W/data" "$W/gen.jsonl" >/dev/null; t1=$(now)
	SQLITE_S=$(secs "$t0" "$t1")

	fresh
	t0=$(now); "$BIN" import --database-url "$IMPORT_URL" "$W/gen.jsonl" >/dev/null; t1=$(now)
	PG_S=$(secs "$t0" "$t1")
	E=$(psqlin beian_bench_import -At -c 'SELECT COUNT(*) FROM entities')
	S=$(psqlin beian_bench_import -At -c 'SELECT COUNT(*) FROM services')

	# The rows the import wrote, as CSV, and the counters it left.
	psqlin beian_bench_import <<-SQL
		\copy (SELECT $ENT FROM entities ORDER BY id) TO '$W/entities.csv' CSV
		\copy (SELECT $SVC FROM services ORDER BY id) TO '$W/services.csv' CSV
		\copy (SELECT $DOM FROM domains ORDER BY service_id, position) TO '$W/domains.csv' CSV
		\copy (SELECT $ACC FROM access_records ORDER BY service_id, position) TO '$W/access_records.csv' CSV
		\copy (SELECT $CNT FROM licence_counters) TO '$W/licence_counters.csv' CSV
	SQL
	psql -X -q "$URL" -c CHECKPOINT
	t0=$(now)
	psqlin beian_bench_copy <<-SQL
		BEGIN;
		\copy entities ($ENT) FROM '$W/entities.csv' CSV
		\copy services ($SVC) FROM '$W/services.csv' CSV
		\copy domains ($DOM) FROM '$W/domains.csv' CSV
		\copy access_records ($ACC) FROM '$W/access_records.csv' CSV
		\copy licence_counters ($CNT) FROM '$W/licence_counters.csv' CSV
		COMMIT;
	SQL
	t1=$(now)
	COPY_S=$(secs "$t0" "$t1")
	echo "== run $run: $E entities, $S services; sqlite import $SQLITE_S s ($(rate "$S" "$SQLITE_S") services/s)," \
		"postgres import $PG_S s ($(rate "$S" "$PG_S") services/s), psql \\copy $COPY_S s ($(rate "$S" "$COPY_S") services/s)" \
		"→ postgres import at $(echo "100 * $COPY_S / $PG_S" | bc) % of \\copy; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
psql -X -q "$URL" -c 'DROP SCHEMA beian_bench_import CASCADE' -c 'DROP SCHEMA beian_bench_copy CASCADE'
