package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.CentralDifferences;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogSinByHandTest {

    @ParameterizedTest
    @ValueSource(doubles = {-4, -1.5, -0.3, 0.2, 0.9, 1.7, 2.6, 7.5})
    void gradientIsTheAnalyticDerivative(double x) {
        double analytic = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
        assertClose(analytic, LogSinByHand.logsinGrad(x).x(), "logsin'(" + x + ")");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-4, -1.5, -0.3, 0.2, 0.9, 1.7, 2.6, 7.5})
    void gradientMatchesCentralDifferences(double x) {
        assertClose(CentralDifferences.derivative(LogSinByHand::logsin, x), LogSinByHand.logsinGrad(x).x(),
                "logsin'(" + x + ")");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-4, -1.5, -0.3, 0.2, 0.9, 1.7, 2.6, 7.5})
    void gradientCarriesTheValue(double x) {
        assertEquals(LogSinByHand.logsin(x), LogSinByHand.logsinGrad(x).value());
        assertClose(Math.log(Math.pow(x, 2)) * Math.sin(x) + 1 / x, LogSinByHand.logsin(x), "logsin(" + x + ")");
    }
}
