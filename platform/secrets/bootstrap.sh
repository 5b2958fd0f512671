#!/usr/bin/env bash
# Creates the platform's Secrets once, with generated passwords, and checks they agree with each other.
#
#   platform/secrets/bootstrap.sh [--dry-run] [--context NAME]
#
# Run it after the kit's foundation (namespaces and ConfigMap banking/platform-endpoints) and before PostgreSQL,
# Redis and Kong start: the stores set their passwords at first boot from these Secrets. Which PostgreSQL Secrets it
# writes follows the profile the foundation names (DATABASE_PROFILE in platform-endpoints):
#
#   cloudnative-pg (the Cluster named by DATABASE_CLUSTER, e.g. banking-pg), with the operator's own Secret names
#   (CloudNativePG applications.md), type kubernetes.io/basic-auth as the operator requires of Secrets it is given:
#     postgres/<cluster>-app        username (the database owner, DATABASE_USER), password
#     postgres/<cluster>-superuser  username postgres, password
#   bitnami:
#     postgres/postgresql-auth      postgres-password, password (user banking), replication-password
#   and with either:
#   redis/redis-auth              redis-password
#   kong/kong-database            password (Kong's database user; Kong and the kong-db-init Job read it)
#   kong/kong-database-admin      postgres-password (PostgreSQL's admin, for the kong-db-init Job only)
#   banking/banking-platform      DATABASE_URL, DATABASE_PASSWORD, REDIS_URL (sentinel://), REDIS_PASSWORD
#
# The apps' contract is the same with both profiles; only DATABASE_URL's host differs (<cluster>-rw or
# postgresql-primary, from DATABASE_HOST). With CloudNativePG, Secrets the operator generated itself (a Cluster created
# without them) are read and reused like any existing Secret.
#
# A Secret that exists is never changed: its passwords are read and reused for the Secrets derived from them, and the
# run fails if two Secrets disagree (a store keeps the password it was first started with). Passwords are 48 hex
# characters (nothing to escape in a URL); they are never printed and never on a command line: kubectl reads them
# from a private file that is removed on exit. --dry-run reads what exists and prints what would be created.
set -euo pipefail

dry=0; kargs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --context) kargs+=(--context "$2"); shift ;;
    *) echo "bootstrap: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
KUBECTL=${KUBECTL:-kubectl}
k() { "$KUBECTL" "${kargs[@]}" "$@"; }
say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: $*" >&2; exit 1; }   # also from inside $(...): the message reaches the terminal

work=$(mktemp -d); chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

endpoint() {
  local v
  v=$(k -n banking get configmap platform-endpoints -o "jsonpath={.data.$1}") ||
    die "cannot read ConfigMap banking/platform-endpoints: sync the kit's foundation first"
  [ -n "$v" ] || die "ConfigMap banking/platform-endpoints has no $1"
  printf '%s' "$v"
}

exists() { k -n "$1" get secret "$2" -o name >/dev/null 2>&1; }

# the value of one key of an existing Secret (empty when the key is missing)
read_key() {
  local b64
  b64=$(k -n "$1" get secret "$2" -o "jsonpath={.data.$3}" 2>/dev/null) || b64=""
  if [ -n "$b64" ]; then printf '%s' "$b64" | base64 -d; fi
}

generate() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# create [--type=TYPE] NAMESPACE NAME KEY=VALUE...: from an env file, never from the command line
create() {
  local type=()
  case "$1" in --type=*) type=("$1"); shift ;; esac
  local ns=$1 name=$2; shift 2
  local keys=() f="$work/$ns-$name.env"
  : > "$f"; chmod 600 "$f"
  for kv in "$@"; do printf '%s\n' "$kv" >> "$f"; keys+=("${kv%%=*}"); done
  if [ "$dry" = 1 ]; then
    echo "+ $KUBECTL ${kargs[*]} -n $ns create secret generic $name ${type[*]:+${type[*]} }--from-env-file=<private file with ${keys[*]}>"
  else
    k -n "$ns" create secret generic "$name" "${type[@]}" --from-env-file="$f" >/dev/null
    k -n "$ns" label secret "$name" app.kubernetes.io/part-of=banking-platform >/dev/null
    say "created Secret $ns/$name (${keys[*]})"
  fi
}

