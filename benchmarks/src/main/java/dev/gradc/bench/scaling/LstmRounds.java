package dev.gradc.bench.scaling;

import dev.gradc.bench.ProgramInputs;
import dev.gradc.bench.handwritten.LstmByHand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The LSTM's gradient three ways, timed as {@link DeterminantRounds} times its variants (interleaved, a batch of
 * calls each per round, ratios taken round by round): {@link LstmByHand} (sizes {@code static final}), the
 * generic generated class {@code bench.Lstm} (sizes {@code int} parameters) and {@code bench.LstmFixed}, the same
 * program compiled with its sizes bound to the benchmark's (the module's pom). Each call's value and every entry
 * it returns are read.
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     dev.gradc.bench.scaling.LstmRounds [rounds]</pre>
 */
public final class LstmRounds {

    private LstmRounds() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        ProgramInputs.Lstm d = ProgramInputs.lstm();
        LstmByHand byHand = new LstmByHand();
        int g = LstmByHand.G;
        int l = LstmByHand.LAYERS;
        int h = LstmByHand.H;
        int t = LstmByHand.T;
        Map<String, ToDoubleFunction<double[]>> calls = new LinkedHashMap<>();
        calls.put("hand", x -> {
            var r = byHand.lossGrad(d.Wx(), d.Wh(), d.b(), d.state0(), x);
            return read(r.value(), r.Wx(), r.Wh(), r.b());
        });
        calls.put("generic", x -> {
            var r = bench.Lstm.lossGrad(g, l, h, t, d.Wx(), d.Wh(), d.b(), d.state0(), x);
            return read(r.value(), r.Wx(), r.Wh(), r.b());
        });
        calls.put("specialised", x -> {
            var r = bench.LstmFixed.lossGrad(g, l, h, t, d.Wx(), d.Wh(), d.b(), d.state0(), x);
            return read(r.value(), r.Wx(), r.Wh(), r.b());
        });
        int batch = 20;
        Map<String, long[]> times = InterleavedRounds.measure(calls, d.xs(), rounds, batch);
        System.out.println("| hand ms | generic ms | specialised ms | generic / hand | specialised / hand"
                + " | specialised / generic |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %.2f | %.2f | %.2f | %.3f | %.3f | %.3f |%n",
                InterleavedRounds.medianTime(times.get("hand")) / batch / 1e6,
                InterleavedRounds.medianTime(times.get("generic")) / batch / 1e6,
                InterleavedRounds.medianTime(times.get("specialised")) / batch / 1e6,
                InterleavedRounds.medianRatio(times.get("generic"), times.get("hand")),
                InterleavedRounds.medianRatio(times.get("specialised"), times.get("hand")),
                InterleavedRounds.medianRatio(times.get("specialised"), times.get("generic")));
    }

    private static double read(double value, double[]... parts) {
        double s = value;
        for (double[] p : parts) {
            for (double v : p) {
                s += v;
            }
        }
        return s;
    }
}
