package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.SpecialFunctions;
import dev.gradc.runtime.tape.Tensor;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
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
    ADD("add", null, Double::sum, Integer::sum, "$L + $L", Tensor::add) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return ONE;
        }
    },
    /** a - b. */
    SUB("sub", null, (a, b) -> a - b, (a, b) -> a - b, "$L - $L", Tensor::sub) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? ONE : MINUS_ONE;
        }
    },
    /** a · b. */
    MUL("mul", null, (a, b) -> a * b, (a, b) -> a * b, "$L * $L", Tensor::mul) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? b : a;
        }
    },
    /** a / b (IEEE: 1/0 = Inf, 0/0 = NaN); ∂a = 1/b, ∂b = -y/b. */
    DIV("div", null, (a, b) -> a / b, null, "$L / $L", Tensor::div) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? g.div(g.constant(1), b) : g.neg(g.div(y, b));
        }
    },
    /**
     * a^b (Math.pow); ∂a = b·a^(b-1), taken as 0 where b = 0; ∂b = log(a)·y, taken as 0 where a = 0 and b ≥ 0
     * (as PyTorch and the tape: x^0 is the constant 1, and 0^b for b ≥ 0 does not vary with b).
     */
    POW("pow", "pow", Math::pow, null, "$T.pow($L, $L)", Tensor::pow) {
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
    MIN("min", "min", Math::min, Math::min, "$T.min($L, $L)", Tensor::min) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            int takeA = g.compare(Compare.LE, a, b);
            return which == 0 ? g.select(takeA, 1, 0) : g.select(takeA, 0, 1);
        }
    },
    /** max(a, b); at a tie the adjoint goes to a. */
    MAX("max", "max", Math::max, Math::max, "$T.max($L, $L)", Tensor::max) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            int takeA = g.compare(Compare.GE, a, b);
            return which == 0 ? g.select(takeA, 1, 0) : g.select(takeA, 0, 1);
        }
    },
    /** atan2(a, b), the angle of the point (b, a) in (-π, π]; ∂a = b/(a² + b²), ∂b = -a/(a² + b²). */
    ATAN2("atan2", "atan2", Math::atan2, null, "$T.atan2($L, $L)", Tensor::atan2) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            int r2 = g.add(g.mul(a, a), g.mul(b, b));
            return which == 0 ? g.div(b, r2) : g.neg(g.div(a, r2));
        }
    },
    /**
     * ψ⁽ⁿ⁾(x), polygamma of order a (a whole number, a constant wherever the rules make it) at b: the derivatives
     * of digamma past tetragamma, every order; ∂b = ψ⁽ⁿ⁺¹⁾(x), none in the order.
     */
    POLYGAMMA("polygamma", null, SpecialFunctions::polygamma, null, "$T.polygamma($L, $L)", Binary::polygammaOnTape) {
        @Override
        int partial(Rules g, int which, int a, int b, int y) {
            return which == 0 ? NONE : g.binary(POLYGAMMA, g.add(a, g.constant(1)), b);
        }
    };

    /** Partial derivative 1: the adjoint passes through unchanged. */
    static final int ONE = -2;
    /** Partial derivative -1: the adjoint passes through negated. */
    static final int MINUS_ONE = -3;

    private final String opName;
    private final String language;
    private final DoubleBinaryOperator fn;
    private final IntBinaryOperator intFn;
    private final String javaFormat;
    private final BinaryOperator<Tensor> tape;

    Binary(String opName, String language, DoubleBinaryOperator fn, IntBinaryOperator intFn, String javaFormat,
           BinaryOperator<Tensor> tape) {
        this.opName = opName;
        this.language = language;
        this.fn = fn;
        this.intFn = intFn;
        this.javaFormat = javaFormat;
        this.tape = tape;
    }

    /** The builtin function's name in the language ({@code pow}), or null for an operator only. */
    public String languageName() {
        return language;
    }

    /** The op on the define-by-run tape (reals; the tape engine applies int arithmetic itself). */
    public Tensor onTape(Tensor a, Tensor b) {
        return tape.apply(a, b);
    }

    /** ∂y/∂(input {@code which}) as a node, {@link #ONE} or {@link #MINUS_ONE}. */
    abstract int partial(Rules g, int which, int a, int b, int y);

    public double apply(double a, double b) {
        return fn.applyAsDouble(a, b);
    }

    public boolean acceptsInts() {
        return intFn != null;
    }

    /** The int form, for ops that {@linkplain #acceptsInts() accept ints}. */
    public int applyInt(int a, int b) {
        return intFn.applyAsInt(a, b);
    }

    /** Java code for one element, given the operands' code (already parenthesised as the operator needs). */
    public CodeBlock java(CodeBlock a, CodeBlock b) {
        return javaFormat.startsWith("$T")
                ? CodeBlock.of(javaFormat, this == POLYGAMMA ? SpecialFunctions.class : Math.class, a, b)
                : CodeBlock.of(javaFormat, a, b);
    }

    /**
     * Polygamma on the tape, of a constant order: each element mapped, its slope recorded as polygamma of the next
     * order (so that every further derivative goes through it too).
     */
    private static Tensor polygammaOnTape(Tensor order, Tensor x) {
        int n = (int) order.item();
        return x.map("polygamma", v -> SpecialFunctions.polygamma(n, v), (xs, ys) -> {
            double[] d = new double[xs.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = SpecialFunctions.polygamma(n + 1, xs[i]);
            }
            return d;
        }, (xt, yt) -> polygammaOnTape(Tensor.scalar(n + 1), xt));
    }

    @Override
    public Set<Trait> traits() {
        return this == ADD || this == SUB ? Traits.LINEAR : Traits.ELEMENTWISE;
    }

    /** The traits of the linear ops (add, sub) and of the others, made once: every pass asks for them per node. */
    private static final class Traits {
        static final Set<Trait> LINEAR = java.util.Collections.unmodifiableSet(
                EnumSet.of(Trait.ELEMENTWISE, Trait.LINEAR, Trait.READS_ONLY));
        static final Set<Trait> ELEMENTWISE = java.util.Collections.unmodifiableSet(
                EnumSet.of(Trait.ELEMENTWISE, Trait.READS_ONLY));
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
        // equal shapes broadcast to themselves: no need to word the error that cannot happen
        Shape s = ra.shape().equals(rb.shape()) ? ra.shape()
                : Broadcasting.require("'" + opName + "'", ra.shape(), rb.shape());
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
                int p = partial(g, k, in[0], in[1], out);
                result[k] = p == NONE ? NONE : times(g, bar, p);
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
            int p = tangents[k] == NONE ? NONE : partial(g, k, in[0], in[1], out);
            if (p != NONE) {
                int term = times(g, tangents[k], p);
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