# value NAMESPACE NAME KEY: the existing value, or a new one
value() { if exists "$1" "$2"; then read_key "$1" "$2" "$3"; else generate; fi; }

profile=$(endpoint DATABASE_PROFILE)
db_host=$(endpoint DATABASE_HOST); db_port=$(endpoint DATABASE_PORT); db_name=$(endpoint DATABASE_NAME)
db_user=$(endpoint DATABASE_USER); sentinel_host=$(endpoint REDIS_SENTINEL_HOST)
sentinel_port=$(endpoint REDIS_SENTINEL_PORT); master_set=$(endpoint REDIS_MASTER_SET); redis_db=$(endpoint REDIS_DB)
app_secret=$(endpoint APP_SECRET)

case "$profile" in
  cloudnative-pg)
    cluster=$(endpoint DATABASE_CLUSTER)
    app_pg="$cluster-app"; super_pg="$cluster-superuser"     # CloudNativePG's names: <cluster>-app, <cluster>-superuser
    pg_admin=$(value postgres "$super_pg" password)
    pg_user=$(value postgres "$app_pg" password)
    pg_repl=unused                                            # the operator's standbys log in with certificates
    if exists postgres "$app_pg" && [ "$(read_key postgres "$app_pg" username)" != "$db_user" ]; then
      die "Secret postgres/$app_pg is not for user $db_user (DATABASE_USER): the operator would create another owner"
    fi
    ;;
  bitnami)
    pg_admin=$(value postgres postgresql-auth postgres-password)
    pg_user=$(value postgres postgresql-auth password)
    pg_repl=$(value postgres postgresql-auth replication-password)
    ;;
  *) die "ConfigMap banking/platform-endpoints names an unknown DATABASE_PROFILE: $profile" ;;
esac
redis_pw=$(value redis redis-auth redis-password)
kong_pw=$(value kong kong-database password)
for v in pg_admin pg_user pg_repl redis_pw kong_pw; do
  [ -n "${!v}" ] || die "an existing Secret lacks a key (${v}): fix it or delete it before a store first starts"
done

failed=0
# agree KEY NAMESPACE NAME EXPECTED: an existing derived Secret must hold what its source holds
agree() {
  if exists "$2" "$3" && [ "$(read_key "$2" "$3" "$1")" != "$4" ]; then
    echo "bootstrap: Secret $2/$3 key $1 disagrees with its source: the apps or Kong would fail to log in" >&2
    failed=1
  fi
}

if [ "$profile" = cloudnative-pg ]; then
  exists postgres "$app_pg" || create --type=kubernetes.io/basic-auth postgres "$app_pg" "username=$db_user" \
    "password=$pg_user"
  exists postgres "$super_pg" || create --type=kubernetes.io/basic-auth postgres "$super_pg" "username=postgres" \
    "password=$pg_admin"
else
  exists postgres postgresql-auth || create postgres postgresql-auth "postgres-password=$pg_admin" \
    "password=$pg_user" "replication-password=$pg_repl"
fi
exists redis redis-auth || create redis redis-auth "redis-password=$redis_pw"
exists kong kong-database || create kong kong-database "password=$kong_pw"
exists kong kong-database-admin || create kong kong-database-admin "postgres-password=$pg_admin"
database_url="postgresql://$db_user:$pg_user@$db_host:$db_port/$db_name"
redis_url="sentinel://:$redis_pw@$sentinel_host:$sentinel_port/$redis_db/$master_set"
exists banking "$app_secret" || create banking "$app_secret" "DATABASE_URL=$database_url" \
  "DATABASE_PASSWORD=$pg_user" "REDIS_URL=$redis_url" "REDIS_PASSWORD=$redis_pw"

agree postgres-password kong kong-database-admin "$pg_admin"
agree DATABASE_PASSWORD banking "$app_secret" "$pg_user"
agree DATABASE_URL banking "$app_secret" "$database_url"
agree REDIS_PASSWORD banking "$app_secret" "$redis_pw"
agree REDIS_URL banking "$app_secret" "$redis_url"
[ "$failed" = 0 ] || exit 1
say "Secrets in place and consistent (DATABASE_URL -> $db_host:$db_port/$db_name, REDIS_URL -> Sentinel $sentinel_host:$sentinel_port $master_set)"
