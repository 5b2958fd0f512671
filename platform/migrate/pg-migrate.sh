#!/usr/bin/env bash
# Copies the banking database from the old single PostgreSQL to the new primary, and proves it. The target is the
# primary of either PostgreSQL profile: CloudNativePG's read-write Service <cluster>-rw (the database and its owner
# as the Cluster's bootstrap.initdb names them), or bitnami's postgresql-primary.
#
#   SOURCE_HOST=postgres.banking.svc.cluster.local SOURCE_DB=banking SOURCE_USER=banking \
#   TARGET_HOST=banking-pg-rw.postgres.svc.cluster.local TARGET_DB=banking TARGET_USER=banking \
#   SOURCE_PASSWORD=... TARGET_PASSWORD=... platform/migrate/pg-migrate.sh [--force] [--dry-run]
#
# Passwords come from the environment only (the Job maps them from Secrets) and reach the clients through a
# private password file, never a command line. Steps, each fatal on failure:
#   1. both servers answer;
#   2. the target database has no table yet (else refuse; --force restores anyway, into a clean schema);
#   3. pg_dump of the source (custom format) to a private temporary file;
#   4. pg_restore into the target in a single transaction: it applies all or nothing;
#   5. row counts of every table compared, source against target; any difference fails the run.
# Exit 0: migrated and verified. Exit 1: nothing or everything restored but not verified (the message says which).
set -euo pipefail

force=0; dry=0
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    --dry-run) dry=1 ;;
    *) echo "pg-migrate: unknown argument $a" >&2; exit 2 ;;
  esac
done
: "${SOURCE_HOST:?}" "${SOURCE_DB:?}" "${SOURCE_USER:?}" "${TARGET_HOST:?}" "${TARGET_DB:?}" "${TARGET_USER:?}"
SOURCE_PORT=${SOURCE_PORT:-5432}; TARGET_PORT=${TARGET_PORT:-5432}

work=$(mktemp -d); chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
pass="$work/pgpass"; umask 077
printf '%s:%s:%s:%s:%s\n' "$SOURCE_HOST" "$SOURCE_PORT" "$SOURCE_DB" "$SOURCE_USER" "$(printf '%s' "${SOURCE_PASSWORD:-}" | sed 's/[\\:]/\\&/g')" > "$pass"
printf '%s:%s:%s:%s:%s\n' "$TARGET_HOST" "$TARGET_PORT" "$TARGET_DB" "$TARGET_USER" "$(printf '%s' "${TARGET_PASSWORD:-}" | sed 's/[\\:]/\\&/g')" >> "$pass"
export PGPASSFILE="$pass" PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
unset PGPASSWORD SOURCE_PASSWORD TARGET_PASSWORD

src=(-h "$SOURCE_HOST" -p "$SOURCE_PORT" -U "$SOURCE_USER" -d "$SOURCE_DB")
dst=(-h "$TARGET_HOST" -p "$TARGET_PORT" -U "$TARGET_USER" -d "$TARGET_DB")
say() { echo "pg-migrate: $*" >&2; }
run() { if [ "$dry" = 1 ]; then echo "+ $*"; else "$@"; fi; }

tables_sql="select quote_ident(schemaname)||'.'||quote_ident(tablename) from pg_tables
            where schemaname not in ('pg_catalog','information_schema') order by 1"

say "checking the source $SOURCE_HOST:$SOURCE_PORT/$SOURCE_DB and the target $TARGET_HOST:$TARGET_PORT/$TARGET_DB"
psql -X -q -v ON_ERROR_STOP=1 "${src[@]}" -At -c 'select 1' > /dev/null || { say "cannot reach the source"; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 "${dst[@]}" -At -c 'select 1' > /dev/null || { say "cannot reach the target"; exit 1; }

existing=$(psql -X -q -v ON_ERROR_STOP=1 "${dst[@]}" -At -c "$tables_sql" | wc -l)
if [ "$existing" -gt 0 ] && [ "$force" = 0 ]; then
  say "the target already has $existing table(s); refusing to overwrite it (pass --force to restore anyway)"
  exit 1
fi

say "dumping the source"
run pg_dump "${src[@]}" --format=custom --no-owner --no-privileges --file="$work/banking.dump"
clean=()
if [ "$force" = 1 ] && [ "$existing" -gt 0 ]; then clean=(--clean --if-exists); fi
say "restoring into the target in one transaction"
run pg_restore "${dst[@]}" --exit-on-error --single-transaction --no-owner --no-privileges "${clean[@]}" "$work/banking.dump"
[ "$dry" = 1 ] && { say "dry run: nothing was changed"; exit 0; }

say "verifying row counts"
counts() {
  local conn=("$@") t
  psql -X -q -v ON_ERROR_STOP=1 "${conn[@]}" -At -c "$tables_sql" | while read -r t; do
    printf '%s %s\n' "$t" "$(psql -X -q -v ON_ERROR_STOP=1 "${conn[@]}" -At -c "select count(*) from $t")"
  done
}
counts "${src[@]}" > "$work/source.counts"
counts "${dst[@]}" > "$work/target.counts"
if ! diff -u "$work/source.counts" "$work/target.counts" >&2; then
  say "row counts differ (source -, target +): the target holds the restore but does not match the source"
  exit 1
fi
say "migrated and verified $(wc -l < "$work/source.counts") table(s):"
sed 's/^/  /' "$work/source.counts" >&2
