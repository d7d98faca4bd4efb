package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.ClassBytes;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.DerivativeSize;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Regions the derivative uses at several places (the adjoint of nested whiles reruns the loops inside each
 * level) are written once each, as methods: the generated code of loops nested d deep grows with d, not d²,
 * every method stays under the JIT's limit, and the compiled gradient is the interpreter's and the chain rule's.
 */
class RegionMethodsTest {

    /** Whiles nested {@code depth} deep, each running {@code trips} times and updating w = sin(w) * x first. */
    static String nestedWhiles(int depth, int trips) {
        StringBuilder s = new StringBuilder("@grad\nfn f(x: real, v: real[3]) -> real {\n  w = v;\n");
        for (int k = 0; k < depth; k++) {
            s.append("  i").append(k).append(" = 0; while (i").append(k).append(" < ").append(trips)
                    .append(") {\n    w = sin(w) * x;\n");
        }
        for (int k = depth - 1; k >= 0; k--) {
            s.append("  i").append(k).append(" = i").append(k).append(" + 1; }\n");
        }
        return s.append("  return sum(w);\n}\n").toString();
    }

    /** Runs {@code body} on a thread with a large stack, as the command line does (lowering recurses on nesting). */
    private static <T> T onLargeStack(Callable<T> body) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(body.call());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "nested", 1L << 28);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        @SuppressWarnings("unchecked")
        T result = (T) out.get();
        return result;
    }

    private static EmittedModule emit(String text) throws InterruptedException {
        return onLargeStack(() -> JavaEmitter.emit(Programs.compile(new SourceFile("deep.grad", text))));
    }

    @Test
    void nestedWhilesWriteCodeLinearInTheirDepth() throws InterruptedException {
        emit(nestedWhiles(10, 1)); // warm up: later depths are not charged for class loading
        int previous = emit(nestedWhiles(20, 1)).source().length();
        for (int depth = 40; depth <= 80; depth *= 2) {
            String source = emit(nestedWhiles(depth, 1)).source();
            double growth = (double) source.length() / previous;
            int at = depth;
            System.out.println("depth " + depth + ": " + source.length() + " characters of Java");
            assertTrue(growth <= 2.3, () -> "the Java grew " + growth + "x from depth " + at / 2 + " to " + at);
            assertTrue(source.contains("// written once, in fGradLoop"), "the shared loops are methods");
            previous = source.length();
        }
    }

    @Test
    void sharedLoopsKeepEveryMethodUnderTheJitLimit() throws InterruptedException {
        EmittedModule e = emit(nestedWhiles(30, 1));
        Map<String, byte[]> classes = ClassBytes.of(e);
        int methods = 0;
        for (byte[] c : classes.values()) {
            for (Map.Entry<String, Integer> m : MethodSizes.of(c).entrySet()) {
                methods++;
                assertTrue(m.getValue() <= MethodSizeTest.LIMIT, m.getKey() + " has " + m.getValue() + " bytes");
            }
        }
        assertTrue(methods > 50, methods + " methods");
    }

    /**
     * Ten nested whiles of two trips (2,046 updates of w; the outer levels share the loops inside them) and
     * thirty of one: the compiled gradient equals the chain rule's, a central difference and the interpreter's.
     */
    @Test
    void theCompiledGradientOfSharedLoopsIsTheChainRules() throws InterruptedException {
        for (int[] c : new int[][] {{10, 2, 2046}, {30, 1, 30}}) {
            double[] want = chainRule(c[2]);
            CompiledModule.Result got = check(nestedWhiles(c[0], c[1]), 0.5, "fGradLoop");
            String what = "depth " + c[0] + ", " + c[1] + " trips";
            assertEquals(want[0], (double) got.value(), 1e-12 * Math.abs(want[0]), what + ": value");
            assertEquals(want[1], (double) got.parts().get("x"), 1e-12 * Math.abs(want[1]), what + ": d/dx");
            double[] dv = (double[]) got.parts().get("v");
            for (int i = 0; i < 3; i++) {
                assertEquals(want[2 + i], dv[i], 1e-12 * Math.abs(want[2 + i]), what + ": d/dv" + i);
            }
        }
    }

    /**
     * Whiles nested ten deep with an if around each inner loop, whose branches the adjoint runs again at several
     * places: the shared ifs are methods too, and the gradient is a central difference's and the interpreter's.
     */
    @Test
    void sharedIfsAreMethodsWithTheInterpretersGradient() throws InterruptedException {
        StringBuilder s = new StringBuilder("@grad\nfn f(x: real, v: real[3]) -> real {\n  w = v;\n");
        for (int k = 0; k < 10; k++) {
            s.append("  i").append(k).append(" = 0; while (i").append(k).append(" < 2) {\n    w = sin(w) * x;\n")
                    .append("    if (w[0] > 0.9) {\n");
        }
        for (int k = 9; k >= 0; k--) {
            s.append("    } else {\n      w = w * 0.5;\n    }\n  i").append(k).append(" = i").append(k).append(" + 1; }\n");
        }
        check(s.append("  return sum(w);\n}\n").toString(), 1.2, "fGradIf");
    }

    /**
     * Compiles text, whose f(x, v) must write a shared region as method {@code method}, and checks f's gradient
     * at x (v = [1, 2, 3]) against a central difference in x and the interpreter; gives the compiled gradient.
     */
    private static CompiledModule.Result check(String text, double x, String method) throws InterruptedException {
        EmittedModule e = emit(text);
        assertTrue(e.source().contains("// written once, in " + method), "the shared regions are methods");
        CompiledModule c = ClassBytes.load(e, ClassBytes.of(e));
        double[] v = {1, 2, 3};
        CompiledModule.Result got = c.grad("f", x, v.clone());
        double h = 1e-6;
        double central = ((double) c.value("f", x + h, v.clone()) - (double) c.value("f", x - h, v.clone())) / (2 * h);
        assertEquals(central, (double) got.parts().get("x"), 1e-6 * Math.abs(central) + 1e-12, "central difference");
        Object[] interpreted = onLargeStack(() -> {
            ModuleIr ir = Programs.compile(new SourceFile("deep.grad", text));
            FunctionIr f = ir.function("f");
            Graph g = DerivativeSize.interpreted(() -> Derivatives.gradient(f, List.of("x", "v")));
            return new Interpreter(new EvalContext(Map.of()), Interpreter.DEFAULT_MAX_ITERATIONS)
                    .run(g, new Object[] {NDArray.scalar(x), new NDArray(v.clone(), new int[] {3})});
        });
        Fixtures.assertClose(interpreted[0], got.value(), "the interpreter's value");
        Fixtures.assertClose(interpreted[1], got.parts().get("x"), "the interpreter's d/dx");
        Fixtures.assertClose(interpreted[2], got.parts().get("v"), "the interpreter's d/dv");
        return got;
    }

    /** f's value, d/dx and d/dv after {@code updates} times w = sin(w) * x from w = v = [1, 2, 3], x = 0.5. */
    static double[] chainRule(int updates) {
        double x = 0.5;
        double value = 0;
        double dx = 0;
        double[] dv = new double[3];
        for (int i = 0; i < 3; i++) {
            double w = i + 1;
            double wx = 0;
            double wv = 1;
            for (int t = 0; t < updates; t++) {
                wx = Math.cos(w) * wx * x + Math.sin(w);
                wv = Math.cos(w) * wv * x;
                w = Math.sin(w) * x;
            }
            value += w;
            dx += wx;
            dv[i] = wv;
        }
        return new double[] {value, dx, dv[0], dv[1], dv[2]};
    }
}
