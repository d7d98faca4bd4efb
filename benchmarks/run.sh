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

# Built in the reactor with what it depends on (-am), so that the gradc plugin runs the compiler of this
# working tree, never an older one another build left in the local repository.
mvn -q -B -pl benchmarks -am ${profile[@]+"${profile[@]}"} -DskipTests package

# TensorFlow's native library logs every session's start-up at INFO level.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
exec java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.ratios.Ratios \
  --json benchmarks/target/jmh.json ${args[@]+"${args[@]}"}
