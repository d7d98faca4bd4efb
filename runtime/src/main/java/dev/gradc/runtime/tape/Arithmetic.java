package dev.gradc.runtime.tape;

import dev.gradc.runtime.MathOps;
import java.util.function.DoubleBinaryOperator;

/**
 * The elementwise functions of two tensors, with broadcasting ({@link Broadcast}). Each declares its
 * value and its partial derivatives ∂y/∂a and ∂y/∂b given a, b and y; the backward rule follows from
 * them, once, and returns adjoints in the output's shape for {@link Backprop} to un-broadcast.
 */
enum Arithmetic {
    /** a + b. */
    ADD("add", Double::sum, (a, b, y) -> 1, (a, b, y) -> 1),
    /** a - b. */
    SUB("sub", (a, b) -> a - b, (a, b, y) -> 1, (a, b, y) -> -1),
    /** a·b. */
    MUL("mul", (a, b) -> a * b, (a, b, y) -> b, (a, b, y) -> a),
    /** a/b; ∂a = 1/b, ∂b = -y/b. */
    DIV("div", (a, b) -> a / b, (a, b, y) -> 1 / b, (a, b, y) -> -y / b),
    /** a^b; partials from {@link MathOps#powBaseDerivative} and {@link MathOps#powExponentDerivative}. */
    POW("pow", MathOps::pow, (a, b, y) -> MathOps.powBaseDerivative(a, b), MathOps::powExponentDerivative),
    /** min(a, b); the adjoint goes to a where a ≤ b, so to a on a tie. */
    MIN("min", MathOps::min, (a, b, y) -> a <= b ? 1 : 0, (a, b, y) -> a <= b ? 0 : 1),
    /** max(a, b); the adjoint goes to a where a ≥ b, so to a on a tie. */
    MAX("max", MathOps::max, (a, b, y) -> a >= b ? 1 : 0, (a, b, y) -> a >= b ? 0 : 1),
    /** atan2(a, b), the angle of (b, a); ∂a = b/(a² + b²), ∂b = -a/(a² + b²). */
    ATAN2("atan2", Math::atan2, (a, b, y) -> b / (a * a + b * b), (a, b, y) -> -a / (a * a + b * b));

    /** ∂y/∂a or ∂y/∂b at one element. */
    @FunctionalInterface
    interface Partial {
        double at(double a, double b, double y);
    }

    private final String opName;
    private final DoubleBinaryOperator value;
    private final Partial da;
    private final Partial db;

    Arithmetic(String opName, DoubleBinaryOperator value, Partial da, Partial db) {
        this.opName = opName;
        this.value = value;
        this.da = da;
        this.db = db;
    }

    Tensor apply(Tensor a, Tensor b) {
        int[] shape = Broadcast.shape(a.shape, b.shape, opName);
        double[] as = a.data;
        double[] bs = b.data;
        double[] ys = new double[Broadcast.size(shape)];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = value.applyAsDouble(as[i % as.length], bs[i % bs.length]);
        }
        return Tape.record(opName, ys, shape, bar -> new double[][] {
            a.needsGrad() ? times(bar, da, as, bs, ys) : null,
            b.needsGrad() ? times(bar, db, as, bs, ys) : null}, (y, t) -> tangent(a, b, y, t[0], t[1]), a, b);
    }

    /** ẏ from the tangents ȧ and ḃ, by ops on tensors (so differentiable in turn). */
    private Tensor tangent(Tensor a, Tensor b, Tensor y, Tensor ta, Tensor tb) {
        return switch (this) {
            case ADD -> ta.add(tb);
            case SUB -> ta.sub(tb);
            case MUL -> ta.mul(b).add(a.mul(tb));
            case DIV -> ta.sub(y.mul(tb)).div(b);
            case POW -> b.tangent == null ? ta.mul(partial(da, a, b, y)) // no log a for a constant exponent
                    : ta.mul(partial(da, a, b, y)).add(tb.mul(partial(db, a, b, y)));
            case MIN, MAX -> Selection.where(Mask.of(choices(a, b, y), y.shape), ta, tb);
            case ATAN2 -> b.mul(ta).sub(a.mul(tb)).div(a.mul(a).add(b.mul(b)));
        };
    }

    /**
     * A partial of pow as a tensor: where an input needs gradients, by ops (b·a^(b-1) and y·log a, which are
     * {@link MathOps}' partials away from their special cases), else the exact partials as constants.
     */
    private static Tensor partial(Partial p, Tensor a, Tensor b, Tensor y) {
        if (a.needsGrad() || b.needsGrad()) {
            return p == POW.da ? b.mul(a.pow(b.sub(1))) : y.mul(a.log());
        }
        double[] as = a.data;
        double[] bs = b.data;
        double[] g = new double[y.data.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = p.at(as[i % as.length], bs[i % bs.length], y.data[i]);
        }
        return new Tensor(g, y.shape, false);
    }

    /** For min and max: where the adjoint (so the tangent) goes to a. */
    private boolean[] choices(Tensor a, Tensor b, Tensor y) {
        boolean[] m = new boolean[y.data.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = da.at(a.data[i % a.data.length], b.data[i % b.data.length], y.data[i]) != 0;
        }
        return m;
    }

    private static double[] times(double[] bar, Partial partial, double[] as, double[] bs, double[] ys) {
        double[] g = new double[ys.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = bar[i] * partial.at(as[i % as.length], bs[i % bs.length], ys[i]);
        }
        return g;
    }
}
