package dev.gradc.runtime.tape;

import java.util.List;

/**
 * An op with a hand-written derivative, as PyTorch's {@code torch.autograd.Function}: {@link #forward} computes
 * the value from detached inputs (nothing inside it is recorded) and may save what backward needs in the
 * {@link Context}; {@link #backward} maps the output's adjoint to one adjoint per input ({@code null} where an
 * input gets none), each of that input's shape or of the output's shape where the op broadcast it.
 *
 * <pre>{@code
 * Tensor y = new CustomFunction("clip") {
 *     protected Tensor forward(Context ctx, Tensor... x) { return x[0]; }
 *     protected Tensor[] backward(Context ctx, Tensor ybar) { return new Tensor[] {ybar.min(1).max(-1)}; }
 * }.apply(x);
 * }</pre>
 *
 * A backward pass through the tape is first order (its rules are arithmetic on arrays, not recorded ops), so
 * backward is run on detached values too. Overriding {@link #jvp} gives the op a forward mode, which, written
 * with ops on tensors, is differentiable in turn.
 */
public abstract class CustomFunction {

    private final String name;

    protected CustomFunction(String name) {
        this.name = name;
    }

    /** The value of the op for these (detached) inputs. */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /** The adjoint of each input, given the output's adjoint {@code outputBar}; null entries for none. */
    protected abstract Tensor[] backward(Context ctx, Tensor outputBar);

    /**
     * Forward mode (PyTorch's {@code jvp}): the output's tangent, given the recorded output and each input's
     * tangent (zeros for an input without one). It runs with forward mode suspended, on the live inputs the
     * subclass kept, so that what it computes is recorded and differentiable in turn (second derivatives). By
     * default there is none: {@link ForwardModeUnsupported} when a tangent reaches this op.
     */
    protected Tensor jvp(Context ctx, Tensor output, Tensor[] inputTangents) {
        throw new ForwardModeUnsupported(name);
    }

    /** Runs forward and records the op over {@code inputs}; backward runs when the tape is walked back. */
    public final Tensor apply(Tensor... inputs) {
        Context ctx = new Context();
        Tensor[] detached = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            detached[i] = inputs[i].detach();
        }
        Tensor y = forward(ctx, detached);
        int[] shape = y.shape();
        return Tape.record(name, y.data(), shape, bar -> {
            Tensor[] r = backward(ctx, Tensor.of(bar.clone(), shape));
            if (r.length != inputs.length) {
                throw new IllegalStateException(name + ": backward gave " + r.length + " adjoints for "
                        + inputs.length + " inputs");
            }
            double[][] out = new double[r.length][];
            for (int i = 0; i < r.length; i++) {
                if (r[i] != null) {
                    int n = r[i].size();
                    if (n != inputs[i].size() && n != bar.length) {
                        throw new IllegalStateException(name + ": the adjoint of input " + i + " has " + n
                                + " elements; the input has " + inputs[i].size());
                    }
                    out[i] = r[i].data();
                }
            }
            return out;
        }, (out, t) -> jvp(ctx, out, t), inputs);
    }

    /** What forward keeps for backward. */
    public static final class Context {

        private List<Tensor> saved = List.of();

        public void saveForBackward(Tensor... tensors) {
            saved = List.of(tensors);
        }

        public List<Tensor> savedTensors() {
            return saved;
        }
    }
}
