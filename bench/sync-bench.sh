#!/usr/bin/env bash
# Sync benchmark (prints figures, asserts nothing): the built ./kongsync against the project's test Kong on
# 127.0.0.1 with a per-request delay. Usage: bench/sync-bench.sh [--delay-ms 20] [--parallelism 10] [SERVICES...]
# Each service brings 5 entities (service, 2 routes, 2 plugins): 1000 -> 5,000 entities, 2000 -> 10,000.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kongsync.bench.SyncBenchmark \
  -Dexec.args="$*"
