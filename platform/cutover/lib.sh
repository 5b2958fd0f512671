# Shared by cutover.sh and rollback.sh: options, printing and running commands, the journal of done steps.
# shellcheck shell=bash

DRY=0; STATE=${STATE:-platform/cutover/state}; KARGS=(); YES=0; FORCE_MIGRATION=0
KUBECTL=${KUBECTL:-kubectl}; HELM=${HELM:-helm}; KONGSYNC=${KONGSYNC:-kongsync}
CHART=${CHART:-platform/charts/banking-platform}; KONG_YML=${KONG_YML:-kong/kong.yml}
APPS=${APPS:-"frontend auth-service account-service transfer-service notification-service api-producer"}
APP_SECRET=${APP_SECRET:-banking-platform}; OLD_SECRET=${OLD_SECRET:-banking-db-secret}
OLD_INGRESS=${OLD_INGRESS:-banking-ingress}
ADMIN_PORT=${ADMIN_PORT:-18001}; PROXY_PORT=${PROXY_PORT:-18000}
SMOKE_PATH=${SMOKE_PATH:-/api/auth/health}
# The PostgreSQL profile (cloudnative-pg or bitnami): the chart's default unless --profile names one. The chart is
# rendered with it, and the preflight checks that the platform's ConfigMap names the same one.
PG_PROFILE=""; PG_CLUSTER=${PG_CLUSTER:-banking-pg}
chart_profile() { sed -n 's/^  profile: *\([a-z-]*\).*/\1/p' "$CHART/values.yaml" | head -n 1; }

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --dry-run) DRY=1 ;;
      --yes) YES=1 ;;
      --force-migration) FORCE_MIGRATION=1 ;;
      --state) STATE=$2; shift ;;
      --context) KARGS+=(--context "$2"); shift ;;
      --profile) PG_PROFILE=$2; shift ;;
      -h|--help) sed -n '2,/^set -/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
      *) echo "$(basename "$0"): unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
  done
  [ -n "$PG_PROFILE" ] || PG_PROFILE=$(chart_profile)
  case "$PG_PROFILE" in
    cloudnative-pg|bitnami) ;;
    *) echo "$(basename "$0"): --profile must be cloudnative-pg or bitnami, not '$PG_PROFILE'" >&2; exit 2 ;;
  esac
}

say() { echo "== $*"; }
fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

# show: print a command as it will run
show() {
  if [ "$1" = k ]; then shift; set -- "$KUBECTL" "${KARGS[@]}" "$@"; fi
  local a out="+"
  for a in "$@"; do
    case "$a" in
      '##'*) out+=" ${a#\#\#}" ;;                       # a marker for the reader: | & > (...)
      *[![:alnum:]_./:=@,%+{}\<\>-]*|'') out+=" '${a//\'/\'\\\'\'}'" ;;
      *) out+=" $a" ;;
    esac
  done
  printf '%s\n' "$out"
}

# run: a command that changes something. Printed always; executed unless --dry-run.
run() { show "$@"; [ "$DRY" = 1 ] || "$@"; }

# check: a read-only command, run as run does (under --dry-run not executed and taken as passed); the name is for
# the reader of the scripts.
check() { run "$@"; }

# read_out VAR PLACEHOLDER CMD...: a read whose output is needed; under --dry-run VAR is the placeholder.
read_out() {
  local var=$1 placeholder=$2; shift 2
  show "$@"
  if [ "$DRY" = 1 ]; then printf -v "$var" '%s' "$placeholder"; else printf -v "$var" '%s' "$("$@")"; fi
}

k() { "$KUBECTL" "${KARGS[@]}" "$@"; }

# component_kubectl COMPONENT KUBECTL-ARGS...: one component of the kit's chart, rendered (Jobs as plain resources)
# and piped to kubectl, e.g. `component_kubectl edge apply`. RENDER_EXTRA holds further --set options.
RENDER_EXTRA=()
component_kubectl() {
  local comp=$1 c sets=(--set hooks=false --set "postgresql.profile=$PG_PROFILE"); shift
  for c in foundation kongDbInit kongsyncImport edge migration; do
    [ "$c" = "$comp" ] && sets+=(--set "components.$c=true") || sets+=(--set "components.$c=false")
  done
  show "$HELM" template banking-platform "$CHART" --namespace default --set hooks=false \
    --set "postgresql.profile=$PG_PROFILE" --set "components.$comp=true" \
    '##(other components off)' "${RENDER_EXTRA[@]}" '##|' "$KUBECTL" "${KARGS[@]}" "$@" -f -
  [ "$DRY" = 1 ] || "$HELM" template banking-platform "$CHART" --namespace default "${sets[@]}" "${RENDER_EXTRA[@]}" \
    | k "$@" -f -
}

# wait_pods_gone APP: no Pod of the app is left (kubectl wait --for=delete fails when none matched to begin with)
wait_pods_gone() {
  show k -n banking get pods -l "app=$1" -o name '##(until none, 120s)'
  [ "$DRY" = 1 ] && return 0
  local i
  for i in $(seq 1 120); do
    [ -z "$(k -n banking get pods -l "app=$1" -o name)" ] && return 0
    sleep 1
  done
  fail "Pods of $1 still exist after 120s"
}

# wait_job NAME SECONDS: until Job banking/NAME is Complete (0) or Failed (1); kubectl wait would sit out its whole
# timeout on a failed Job
wait_job() {
  show k -n banking get job "$1" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}' \
    "##(until Complete or Failed, ${2}s)"
  [ "$DRY" = 1 ] && return 0
  local i state
  for i in $(seq 1 $(( $2 / 5 + 1 ))); do
    state=$(k -n banking get job "$1" -o 'jsonpath={.status.conditions[?(@.status=="True")].type}')
    case " $state " in
      *" Complete "*) return 0 ;;
      *" Failed "*) return 1 ;;
    esac
    sleep 5
  done
  return 1
}

# save_ingress NAME FILE: the Ingress as a manifest that can be created again (no uid, resourceVersion, status)
save_ingress() {
  local labels annotations spec
  labels=$(k -n banking get ingress "$1" -o 'jsonpath={.metadata.labels}')
  annotations=$(k -n banking get ingress "$1" -o 'jsonpath={.metadata.annotations}')
  spec=$(k -n banking get ingress "$1" -o 'jsonpath={.spec}')
  printf '{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"%s","namespace":"banking","labels":%s,"annotations":%s},"spec":%s}\n' \
    "$1" "${labels:-{\}}" "${annotations:-{\}}" "$spec" > "$2"
}

journal_done() { [ "$DRY" = 1 ] || echo "$1" >> "$STATE/journal"; }
journal_has() { [ -f "$STATE/journal" ] && grep -qx "$1" "$STATE/journal"; }

# port_forward SVC LOCAL REMOTE: a port-forward to a Service in kong, stopped on exit. A port-forward enters the Pod
# through the kubelet, so it reaches the Admin API that the NetworkPolicy closes to every other Pod.
PF_PIDS=()
port_forward() {
  show "$KUBECTL" "${KARGS[@]}" -n kong port-forward "svc/$1" "$2:$3" '##&'
  [ "$DRY" = 1 ] && return 0
  k -n kong port-forward "svc/$1" "$2:$3" >"$STATE/port-forward-$1.log" 2>&1 &
  PF_PIDS+=($!)
  local i
  for i in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  fail "port-forward to kong/$1 did not open 127.0.0.1:$2: $(cat "$STATE/port-forward-$1.log")"
}
stop_port_forwards() { local p; for p in "${PF_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_port_forwards EXIT
