#!/usr/bin/env bash
# Builds the native executable and runs the end-to-end tests against it (the *IT classes: the same tests as
# src/test/java/dev/kongsync/e2e, with kongsync launched as the native process).
#
# GraalVM/Mandrel: uses $GRAALVM_HOME if set; else, on a machine where none can be installed, assembles one from
# Maven Central with ../shared/native-toolchain (into ~/.cache, outside the repository; see native/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${GRAALVM_HOME:-}" ]]; then
  GRAALVM_HOME="${KONGSYNC_GRAALVM_CACHE:-$HOME/.cache/kongsync-graalvm}"
  if [[ ! -x "$GRAALVM_HOME/bin/native-image" ]]; then
    toolchain="../shared/native-toolchain/assemble-graalvm-home.sh"
    [[ -f "$toolchain" ]] || { echo "no GRAALVM_HOME and no $toolchain: see native/README.md" >&2; exit 1; }
    rm -rf "$GRAALVM_HOME"
    mkdir -p "$(dirname "$GRAALVM_HOME")"
    MVN="$PWD/mvnw" bash "$toolchain" "$GRAALVM_HOME"
  fi
  export GRAALVM_HOME
fi
"$GRAALVM_HOME/bin/native-image" --version
exec ./mvnw -B verify -Dnative -DskipUTs
