#!/usr/bin/env bash
# Where the native executable spends its CPU (prints shares of perf samples by stage, work and GC apart; asserts
# nothing): builds a profiling executable of this working tree, the product's native build with its symbols kept
# and frame pointers preserved, as target/profile/kongsync (the product's executable is left as it is), then
# records a no-op diff of generated entities against the test Kong on 127.0.0.1 (dev.kongsync.bench.NativeProfile).
# Usage: bench/native-profile.sh [--services 2400] [--runs 3]
# Needs perf (Debian: apt-get install linux-perf; kernel.perf_event_paranoid 2 or lower is enough for one's own
# process) and a GraalVM, found as native/verify.sh finds it. A build takes 3-5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 1; }
export GRAALVM_HOME="${GRAALVM_HOME:-${KONGSYNC_GRAALVM_CACHE:-$HOME/.cache/kongsync-graalvm}}"
[[ -x "$GRAALVM_HOME/bin/native-image" ]] || { echo "no native-image in $GRAALVM_HOME: run native/verify.sh once" >&2; exit 1; }
# the product's build arguments (application.properties), plus what a profile needs
args=$(sed -n 's/^quarkus\.native\.additional-build-args=//p' src/main/resources/application.properties)
./mvnw -B -q package -Dnative -DskipTests -Dquarkus.package.output-name=kongsync-profile \
  "-Dquarkus.native.additional-build-args=$args,-H:-DeleteLocalSymbols,-H:+PreserveFramePointer"
mkdir -p target/profile
mv target/kongsync-profile-runner target/profile/kongsync
./mvnw -B -q test-compile
exec ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kongsync.bench.NativeProfile \
  -Dexec.args="--exe target/profile/kongsync $*"
