package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.ir.IrPrinter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code run --grad} in each engine, and the {@code --verbose} text of the gradient graph, stay linear in the depth
 * of nested ifs: the bytes each engine's gradient allocates (lowered program given, gradient pass included), and
 * the printed graph's characters, at depths 100, 200, 400. The interpreter once printed the gradient graph without
 * {@code --verbose}, indented four spaces per level: 3.6 GB at depth 3,200, quadratic in the depth.
 */
class EnginesScalingTest {

    /** Ifs nested d deep, each updating y from x (as the gradient pass's scaling test has them). */
    private static String nestedIfs(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real) -> real {\ny = x;\n");
        for (int k = 0; k < d; k++) {
            s.append("if (y > ").append(k).append(") {\ny = y * 1.01 + x;\n");
        }
        for (int k = 0; k < d; k++) {
            s.append("} else {\ny = y - 1;\n}\n");
        }
        return s.append("return y;\n}\n").toString();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes of each engine's gradient at x = 0.5 (checked: dy/dx = 3.0301) and characters of the printed graph. */
    private static Map<String, Long> costs(int depth) {
        ModuleIr m = Programs.compile(nestedIfs(depth));
        FunctionIr f = m.function("f");
        Map<String, Long> cost = new LinkedHashMap<>();
        for (String engine : List.of("interpreter", "tape", "compiled")) {
            Engine.Invocation call = new Engine.Invocation(m, f, new Object[] {NDArray.scalar(0.5)}, Map.of(),
                    1_000_000, null);
            long before = allocated();
            Engine.Derivative d = Engines.get(engine).gradient(call, f.realParams());
            cost.put(engine, allocated() - before);
            Object dx = d.byParameter().get("x");
            assertEquals(3.0301, dx instanceof NDArray a ? a.item() : (Double) dx, 1e-9, engine + " at depth " + depth);
        }
        cost.put("printed graph", (long) IrPrinter.print(Derivatives.gradient(f, f.realParams())).length());
        return cost;
    }

    /** {@link #costs} on a large stack, as the command line runs. */
    private static Map<String, Long> measured(int depth) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(costs(depth));
            } catch (Throwable e) {
                out.set(e);
            }
        }, "engines", 1L << 28);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> cost = (Map<String, Long>) out.get();
        return cost;
    }

    @Test
    void gradientsInEveryEngineAndTheVerboseGraphAreLinearInTheDepthOfNestedIfs() throws InterruptedException {
        measured(100); // warm the code, so that later sizes are not charged for class loading
        Map<String, Long> previous = measured(100);
        for (int depth = 200; depth <= 400; depth *= 2) {
            Map<String, Long> cost = measured(depth);
            System.out.println("depth " + depth + ": " + cost);
            for (String what : cost.keySet()) {
                double ratio = (double) cost.get(what) / previous.get(what);
                int at = depth;
                assertTrue(ratio <= 2.6, () -> what + " grew " + ratio + "x from depth " + at / 2 + " to " + at);
            }
            previous = cost;
        }
    }
}
