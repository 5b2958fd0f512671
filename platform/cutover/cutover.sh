#!/usr/bin/env bash
# Cuts the banking apps over from the demo's old in-namespace PostgreSQL, Redis and Kong to the new platform.
#
#   platform/cutover/cutover.sh [--dry-run] [--yes] [--state DIR] [--context NAME] [--force-migration]
#                               [--profile cloudnative-pg|bitnami]
#
# Run from the repository root, with kubectl, helm and kongsync on PATH, after the platform is deployed (runbook
# steps 1-6 in platform/README.md). --dry-run prints every command and runs none. --profile is the PostgreSQL the
# platform runs (default: the chart's, cloudnative-pg); the preflight stops if the platform's ConfigMap says another.
#
# Preflight (read-only; any failure stops the run before anything changes):
#   the platform runs the PostgreSQL profile given; the new PostgreSQL is ready (cloudnative-pg: the Cluster's Ready
#   condition, all instances; bitnami: the primary and the replica), its primary accepts connections, the three Redis
#   nodes and Kong are ready and Sentinel names a master; Secret banking/banking-platform exists; no foreign
#   banking/kong-proxy Service; Kong answers (kongsync ping) and matches kong/kong.yml exactly (kongsync diff
#   --exit-code: zero changes).
# Steps, each recorded in STATE/journal (default platform/cutover/state) once done; rollback.sh undoes the done
# steps in reverse:
#   1 freeze      record the apps' replicas, scale them to 0          undo: scale back to the recorded replicas
#   2 migrate     run Jobs pg-migrate and redis-migrate, wait for     undo: delete the Jobs (the old stores were only
#                 both (each verifies counts and fails on a mismatch)       read; the copies stay in the new stores)
#   3 switch      point DATABASE_URL and REDIS_URL of the apps to     undo: point them back to Secret
#                 Secret banking-platform                                   banking-db-secret
#   4 edge        save the old Ingress, apply the kit's edge          undo: delete the edge, re-create the old
#                 (ExternalName banking/kong-proxy, Ingress banking,        Ingress from the saved copy
#                 banking's NetworkPolicies), delete the old Ingress
#   5 start       scale the apps back up, wait for their rollout,     undo: none needed beyond steps 1-4
#                 smoke-test GET $SMOKE_PATH through Kong's proxy
# Exit 0: cut over. Exit 1: stopped; the message names the step and the rollback command.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
parse_args "$@"

[ "$DRY" = 1 ] && say "dry run: printing every command, running none"
mkdir -p "$STATE"
if [ -f "$STATE/journal" ] && [ "$DRY" = 0 ]; then
  fail "$STATE/journal exists: a cutover already ran (done: $(tr '\n' ' ' < "$STATE/journal")). Roll it back with platform/cutover/rollback.sh --state $STATE, or move the state away"
fi

# on_error STEP: the run stops here, exit 1, naming the rollback
on_error() {
  trap - ERR
  echo "cutover stopped in step $1. Roll back what was done: platform/cutover/rollback.sh --state $STATE" >&2
  exit 1
}

# ---- preflight ------------------------------------------------------------------------------------------------
say "preflight: the new platform is ready and Kong matches kong/kong.yml"
read_out running "$PG_PROFILE" k -n banking get configmap platform-endpoints -o 'jsonpath={.data.DATABASE_PROFILE}'
[ "$running" = "$PG_PROFILE" ] || fail "preflight: the platform runs the PostgreSQL profile '$running' (ConfigMap banking/platform-endpoints), not '$PG_PROFILE': pass --profile $running"
if [ "$PG_PROFILE" = cloudnative-pg ]; then
  read_out PG_CLUSTER "$PG_CLUSTER" k -n banking get configmap platform-endpoints -o 'jsonpath={.data.DATABASE_CLUSTER}'
  check k -n postgres wait "cluster/$PG_CLUSTER" --for=condition=Ready --timeout=120s
  read_out primary "<primary>" k -n postgres get cluster "$PG_CLUSTER" -o 'jsonpath={.status.currentPrimary}'
  [ -n "$primary" ] || fail "preflight: Cluster postgres/$PG_CLUSTER names no current primary"
  check k -n postgres exec "$primary" -c postgres -- pg_isready -h 127.0.0.1 -p 5432
else
  check k -n postgres rollout status statefulset/postgresql-primary --timeout=120s
  check k -n postgres rollout status statefulset/postgresql-read --timeout=120s
  check k -n postgres exec postgresql-primary-0 -c postgresql -- pg_isready -h 127.0.0.1 -p 5432
fi
check k -n redis rollout status statefulset/redis-node --timeout=120s
# the password stays in the Pod: redis-cli reads it from the container's own environment
read_out master "<master>" k -n redis exec redis-node-0 -c sentinel -- sh -c \
  'REDISCLI_AUTH="${REDIS_PASSWORD:-$(cat "$REDIS_PASSWORD_FILE")}" redis-cli -p 26379 SENTINEL get-master-addr-by-name mymaster | head -n 1'
[ -n "$master" ] || fail "preflight: Sentinel names no master for mymaster"
say "Redis master: $master"
check k -n kong rollout status deployment/kong --timeout=120s
check k -n banking get secret "$APP_SECRET" -o name
read_out bridge "" k -n banking get service kong-proxy --ignore-not-found \
  -o 'jsonpath={.metadata.labels.app\.kubernetes\.io/part-of}'
