package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.runtime.MathOps;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * An elementwise function of one real. Each constant declares its value, its derivative f'(x, y) (y is
 * the output) and its Java form for one element; JVP and VJP follow from the derivative, once, below.
 */
public enum Unary implements Primitive {
    /** -x; derivative -1. */
    NEG("neg", x -> -x, "-%s") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.constant(-1);
        }
    },
    /** sin x; derivative cos x. */
    SIN("sin", Math::sin, "Math.sin(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(COS, x);
        }
    },
    /** cos x; derivative -sin x. */
    COS("cos", Math::cos, "Math.cos(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.neg(g.unary(SIN, x));
        }
    },
    /** tan x; derivative 1 + y². */
    TAN("tan", Math::tan, "Math.tan(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.add(g.constant(1), g.mul(y, y));
        }
    },
    /** exp x; derivative y. */
    EXP("exp", Math::exp, "Math.exp(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return y;
        }
    },
    /** log x (natural; log 0 = -Inf, log of a negative = NaN); derivative 1/x. */
    LOG("log", Math::log, "Math.log(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(1), x);
        }
    },
    /** √x; derivative 0.5/y (sqrt'(0) = +Inf, IEEE). */
    SQRT("sqrt", Math::sqrt, "Math.sqrt(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(0.5), y);
        }
    },
    /** tanh x; derivative 1 - y². */
    TANH("tanh", MathOps::tanh, "MathOps.tanh(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.sub(g.constant(1), g.mul(y, y));
        }
    },
    /** 1/(1+e^-x); derivative y(1 - y). */
    SIGMOID("sigmoid", MathOps::sigmoid, "MathOps.sigmoid(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.mul(y, g.sub(g.constant(1), y));
        }
    },
    /** max(x, 0); derivative step(x), so relu'(0) = 0. */
    RELU("relu", MathOps::relu, "MathOps.relu(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(STEP, x);
        }
    },
    /** |x|; derivative sign(x), so abs'(0) = 0. */
    ABS("abs", Math::abs, "Math.abs(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(SIGN, x);
        }
    },
    /** sign x (sign 0 = 0); piecewise constant: no gradient. */
    SIGN("sign", Math::signum, "Math.signum(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    },
    /** 1 where x > 0, else 0 (the derivative of relu); piecewise constant: no gradient. */
    STEP("step", MathOps::step, "MathOps.step(%s)") {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    };

    private final String opName;
    private final DoubleUnaryOperator fn;
    private final String javaFormat;

    Unary(String opName, DoubleUnaryOperator fn, String javaFormat) {
        this.opName = opName;
        this.fn = fn;
        this.javaFormat = javaFormat;
    }

    /** f'(x) as a node, given the input x and output y; {@link #NONE} for piecewise-constant functions. */
    abstract int derivative(Rules g, int x, int y);

    public double apply(double x) {
        return fn.applyAsDouble(x);
    }

    /** Java source for one element, given the operand's source. */
    public String java(String operand) {
        return String.format(javaFormat, operand);
    }

    @Override
    public String mnemonic() {
        return opName;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type t = inputs.get(0);
        if (!(t instanceof Type.Real)) {
            throw new OpError(opName + " expects a real, got " + t);
        }
        return t;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(a.data()[i]);
        }
        return new NDArray(out, a.shape());
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int d = derivative(g, in[0], out);
        return new int[] {d == NONE ? NONE : this == NEG ? g.neg(bar) : g.mul(bar, d)};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] tangents) {
        if (tangents[0] == NONE) {
            return NONE;
        }
        if (this == NEG) {
            return g.neg(tangents[0]);
        }
        int d = derivative(g, in[0], out);
        return d == NONE ? NONE : g.mul(tangents[0], d);
    }

    @Override
    public boolean isNonDifferentiable() {
        return this == SIGN || this == STEP;
    }
}
