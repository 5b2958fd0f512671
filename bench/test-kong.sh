#!/usr/bin/env bash
# Starts the project's test Kong (a Kong 3.9.1 Admin API double, test code) on 127.0.0.1, for trying kongsync by
# hand. Usage: bench/test-kong.sh [--port 8001] [--delay-ms 0] [--write-delay-ms 0] [--page-delay-ms 0] [--seconds 3600]. Stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "test Kong: compiling the test code (./mvnw test-compile; up to a minute or two the first time)..."
./mvnw -B -q test-compile
exec ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kongsync.testkong.TestKongMain \
  -Dexec.args="$*"
