#!/usr/bin/env bash
# Start Debian's PostgreSQL on 127.0.0.1:5432 and make sure the test role and
# database exist. Installs nothing (.ci/run apt-installs postgresql); safe to
# run again and again.
#
#   bash scripts/start-postgres.sh
#   export VNMONITOR_PG_URL=postgresql://vnmonitor:vnmonitor@127.0.0.1:5432/vnmonitor_test
set -euo pipefail

PG_ROLE="${PG_ROLE:-vnmonitor}"
PG_PASSWORD="${PG_PASSWORD:-vnmonitor}"
PG_DATABASE="${PG_DATABASE:-vnmonitor_test}"
PG_PORT="${PG_PORT:-5432}"

command -v pg_lsclusters >/dev/null || { echo "error: postgresql-common is not installed (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# The newest installed server version, and its cluster on our port (created if missing).
version="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
[ -n "$version" ] || { echo "error: no PostgreSQL server found under /usr/lib/postgresql" >&2; exit 1; }
cluster="$(pg_lsclusters --no-header | awk -v v="$version" -v p="$PG_PORT" '$1 == v && $3 == p {print $2; exit}')"
if [ -z "$cluster" ]; then
  cluster=main
  pg_createcluster "$version" "$cluster" --port "$PG_PORT" >/dev/null
fi

conf_dir="/etc/postgresql/$version/$cluster/conf.d"
mkdir -p "$conf_dir"
printf "listen_addresses = '127.0.0.1'\n" > "$conf_dir/vnmonitor.conf"

status="$(pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')"
if [ "$status" != online ]; then
  pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null || { echo "error: PostgreSQL did not come up on 127.0.0.1:$PG_PORT" >&2; exit 1; }

# Role and database, created once; the password is (re)set every time.
as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres \
  -v role="$PG_ROLE" -v password="$PG_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'password';
SQL
as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres \
  -v role="$PG_ROLE" -v db="$PG_DATABASE" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', :'db', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

echo "PostgreSQL $version/$cluster ready: postgresql://$PG_ROLE:***@127.0.0.1:$PG_PORT/$PG_DATABASE"
