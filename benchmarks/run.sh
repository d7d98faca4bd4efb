#!/usr/bin/env bash
# Runs the gradc benchmark suite once (JMH, one JSON result file) and prints the tables of times and
# ratios, all computed from that one run.
#
#   benchmarks/run.sh [--peers] [--quick] [--include REGEX | --readme]
#
#   --peers          also build and run the TensorFlow Java peers (Maven profile 'peers'; the first
#                    build downloads TensorFlow, about 170 MB)
#   --quick          short JMH settings that only check that everything runs (targets: "not measured")
#   --include REGEX  only the benchmarks whose names match REGEX
#   --readme         only the twelve programs of the README's performance table (the six programs and the
#                    six array programs; about 55 minutes), for the table "All programs" that Ratios prints last
#
# Results: benchmarks/target/jmh.json (JMH's JSON); the tables go to standard output.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=()
args=()
for arg in "$@"; do
  case "$arg" in
    --peers) profile=(-Ppeers) ;;
    --readme) args+=(--include '\.(Poly|Chain|LogSin|ControlFlow|Mlp|Rnn|LeastSquares|Lstm|Determinant|Rk4|Gmm|KMeans)Benchmark\.') ;;
    *) args+=("$arg") ;;
  esac
done

# Built in the reactor with what it depends on (-am), so that the gradc plugin runs the compiler of this
# working tree, never an older one another build left in the local repository.
mvn -q -B -pl benchmarks -am ${profile[@]+"${profile[@]}"} -DskipTests package

# TensorFlow's native library logs through absl, which writes everything logged before its set-up to
# stderr whatever TF_CPP_MIN_LOG_LEVEL says: "WARNING: All log messages before absl::InitializeLog() ...",
# "I0000 ... MLIR V1 optimization pass is not enabled" at every session's start, and, when the peers are
# probed, "E0000 ... layout failed: ... Frame ids ..." from TF's graph optimiser rejecting the gradient graph
# of a while loop that TF cannot differentiate (benchmarks/README.md, "TF peers"). JMH forwards the forks'
# native output into its own lines ("Iteration 1: I0000 ...<newline>42.1 ns/op"), so this filter drops
# those records and joins what they split; any other TF error still shows.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
tf_log_filter() {
  awk '
    BEGIN { absl = "WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR"
            record = "[IW][0-9][0-9][0-9][0-9] [0-9:.]+ +[0-9]+ [A-Za-z0-9_]+[.]cc:[0-9]+\\] "
            layout = "E[0-9][0-9][0-9][0-9] [0-9:.]+ +[0-9]+ meta_optimizer[.]cc:[0-9]+\\] layout failed: " }
    {
      line = $0
      cut = 0
      if (match(line, absl)) { line = substr(line, 1, RSTART - 1); cut = 1 }
      else if (match(line, record) || match(line, layout)) { line = substr(line, 1, RSTART - 1); cut = 1 }
      line = pending line
      if (cut) { pending = line; next }
      pending = ""
      print line
      fflush()
    }
    END { if (pending != "") print pending }'
}
java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.ratios.Ratios \
  --json benchmarks/target/jmh.json ${args[@]+"${args[@]}"} 2> >(tf_log_filter >&2) | tf_log_filter
