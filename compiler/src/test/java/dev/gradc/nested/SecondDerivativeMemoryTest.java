package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A second derivative through a loop of T trips keeps O(T × state), like the first: the values the
 * forward-over-reverse Hessian-vector product keeps (storing every state, so the kept-values limit is a limit)
 * at 2T trips are twice those at T, and per stack they are the loop's state once per trip, as for the gradient.
 */
class SecondDerivativeMemoryTest {

    private static final String LOOP = "fn f(x: real[4], a: real, n: int) -> real {\n"
            + "  h = x;\n"
            + "  i = 0;\n"
            + "  while (i < n) { h = tanh(h * a + x); i = i + 1; }\n"
            + "  return sum(h * h);\n"
            + "}\n";

    private static final NDArray X = new NDArray(new double[] {0.3, -0.2, 0.5, 0.1}, new int[] {4});

    /** The smallest kept-values limit (per stack) under which g runs for n trips: what its largest stack keeps. */
    private static long kept(Graph g, int n, Object... rest) {
        Object[] args = new Object[3 + rest.length];
        args[0] = X;
        args[1] = NDArray.scalar(0.8);
        args[2] = n;
        System.arraycopy(rest, 0, args, 3, rest.length);
        long lo = 0;
        long hi = 64L * n + 64;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            try {
                new Interpreter(new EvalContext(Map.of(), mid), 1_000_000).run(g, args);
                hi = mid;
            } catch (KeptStateLimitException e) {
                lo = mid + 1;
            }
        }
        return lo;
    }

    @Test
    void aHessianVectorProductThroughALoopKeepsTheStateOncePerTrip() {
        FunctionIr f = Programs.compile(LOOP).function("f");
        List<String> wrt = List.of("x", "a");
        Graph grad = Derivatives.gradient(f, wrt, GradientPass.Loops.REVERSE_KEEP_ALL);
        Graph hvp = Derivatives.hvp(f, wrt, GradientPass.Loops.REVERSE_KEEP_ALL);
        Object[] dir = {new NDArray(new double[] {1, 0.5, -0.5, 0.25}, new int[] {4}), NDArray.scalar(0.3)};
        for (int t : new int[] {50, 200}) {
            long first = kept(grad, t);
            long second = kept(hvp, t, dir);
            long second2 = kept(hvp, 2 * t, dir);
            assertEquals(4L * t, first, "the gradient keeps h, 4 values, per trip");
            assertTrue(second <= 2 * first, "T = " + t + ": " + second + " values per stack against " + first);
            assertEquals(2 * second, second2, "twice the trips keep twice the values: O(T × state)");
        }
    }

    /**
     * Reverse over reverse: the gradient of a function using {@code grad(f, x)}, whose adjoint loop pops the
     * stack f's forward loop kept. The outer forward loops keep what the inner loops' pops gave and the inner
     * adjoints, once per trip; the outer adjoint loops carry adjoint stacks as long as the inner stacks. Every
     * stack keeps at most what the first derivative's does, and twice the trips keep twice the values.
     */
    @Test
    void reverseOverReverseThroughTheInnerAdjointLoopKeepsTheStateOncePerTrip() {
        dev.gradc.lower.ModuleIr m = Programs.compile(LOOP
                + "fn g(x: real[4], a: real, n: int) -> real { return sum(grad(f, x)(x, a, n) * [1, -0.5, 0.25, 2]); }");
        List<String> wrt = List.of("x", "a");
        Graph grad = Derivatives.gradient(m.function("f"), wrt, GradientPass.Loops.REVERSE_KEEP_ALL);
        Graph outer = Derivatives.gradient(m.function("g"), wrt, GradientPass.Loops.REVERSE_KEEP_ALL);
        for (int t : new int[] {50, 200}) {
            long first = kept(grad, t);
            long second = kept(outer, t);
            assertTrue(second <= first, "T = " + t + ": " + second + " values per stack against " + first);
            assertEquals(2 * second, kept(outer, 2 * t), "twice the trips keep twice the values: O(T × state)");
        }
    }

    /** The most values all stacks held at once while the interpreter ran g for n trips (every state kept). */
    private static long peak(Graph g, int n, Object... rest) {
        Object[] args = new Object[3 + rest.length];
        args[0] = X;
        args[1] = NDArray.scalar(0.8);
        args[2] = n;
        System.arraycopy(rest, 0, args, 3, rest.length);
        dev.gradc.ops.ValueStack.resetPeak();
        new Interpreter(new EvalContext(Map.of()), 1_000_000).run(g, args);
        return dev.gradc.ops.ValueStack.peak();
    }

    /**
     * The gradient of a function using {@code grad(f, x)} keeps the inner loop's state once: the outer forward
     * sweep keeps nothing of the inner derivative (its vector-Jacobian product reruns f forward over reverse from
     * the arguments), so at its peak it holds what the Hessian-vector product of f holds, the states and their
     * tangents once per trip, and twice the trips hold twice the values.
     */
    @Test
    void theGradientOfAnInnerGradientKeepsTheInnerStateOncePerTrip() {
        dev.gradc.lower.ModuleIr m = Programs.compile(LOOP
                + "fn g(x: real[4], a: real, n: int) -> real { return sum(grad(f, x)(x, a, n) * [1, -0.5, 0.25, 2]); }");
        List<String> wrt = List.of("x", "a");
        Graph first = Derivatives.gradient(m.function("f"), wrt);
        Graph hvp = Derivatives.hvp(m.function("f"), wrt);
        Graph outer = Derivatives.gradient(m.function("g"), wrt);
        Object[] dir = {new NDArray(new double[] {1, 0.5, -0.5, 0.25}, new int[] {4}), NDArray.scalar(0.3)};
        for (int t : new int[] {50, 200}) {
            long once = peak(first, t);
            long second = peak(outer, t);
            assertEquals(5L * t, once, "the gradient keeps h, 4 values, and its trip's number per trip");
            assertTrue(second <= peak(hvp, t, dir), "T = " + t + ": " + second + " values at once against the hvp's");
            assertTrue(second <= 2 * once + 64, "T = " + t + ": " + second + " against " + once + ": h and its tangent");
            assertEquals(2 * second, peak(outer, 2 * t), 64, "twice the trips keep twice the values: O(T × state)");
        }
    }

    /**
     * An inner {@code hessian(f, x)} is one hvp boundary per column, run one after another: its value holds at its
     * peak what one Hessian-vector product of f holds, and the gradient of a function using it (each column's
     * vector-Jacobian product forward mode twice over f's reverse pass: the states, two tangents and their mixed
     * tangent per trip) at most twice that; twice the trips hold twice the values.
     */
    @Test
    void anInnerHessianAndItsGradientKeepTheInnerStateOncePerTrip() {
        dev.gradc.lower.ModuleIr m = Programs.compile(LOOP + "fn k(x: real[4], a: real, n: int) -> real {\n"
                + "  return sum(hessian(f, x)(x, a, n) * [[1, 0, 0.5, 0], [0, 1, 0, 0.2], [0.5, 0, -1, 0], [0, 0.2, 0, 2]]);\n"
                + "}\n");
        List<String> wrt = List.of("x", "a");
        Graph hvp = Derivatives.hvp(m.function("f"), wrt);
        Graph value = m.function("k").graph();
        Graph outer = Derivatives.gradient(m.function("k"), wrt);
        Object[] dir = {new NDArray(new double[] {1, 0.5, -0.5, 0.25}, new int[] {4}), NDArray.scalar(0.3)};
        for (int t : new int[] {50, 200}) {
            long one = peak(hvp, t, dir);
            long hessian = peak(value, t);
            long second = peak(outer, t);
            assertTrue(hessian <= one, "T = " + t + ": " + hessian + " values at once against one hvp's " + one);
            assertTrue(second <= 2 * one + 64, "T = " + t + ": " + second + " against one hvp's " + one);
            assertEquals(2 * second, peak(outer, 2 * t), 64, "twice the trips keep twice the values: O(T × state)");
        }
    }
}
