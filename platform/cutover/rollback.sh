#!/usr/bin/env bash
# Undoes what cutover.sh did, step by step in reverse, from its journal.
#
#   platform/cutover/rollback.sh [--dry-run] [--state DIR] [--context NAME] [--profile cloudnative-pg|bitnami]
#
# Reads STATE/journal (default platform/cutover/state) and undoes each done step, last first:
#   edge      delete the kit's edge (Ingress banking, ExternalName banking/kong-proxy, banking's NetworkPolicies);
#             re-create the old Ingress from STATE/old-ingress.json
#   switch    point DATABASE_URL and REDIS_URL of the apps back to Secret banking-db-secret (a rolling restart)
#   migrate   delete the Jobs pg-migrate and redis-migrate and their ConfigMap (the old stores were only read; the
#             copies stay in the new stores, and a new cutover needs --force-migration to copy over them)
#   freeze    scale the apps back to the replicas recorded in STATE/replicas, wait for their rollout
# The apps then run on the old PostgreSQL, Redis and Kong exactly as before. --dry-run prints every command and runs
# none. Exit 0: rolled back; the journal is renamed journal.rolled-back. Exit 1: a step failed; fix the cause and run
# again (every undo can be repeated).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
parse_args "$@"

[ -f "$STATE/journal" ] || fail "no journal in $STATE: nothing to roll back"
[ "$DRY" = 1 ] && say "dry run: printing every command, running none"
say "rolling back: $(tr '\n' ' ' < "$STATE/journal")"

apps() { cut -d' ' -f1 "$STATE/replicas"; }

if journal_has edge-applied; then
  say "undo 4 edge: the old Ingress back, the kit's edge removed"
  component_kubectl edge delete --ignore-not-found
  if [ -f "$STATE/old-ingress.json" ]; then
    run k apply -f "$STATE/old-ingress.json"
  fi
fi

if journal_has switch; then
  say "undo 3 switch: the apps read Secret $OLD_SECRET again"
  for a in $(apps); do
    [ "$a" = frontend ] && continue
    run k -n banking set env "deployment/$a" --from="secret/$OLD_SECRET" --keys=DATABASE_URL,REDIS_URL
  done
fi

if journal_has migrate-started; then
  say "undo 2 migrate: the migration Jobs removed"
  component_kubectl migration delete --ignore-not-found
fi

if journal_has freeze; then
  say "undo 1 freeze: the apps back to their replicas"
  while read -r a n; do
    run k -n banking scale deployment "$a" --replicas="$n"
  done < "$STATE/replicas"
  for a in $(apps); do
    run k -n banking rollout status "deployment/$a" --timeout=5m
  done
fi

if [ "$DRY" = 0 ]; then
  mv "$STATE/journal" "$STATE/journal.rolled-back"
fi
say "rolled back: the apps run on the old PostgreSQL, Redis and Kong in banking"
