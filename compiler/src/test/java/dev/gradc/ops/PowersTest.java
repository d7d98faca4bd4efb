package dev.gradc.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Powers with a constant exponent are arithmetic ({@link Powers}) in every engine: the same value in the
 * interpreter, the compiled class and the tape, within a few ulp of {@code Math.pow}, with the analytic
 * derivative; the generated Java has no {@code Math.pow} for them, and other exponents keep it.
 */
class PowersTest {

    private static final List<String> EXPONENTS = List.of("-5", "-2", "-1", "0", "1", "2", "3", "4", "5", "7", "10",
            "17", "64", "0.5", "-0.5", "3.0", "-2.0");

    private static String program() {
        StringBuilder s = new StringBuilder("module pw.Powers;\n");
        for (int k = 0; k < EXPONENTS.size(); k++) {
            s.append("@grad\nfn f").append(k).append("(x: real) -> real { return x^").append(EXPONENTS.get(k))
                    .append("; }\n");
        }
        s.append("@grad\nfn g(x: real) -> real { return pow(x, -3) + pow(x, 0.5); }\n");
        s.append("@vjp\nfn v(x: real[3]) -> real[3] { return x^3 - x^-2; }\n");
        s.append("@grad\nfn y(x: real, e: real) -> real { return x^e; }\n");
        return s.toString();
    }

    @Test
    void everyEngineComputesTheSameValueAndTheAnalyticDerivative() {
        SourceFile source = new SourceFile("powers.grad", program());
        ModuleIr m = Programs.compile(source);
        CompiledModule compiled = CompiledModule.load(m);
        for (double x : new double[] {1.7, 0.3, 2.5, 0.999}) {
            for (int k = 0; k < EXPONENTS.size(); k++) {
                double p = Double.parseDouble(EXPONENTS.get(k));
                String what = "x^" + EXPONENTS.get(k) + " at " + x;
                Object[] args = {NDArray.scalar(x)};
                Runs.Result interpreted = Runs.interpreter(m.function("f" + k), Map.of(), args, 10);
                Runs.Result taped = Runs.tape(source, m.function("f" + k), Map.of(), args, 10);
                CompiledModule.Result c = compiled.grad("f" + k, x);
                double value = interpreted.value().item();
                assertEquals(Math.pow(x, p), value, 4 * Math.abs(p) * Math.ulp(Math.pow(x, p)) + 0.0, what);
                assertEquals(value, (Double) c.value(), 0.0, what + " (compiled)");
                assertEquals(value, taped.value().item(), 0.0, what + " (tape)");
                double slope = p == 0 ? 0 : p * Math.pow(x, p - 1);
                double tolerance = 1e-13 * Math.abs(slope) * (1 + Math.abs(p));
                assertEquals(slope, interpreted.derivatives().get("x").item(), tolerance, what + ": derivative");
                assertEquals(slope, (Double) c.parts().get("x"), tolerance, what + ": derivative (compiled)");
                assertEquals(slope, taped.derivatives().get("x").item(), tolerance, what + ": derivative (tape)");
            }
            CompiledModule.Result g = compiled.grad("g", x);
            assertEquals(Math.pow(x, -3) + Math.sqrt(x), (Double) g.value(), 1e-14 * (1 + (Double) g.value()));
            assertEquals(-3 * Math.pow(x, -4) + 0.5 / Math.sqrt(x), (Double) g.parts().get("x"), 1e-12);
        }
    }

    @Test
    void vectorsAndVariableExponents() {
        SourceFile source = new SourceFile("powers.grad", program());
        ModuleIr m = Programs.compile(source);
        CompiledModule compiled = CompiledModule.load(m);
        double[] x = {0.5, 1.5, -2.0};
        CompiledModule.Result v = compiled.vjp("v", x.clone(), new double[] {1, 1, 1});
        double[] value = (double[]) v.value();
        double[] bar = (double[]) v.parts().get("x");
        for (int i = 0; i < 3; i++) {
            assertEquals(x[i] * x[i] * x[i] - 1 / (x[i] * x[i]), value[i], 1e-14 * Math.abs(value[i]));
            assertEquals(3 * x[i] * x[i] + 2 / (x[i] * x[i] * x[i]), bar[i], 1e-13 * Math.abs(bar[i]));
        }
        // a variable exponent that happens to be 2 is still a power: its derivative in e is log(x)·x^e
        CompiledModule.Result y = compiled.grad("y", 3.0, 2.0);
        assertEquals(9.0, (Double) y.value(), 0.0);
        assertEquals(Math.log(3) * 9, (Double) y.parts().get("e"), 1e-13);
        Runs.Result taped = Runs.tape(source, m.function("y"), Map.of(), new Object[] {NDArray.scalar(3), NDArray.scalar(2)}, 10);
        assertEquals(Math.log(3) * 9, taped.derivatives().get("e").item(), 1e-13);
    }

    @Test
    void generatedJavaUsesArithmeticForConstantExponents() {
        String java = CompiledModule.load(Programs.compile(
                "module pw.Gen;\n@grad\nfn f(x: real) -> real { return log(x^2) * sin(x) + x^-1 + x^0.5; }\n"))
                .emitted().source();
        assertFalse(java.contains("Math.pow"), java);
        assertTrue(java.contains("1.0 / x"), java);
        assertTrue(java.contains("Math.sqrt(x)"), java);
        String variable = CompiledModule.load(Programs.compile(
                "module pw.Var;\nfn f(x: real, e: real) -> real { return x^e; }\n")).emitted().source();
        assertTrue(variable.contains("Math.pow(x, e)"), variable);
    }

    @Test
    void theDocumentedIeeeDifferencesFromMathPow() {
        SourceFile source = new SourceFile("ieee.grad", "module pw.Ieee;\nfn f(x: real) -> real { return x^0.5; }\n"
                + "fn g(x: real) -> real { return x^-2; }\n");
        ModuleIr m = Programs.compile(source);
        CompiledModule compiled = CompiledModule.load(m);
        // sqrt(-0.0) is -0.0 where Math.pow(-0.0, 0.5) is +0.0; sqrt(-Inf) is NaN where Math.pow gives +Inf
        assertEquals(-0.0, (Double) compiled.value("f", -0.0), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) compiled.value("f", -0.0)));
        assertTrue(Double.isNaN((Double) compiled.value("f", Double.NEGATIVE_INFINITY)));
        Object[] minusZero = {NDArray.scalar(-0.0)};
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(
                Runs.tape(source, m.function("f"), Map.of(), minusZero, 10).value().item()));
        // 1/(x·x) overflows to 0 where Math.pow(1e160, -2) is the subnormal 1e-320
        assertEquals(0.0, (Double) compiled.value("g", 1e160), 0.0);
        assertTrue(Math.pow(1e160, -2) > 0);
    }
}
