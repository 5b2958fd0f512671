#!/usr/bin/env bash
# Performance benchmark (prints figures as ratios to a raw client in the same run; asserts nothing): the built
# ./kongsync against the project's test Kong on 127.0.0.1.
# Usage: bench/sync-bench.sh [--services 2400] [--parallelism 10] [--delay-ms 20] [--page-delay-ms 100]
#        [--sweep-services 600] [--no-sweep]
# Each service brings 5 entities (service, 2 routes, 2 plugins): 2400 -> 12,000 entities.
# Build kongsync first (./mvnw -B package -DskipTests, or native/build.sh); this script builds only the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
./mvnw -B -q test-compile
./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kongsync.bench.SyncBenchmark \
  -Dexec.args="$*"
