#!/usr/bin/env bash
# Copies every key (values binary-safe, with their TTLs) from the old standalone Redis to the current master of the
# new Sentinel setup, and proves it.
#
#   SOURCE_HOST=redis.banking.svc.cluster.local SOURCE_PASSWORD=... \
#   SENTINEL_HOST=redis.redis.svc.cluster.local TARGET_PASSWORD=... platform/migrate/redis-migrate.sh [--force]
#
# Optional: SOURCE_PORT (6379), SENTINEL_PORT (26379), SENTINEL_MASTER (mymaster), SENTINEL_PASSWORD (defaults to
# TARGET_PASSWORD, as Bitnami's auth.sentinel does), DB (0), BATCH (200 keys per MIGRATE).
# Passwords come only from the environment and reach redis-cli through REDISCLI_AUTH or its standard input, never a
# command line. The master is asked of Sentinel (a plain Service on 6379 would reach replicas). Keys move with
# MIGRATE ... COPY REPLACE (server to server: DUMP/RESTORE payloads, TTLs kept, the source untouched). The target
# carries the key kongsync:migration:incomplete until the copy is verified, so a run that failed part-way is visible.
# Exit 0: copied and verified. Exit 1: anything else (the message says what, and whether the target was touched).
set -euo pipefail

force=0
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    *) echo "redis-migrate: unknown argument $a" >&2; exit 2 ;;
  esac
done
: "${SOURCE_HOST:?}" "${SENTINEL_HOST:?}"
SOURCE_PORT=${SOURCE_PORT:-6379}; SENTINEL_PORT=${SENTINEL_PORT:-26379}; SENTINEL_MASTER=${SENTINEL_MASTER:-mymaster}
DB=${DB:-0}; BATCH=${BATCH:-200}
src_pw=${SOURCE_PASSWORD:-}; dst_pw=${TARGET_PASSWORD:-}; sen_pw=${SENTINEL_PASSWORD:-$dst_pw}
unset SOURCE_PASSWORD TARGET_PASSWORD SENTINEL_PASSWORD
MARKER="kongsync:migration:incomplete"

say() { echo "redis-migrate: $*" >&2; }
# cli HOST PORT PASSWORD ARGS...: one command, the password through the environment
cli() { local h=$1 p=$2 pw=$3; shift 3; REDISCLI_AUTH="$pw" redis-cli --no-auth-warning -h "$h" -p "$p" "$@"; }
# a string quoted for redis-cli's input parser
q() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

pong=$(cli "$SOURCE_HOST" "$SOURCE_PORT" "$src_pw" PING 2>&1) || true
[ "$pong" = PONG ] || { say "cannot use the source $SOURCE_HOST:$SOURCE_PORT: $pong"; exit 1; }

addr=$(cli "$SENTINEL_HOST" "$SENTINEL_PORT" "$sen_pw" SENTINEL get-master-addr-by-name "$SENTINEL_MASTER" 2>&1) || true
master_host=$(printf '%s\n' "$addr" | sed -n 1p); master_port=$(printf '%s\n' "$addr" | sed -n 2p)
if ! [[ "$master_port" =~ ^[0-9]+$ ]]; then
  say "Sentinel $SENTINEL_HOST:$SENTINEL_PORT does not name a master for $SENTINEL_MASTER: $addr"; exit 1
fi
role=$(cli "$master_host" "$master_port" "$dst_pw" ROLE 2>&1 | sed -n 1p) || true
[ "$role" = master ] || { say "$master_host:$master_port (from Sentinel) is not a usable master: $role"; exit 1; }
say "source $SOURCE_HOST:$SOURCE_PORT, target master $master_host:$master_port (db $DB)"

existing=$(cli "$master_host" "$master_port" "$dst_pw" -n "$DB" DBSIZE)
if [ "$existing" -gt 0 ] && [ "$force" = 0 ]; then
  say "the target already has $existing key(s); refusing to overwrite it (pass --force to copy anyway)"; exit 1
fi
cli "$master_host" "$master_port" "$dst_pw" -n "$DB" SET "$MARKER" "$(date -u +%FT%TZ)" > /dev/null

work=$(mktemp -d); chmod 700 "$work"; trap 'rm -rf "$work"' EXIT
cli "$SOURCE_HOST" "$SOURCE_PORT" "$src_pw" -n "$DB" --scan --no-raw > "$work/keys" \
  || { say "listing the source keys failed; the target is marked $MARKER"; exit 1; }
total=$(wc -l < "$work/keys")
say "copying $total key(s)"
# one MIGRATE per BATCH keys; the command prefix (which holds the password) goes to awk through its environment
MIGRATE_PREFIX="MIGRATE $(q "$master_host") $master_port \"\" $DB 10000 COPY REPLACE AUTH $(q "$dst_pw") KEYS" \
  awk -v n="$BATCH" '{ keys = keys " " $0; if (++c == n) { print ENVIRON["MIGRATE_PREFIX"] keys; keys = ""; c = 0 } }
    END { if (c) print ENVIRON["MIGRATE_PREFIX"] keys }' "$work/keys" > "$work/commands"
if ! REDISCLI_AUTH="$src_pw" redis-cli --no-auth-warning -h "$SOURCE_HOST" -p "$SOURCE_PORT" -n "$DB" \
    < "$work/commands" > "$work/replies" 2>&1; then
  say "copying failed: $(tail -n 1 "$work/replies"); the target is marked $MARKER"; exit 1
fi
if grep -vE '^(OK|NOKEY)$' "$work/replies" > "$work/errors"; then
  say "copying failed: $(head -n 1 "$work/errors"); the target is marked $MARKER"; exit 1
fi

copied=$(cli "$master_host" "$master_port" "$dst_pw" -n "$DB" DBSIZE)
copied=$((copied - 1))
expected=$((existing + total))
if [ "$force" = 0 ] && [ "$copied" -lt "$total" ]; then
  say "the target holds $copied key(s), the source listed $total; the target is marked $MARKER"; exit 1
fi
cli "$master_host" "$master_port" "$dst_pw" -n "$DB" DEL "$MARKER" > /dev/null
say "copied and verified $total key(s) (target now holds $copied; at most $expected)"
