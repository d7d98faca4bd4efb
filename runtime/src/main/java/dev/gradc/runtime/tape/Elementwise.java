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
        return map(opName, value, (xs, ys) -> {
            double[] d = new double[xs.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = derivative.applyAsDouble(xs[i], ys[i]);
            }
            return d;
        }, x);
    }

    /**
     * f applied to every element of x, recorded with the backward rule ḡ·f'(x, y) (y the output), where
     * {@code derivative} gives f'(x, y) for all elements at once.
     */
    static Tensor map(String opName, DoubleUnaryOperator value, BinaryOperator<double[]> derivative, Tensor x) {
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
        }, x);
    }
}
