package dev.gradc.bench.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ratios of {@link LinalgBenchmark} measured so that a loaded machine disturbs them least: the
 * compared calls run interleaved, one of each per round, so every method sees the same load, and each
 * call is timed alone; the table gives the minimum and the median over the rounds and the ratios of
 * both. Not JMH (no forks, no blackhole beyond keeping one entry of every result), a cross-check of its
 * averages when other processes share the cores.
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     dev.gradc.bench.linalg.Interleaved [16,64,256,512]</pre>
 * (the flags of the JMH forks, {@code BenchmarkJvm}: with G1's default regions, a 256 × 256 result is a
 * humongous allocation).
 */
public final class Interleaved {

    private static double sink;

    private Interleaved() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "16,64,256,512").split(","))
                .mapToInt(Integer::parseInt).toArray();
        System.out.println("| n | method | min µs | median µs |");
        System.out.println("|---|---|---|---|");
        List<String> ratios = new ArrayList<>();
        for (int n : sizes) {
            LinalgBenchmark b = new LinalgBenchmark();
            b.n = n;
            b.setUp();
            Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
            calls.put("choleskyEjml", b::choleskyEjml);
            calls.put("choleskyValue", b::choleskyValue);
            calls.put("choleskyGradient", b::choleskyGradient);
            calls.put("solveEjml", b::solveEjml);
            calls.put("solveValue", b::solveValue);
            calls.put("solveGradient", b::solveGradient);
            calls.put("solveMatrixEjml", b::solveMatrixEjml);
            calls.put("solveMatrixValue", b::solveMatrixValue);
            calls.put("solveMatrixGradient", b::solveMatrixGradient);
            Map<String, double[]> stats = measure(calls, Math.max(15, (int) (3e8 / ((double) n * n * n + 2e4))));
            stats.forEach((name, s) -> System.out.printf("| %d | %s | %.1f | %.1f |%n", n, name, s[0], s[1]));
            for (String op : List.of("cholesky", "solve", "solveMatrix")) {
                double[] ejml = stats.get(op + "Ejml");
                double[] value = stats.get(op + "Value");
                double[] gradient = stats.get(op + "Gradient");
                ratios.add(String.format("| %d | %s | %.2f | %.2f | %.2f | %.2f |", n, op, value[0] / ejml[0],
                        value[1] / ejml[1], gradient[0] / value[0], gradient[1] / value[1]));
            }
        }
        System.out.println();
        System.out.println("| n | op | value/EJML (min) | value/EJML (median) | gradient/value (min) | gradient/value (median) |");
        System.out.println("|---|---|---|---|---|---|");
        ratios.forEach(System.out::println);
        if (sink == 42) {
            System.out.println();
        }
    }

    /**
     * {name: [min µs, median µs]} over {@code rounds} rounds after as many warm-up rounds (at least three):
     * the first size at which a kernel takes its blocked or split-row path (256 here) runs code that was
     * never compiled before, and three rounds did not always cover its compilation.
     */
    private static Map<String, double[]> measure(Map<String, Supplier<Object>> calls, int rounds) {
        Map<String, long[]> times = new LinkedHashMap<>();
        calls.keySet().forEach(k -> times.put(k, new long[rounds]));
        for (int r = -Math.max(3, rounds); r < rounds; r++) {
            for (Map.Entry<String, Supplier<Object>> e : calls.entrySet()) {
                long start = System.nanoTime();
                Object result = e.getValue().get();
                long took = System.nanoTime() - start;
                sink += result.hashCode() & 1;
                if (r >= 0) {
                    times.get(e.getKey())[r] = took;
                }
            }
        }
        Map<String, double[]> stats = new LinkedHashMap<>();
        times.forEach((k, v) -> {
            Arrays.sort(v);
            stats.put(k, new double[] {v[0] / 1e3, v[v.length / 2] / 1e3});
        });
        return stats;
    }
}
