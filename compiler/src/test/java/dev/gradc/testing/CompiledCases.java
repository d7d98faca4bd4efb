package dev.gradc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import java.util.Map;
import java.util.Random;

/**
 * What the compiled-loop tests do with {@link RandomPrograms}' functions
 * {@code f(x: real, y: real, v: real[3], M: real[2,3])}: draw their arguments, compile a module with a gradient
 * and a Hessian of every function, and compare the compiled results bit for bit or with the interpreter.
 */
public final class CompiledCases {

    private CompiledCases() {
    }

    /** Arguments for a random program's {@code f}, as the generated Java takes them. */
    public static Object[] args(long seed) {
        Random r = new Random(seed);
        double[] v = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        double[] m = new double[6];
        for (int i = 0; i < 6; i++) {
            m[i] = r.nextDouble() * 1.6 - 0.8;
        }
        return new Object[] {r.nextDouble() * 1.6 - 0.8, r.nextDouble() * 1.6 - 0.8, v, m};
    }

    /** The module with {@code @grad} and {@code @hessian} of every function's real parameters, compiled. */
    public static CompiledModule withGradientsAndHessians(ModuleIr m) {
        ModuleIr all = m;
        for (FunctionIr f : m.functions()) {
            all = CompiledModule.requesting(all, f.name(), new Request(Request.Kind.GRAD, f.realParams()),
                    new Request(Request.Kind.HESSIAN, f.realParams()));
        }
        return CompiledModule.load(all);
    }

    /** A compiled result (a double or a double[]) as an array. */
    public static double[] flat(Object o) {
        return o instanceof double[] a ? a : new double[] {((Number) o).doubleValue()};
    }

    /** Asserts the two arrays have the same bits, entry by entry. */
    public static void assertSameBits(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int e = 0; e < a.length; e++) {
            assertEquals(Double.doubleToLongBits(a[e]), Double.doubleToLongBits(b[e]), what + "[" + e + "]");
        }
    }

    /**
     * Asserts the compiled gradient {@code parts} of {@code f} at {@link #args} {@code a} equals, to 1e-12 relative,
     * what the interpreter gives on {@code gradient} (f's gradient graph: the value, then each real parameter's).
     */
    public static void assertInterpreterAgrees(FunctionIr f, Graph gradient, Object[] a, Map<String, Object> parts) {
        Object[] nd = {NDArray.scalar((Double) a[0]), NDArray.scalar((Double) a[1]),
            new NDArray((double[]) a[2], new int[] {3}), new NDArray((double[]) a[3], new int[] {2, 3})};
        Object[] interpreted = Programs.run(gradient, nd);
        int k = 1;
        for (String p : f.realParams()) {
            double[] want = ((NDArray) interpreted[k++]).data();
            double[] got = flat(parts.get(p));
            for (int e = 0; e < want.length; e++) {
                assertEquals(want[e], got[e], 1e-12 * Math.max(1, Math.abs(want[e])), p + " of " + f.name());
            }
        }
    }
}
