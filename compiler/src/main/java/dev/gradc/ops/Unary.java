package dev.gradc.ops;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.runtime.MathOps;
import dev.gradc.runtime.SpecialFunctions;
import dev.gradc.runtime.tape.Tensor;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * An elementwise function of one real. Each constant is the whole op: its name in the IR, its name in the
 * language (null for ops only rules use), its value, its derivative f'(x, y) (y is the output), its Java
 * form for one element (a static method of {@link Math} or {@link MathOps}) and, optionally, its tape form
 * (a {@link Tensor} method); JVP, VJP, the type rule, the interpreter's evaluation and, where no tape form
 * is given, the tape form all follow from these, once, below. {@link Registry} makes every constant with a
 * language name a builtin function, so a new elementwise function is one constant here and nothing else.
 */
public enum Unary implements Primitive {
    /** -x; derivative -1. */
    NEG("neg", null, x -> -x, null, "-$L", Tensor::neg) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.constant(-1);
        }
    },
    /** sin x; derivative cos x. */
    SIN("sin", "sin", Math::sin, Classes.MATH, "sin", Tensor::sin) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(COS, x);
        }
    },
    /** cos x; derivative -sin x. */
    COS("cos", "cos", Math::cos, Classes.MATH, "cos", Tensor::cos) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.neg(g.unary(SIN, x));
        }
    },
    /** tan x; derivative 1 + y². */
    TAN("tan", "tan", Math::tan, Classes.MATH, "tan", Tensor::tan) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.add(g.constant(1), g.mul(y, y));
        }
    },
    /** exp x; derivative y. */
    EXP("exp", "exp", Math::exp, Classes.MATH, "exp", Tensor::exp) {
        @Override
        int derivative(Rules g, int x, int y) {
            return y;
        }
    },
    /** log x (natural; log 0 = -Inf, log of a negative = NaN); derivative 1/x. */
    LOG("log", "log", Math::log, Classes.MATH, "log", Tensor::log) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(1), x);
        }
    },
    /** √x; derivative 0.5/y (sqrt'(0) = +Inf, IEEE). */
    SQRT("sqrt", "sqrt", Math::sqrt, Classes.MATH, "sqrt", Tensor::sqrt) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(0.5), y);
        }
    },
    /** tanh x; derivative 1 - y². */
    TANH("tanh", "tanh", MathOps::tanh, Classes.MATH_OPS, "tanh", Tensor::tanh) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.sub(g.constant(1), g.mul(y, y));
        }
    },
    /** 1/(1+e^-x); derivative y(1 - y). */
    SIGMOID("sigmoid", "sigmoid", MathOps::sigmoid, Classes.MATH_OPS, "sigmoid", Tensor::sigmoid) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.mul(y, g.sub(g.constant(1), y));
        }
    },
    /** max(x, 0); derivative step(x), so relu'(0) = 0. */
    RELU("relu", "relu", MathOps::relu, Classes.MATH_OPS, "relu", Tensor::relu) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(STEP, x);
        }
    },
    /** |x|; derivative sign(x), so abs'(0) = 0. */
    ABS("abs", "abs", Math::abs, Classes.MATH, "abs", Tensor::abs) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(SIGN, x);
        }
    },
    /** sign x (sign 0 = 0); piecewise constant: no gradient. */
    SIGN("sign", "sign", Math::signum, Classes.MATH, "signum", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    },
    /** 1 where x > 0, else 0 (the derivative of relu); piecewise constant: no gradient. */
    STEP("step", null, MathOps::step, Classes.MATH_OPS, "step", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    },
    /**
     * softplus x = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so that it never overflows;
     * derivative sigmoid(x). (The worked example of docs/design.md, "How to add an op".)
     */
    SOFTPLUS("softplus", "softplus", MathOps::softplus, Classes.MATH_OPS, "softplus", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(SIGMOID, x);
        }
    },
    /** log(1 + x), accurate near 0; derivative 1/(1 + x). */
    LOG1P("log1p", "log1p", Math::log1p, Classes.MATH, "log1p", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(1), g.add(g.constant(1), x));
        }
    },
    /** e^x - 1, accurate near 0; derivative y + 1. */
    EXPM1("expm1", "expm1", Math::expm1, Classes.MATH, "expm1", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.add(y, g.constant(1));
        }
    },
    /** log|Γ(x)| (+Inf at 0 and the negative integers); derivative digamma(x). */
    LGAMMA("lgamma", "lgamma", SpecialFunctions::lgamma, Classes.SPECIAL, "lgamma", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(DIGAMMA, x);
        }
    },
    /** ψ(x) = Γ'(x)/Γ(x) (NaN at the poles); derivative trigamma(x). */
    DIGAMMA("digamma", "digamma", SpecialFunctions::digamma, Classes.SPECIAL, "digamma", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(TRIGAMMA, x);
        }
    },
    /** ψ₁(x), the derivative of digamma (for second derivatives of lgamma); derivative tetragamma(x). */
    TRIGAMMA("trigamma", null, SpecialFunctions::trigamma, Classes.SPECIAL, "trigamma", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(TETRAGAMMA, x);
        }
    },
    /**
     * ψ₂(x), the derivative of trigamma (second derivatives of digamma, third of lgamma); derivative ψ⁽³⁾(x), and
     * so on for every order ({@link Binary#POLYGAMMA}).
     */
    TETRAGAMMA("tetragamma", null, SpecialFunctions::tetragamma, Classes.SPECIAL, "tetragamma", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.binary(Binary.POLYGAMMA, g.constant(3), x);
        }
    },
    /** erf x = 2/√π ∫₀ˣ e^(-t²) dt; derivative 2/√π e^(-x²). */
    ERF("erf", "erf", SpecialFunctions::erf, Classes.SPECIAL, "erf", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.mul(g.constant(2 / Math.sqrt(Math.PI)), g.unary(EXP, g.neg(g.mul(x, x))));
        }
    },
    /** arctan x; derivative 1/(1 + x²). */
    ATAN("atan", "atan", Math::atan, Classes.MATH, "atan", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(1), g.add(g.constant(1), g.mul(x, x)));
        }
    },
    /** arcsin x (NaN outside [-1, 1]); derivative 1/√(1 - x²), +Inf at ±1. */
    ASIN("asin", "asin", Math::asin, Classes.MATH, "asin", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(1), g.unary(SQRT, g.sub(g.constant(1), g.mul(x, x))));
        }
    },
    /** arccos x (NaN outside [-1, 1]); derivative -1/√(1 - x²), -Inf at ±1. */
    ACOS("acos", "acos", Math::acos, Classes.MATH, "acos", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.div(g.constant(-1), g.unary(SQRT, g.sub(g.constant(1), g.mul(x, x))));
        }
    },
    /** sinh x; derivative cosh x. */
    SINH("sinh", "sinh", Math::sinh, Classes.MATH, "sinh", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(COSH, x);
        }
    },
    /** cosh x; derivative sinh x. */
    COSH("cosh", "cosh", Math::cosh, Classes.MATH, "cosh", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return g.unary(SINH, x);
        }
    },
    /** The largest integer ≤ x; piecewise constant: derivative 0, at the integers too. */
    FLOOR("floor", "floor", Math::floor, Classes.MATH, "floor", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    },
    /** The smallest integer ≥ x; piecewise constant: derivative 0, at the integers too. */
    CEIL("ceil", "ceil", Math::ceil, Classes.MATH, "ceil", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    },
    /** The nearest integer, halves to the even one (Math.rint: round(2.5) = 2); derivative 0. */
    ROUND("round", "round", Math::rint, Classes.MATH, "rint", null) {
        @Override
        int derivative(Rules g, int x, int y) {
            return NONE;
        }
    };

    /** The classes whose static methods are the ops' Java forms (a holder: enum constants cannot read enum statics). */
    private static final class Classes {
        static final ClassName MATH = ClassName.get(Math.class);
        static final ClassName MATH_OPS = ClassName.get(MathOps.class);
        static final ClassName SPECIAL = ClassName.get(SpecialFunctions.class);
    }

    private final String opName;
    private final String language;
    private final DoubleUnaryOperator fn;
    private final ClassName owner;
    private final String method;
    private final UnaryOperator<Tensor> tape;

    Unary(String opName, String language, DoubleUnaryOperator fn, ClassName owner, String method,
          UnaryOperator<Tensor> tape) {
        this.opName = opName;
        this.language = language;
        this.fn = fn;
        this.owner = owner;
        this.method = method;
        this.tape = tape;
    }

    /** f'(x) as a node, given the input x and output y; {@link #NONE} for piecewise-constant functions. */
    abstract int derivative(Rules g, int x, int y);

    public double apply(double x) {
        return fn.applyAsDouble(x);
    }

    /** The function's name in the language, or null when programs cannot call it by name. */
    public String languageName() {
        return language;
    }

    /** Java code for one element, given the operand's code (an operand of unary precedence for {@link #NEG}). */
    public CodeBlock java(CodeBlock operand) {
        return owner == null ? CodeBlock.of("-$L", operand) : CodeBlock.of("$T.$N($L)", owner, method, operand);
    }

    /**
     * The op on the define-by-run tape: the {@link Tensor} method when there is one, else the value and
     * the derivative rule of this constant, the rule evaluated by {@link ScalarRule} on every element (for the
     * tangent, by tape ops, so that second derivatives go through it).
     */
    public Tensor onTape(Tensor x) {
        if (tape != null) {
            return tape.apply(x);
        }
        ScalarRule rule = ScalarRule.of(this);
        return x.map(opName, this::apply, rule::derivatives, rule::onTape);
    }

    @Override
    public String mnemonic() {
        return opName;
    }

    @Override
    public Set<Trait> traits() {
        return isNonDifferentiable() ? Traits.NON_DIFFERENTIABLE : this == NEG ? Traits.LINEAR : Traits.ELEMENTWISE;
    }

    /** The traits a unary op can have, made once: every pass asks for them per node. */
    private static final class Traits {
        static final Set<Trait> NON_DIFFERENTIABLE = java.util.Collections.unmodifiableSet(
                EnumSet.of(Trait.ELEMENTWISE, Trait.NON_DIFFERENTIABLE, Trait.READS_ONLY));
        static final Set<Trait> LINEAR = java.util.Collections.unmodifiableSet(
                EnumSet.of(Trait.ELEMENTWISE, Trait.LINEAR, Trait.READS_ONLY));
        static final Set<Trait> ELEMENTWISE = java.util.Collections.unmodifiableSet(
                EnumSet.of(Trait.ELEMENTWISE, Trait.READS_ONLY));
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
        return this == SIGN || this == STEP || this == FLOOR || this == CEIL || this == ROUND;
    }
}
