package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The random programs of the gradient-pass property test, compiled to Java: values and gradients equal the
 * interpreter's within 1e-12 relative. All programs go into one module, so javac runs once.
 */
class CompiledRandomProgramsTest {

    private static final int PROGRAMS = 120;
    private static final long SEED = 20261125L;
    private static ModuleIr module;
    private static CompiledModule compiled;

    @BeforeAll
    static void compileAll() {
        StringBuilder src = new StringBuilder("module random.Programs;\n");
        for (int i = 0; i < PROGRAMS; i++) {
            src.append(RandomPrograms.generate(SEED + i).replaceFirst("fn f\\(", "fn f" + i + "(")).append('\n');
        }
        module = Programs.compile(src.toString());
        compiled = CompiledModule.load(module);
    }

    private static Object java(NDArray a) {
        return a.isScalar() ? (Object) a.item() : a.data().clone();
    }

    private static double[] data(Object o) {
        return o instanceof Double d ? new double[] {d} : (double[]) o;
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-12 * Math.max(1, Math.abs(expected[k])), what + "[" + k + "]");
        }
    }

    @Test
    void compiledValuesAndGradientsEqualTheInterpreters() {
        List<String> wrt = List.of("x", "y", "v", "M");
        for (int i = 0; i < PROGRAMS; i++) {
            String fn = "f" + i;
            FunctionIr f = module.function(fn);
            Random r = new Random(SEED + i);
            Object[] in = new Object[4];
            int[][] shapes = {{}, {}, {3}, {2, 3}};
            for (int p = 0; p < 4; p++) {
                int n = shapes[p].length == 0 ? 1 : shapes[p].length == 1 ? 3 : 6;
                double[] d = new double[n];
                for (int k = 0; k < n; k++) {
                    d[k] = r.nextDouble() * 1.6 - 0.8;
                }
                in[p] = new NDArray(d, shapes[p]);
            }
            Graph g = Derivatives.gradient(f, wrt);
            Object[] expected = Programs.run(g, in);
            Object[] args = {java((NDArray) in[0]), java((NDArray) in[1]), java((NDArray) in[2]), java((NDArray) in[3])};
            close(((NDArray) Programs.run(f.graph(), in)[0]).data(), data(compiled.value(fn, args)), fn + " value");
            CompiledModule.Result got = compiled.grad(fn, args);
            close(((NDArray) expected[0]).data(), data(got.value()), fn + " value of the gradient method");
            for (int p = 0; p < 4; p++) {
                close(((NDArray) expected[1 + p]).data(), data(got.parts().get(wrt.get(p))), fn + " d/d" + wrt.get(p));
            }
        }
    }
}
