package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradc compare --hessian} and {@code --hvp}: every engine's second derivative beside differences. */
class CompareSecondOrderTest {

    @TempDir
    Path dir;

    private List<?> rows(String... mode) {
        String file = Cli.write(dir, "rules.grad", TapeSecondDerivativesTest.RULES);
        List<String> args = new java.util.ArrayList<>(List.of("compare", file, "--fn", "g", "--arg", "a=0.8",
                "--arg", "b=1.3", "--json"));
        args.addAll(List.of(mode));
        Cli.Result r = Cli.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r::toString);
        return (List<?>) ((Map<?, ?>) StrictJson.parse(r.out())).get("rows");
    }

    private static void sideBySide(List<?> rows, double[] compiled) {
        assertEquals(List.of("compiled", "tape", "interpreter", "central diff. of gradient"),
                rows.stream().map(r -> ((Map<?, ?>) r).get("engine")).toList());
        for (Object o : rows) {
            Map<?, ?> row = (Map<?, ?>) o;
            double[] numbers = EngineRuns.numbers(new Output().put("d", row.get("derivative")).json());
            double error = (Double) row.get("maxError");
            if (row.get("engine").equals("central diff. of gradient")) {
                assertTrue(error < 1e-6, row::toString);
                assertArrayEquals(compiled, numbers, 1e-6);
            } else {
                assertTrue(error < 1e-12, row::toString);
                assertArrayEquals(compiled, numbers, 1e-12);
            }
        }
    }

    @Test
    void hessianVectorProductsSideBySide() {
        List<?> rows = rows("--hvp", "a=0.3", "b=-1.1");
        String file = Cli.write(dir, "rules.grad", TapeSecondDerivativesTest.RULES);
        double[] run = EngineRuns.numbers(Cli.run("run", file, "--fn", "g", "--arg", "a=0.8", "--arg", "b=1.3",
                "--hvp", "a=0.3", "b=-1.1", "--json").out());
        sideBySide(rows, java.util.Arrays.copyOfRange(run, 3, 5));
    }

    @Test
    void hessiansSideBySide() {
        List<?> rows = rows("--hessian");
        String file = Cli.write(dir, "rules.grad", TapeSecondDerivativesTest.RULES);
        double[] run = EngineRuns.numbers(Cli.run("run", file, "--fn", "g", "--arg", "a=0.8", "--arg", "b=1.3",
                "--hessian", "--json").out());
        sideBySide(rows, java.util.Arrays.copyOfRange(run, 3, 7));
    }
}
