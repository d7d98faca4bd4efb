package dev.gradc.bench.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Timing for the rounds harnesses ({@link ElementAccessRounds}, {@link DeterminantRounds}): the variants run
 * interleaved, a batch of calls each per round, so that every variant of a round sees the same load, and
 * ratios are taken round by round before their median.
 */
final class InterleavedRounds {

    /** What the calls returned, summed: read by nothing, kept so that the JIT drops none of the calls. */
    static double sink;

    private InterleavedRounds() {
    }

    /** Each call's batch time (ns) per round, after as many warm-up rounds. */
    static Map<String, long[]> measure(Map<String, ToDoubleFunction<double[]>> calls, double[] x, int rounds,
                                       int batch) {
        Map<String, long[]> times = new LinkedHashMap<>();
        calls.keySet().forEach(k -> times.put(k, new long[rounds]));
        List<Map.Entry<String, ToDoubleFunction<double[]>>> order = new ArrayList<>(calls.entrySet());
        for (int r = -rounds; r < rounds; r++) {
            for (Map.Entry<String, ToDoubleFunction<double[]>> e : order) {
                ToDoubleFunction<double[]> f = e.getValue();
                long start = System.nanoTime();
                double s = 0;
                for (int b = 0; b < batch; b++) {
                    s += f.applyAsDouble(x);
                }
                long took = System.nanoTime() - start;
                sink += s;
                if (r >= 0) {
                    times.get(e.getKey())[r] = took;
                }
            }
        }
        return times;
    }

    /** The median over the rounds of each round's time of {@code num} over that of {@code den}. */
    static double medianRatio(long[] num, long[] den) {
        double[] r = new double[num.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = (double) num[k] / den[k];
        }
        return median(r);
    }

    /** The median of the rounds' batch times (ns). */
    static double medianTime(long[] times) {
        double[] t = new double[times.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = times[k];
        }
        return median(t);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
