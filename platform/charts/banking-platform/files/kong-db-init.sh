#!/usr/bin/env bash
# Creates Kong's database and user on the shared PostgreSQL, or brings them back in line: idempotent, run before
# every install and upgrade of Kong (Kong's own migrations need both).
#
#   PGHOST=banking-pg-rw.postgres.svc.cluster.local PGPORT=5432 ADMIN_PASSWORD=... \
#   KONG_PG_USER=kong KONG_PG_DATABASE=kong KONG_PG_PASSWORD=... kong-db-init.sh
#
# ADMIN_PASSWORD is PostgreSQL's admin password (user postgres); KONG_PG_PASSWORD comes from the same Secret Kong
# reads, so an existing user's password is set to it on every run (a rotated Secret is applied here). Passwords are
# read from the environment only: never on a command line, never in the SQL text psql logs. Any error fails the
# run (ON_ERROR_STOP), nothing is swallowed. WAIT_SECONDS (default 120) bounds the wait for the server.
set -euo pipefail
: "${PGHOST:?}" "${ADMIN_PASSWORD:?}" "${KONG_PG_PASSWORD:?}"
export PGPORT=${PGPORT:-5432} PGUSER=${ADMIN_USER:-postgres} PGDATABASE=postgres PGCONNECT_TIMEOUT=5
KONG_PG_USER=${KONG_PG_USER:-kong}; KONG_PG_DATABASE=${KONG_PG_DATABASE:-kong}
export PGPASSWORD=$ADMIN_PASSWORD
unset ADMIN_PASSWORD

deadline=$(( $(date +%s) + ${WAIT_SECONDS:-120} ))
until pg_isready -q; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "kong-db-init: PostgreSQL at $PGHOST:$PGPORT is not accepting connections" >&2; exit 1
  fi
  sleep 2
done

echo "kong-db-init: user $KONG_PG_USER and database $KONG_PG_DATABASE on $PGHOST:$PGPORT"
psql -X -q -v ON_ERROR_STOP=1 -v kong_user="$KONG_PG_USER" -v kong_db="$KONG_PG_DATABASE" <<'SQL'
\getenv kong_password KONG_PG_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'kong_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'kong_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'kong_user', :'kong_password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'kong_db', :'kong_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'kong_db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'kong_db', :'kong_user') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'kong_db') \gexec
SQL

# Prove it: Kong's user logs in to its database and may create objects there (what `kong migrations` does).
PGPASSWORD=$KONG_PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -U "$KONG_PG_USER" -d "$KONG_PG_DATABASE" \
  -c 'CREATE TEMP TABLE kong_db_init_check (id int); DROP TABLE kong_db_init_check;' \
  -c "SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS ok" -t -A | grep -qx t \
  || { echo "kong-db-init: $KONG_PG_USER cannot create objects in $KONG_PG_DATABASE" >&2; exit 1; }
echo "kong-db-init: ready"
