package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;

/**
 * Externs the trip-count tests call once per trip of a loop body, and count: {@link #tick} gives its argument back,
 * {@link #weight} a weight (declared by {@link #WEIGHT}, for a program's first line).
 */
public final class TripCounter {

    /** The declaration of {@link #weight}. */
    static final String WEIGHT = "extern fn weight(j: int) -> real = \"dev.gradc.edge.TripCounter.weight\";\n";

    private static long trips;

    private TripCounter() {
    }

    /** Counts one trip; gives j back. */
    public static int tick(int j) {
        trips++;
        return j;
    }

    /** Counts one call; gives a weight of j, 1 + j / 8. */
    public static double weight(int j) {
        trips++;
        return 1.0 + 0.125 * j;
    }

    /** The trips counted since the last call, and starts counting again. */
    static long take() {
        long t = trips;
        trips = 0;
        return t;
    }

    /**
     * The calls of the counting externs that f(x, y, n) of text makes: in its compiled value, compiled gradient,
     * the interpreter's gradient, and the compiled gradient within a kept-values budget of one value (the reversal
     * runs again what it could not keep) — whose gradient must be the unbudgeted one's, to {@code tolerance}.
     */
    static long[] calls(String text, double[] x, double y, int n, double tolerance) {
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        take();
        c.value("f", x.clone(), y, n);
        long value = take();
        CompiledModule.Result kept = c.grad("f", x.clone(), y, n);
        long gradient = take();
        Engines.runOne("interpreter", text, x.clone(), y, n);
        long interpreter = take();
        c.setMaxKeptValues(1);
        CompiledModule.Result rerun = c.grad("f", x.clone(), y, n);
        long budgeted = take();
        assertArrayEquals((double[]) kept.parts().get("x"), (double[]) rerun.parts().get("x"), tolerance);
        assertEquals((double) kept.parts().get("y"), (double) rerun.parts().get("y"), tolerance);
        return new long[] {value, gradient, interpreter, budgeted};
    }
}
