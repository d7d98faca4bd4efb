package dev.gradc.bench.handwritten;

import dev.gradc.runtime.IterationLimitException;

/**
 * The seed's control-flow program: {@code b = 2a}, double {@code b} while {@code |b| < 1000}, then
 * {@code c = b} if {@code b > 0} else {@code c = 100 b}. The function is {@code k a} for a factor
 * {@code k} that depends on {@code a}, and by hand the derivative is that factor, carried along the
 * loop: no stack of loop states is needed because the loop body is linear.
 */
public final class ControlFlowByHand {

    /** The value and the derivative with respect to {@code a}. */
    public record Grad(double value, double a) {
    }

    /** Where the loop is, for the iteration-limit error. */
    private static final String LOOP = "ControlFlow.grad:7";

    private ControlFlowByHand() {
    }

    /**
     * The value.
     *
     * @throws IterationLimitException if the loop runs more than the language's default limit
     *     ({@code a = 0} never leaves it)
     */
    public static double f(double a) {
        double b = a * 2;
        long trips = 0;
        while (Math.abs(b) < 1000) {
            if (++trips > IterationLimitException.DEFAULT_LIMIT) {
                throw new IterationLimitException(LOOP, IterationLimitException.DEFAULT_LIMIT);
            }
            b = b * 2;
        }
        return b > 0 ? b : 100 * b;
    }

    /**
     * The value and its derivative.
     *
     * @throws IterationLimitException as {@link #f}
     */
    public static Grad fGrad(double a) {
        double b = a * 2;
        double bDot = 2;
        long trips = 0;
        while (Math.abs(b) < 1000) {
            if (++trips > IterationLimitException.DEFAULT_LIMIT) {
                throw new IterationLimitException(LOOP, IterationLimitException.DEFAULT_LIMIT);
            }
            b = b * 2;
            bDot = bDot * 2;
        }
        return b > 0 ? new Grad(b, bDot) : new Grad(100 * b, 100 * bDot);
    }
}
