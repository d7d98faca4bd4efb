package dev.gradc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpreterTest {

    @Test
    void polynomialAtTwoIsThree() {
        ModuleIr m = Programs.compile(Programs.example("polynomial.grad"));
        assertEquals(8 + 8 - 10 + 1, Programs.value(m.function("f"), 2.0), 0.0);
    }

    @Test
    void controlFlowDoublesUntilNormReachesAThousand() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        double a = 0.48851716447341414;
        double b = 2 * a;
        while (Math.abs(b) < 1000) {
            b *= 2;
        }
        assertEquals(b, Programs.value(f, a), 0.0);
        assertEquals(100 * -1024.0, Programs.value(f, -1.0), 0.0);
    }

    @Test
    void chainRuleValueMatchesFormula() {
        FunctionIr f = Programs.compile(Programs.example("chain_rule.grad")).function("f");
        double w = 0.1, x = 0.2, y = 0.3, z = 0.4;
        double a = Math.pow(w + x + y + z, 2), b = Math.pow(w + x - y - z, 2);
        double u = Math.pow(a + b, 2), v = Math.pow(a - b, 2);
        assertEquals(Math.pow(u + v, 2), Programs.value(f, w, x, y, z), 1e-15);
    }

    @Test
    void logSinMatchesJavaMath() {
        FunctionIr f = Programs.compile(Programs.example("log_sin.grad")).function("f");
        double x = 1.3;
        assertEquals(Math.log(x * x) * Math.sin(x) + 1 / x, Programs.value(f, x), 1e-15);
    }

    @Test
    void vectorSquareSquaresEachElement() {
        FunctionIr f = Programs.compile(Programs.example("vector_square.grad")).function("square");
        NDArray out = (NDArray) new Interpreter(new EvalContext(Map.of()), 10)
                .run(f.graph(), new Object[] {new NDArray(new double[] {1, 2, 3}, new int[] {3})})[0];
        assertArrayEquals(new double[] {1, 4, 9}, out.data(), 0.0);
    }

    @Test
    void forLoopSumsItsCounter() {
        FunctionIr f = Programs.compile("fn f(x: real) -> real { s = x; for i in 0..5 { s = s + i; } return s; }")
                .function("f");
        assertEquals(10.5, Programs.value(f, 0.5), 0.0);
    }

    @Test
    void iterationLimitStopsAnEndlessLoop() {
        FunctionIr f = Programs.compile("fn f(x: real) -> real {\n while (x > 0) { x = x + 1; }\n return x; }")
                .function("f");
        IterationLimitException e = assertThrows(IterationLimitException.class, () ->
                new Interpreter(new EvalContext(Map.of()), 1000).run(f.graph(), new Object[] {NDArray.scalar(1)}));
        assertEquals("test.grad:2", e.where());
    }
}
