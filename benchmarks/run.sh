#!/usr/bin/env bash
# Runs the gradc benchmark suite once (JMH, one JSON result file) and prints issue 7's tables of
# times and ratios, all computed from that one run.
#
#   benchmarks/run.sh [--peers] [--quick] [--include REGEX]
#
#   --peers          also build and run the TensorFlow Java peers (Maven profile 'peers'; the first
#                    build downloads TensorFlow, about 170 MB)
#   --quick          short JMH settings that only check that everything runs
#   --include REGEX  only the benchmarks whose names match REGEX
#
# Results: benchmarks/target/jmh.json (JMH's JSON); the tables go to standard output.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=()
args=()
for arg in "$@"; do
  case "$arg" in
    --peers) profile=(-Ppeers) ;;
    *) args+=("$arg") ;;
  esac
done

# The benchmarks depend on the runtime module. Until the parent pom lists 'benchmarks' as a module
# (then: mvn -B -pl benchmarks -am package), the standalone build needs the parent pom and the runtime
# in the local repository; install them only when missing, so as not to build under someone else's feet.
repo="$(mvn -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")"
if ! ls "$repo"/dev/gradc/gradc-runtime/0.1.0-SNAPSHOT/gradc-runtime-0.1.0-SNAPSHOT.jar >/dev/null 2>&1; then
  mvn -q -B -N install
  mvn -q -B -f runtime/pom.xml -DskipTests install
fi
mvn -q -B -f benchmarks/pom.xml ${profile[@]+"${profile[@]}"} -DskipTests package

# TensorFlow's native library logs every session's start-up at INFO level.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
exec java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.ratios.Ratios \
  --json benchmarks/target/jmh.json ${args[@]+"${args[@]}"}
