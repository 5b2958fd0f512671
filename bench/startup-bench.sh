#!/usr/bin/env bash
# Start-up and memory benchmark (prints figures, asserts nothing): the native executable and the JVM jar side by
# side, on --version, validate kong/kong.yml, and diff kong/kong.yml against the project's test Kong (on 127.0.0.1,
# synced with the banking file first). Each figure is the median of RUNS runs (default 5).
# Builds what is missing: the JVM jar (./mvnw package) and the native executable (needs GRAALVM_HOME, or
# native/verify.sh's toolchain in ~/.cache/kongsync-graalvm). Uses GNU time (/usr/bin/time, Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
port=${PORT:-18031}
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
native=$(ls target/kongsync-*-runner 2>/dev/null | head -n 1 || true)
if [[ -z "$native" ]]; then
  export GRAALVM_HOME=${GRAALVM_HOME:-$HOME/.cache/kongsync-graalvm}
  ./mvnw -B -q package -Dnative -DskipTests -Dquarkus.package.jar.enabled=true
  native=$(ls target/kongsync-*-runner | head -n 1)
fi
jvm=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar target/quarkus-app/quarkus-run.jar)

bench/test-kong.sh --port "$port" --seconds 600 > /tmp/kongsync-startup-bench-kong.log 2>&1 &
kong_pid=$!
trap 'kill $kong_pid 2>/dev/null || true; pkill -f "TestKongMain --port $port" 2>/dev/null || true' EXIT
"$native" ping --kong-addr "http://127.0.0.1:$port" --wait 120s --interval 500ms > /dev/null 2>&1
"$native" sync kong/kong.yml --kong-addr "http://127.0.0.1:$port" > /dev/null

# median wall time (ms, from a nanosecond clock) and median peak RSS (KB, GNU time) over $runs runs of "$@"
measure() {
  local walls=() rss=() tmp
  tmp=$(mktemp)
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -o "$tmp" -f "%M" "$@" > /dev/null 2>&1 || true
    t1=$(date +%s%N)
    walls+=("$(( (t1 - t0) / 1000000 ))"); rss+=("$(tail -n 1 "$tmp")")
  done
  rm -f "$tmp"
  local w r
  w=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  r=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  awk -v w="$w" -v r="$r" 'BEGIN { printf "%6d ms %6.1f MB", w, r / 1024 }'
}

printf 'kongsync start-up benchmark, median of %d runs, %s\n' "$runs" "$(nproc) cores"
printf '%-34s %-22s %-22s\n' "command" "native (wall, max RSS)" "JVM jar (wall, max RSS)"
for cmd in "--version" "validate kong/kong.yml" "diff kong/kong.yml --kong-addr http://127.0.0.1:$port"; do
  # shellcheck disable=SC2086
  printf '%-34s %-22s %-22s\n' "${cmd%% --kong-addr*}" "$(measure "$native" $cmd)" "$(measure "${jvm[@]}" $cmd)"
done