if [ "$DRY" = 0 ] && k -n banking get service kong-proxy -o name >/dev/null 2>&1 && [ "$bridge" != banking-platform ]; then
  fail "preflight: Service banking/kong-proxy exists and is not the kit's: rename or remove it first"
fi
apps_present=""
for a in $APPS; do
  show k -n banking get deployment "$a" -o name
  if [ "$DRY" = 1 ] || k -n banking get deployment "$a" -o name >/dev/null 2>&1; then apps_present+="$a "; fi
done
[ -n "${apps_present// /}" ] || fail "preflight: none of the apps ($APPS) exists in banking"
port_forward kong-admin "$ADMIN_PORT" 8001
check "$KONGSYNC" ping --kong-addr "http://127.0.0.1:$ADMIN_PORT"
if ! check "$KONGSYNC" diff "$KONG_YML" --kong-addr "http://127.0.0.1:$ADMIN_PORT" --exit-code; then
  fail "preflight: Kong does not match $KONG_YML (see the diff above): run the kongsync import (Argo CD sync of kongsync-import) and start again"
fi
if [ "$DRY" = 0 ] && [ "$YES" = 0 ]; then
  read -r -p "Preflight passed. The apps ($apps_present) stop until step 5. Continue? [y/N] " answer || answer=""
  [ "$answer" = y ] || [ "$answer" = Y ] || fail "stopped before any change"
fi

# ---- 1 freeze -------------------------------------------------------------------------------------------------
trap 'on_error 1' ERR
say "1 freeze: record the apps' replicas, scale them to 0"
: > "$STATE/replicas.tmp"
for a in $apps_present; do
  read_out n "<replicas of $a>" k -n banking get deployment "$a" -o 'jsonpath={.spec.replicas}'
  [ "$DRY" = 1 ] || echo "$a $n" >> "$STATE/replicas.tmp"
done
[ "$DRY" = 1 ] || mv "$STATE/replicas.tmp" "$STATE/replicas"
for a in $apps_present; do
  run k -n banking scale deployment "$a" --replicas=0
done
for a in $apps_present; do
  wait_pods_gone "$a"
done
journal_done freeze

# ---- 2 migrate ------------------------------------------------------------------------------------------------
trap 'on_error 2' ERR
say "2 migrate: copy the old PostgreSQL and Redis, verified"
[ "$FORCE_MIGRATION" = 1 ] && RENDER_EXTRA=(--set migration.force=true)
component_kubectl migration apply
journal_done migrate-started
for j in pg-migrate redis-migrate; do
  if ! wait_job "$j" 1800; then
    k -n banking logs "job/$j" --tail=50 >&2 || true
    echo "Job $j did not complete (its log is above)" >&2
    on_error 2
  fi
  [ "$DRY" = 1 ] || k -n banking logs "job/$j" --tail=20
done
journal_done migrate

# ---- 3 switch -------------------------------------------------------------------------------------------------
trap 'on_error 3' ERR
say "3 switch: the apps read DATABASE_URL and REDIS_URL from Secret $APP_SECRET"
for a in $apps_present; do
  [ "$a" = frontend ] && continue
  run k -n banking set env "deployment/$a" --from="secret/$APP_SECRET" --keys=DATABASE_URL,REDIS_URL
done
journal_done switch

# ---- 4 edge ---------------------------------------------------------------------------------------------------
trap 'on_error 4' ERR
say "4 edge: /api and /ws through banking/kong-proxy to Kong in kong"
show k -n banking get ingress "$OLD_INGRESS" -o 'jsonpath={.metadata.labels}' '##(and .metadata.annotations, .spec) >' \
  "$STATE/old-ingress.json"
if [ "$DRY" = 0 ] && k -n banking get ingress "$OLD_INGRESS" -o name >/dev/null 2>&1; then
  save_ingress "$OLD_INGRESS" "$STATE/old-ingress.json"
fi
RENDER_EXTRA=()
component_kubectl edge apply
journal_done edge-applied
if [ "$DRY" = 1 ] || [ -f "$STATE/old-ingress.json" ]; then
  run k -n banking delete ingress "$OLD_INGRESS" --wait=true
fi
journal_done edge

# ---- 5 start --------------------------------------------------------------------------------------------------
trap 'on_error 5' ERR
say "5 start: the apps on the new platform"
if [ "$DRY" = 1 ]; then
  for a in $apps_present; do run k -n banking scale deployment "$a" --replicas="<recorded>"; done
else
  while read -r a n; do run k -n banking scale deployment "$a" --replicas="$n"; done < "$STATE/replicas"
fi
for a in $apps_present; do
  run k -n banking rollout status "deployment/$a" --timeout=5m
done
port_forward kong-proxy "$PROXY_PORT" 8000
read_out code 200 curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$PROXY_PORT$SMOKE_PATH"
[ "$code" = 200 ] || { echo "smoke test: GET $SMOKE_PATH through Kong answered $code, not 200" >&2; on_error 5; }
journal_done start
trap - ERR
say "cut over. The old PostgreSQL, Redis and Kong in banking are untouched: keep them until you no longer need to roll back (platform/README.md, step 8)."
