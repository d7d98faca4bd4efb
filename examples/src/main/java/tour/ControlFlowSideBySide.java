package tour;

import dev.gradc.runtime.tape.Tensor;
import java.io.PrintStream;
import java.util.Random;
import seed.ControlFlow;

/**
 * Section 5 of the talk, gradients through control flow: the same f(a) — a {@code while} whose trip count
 * depends on a, then an {@code if} — differentiated two ways, side by side.
 *
 * <ul>
 *   <li><b>Define-and-run</b> (TensorFlow 1.x style, done by gradc): {@code control_flow.grad} was compiled
 *       at build time into {@link ControlFlow}, a graph whose while and cond are region nodes; its
 *       {@code fGrad} runs the loop once, carrying db/da beside b (a loop whose state is one scalar is
 *       differentiated in forward mode as it runs; bigger loops get an adjoint loop), then reverses the cond.</li>
 *   <li><b>Define-by-run</b> (PyTorch style): {@link #f(Tensor)} below is plain Java {@code while} and
 *       {@code if} over the runtime's {@link Tensor}; the tape records only the operations that ran — the
 *       loop unrolled into a chain of multiplications — and {@code backward()} replays them in reverse.</li>
 * </ul>
 * f is k·a for a constant k fixed by the trip count and the branch, so both must give a.grad == f(a)/a.
 */
public final class ControlFlowSideBySide {

    /** Where timed results go, so that the JIT cannot drop the calls that made them. */
    static volatile double blackhole;

    private ControlFlowSideBySide() {
    }

    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Long.parseLong(args[0]) : 2024L, 6);
        time(System.out);
    }

    /** The talk's f, define-by-run: Java decides the control flow, the tape records what happened. */
    static Tensor f(Tensor a) {
        Tensor b = a.mul(2);
        while (b.norm().item() < 1000) {
            b = b.mul(2);
        }
        Tensor c;
        if (b.sum().item() > 0) {
            c = b;
        } else {
            c = b.mul(100);
        }
        return c;
    }

    /**
     * Times one value-and-gradient call of each form at a = 0.4885 (ten loop trips), called directly from Java:
     * the best of five rounds of at least 0.2 s each, after two rounds of warm-up that let the JIT compile both.
     */
    public static void time(PrintStream out) {
        double a = 0.48851716447341414;
        double staticNanos = Double.MAX_VALUE;
        double dynamicNanos = Double.MAX_VALUE;
        double sink = 0;
        for (int round = 0; round < 7; round++) {
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                for (int i = 0; i < 1000; i++) {
                    sink += ControlFlow.fGrad(a + i * 1e-12).a();
                }
                calls += 1000;
                elapsed = System.nanoTime() - start;
            } while (elapsed < 200_000_000L);
            staticNanos = round < 2 ? staticNanos : Math.min(staticNanos, (double) elapsed / calls);

            calls = 0;
            start = System.nanoTime();
            do {
                for (int i = 0; i < 1000; i++) {
                    Tensor ta = Tensor.scalar(a + i * 1e-12).requiresGrad();
                    f(ta).backward();
                    sink += ta.grad().item();
                }
                calls += 1000;
                elapsed = System.nanoTime() - start;
            } while (elapsed < 200_000_000L);
            dynamicNanos = round < 2 ? dynamicNanos : Math.min(dynamicNanos, (double) elapsed / calls);
        }
        out.printf("time per value-and-gradient call at a = 0.4885 (10 trips): generated %.3f us, tape %.3f us;"
                + " the generated code is %.0fx faster%n", staticNanos / 1e3, dynamicNanos / 1e3,
                dynamicNanos / staticNanos);
        blackhole = sink;
    }

    /** Prints a, f(a), both gradients and f(a)/a for {@code count} random a drawn from N(0, 1) with {@code seed}. */
    public static void run(PrintStream out, long seed, int count) {
        out.println("== 5. Gradients through control flow: a.grad == f(a)/a ==");
        out.println("define-and-run: ControlFlow.fGrad(a), generated from control_flow.grad (while/if regions)");
        out.println("define-by-run:  plain Java while/if over dev.gradc.runtime.tape.Tensor, then backward()");
        out.printf("%22s %22s %22s %22s %22s %6s%n", "a", "f(a)", "a.grad static", "a.grad dynamic", "f(a)/a",
                "equal");
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            double a = random.nextGaussian();
            ControlFlow.F.Grad g = ControlFlow.fGrad(a);

            Tensor ta = Tensor.scalar(a).requiresGrad();
            Tensor d = f(ta);
            d.backward();
            double dynamic = ta.grad().item();

            double ratio = g.value() / a;
            boolean equal = g.a() == dynamic && Math.abs(g.a() - ratio) <= 1e-15 * Math.abs(ratio);
            out.printf("%22s %22s %22s %22s %22s %6s%n", a, g.value(), g.a(), dynamic, ratio, equal);
        }
        out.println("Static and dynamic gradients are bit-identical; f(a)/a agrees to the last bit or two");
        out.println("(f(a) = k*a is rounded once when the else branch multiplies by 100).");
        out.println();
    }
}
