package dev.gradc.runtime.tape;

import dev.gradc.runtime.MathOps;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The elementwise functions of one tensor. Each declares its value (from {@link MathOps}) and its
 * derivative f'(x, y) given input x and output y; the backward rule follows from the derivative, once.
 */
enum Elementwise {
    /** -x; derivative -1. */
    NEG("neg", x -> -x, (x, y) -> -1),
    /** sin x; derivative cos x. */
    SIN("sin", MathOps::sin, (x, y) -> MathOps.cos(x)),
    /** cos x; derivative -sin x. */
    COS("cos", MathOps::cos, (x, y) -> -MathOps.sin(x)),
    /** tan x; derivative 1 + y². */
    TAN("tan", MathOps::tan, (x, y) -> 1 + y * y),
    /** e^x; derivative y. */
    EXP("exp", MathOps::exp, (x, y) -> y),
    /** log x; derivative 1/x, so log'(0) = +Inf. */
    LOG("log", MathOps::log, (x, y) -> 1 / x),
    /** √x; derivative 0.5/y, so sqrt'(0) = +Inf. */
    SQRT("sqrt", MathOps::sqrt, (x, y) -> 0.5 / y),
    /** tanh x; derivative 1 - y². */
    TANH("tanh", MathOps::tanh, (x, y) -> 1 - y * y),
    /** 1/(1 + e^-x); derivative y(1 - y). */
    SIGMOID("sigmoid", MathOps::sigmoid, (x, y) -> y * (1 - y)),
    /** max(x, 0); derivative step(x), so relu'(0) = 0. */
    RELU("relu", MathOps::relu, (x, y) -> MathOps.step(x)),
    /** |x|; derivative sign(x), so abs'(0) = 0. */
    ABS("abs", MathOps::abs, (x, y) -> MathOps.sign(x)),
    /** x²; derivative 2x. */
    SQUARE("square", MathOps::square, (x, y) -> 2 * x);

    private final String opName;
    private final DoubleUnaryOperator value;
    private final DoubleBinaryOperator derivative;

    Elementwise(String opName, DoubleUnaryOperator value, DoubleBinaryOperator derivative) {
        this.opName = opName;
        this.value = value;
        this.derivative = derivative;
    }

    Tensor apply(Tensor x) {
        BinaryOperator<double[]> d = (xs, ys) -> {
            double[] g = new double[xs.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = derivative.applyAsDouble(xs[i], ys[i]);
            }
            return g;
        };
        return recorded(opName, value, d, (y, t) -> tangent(x, y, t[0], d), x);
    }

    /** ẏ from ẋ by ops on tensors, so differentiable in turn; relu and abs by their constant slopes. */
    private Tensor tangent(Tensor x, Tensor y, Tensor t, BinaryOperator<double[]> d) {
        return switch (this) {
            case NEG -> t.neg();
            case SIN -> t.mul(x.cos());
            case COS -> t.mul(x.sin()).neg();
            case TAN -> t.mul(y.square().add(1));
            case EXP -> t.mul(y);
            case LOG -> t.div(x);
            case SQRT -> t.div(y.mul(2));
            case TANH -> t.mul(y.square().neg().add(1));
            case SIGMOID -> t.mul(y.mul(y.neg().add(1)));
            case RELU, ABS -> t.mul(new Tensor(d.apply(x.data, y.data), x.shape, false));
            case SQUARE -> t.mul(x.mul(2));
        };
    }

    /**
     * f applied to every element of x, recorded with the backward rule ḡ·f'(x, y) (y the output), where
     * {@code derivative} gives f'(x, y) for all elements at once, and the tangent ẋ·{@code slope}(x, y), the same
     * derivative by ops on tensors (recorded, so that a second derivative goes through it).
     */
    static Tensor map(String opName, DoubleUnaryOperator value, BinaryOperator<double[]> derivative,
                      BinaryOperator<Tensor> slope, Tensor x) {
        return recorded(opName, value, derivative, (y, t) -> t[0].mul(slope.apply(x, y)), x);
    }

    private static Tensor recorded(String opName, DoubleUnaryOperator value, BinaryOperator<double[]> derivative,
                                   Tape.Tangent tangent, Tensor x) {
        double[] xs = x.data;
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = value.applyAsDouble(xs[i]);
        }
        return Tape.record(opName, ys, x.shape, bar -> {
            double[] g = derivative.apply(xs, ys);
            for (int i = 0; i < g.length; i++) {
                g[i] = bar[i] * g[i];
            }
            return new double[][] {g};
        }, tangent, x);
    }
}
