package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --hvp}: H·v in the compiled and interpreter engines, against the dense Hessian times v. */
class HvpRunTest {

    private static final String PROGRAM = """
            fn f(x: real[2], w: real) -> real {
              s = w;
              i = 0;
              while (i < 3) { s = s * sum(x * x) + w * x[0]; i = i + 1; }
              return s;
            }
            """;

    @TempDir
    Path dir;

    @Test
    void hvpIsTheHessianTimesTheDirectionInBothEngines() {
        String file = Cli.write(dir, "h.grad", PROGRAM);
        // the dense Hessian at this point, by forward over reverse (checked elsewhere against differences)
        Cli.Result h = Cli.run("run", file, "--fn", "f", "--arg", "x=[0.3,0.5]", "--arg", "w=0.7", "--hessian", "--json");
        assertEquals(0, h.code(), h.toString());
        double[][] hessian = matrix(h.out().substring(h.out().indexOf("\"hessian\": ") + 11, h.out().lastIndexOf('}')));
        double[] v = {1, 2, 0.5};
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                expected[i] += hessian[i][j] * v[j];
            }
        }
        for (String engine : new String[] {"compiled", "interpreter"}) {
            Cli.Result r = Cli.run("run", file, "--fn", "f", "--arg", "x=[0.3,0.5]", "--arg", "w=0.7",
                    "--hvp", "x=[1,2]", "w=0.5", "--engine", engine, "--json");
            assertEquals(0, r.code(), r.toString());
            String hv = r.out().substring(r.out().indexOf("\"hvp\""));
            double[] x = matrix("[" + hv.substring(hv.indexOf('['), hv.indexOf(']') + 1) + "]")[0];
            double w = Double.parseDouble(hv.substring(hv.indexOf("\"w\": ") + 5, hv.indexOf('}')));
            assertEquals(expected[0], x[0], 1e-12, engine);
            assertEquals(expected[1], x[1], 1e-12, engine);
            assertEquals(expected[2], w, 1e-12, engine);
        }
    }

    @Test
    void parametersNotNamedHaveDirectionZero() {
        String file = Cli.write(dir, "h.grad", PROGRAM);
        Cli.Result all = Cli.run("run", file, "--fn", "f", "--arg", "x=[0.3,0.5]", "--arg", "w=0.7",
                "--hvp", "x=[0,0]", "w=1", "--json");
        Cli.Result one = Cli.run("run", file, "--fn", "f", "--arg", "x=[0.3,0.5]", "--arg", "w=0.7",
                "--hvp", "w=1", "--json");
        assertEquals(all.out(), one.out());
    }

    @Test
    void theTapeGivesTheSameProductReverseOverForward() {
        String file = Cli.write(dir, "h.grad", PROGRAM);
        double[] all = EngineRuns.agree(List.of(file, "--fn", "f", "--arg", "x=[0.3,0.5]", "--arg", "w=0.7",
                "--hvp", "x=[1,-2]", "w=1"), 1e-12);
        assertEquals(1 + 3 + 3, all.length); // the value, the gradient and H·v over x (2 entries) and w
    }

    @Test
    void aVectorOutputIsRefused() {
        String file = Cli.write(dir, "v.grad", "fn g(x: real[2]) -> real[2] { return x * x; }");
        Cli.Result r = Cli.run("run", file, "--fn", "g", "--arg", "x=[1,2]", "--hvp", "x=[1,0]");
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: the output of 'g' is real[2], not a scalar; --hvp needs a scalar output\n", r.err());
    }

    private static double[][] matrix(String json) {
        String[] rows = json.trim().replaceAll("^\\[\\[|\\]\\]$", "").split("\\],\\s*\\[");
        double[][] m = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String[] cells = rows[i].split(",");
            m[i] = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                m[i][j] = Double.parseDouble(cells[j].trim());
            }
        }
        return m;
    }
}
