package dev.gradc.edge;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.Messages;
import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Programs that pass the front end run in the compiled engine, or the front end says why not, at the place:
 * many scalar parameters (past the JVM's limit, see PackedParametersTest), a Hessian over many parameters, a
 * very long name.
 */
class CompiledEngineLimitsTest {

    /** {@code fn f(p0: real, ..., p{n-1}: real) -> real { return 1*p1 + 2*p2 + ... } } (gradient: i). */
    private static String weightedSum(String annotation, int n) {
        String params = IntStream.range(0, n).mapToObj(i -> "p" + i + ": real").collect(Collectors.joining(", "));
        String sum = IntStream.range(0, n).mapToObj(i -> i + " * p" + i).collect(Collectors.joining(" + "));
        return annotation + "fn f(" + params + ") -> real {\n  return " + sum + ";\n}\n";
    }

    @Test
    void aHundredScalarParametersCompileAndTheirGradientRuns() {
        ModuleIr m = Programs.compile(weightedSum("", 100));
        Object[] args = IntStream.range(0, 100).mapToObj(i -> (Object) 0.5).toArray();
        CompiledModule.Result g = CompiledModule.load(m).grad("f", args);
        assertEquals(0.5 * 99 * 100 / 2, (Double) g.value(), 1e-9);
        for (int i = 0; i < 100; i++) {
            assertEquals((double) i, (Double) g.parts().get("p" + i));
        }
    }

    @Test
    void aHessianOverMoreScalarParametersThanAJavaMethodTakesCompilesPacked() {
        // 130 doubles are 260 slots, and the Hessian's helper takes the parameters and their directions, 520:
        // the methods take them packed in F.Args; f is linear, so its Hessian is zero and its gradient the weights
        ModuleIr m = Programs.compile(weightedSum("@hessian\n", 130));
        Object[] args = IntStream.range(0, 130).mapToObj(i -> (Object) 1.0).toArray();
        CompiledModule.Result h = CompiledModule.load(m).hessian("f", args);
        assertEquals(129.0 * 130 / 2, (Double) h.value(), 1e-9);
        assertEquals(129.0, (Double) h.parts().get("p129"));
        double[][] matrix = (double[][]) h.parts().get("hessian");
        assertEquals(130, matrix.length);
        assertArrayEquals(new double[130], matrix[7]);
    }

    @Test
    void theHessianOfFortyScalarParametersCompilesAndRuns() {
        ModuleIr m = CompiledModule.requesting(Programs.compile(weightedSum("", 40)), "f",
                new Request(Request.Kind.HESSIAN, IntStream.range(0, 40).mapToObj(i -> "p" + i).toList()));
        Object[] args = IntStream.range(0, 40).mapToObj(i -> (Object) (double) i).toArray();
        CompiledModule.Result h = CompiledModule.load(m).hessian("f", args);
        assertEquals(IntStream.range(0, 40).mapToDouble(i -> (double) i * i).sum(), (Double) h.value());
        assertEquals(39.0, (Double) h.parts().get("p39"));
        double[][] hessian = (double[][]) h.parts().get("hessian");
        assertEquals(40, hessian.length);
        for (double[] row : hessian) {
            assertArrayEquals(new double[40], row);
        }
    }

    @Test
    void aNameLongerThanTheLimitIsAPositionedError() {
        String name = "x".repeat(70_000);
        assertErrors("fn f(" + name + ": real) -> real {\n  return " + name + ";\n}",
                "1:6: " + Messages.identifierTooLong(70_000, Parser.MAX_IDENTIFIER),
                "2:10: " + Messages.identifierTooLong(70_000, Parser.MAX_IDENTIFIER));
        List<String> ok = new ArrayList<>();
        assertErrors("fn f(" + "y".repeat(Parser.MAX_IDENTIFIER) + ": real) -> real {\n  return 1;\n}", ok.toArray(String[]::new));
    }
}
