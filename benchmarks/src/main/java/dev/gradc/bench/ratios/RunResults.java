package dev.gradc.bench.ratios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measurements of one JMH run, read from its JSON result file, by program and method: the
 * benchmark {@code dev.gradc.bench.MlpBenchmark.handwrittenGradient} is program {@code Mlp}, method
 * {@code handwrittenGradient}, and the peer {@code dev.gradc.bench.peers.TfMlpBenchmark.tfGradient}
 * is program {@code Mlp}, method {@code tfGradient}.
 */
final class RunResults {

    /** One benchmark's measurement iterations (all forks), in nanoseconds per operation. */
    record Measurement(String program, String method, double[] nanos) {
    }

    private final Map<String, Map<String, Measurement>> byProgram = new LinkedHashMap<>();
    private final String jvm;
    private final String settings;
    private final boolean judgeable;

    private RunResults(String jvm, String settings, boolean judgeable) {
        this.jvm = jvm;
        this.settings = settings;
        this.judgeable = judgeable;
    }

    /** The shortest warm-up and measurement iteration that measures enough to judge a target. */
    static final double JUDGEABLE_ITERATION_SECONDS = 1.0;

    /** Reads JMH's {@code -rf json} output; only average-time and single-shot benchmarks are kept. */
    static RunResults fromJson(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof List<?> entries)) {
            throw new IllegalArgumentException("a JMH JSON result is an array of benchmarks");
        }
        String jvm = "";
        String settings = "";
        boolean judgeable = true;
        List<Map<?, ?>> rows = new ArrayList<>();
        for (Object e : entries) {
            rows.add((Map<?, ?>) e);
        }
        if (!rows.isEmpty()) {
            Map<?, ?> first = rows.get(0);
            jvm = first.get("vmName") + " " + first.get("vmVersion") + " (JDK " + first.get("jdkVersion") + ")";
            // a benchmark run in several rounds (Ratios) has one entry per round: its forks add up
            Map<String, Long> forksOf = new LinkedHashMap<>();
            for (Map<?, ?> row : rows) {
                forksOf.merge(String.valueOf(row.get("benchmark")), Math.round(((Number) row.get("forks")).doubleValue()),
                        Long::sum);
            }
            long fewest = Long.MAX_VALUE;
            long most = 0;
            for (long forks : forksOf.values()) {
                fewest = Math.min(fewest, forks);
                most = Math.max(most, forks);
            }
            settings = "JMH " + first.get("jmhVersion") + ", mode " + first.get("mode") + ", forks "
                    + (fewest == most ? Long.toString(most) : fewest + "–" + most) + ", warmup " + number(first.get("warmupIterations")) + " × "
                    + first.get("warmupTime") + ", measurement " + number(first.get("measurementIterations"))
                    + " × " + first.get("measurementTime") + ", threads " + number(first.get("threads"));
        }
        for (Map<?, ?> row : rows) {
            judgeable &= seconds(row.get("warmupTime")) >= JUDGEABLE_ITERATION_SECONDS
                    && seconds(row.get("measurementTime")) >= JUDGEABLE_ITERATION_SECONDS;
        }
        RunResults results = new RunResults(jvm, settings, judgeable && !rows.isEmpty());
        for (Map<?, ?> row : rows) {
            String mode = String.valueOf(row.get("mode"));
            if (!mode.equals("avgt") && !mode.equals("ss")) {
                continue;
            }
            String benchmark = String.valueOf(row.get("benchmark"));
            Map<?, ?> metric = (Map<?, ?>) row.get("primaryMetric");
            double toNanos = nanosPer(String.valueOf(metric.get("scoreUnit")));
            List<Double> scores = new ArrayList<>();
            for (Object fork : (List<?>) metric.get("rawData")) {
                for (Object s : (List<?>) fork) {
                    scores.add((Double) s * toNanos);
                }
            }
            results.add(benchmark, scores.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return results;
    }

    /** The program of a benchmark class: its simple name less {@code Benchmark} and a leading {@code Tf}. */
    static String programOf(String benchmarkClass) {
        String simple = benchmarkClass.substring(benchmarkClass.lastIndexOf('.') + 1);
        if (simple.endsWith("Benchmark")) {
            simple = simple.substring(0, simple.length() - "Benchmark".length());
        }
        if (simple.startsWith("Tf") && simple.length() > 2 && Character.isUpperCase(simple.charAt(2))) {
            simple = simple.substring(2);
        }
        return simple;
    }

    /** Adds a benchmark's iterations; a benchmark met again (a later round of the same run) gains them. */
    private void add(String benchmark, double[] nanos) {
        int dot = benchmark.lastIndexOf('.');
        String program = programOf(benchmark.substring(0, dot));
        String method = benchmark.substring(dot + 1);
        byProgram.computeIfAbsent(program, p -> new LinkedHashMap<>()).merge(method,
                new Measurement(program, method, nanos), (a, b) -> new Measurement(program, method,
                        java.util.stream.DoubleStream.concat(java.util.Arrays.stream(a.nanos()),
                                java.util.Arrays.stream(b.nanos())).toArray()));
    }

    /** The measurement of {@code program}'s {@code method}, if the run has it. */
    Optional<Measurement> get(String program, String method) {
        return Optional.ofNullable(byProgram.getOrDefault(program, Map.of()).get(method));
    }

    /** The pairwise ratios of {@code program}'s {@code a} over its {@code b}, if the run has both. */
    Optional<PairwiseRatio> ratio(String program, String a, String b) {
        return get(program, a).flatMap(x -> get(program, b).map(y -> PairwiseRatio.of(x.nanos(), y.nanos())));
    }

    /** The programs measured, in the order the run met them. */
    List<String> programs() {
        return new ArrayList<>(byProgram.keySet());
    }

    /** The JVM that ran the benchmarks, as JMH recorded it. */
    String jvm() {
        return jvm;
    }

    /** The JMH settings of the run, as JMH recorded them. */
    String settings() {
        return settings;
    }

    /**
     * Whether every benchmark was warmed up and measured in iterations of at least
     * {@value #JUDGEABLE_ITERATION_SECONDS} s, long enough for a ratio to be held against a target; a
     * {@code --quick} run (200 ms iterations) is not.
     */
    boolean judgeable() {
        return judgeable;
    }

    /** An iteration time as JMH writes it ({@code "1 s"}, {@code "200 ms"}) in seconds; 0 if unreadable. */
    static double seconds(Object time) {
        String[] parts = String.valueOf(time).strip().split("\\s+");
        if (parts.length != 2) {
            return 0;
        }
        double scale = switch (parts[1]) {
            case "ns" -> 1e-9;
            case "us", "µs", "μs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            case "hr" -> 3600;
            default -> 0;
        };
        try {
            return Double.parseDouble(parts[0]) * scale;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String number(Object o) {
        return o instanceof Double d ? String.valueOf(d.longValue()) : String.valueOf(o);
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1.0;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException("unsupported score unit '" + unit
                    + "': run the benchmarks in average-time or single-shot mode");
        };
    }
}
