package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;

/**
 * An elementwise function of two values with broadcasting. Each constant declares its value, its partial
 * derivatives ∂y/∂a and ∂y/∂b (as nodes, or {@link #ONE} / {@link #MINUS_ONE}), and its Java form; JVP
 * (Σ partial·tangent) and VJP (bar·partial) follow from the partials, once, below. On two ints
 * add, sub, mul, min and max give an int.
 */
public enum Binary implements Primitive {
    /** a + b. */
    ADD("add", Double::sum, Integer::sum, "%s + %s") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return ONE;
        }
    },
    /** a - b. */
    SUB("sub", (a, b) -> a - b, (a, b) -> a - b, "%s - %s") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? ONE : MINUS_ONE;
        }
    },
    /** a · b. */
    MUL("mul", (a, b) -> a * b, (a, b) -> a * b, "%s * %s") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? b : a;
        }
    },
    /** a / b (IEEE: 1/0 = Inf, 0/0 = NaN); ∂a = 1/b, ∂b = -y/b. */
    DIV("div", (a, b) -> a / b, null, "%s / %s") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? g.div(g.constant(1), b) : g.neg(g.div(y, b));
        }
    },
    /**
     * a^b (Math.pow); ∂a = b·a^(b-1), taken as 0 where b = 0; ∂b = log(a)·y, taken as 0 where a = 0 and b ≥ 0
     * (as PyTorch and the tape: x^0 is the constant 1, and 0^b for b ≥ 0 does not vary with b).
     */
    POW("pow", Math::pow, null, "Math.pow(%s, %s)") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            int zero = g.constant(0);
            if (which == 0) {
                int d = g.mul(b, g.binary(POW, a, g.sub(b, g.constant(1))));
                return g.node(b).op() instanceof Constant c && c.isScalar() && c.scalarValue() != 0 ? d
                        : g.where(g.compare(Compare.EQ, b, zero), zero, d);
            }
            int d = g.mul(g.unary(Unary.LOG, a), y);
            return g.where(g.compare(Compare.EQ, a, zero), g.where(g.compare(Compare.GE, b, zero), zero, d), d);
        }
    },
    /** min(a, b); at a tie the adjoint goes to a. */
    MIN("min", Math::min, Math::min, "Math.min(%s, %s)") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            int takeA = g.compare(Compare.LE, a, b);
            return which == 0 ? g.select(takeA, 1, 0) : g.select(takeA, 0, 1);
        }
    },
    /** max(a, b); at a tie the adjoint goes to a. */
    MAX("max", Math::max, Math::max, "Math.max(%s, %s)") {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            int takeA = g.compare(Compare.GE, a, b);
            return which == 0 ? g.select(takeA, 1, 0) : g.select(takeA, 0, 1);
        }
    };

    /** Partial derivative 1: the adjoint passes through unchanged. */
    static final int ONE = -2;
    /** Partial derivative -1: the adjoint passes through negated. */
    static final int MINUS_ONE = -3;

    private final String opName;
    private final DoubleBinaryOperator fn;
    private final IntBinaryOperator intFn;
    private final String javaFormat;

    Binary(String opName, DoubleBinaryOperator fn, IntBinaryOperator intFn, String javaFormat) {
        this.opName = opName;
        this.fn = fn;
        this.intFn = intFn;
        this.javaFormat = javaFormat;
    }

    /** ∂y/∂(input {@code which}) as a node, {@link #ONE} or {@link #MINUS_ONE}. */
    abstract int partial(Rules g, int which, int a, int b, int y);

    public double apply(double a, double b) {
        return fn.applyAsDouble(a, b);
    }

    public boolean acceptsInts() {
        return intFn != null;
    }

    public String java(String a, String b) {
        return String.format(javaFormat, a, b);
    }

    @Override
    public String mnemonic() {
        return opName;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type a = inputs.get(0);
        Type b = inputs.get(1);
        if (a instanceof Type.Int && b instanceof Type.Int) {
            if (intFn == null) {
                throw new OpError(opName + " of two ints is not an int; promote one to real");
            }
            return Type.INT;
        }
        if (!(a instanceof Type.Real ra) || !(b instanceof Type.Real rb)) {
            throw new OpError("'" + opName + "' expects numbers, got " + a + " and " + b);
        }
        Shape s = Broadcasting.require("'" + opName + "'", ra.shape(), rb.shape());
        return Type.real(s);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        if (inputs[0] instanceof Integer a) {
            return intFn.applyAsInt(a, (Integer) inputs[1]);
        }
        NDArray a = (NDArray) inputs[0];
        NDArray b = (NDArray) inputs[1];
        int[] shape = Broadcasting.shape(a.shape(), b.shape());
        int n = Broadcasting.size(shape);
        double[] out = new double[n];
        int na = a.size();
        int nb = b.size();
        for (int i = 0; i < n; i++) {
            out[i] = fn.applyAsDouble(a.data()[i % na], b.data()[i % nb]);
        }
        return new NDArray(out, shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int[] result = {NONE, NONE};
        if (this == MUL && in[0] == in[1] && need[0]) {
            // x·x: one adjoint ḡ·(x+x) rather than ḡ·x + ḡ·x. Equal but at the edges of the range, and
            // x+x depends on the forward pass only, so it is off the critical path of the backward pass.
            result[0] = g.mul(bar, g.add(in[0], in[0]));
            return result;
        }
        for (int k = 0; k < 2; k++) {
            if (need[k]) {
                result[k] = times(g, bar, partial(g, k, in[0], in[1], out));
            }
        }
        return result;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] tangents) {
        if (this == MUL && in[0] == in[1] && tangents[0] != NONE) {
            return g.mul(tangents[0], g.add(in[0], in[0]));
        }
        int sum = NONE;
        for (int k = 0; k < 2; k++) {
            if (tangents[k] != NONE) {
                int term = times(g, tangents[k], partial(g, k, in[0], in[1], out));
                sum = sum == NONE ? term : g.add(sum, term);
            }
        }
        return sum;
    }

    private static int times(Rules g, int v, int partial) {
        if (partial == ONE) {
            return v;
        }
        if (partial == MINUS_ONE) {
            return g.neg(v);
        }
        return g.mul(v, partial);
    }
}
