package dev.gradc.runtime.tape;

/**
 * The define-by-run recorder: while it is on (the default), every op on a tensor that requires gradients
 * records its inputs and backward rule, so that {@link Tensor#backward()} can run the graph in reverse.
 *
 * <p>Recording is switched off per thread with a scope, as {@code torch.no_grad()} does:
 * <pre>{@code
 * try (var s = Tape.noGrad()) {
 *     w = w.sub(w.grad().mul(0.1)).requiresGrad();   // nothing here is recorded
 * }
 * }</pre>
 * Scopes nest; recording resumes when the outermost one closes.
 */
public final class Tape {

    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Tape() {
    }

    /** Opens a scope in which this thread records nothing; close it on the same thread. */
    public static NoGrad noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return new NoGrad(depth);
    }

    /** Whether ops on this thread are recorded (no {@link #noGrad()} scope is open). */
    public static boolean isRecording() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /**
     * The result of an op: a tensor with a graph node when recording is on and an input requires
     * gradients, else a constant. The rule sits in the op, right beside the code that computed the value.
     */
    static Tensor record(String op, double[] value, int[] shape, Backward backward, Tensor... inputs) {
        return record(op, value, shape, backward, null, inputs);
    }

    /**
     * As above, with the op's forward-mode rule: when an input has a tangent, the result's tangent is
     * {@code tangent} applied to the result and the inputs' tangents (zeros for an input without one), computed
     * by ops on tensors (recorded like any) while forward mode is suspended. A null rule with a tangent in is
     * {@link ForwardModeUnsupported}.
     */
    static Tensor record(String op, double[] value, int[] shape, Backward backward, Tangent tangent,
                         Tensor... inputs) {
        Tensor y = recorded(op, value, shape, backward, inputs);
        Tensor[] ts = null;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].tangent != null) {
                ts = ts == null ? new Tensor[inputs.length] : ts;
                ts[i] = inputs[i].tangent;
            }
        }
        if (ts == null || FORWARD_OFF.get()[0] > 0) { // the thread-local only when a tangent came in
            return y;
        }
        if (tangent == null) {
            throw new ForwardModeUnsupported(op);
        }
        for (int i = 0; i < inputs.length; i++) {
            ts[i] = ts[i] != null ? ts[i] : Tensor.zeros(inputs[i].shape);
        }
        try (NoForward off = noForward()) {
            Tensor t = tangent.apply(y, ts);
            y.tangent = java.util.Arrays.equals(t.shape, shape) ? t : Tensor.zeros(shape).add(t);
        }
        return y;
    }

    private static Tensor recorded(String op, double[] value, int[] shape, Backward backward, Tensor... inputs) {
        if (isRecording()) {
            for (Tensor input : inputs) {
                if (input.needsGrad()) {
                    return new Tensor(value, shape, new Node(op, shape, inputs, backward));
                }
            }
        }
        return new Tensor(value, shape, false);
    }

    /**
     * Opens a scope in which this thread's ops compute no tangents, as while an op's tangent rule runs (no tangents
     * of tangents): for tangent rules written outside the tape, such as a program's own forward-mode rules.
     */
    public static NoForward noForward() {
        int[] depth = FORWARD_OFF.get();
        depth[0]++;
        return new NoForward(depth);
    }

    /** A scope of {@link Tape#noForward()}; closing it twice has no further effect. */
    public static final class NoForward implements AutoCloseable {

        private final int[] depth;
        private boolean closed;

        private NoForward(int[] depth) {
            this.depth = depth;
        }

        /** Ends the scope. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }

    /** Forward mode is suspended on this thread while an op's tangent rule runs (no tangents of tangents). */
    private static final ThreadLocal<int[]> FORWARD_OFF = ThreadLocal.withInitial(() -> new int[1]);

    /** An op's forward-mode rule: the output's tangent from the output and each input's tangent. */
    @FunctionalInterface
    interface Tangent {
        Tensor apply(Tensor y, Tensor[] tangents);
    }

    /**
     * As {@link #record}, for a read of a block of {@code input}'s entries: its backward adds the output's adjoint
     * into the input's at the block's places, in place.
     */
    static Tensor recordPlaced(String op, double[] value, int[] shape, Block block, Tensor input, Tangent tangent) {
        Tensor t = record(op, value, shape, bar -> {
            double[] g = new double[input.data.length];
            block.add(bar, g);
            return new double[][] {g};
        }, tangent, input);
        if (t.node != null) {
            t.node.placed = block;
        }
        return t;
    }

    /** A scope of {@link Tape#noGrad()}; closing it twice has no further effect. */
    public static final class NoGrad implements AutoCloseable {

        private final int[] depth;
        private boolean closed;

        private NoGrad(int[] depth) {
            this.depth = depth;
        }

        /** Ends the scope. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }
}
