package dev.gradc.bench.scaling;

import dev.gradc.bench.handwritten.ElementAccessByHand;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The gradients of {@code bench/ElementAccess.grad} against {@link ElementAccessByHand}, timed so that a loaded
 * machine disturbs the ratio least: the variants run interleaved, each a batch of calls per round, so that
 * every variant of a round sees the same load; a round's ratio is the generated batch's time over the
 * hand-written one's, and the table gives the median of those ratios over the rounds and the median time per
 * element (ns). A batch is about two million elements (2,000 calls at M = 1,000); each call's value and every
 * part of its gradient are read, so that the JIT drops none of the work. Not JMH: a cross-check of its averages
 * when other processes share the cores.
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     dev.gradc.bench.scaling.ElementAccessRounds [1000,4000,16000,64000] [rounds]</pre>
 * (the flags of the JMH forks; about a minute at 60 rounds).
 */
public final class ElementAccessRounds {

    private static final double A = 0.9;

    private ElementAccessRounds() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,4000,16000,64000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        System.out.println("| M | program | gradient ns/element | hand-written ns/element"
                + " | gradient / hand-written (median of round ratios) | value ns/element |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (int m : sizes) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = 0.5 + 0.4 * Math.sin(i);
            }
            Map<String, ToDoubleFunction<double[]>> calls = new LinkedHashMap<>();
            // every part of each result is read: a part nobody reads is code the JIT may drop from the inlined
            // call (the hand-written squares' sum was, and its time was that of the gradient's stores alone)
            calls.put("squaresByHand", v -> {
                var g = ElementAccessByHand.squaresGrad(v);
                return g.value() + g.x()[1];
            });
            calls.put("squaresGradient", v -> {
                var g = bench.ElementAccess.squaresGrad(m, v);
                return g.value() + g.x()[1];
            });
            calls.put("squaresValue", v -> bench.ElementAccess.squares(m, v));
            calls.put("recurrenceByHand", v -> {
                var g = ElementAccessByHand.recurrenceGrad(v, A);
                return g.value() + g.x()[1] + g.a();
            });
            calls.put("recurrenceGradient", v -> {
                var g = bench.ElementAccess.recurrenceGrad(m, v, A);
                return g.value() + g.x()[1] + g.a();
            });
            calls.put("recurrenceValue", v -> bench.ElementAccess.recurrence(m, v, A));
            int batch = Math.max(1, 2_000_000 / m);
            Map<String, long[]> times = InterleavedRounds.measure(calls, x, rounds, batch);
            for (String p : List.of("squares", "recurrence")) {
                long[] hand = times.get(p + "ByHand");
                long[] grad = times.get(p + "Gradient");
                long[] value = times.get(p + "Value");
                System.out.printf("| %,d | %s | %.2f | %.2f | %.2f | %.2f |%n", m, p,
                        InterleavedRounds.medianTime(grad) / batch / m, InterleavedRounds.medianTime(hand) / batch / m,
                        InterleavedRounds.medianRatio(grad, hand), InterleavedRounds.medianTime(value) / batch / m);
            }
        }
        if (InterleavedRounds.sink == 42) {
            System.out.println();
        }
    }


}
