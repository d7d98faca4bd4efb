package dev.gradc.cli;

import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * One way of running a function for {@code gradc run}: the reference interpreter, the compiled Java class or the
 * dynamic tape. Values cross this interface as the interpreter holds them: {@code ops.NDArray} for reals (any
 * rank), {@link Integer} for ints, {@link Boolean} for bools. An engine that cannot do something throws
 * {@link Unsupported}; a failure of the user's program is {@code runtime.IterationLimitException} or
 * {@code engine.RunFailure}.
 *
 * <p>To add an engine: implement this (an adapter in this package over the engine's own classes) and add one
 * line to {@link Engines}.
 */
public interface Engine {

    /** The name used by {@code --engine}. */
    String name();

    /** The function's value. */
    Object value(Invocation call);

    /** Reverse mode for a scalar output: the value and ∂f/∂p for each p in {@code wrt}, shaped like p. */
    Derivative gradient(Invocation call, List<String> wrt);

    /** Vector-Jacobian product: the value and seedᵀ·∂f/∂p for each p in {@code wrt}, shaped like p. */
    Derivative vjp(Invocation call, List<String> wrt, Object seed);

    /** Jacobian-vector product: the value and Σ ∂f/∂p·ṗ over p in {@code wrt}, shaped like the output. */
    Tangent jvp(Invocation call, List<String> wrt, List<Object> tangents);

    /**
     * Second derivatives of a scalar output over all real parameters, each flattened row-major, in declaration
     * order; row-major blocks, one row per entry of a parameter's gradient.
     */
    default Hessian hessian(Invocation call) {
        throw new Unsupported("--hessian", null);
    }

    /**
     * Hessian-vector product of a scalar output over all real parameters, {@code directions} one per real
     * parameter in declaration order: the value, the gradient and H·v, each by parameter.
     */
    default Hvp hvp(Invocation call, List<Object> directions) {
        throw new Unsupported("--hvp", null);
    }

    /** A value, its gradient and a Hessian-vector product, by real parameter. */
    record Hvp(Object value, Map<String, Object> gradient, Map<String, Object> product) {
    }

    /** One call: the module, the function, its arguments in parameter order, the bound sizes and limits. */
    record Invocation(ModuleIr module, FunctionIr function, Object[] args, Map<String, Integer> sizes,
                      long maxIterations, long maxKeptValues, long maxCalls, PrintWriter trace) {

        /** The default kept-values budget of one reverse-mode loop, in every engine: a quarter of the heap. */
        public static final long DEFAULT_MAX_KEPT_VALUES = dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT;

        /** With the tape engine's default call limit ({@code --max-calls}). */
        public Invocation(ModuleIr module, FunctionIr function, Object[] args, Map<String, Integer> sizes,
                          long maxIterations, long maxKeptValues, PrintWriter trace) {
            this(module, function, args, sizes, maxIterations, maxKeptValues,
                    dev.gradc.engine.TapeEngine.DEFAULT_MAX_CALLS, trace);
        }

        public Invocation(ModuleIr module, FunctionIr function, Object[] args, Map<String, Integer> sizes,
                          long maxIterations, PrintWriter trace) {
            this(module, function, args, sizes, maxIterations, DEFAULT_MAX_KEPT_VALUES, trace);
        }

        /**
         * As {@link #trace(String, String)}, building the text only under {@code --verbose}: a printed graph of
         * deeply nested regions is large, and nobody reads it otherwise.
         */
        public void trace(String title, java.util.function.Supplier<String> text) {
            if (trace != null) {
                trace(title, text.get());
            }
        }

        /** Where an engine may print what it built (IR, generated code) under {@code --verbose}; or nothing. */
        public void trace(String title, String text) {
            if (trace != null) {
                trace.println("---- " + title);
                trace.print(text.endsWith("\n") ? text : text + "\n");
                trace.flush();
            }
        }
    }

    /** A value and its derivative with respect to each named parameter, in the order asked. */
    record Derivative(Object value, Map<String, Object> byParameter) {
    }

    /** A value and the output's tangent. */
    record Tangent(Object value, Object tangent) {
    }

    /** A value, its gradient per real parameter, and the Hessian over all of them. */
    record Hessian(Object value, Map<String, Object> gradient, double[][] hessian) {
    }

    /**
     * What an engine throws when asked for {@code what} it refused with {@code e}: {@link Unsupported}, except a
     * derivative past the size limits, which the command line reports at its place in the source.
     */
    static RuntimeException unsupported(String what, UnsupportedOperationException e) {
        return e instanceof dev.gradc.passes.DerivativeSize.TooLarge tooLarge ? tooLarge : new Unsupported(what, e.getMessage());
    }

    /** Thrown when an engine cannot compute what was asked (yet); the command line reports it as a usage error. */
    final class Unsupported extends RuntimeException {
        private final String what;

        public Unsupported(String what, String why) {
            super(why, null, false, false);
            this.what = what;
        }

        public String what() {
            return what;
        }
    }
}
