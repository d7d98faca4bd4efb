package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * NaN, ±Inf, −0.0, overflow and the stable reductions give the same value and gradient in every engine
 * (interpreter, tape, compiled), bit for bit up to a few ulps, and — where the mathematics is clear — the right one.
 */
class NumericalEdgeCasesTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** A program (its function is {@code f}), arguments, and the expected value and gradient (null: not checked). */
    private record Case(String name, String body, String params, Object[] args, double[] value, double[] gradient) {
    }

    private static Case c(String name, String params, String body, Object[] args, double[] value, double[] gradient) {
        return new Case(name, body, params, args, value, gradient);
    }

    private static Object[] args(Object... a) {
        return a;
    }

    private static double[] d(double... v) {
        return v;
    }

    private static final List<Case> CASES = List.of(
            c("nanIn", "x: real", "return x * 2;", args(NAN), d(NAN), d(2)),
            c("nanThroughSin", "x: real", "return sin(x);", args(NAN), d(NAN), d(NAN)),
            c("infIn", "x: real", "return x * 2;", args(INF), d(INF), d(2)),
            c("minusInfIn", "x: real", "return x * 3;", args(-INF), d(-INF), d(3)),
            c("expOfMinusInf", "x: real", "return exp(x);", args(-INF), d(0), d(0)),
            c("expOverflows", "x: real", "return exp(x);", args(1000.0), d(INF), d(INF)),
            c("expOverflowTimesZero", "x: real", "return exp(x) * 0;", args(1000.0), d(NAN), d(NAN)),
            c("logOfNegative", "x: real", "return log(x);", args(-1.0), d(NAN), d(-1)),
            c("logOfZero", "x: real", "return log(x);", args(0.0), d(-INF), d(INF)),
            c("logOfMinusZero", "x: real", "return log(x);", args(-0.0), d(-INF), d(-INF)),
            c("sqrtOfNegative", "x: real", "return sqrt(x);", args(-1.0), d(NAN), d(NAN)),
            c("sqrtOfZero", "x: real", "return sqrt(x);", args(0.0), d(0), d(INF)),
            c("zeroOverZero", "x: real", "return x / x;", args(0.0), d(NAN), d(NAN)),
            c("oneOverZero", "x: real", "return 1 / x;", args(0.0), d(INF), d(-INF)),
            c("oneOverMinusZero", "x: real", "return 1 / x;", args(-0.0), d(-INF), d(-INF)),
            c("negateZero", "x: real", "return -x;", args(0.0), d(-0.0), d(-1)),
            c("timesMinusZero", "x: real", "return x * -0.0;", args(1.0), d(-0.0), d(-0.0)),
            c("minusZeroIn", "x: real", "return x;", args(-0.0), d(-0.0), d(1)),
            c("minusZeroPlusZero", "x: real", "return x + 0;", args(-0.0), d(0.0), d(1)),
            c("infMinusInf", "x: real", "return x - x;", args(INF), d(NAN), d(0)),
            c("tanhSaturates", "x: real", "return tanh(x);", args(1000.0), d(1), d(0)),
            c("tanhSaturatesBelow", "x: real", "return tanh(x);", args(-1000.0), d(-1), d(0)),
            c("sigmoidSaturates", "x: real", "return sigmoid(x);", args(1000.0), d(1), d(0)),
            c("sigmoidSaturatesBelow", "x: real", "return sigmoid(x);", args(-1000.0), d(0), d(0)),
            c("sigmoidOfNan", "x: real", "return sigmoid(x);", args(NAN), d(NAN), d(NAN)),
            c("reluAtZero", "x: real", "return relu(x);", args(0.0), d(0), d(0)),
            c("reluOfNan", "x: real", "return relu(x);", args(NAN), null, null),
            c("absAtZero", "x: real", "return abs(x);", args(0.0), d(0), d(0)),
            c("absAtMinusZero", "x: real", "return abs(x);", args(-0.0), d(0), d(-0.0)),
            c("maxOfEqual", "x: real, y: real", "return max(x, y);", args(1.0, 1.0), d(1), d(1, 0)),
            c("maxWithNan", "x: real, y: real", "return max(x, y);", args(NAN, 1.0), null, null),
            c("minWithNan", "x: real, y: real", "return min(x, y);", args(1.0, NAN), null, null),
            c("squareOfHuge", "x: real", "return x * x;", args(1e200), d(INF), d(2e200)),
            c("powOverflow", "x: real", "return x ^ 3;", args(1e200), d(INF), d(INF)),
            c("powOfNegativeReal", "x: real", "return pow(x, 0.5);", args(-4.0), d(NAN), d(NAN)),
            c("logsumexpAtPlus1000", "v: real[2]", "return logsumexp(v);", args(d(1000, 1000)),
                    d(1000 + Math.log(2)), d(0.5, 0.5)),
            c("logsumexpAtMinus1000", "v: real[2]", "return logsumexp(v);", args(d(-1000, -1000)),
                    d(-1000 + Math.log(2)), d(0.5, 0.5)),
            c("logsumexpSpread", "v: real[3]", "return logsumexp(v);", args(d(-1000, 0, 1000)), d(1000), d(0, 0, 1)),
            c("logsumexpWithInf", "v: real[2]", "return logsumexp(v);", args(d(INF, 0)), d(INF), d(NAN, 0)),
            c("logsumexpWithNan", "v: real[2]", "return logsumexp(v);", args(d(NAN, 0)), null, null),
            c("logsumexpOfMinusInf", "v: real[2]", "return logsumexp(v);", args(d(-INF, -INF)), d(-INF), d(NAN, NAN)),
            c("softmaxStable", "v: real[3]", "return dot(softmax(v, 0), [1, 2, 3]);", args(d(-1000, 0, 1000)),
                    d(3), d(-0.0, -0.0, 0)),
            c("softmaxValues", "v: real[3]", "return softmax(v, 0);", args(d(-1000, 0, 1000)), d(0, 0, 1), null),
            c("softmaxWithNan", "v: real[3]", "return softmax(v, 0);", args(d(NAN, 0, 1)), null, null),
            c("meanOfHuge", "v: real[2]", "return mean(v);", args(d(Double.MAX_VALUE, Double.MAX_VALUE)),
                    d(INF), d(0.5, 0.5)),
            c("maxvalTie", "v: real[3]", "return maxval(v);", args(d(2, 2, 1)), d(2), null),
            c("normOfHuge", "v: real[2]", "return norm(v);", args(d(1e200, 1e200)), null, null),
            c("dotWithInf", "v: real[2]", "return dot(v, [0, 1]);", args(d(INF, 1)), d(NAN), d(0, 1)),
            c("nanSkipsLoop", "x: real", "y = x; while (y < 10) { y = y + 1; } return y;", args(NAN), d(NAN), d(1)),
            c("nanTakesElse", "x: real", "if (x > 0) { y = x * 2; } else { y = x * 3; } return y;", args(NAN),
                    d(NAN), d(3)),
            c("nanInWhere", "x: real", "return where(x > 0, x * 2, x * 3);", args(NAN), d(NAN), d(3)),
            c("nanInCond", "x: real", "return cond(x > 0, x * 2, x * 3);", args(NAN), d(NAN), d(3)),
            c("detachOfNan", "x: real", "return x * detach(x);", args(NAN), d(NAN), d(NAN)),
            c("detachOfInfTimesZero", "x: real", "return x * 0 + detach(x);", args(INF), d(NAN), d(0)));

    @TestFactory
    Stream<DynamicTest> everyEngineGivesTheSameValueAndGradient() {
        return CASES.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k)));
    }

    private static void check(Case k) {
        String text = "fn f(" + k.params() + ") -> " + (k.name().equals("softmaxValues")
                || k.name().equals("softmaxWithNan") ? "real[3]" : "real") + " {\n  " + k.body() + "\n}\n";
        Map<String, Engines.Answer> all = Engines.run(text, k.args());
        Engines.Answer ref = all.get("interpreter");
        StringBuilder report = new StringBuilder();
        all.forEach((engine, a) -> report.append(engine).append(": value ").append(Arrays.toString(a.value()))
                .append(" gradient ").append(show(a.gradient())).append('\n'));
        for (Map.Entry<String, Engines.Answer> e : all.entrySet()) {
            Engines.Answer a = e.getValue();
            boolean ok = Engines.same(ref.value(), a.value());
            for (String p : ref.gradient().keySet()) {
                ok &= Engines.same(ref.gradient().get(p), a.gradient().get(p));
            }
            if (!ok) {
                fail("engines differ on " + k.name() + ":\n" + text + report);
            }
        }
        if (k.value() != null) {
            assertTrue(Engines.same(k.value(), ref.value()), "value of " + k.name() + ", expected "
                    + Arrays.toString(k.value()) + ":\n" + report);
        }
        if (k.gradient() != null) {
            double[] g = ref.gradient().values().stream().flatMapToDouble(Arrays::stream).toArray();
            assertTrue(Engines.same(k.gradient(), g), "gradient of " + k.name() + ", expected "
                    + Arrays.toString(k.gradient()) + ":\n" + report);
        }
    }

    /** Fails unless every engine gives the interpreter's value and gradient for {@code f} of {@code text}. */
    private static void assertEnginesAgree(String text, Object... args) {
        Map<String, Engines.Answer> all = Engines.run(text, args);
        Engines.Answer ref = all.get("interpreter");
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        for (Map.Entry<String, Engines.Answer> e : all.entrySet()) {
            Engines.Answer a = e.getValue();
            report.append(e.getKey()).append(": value ").append(Arrays.toString(a.value())).append(" gradient ")
                    .append(show(a.gradient())).append('\n');
            ok &= Engines.same(ref.value(), a.value());
            for (String p : ref.gradient().keySet()) {
                ok &= Engines.same(ref.gradient().get(p), a.gradient().get(p));
            }
        }
        assertTrue(ok, "engines differ:\n" + text + report);
    }

    @Test
    void maxvalWithNanHasTheSameGradientEverywhere() {
        assertEnginesAgree("fn f(v: real[3]) -> real { return maxval(v); }", d(1, NAN, 3));
    }

    @Test
    void powAtZeroToTheZeroHasTheSameGradientEverywhere() {
        assertEnginesAgree("fn f(x: real, y: real) -> real { return pow(x, y); }", 0.0, 0.0);
    }

    @Test
    void normAtZeroHasTheSameGradientEverywhere() {
        assertEnginesAgree("fn f(v: real[2]) -> real { return norm(v); }", d(0, 0));
    }

    @Test
    void powWithNonZeroExponentAgreesAtZero() {
        assertEnginesAgree("fn f(x: real) -> real { return pow(x, 3); }", 0.0);
        assertEnginesAgree("fn f(x: real) -> real { return x ^ 0.5; }", 0.0);
    }

    @Test
    void normOfAScalarIsAbsEverywhere() {
        assertEnginesAgree("fn f(x: real) -> real { return norm(x); }", -0.0);
        assertEnginesAgree("fn f(x: real) -> real { return norm(x); }", -2.0);
    }

    private static String show(Map<String, double[]> g) {
        StringBuilder b = new StringBuilder("{");
        g.forEach((k, v) -> b.append(k).append('=').append(Arrays.toString(v)).append(' '));
        return b.append('}').toString();
    }
}
