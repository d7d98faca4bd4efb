package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ElementwiseTest {

    private static final double[] POINTS = {-1.3, -0.4, 0.2, 0.9, 1.7};
    private static final double[] POSITIVE = {0.1, 0.5, 1.0, 2.5, 7.0};

    private static Arguments op(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator value,
            DoubleUnaryOperator derivative, double[] at) {
        return Arguments.of(name, f, value, derivative, at);
    }

    static Stream<Arguments> ops() {
        return Stream.of(
            op("neg", Tensor::neg, x -> -x, x -> -1, POINTS),
            op("sin", Tensor::sin, Math::sin, Math::cos, POINTS),
            op("cos", Tensor::cos, Math::cos, x -> -Math.sin(x), POINTS),
            op("tan", Tensor::tan, Math::tan, x -> 1 / (Math.cos(x) * Math.cos(x)), POINTS),
            op("exp", Tensor::exp, Math::exp, Math::exp, POINTS),
            op("log", Tensor::log, Math::log, x -> 1 / x, POSITIVE),
            op("sqrt", Tensor::sqrt, Math::sqrt, x -> 0.5 / Math.sqrt(x), POSITIVE),
            op("tanh", Tensor::tanh, Math::tanh, x -> 1 / (Math.cosh(x) * Math.cosh(x)), POINTS),
            op("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)),
                x -> Math.exp(-x) / ((1 + Math.exp(-x)) * (1 + Math.exp(-x))), POINTS),
            op("relu", Tensor::relu, x -> Math.max(x, 0), x -> x > 0 ? 1 : 0, POINTS),
            op("abs", Tensor::abs, Math::abs, Math::signum, POINTS),
            op("square", Tensor::square, x -> x * x, x -> 2 * x, POINTS),
            op("pow 2.5", x -> x.pow(2.5), x -> Math.pow(x, 2.5), x -> 2.5 * Math.pow(x, 1.5), POSITIVE),
            op("pow -2", x -> x.pow(-2), x -> 1 / (x * x), x -> -2 / (x * x * x), POINTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void valueMatchesTheMathDefinition(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator value,
            DoubleUnaryOperator derivative, double[] at) {
        double[] y = f.apply(Tensor.vector(at)).data();
        for (int i = 0; i < at.length; i++) {
            assertEquals(value.applyAsDouble(at[i]), y[i], 1e-15 * Math.max(1, Math.abs(y[i])), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradientMatchesTheAnalyticDerivative(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator value,
            DoubleUnaryOperator derivative, double[] at) {
        Tensor x = Tensor.vector(at).requiresGrad();
        f.apply(x).sum().backward();
        double[] expected = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            expected[i] = derivative.applyAsDouble(at[i]);
        }
        FiniteDifferences.assertClose(expected, x.grad().data(), 1e-14);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradientMatchesCentralDifferences(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator value,
            DoubleUnaryOperator derivative, double[] at) {
        Tensor x = Tensor.vector(at).requiresGrad();
        f.apply(x).sum().backward();
        FiniteDifferences.assertClose(FiniteDifferences.gradient(t -> f.apply(t).sum(), x), x.grad().data(), 1e-7);
    }

    private static double gradientAt(double x0, UnaryOperator<Tensor> f) {
        Tensor x = Tensor.scalar(x0).requiresGrad();
        f.apply(x).backward();
        return x.grad().item();
    }

    @Test
    void reluDerivativeAtZeroIsZero() {
        assertEquals(0.0, gradientAt(0.0, Tensor::relu));
    }

    @Test
    void absDerivativeAtZeroIsZero() {
        assertEquals(0.0, gradientAt(0.0, Tensor::abs));
    }

    @Test
    void sqrtDerivativeAtZeroIsPositiveInfinity() {
        assertEquals(Double.POSITIVE_INFINITY, gradientAt(0.0, Tensor::sqrt));
    }

    @Test
    void logDerivativeAtZeroIsPositiveInfinity() {
        assertEquals(Double.POSITIVE_INFINITY, gradientAt(0.0, Tensor::log));
    }

    @Test
    void powWithExponentZeroHasDerivativeZeroEvenAtZero() {
        assertEquals(0.0, gradientAt(0.0, x -> x.pow(0)));
    }

    @Test
    void negatedVectorHasNegatedValues() {
        assertArrayEquals(new double[] {-1, 2}, Tensor.vector(1, -2).neg().data());
    }
}
