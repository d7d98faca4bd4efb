package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A function with more parameters than a Java method takes (300 scalars are 600 of the JVM's 255 slots)
 * compiles: its generated methods take them packed in an {@code F.Args} (javac compiles the class), and the
 * value, gradient, vector-Jacobian and Jacobian-vector products, the Hessian, the Hessian-vector product and
 * the Jacobian agree with the analytic ones and with the interpreter's derivative graphs.
 */
class PackedParametersTest {

    private static final int N = 300;

    /** f = Σ (i+1)/2 · p_i² + sin(p0 · p299); a vector output too, g = [p0 · p1, Σ p_i]. */
    private static String program() {
        String params = IntStream.range(0, N).mapToObj(i -> "p" + i + ": real").collect(Collectors.joining(", "));
        String sum = IntStream.range(0, N).mapToObj(i -> (i + 1) * 0.5 + " * p" + i + " * p" + i)
                .collect(Collectors.joining(" + "));
        String plain = IntStream.range(0, N).mapToObj(i -> "p" + i).collect(Collectors.joining(" + "));
        return "@grad\n@jvp\nfn f(" + params + ") -> real {\n  return " + sum + " + sin(p0 * p" + (N - 1) + ");\n}\n"
                + "@vjp\nfn g(" + params + ") -> real[2] {\n  return [p0 * p1, " + plain + "];\n}\n";
    }

    private static double arg(int i) {
        return 0.01 * (i % 17) - 0.05;
    }

    private static Object[] args() {
        return IntStream.range(0, N).mapToObj(i -> (Object) arg(i)).toArray();
    }

    private static double[] gradient() {
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            g[i] = (i + 1) * arg(i);
        }
        double c = Math.cos(arg(0) * arg(N - 1));
        g[0] += c * arg(N - 1);
        g[N - 1] += c * arg(0);
        return g;
    }

    private static double value() {
        double v = Math.sin(arg(0) * arg(N - 1));
        for (int i = 0; i < N; i++) {
            v += (i + 1) * 0.5 * arg(i) * arg(i);
        }
        return v;
    }

    @Test
    void valueGradientAndJvpOfThreeHundredScalarParametersAgreeWithTheAnalyticOnes() {
        ModuleIr m = Programs.compile(program());
        CompiledModule c = CompiledModule.load(m);
        assertTrue(c.emitted().source().contains("public static final class Args"), "packed in F.Args");
        assertEquals(value(), (Double) c.value("f", args()), 1e-12);
        CompiledModule.Result g = c.grad("f", args());
        assertEquals(value(), (Double) g.value(), 1e-12);
        double[] expected = gradient();
        for (int i = 0; i < N; i++) {
            assertEquals(expected[i], (Double) g.parts().get("p" + i), 1e-12, "d/dp" + i);
        }
        // tangent t_i = 1 for even i: the jvp is the sum of the gradient's even entries
        List<Object> withTangents = new ArrayList<>(List.of(args()));
        IntStream.range(0, N).forEach(i -> withTangents.add(i % 2 == 0 ? 1.0 : 0.0));
        CompiledModule.Result j = c.jvp("f", withTangents.toArray());
        double dot = IntStream.range(0, N).filter(i -> i % 2 == 0).mapToDouble(i -> expected[i]).sum();
        assertEquals(value(), (Double) j.value(), 1e-12);
        assertEquals(dot, (Double) j.parts().get("tangent"), 1e-12);
    }

    @Test
    void theGradientAndVjpAgreeWithTheInterpreter() {
        ModuleIr m = Programs.compile(program());
        CompiledModule c = CompiledModule.load(m);
        Object[] nd = IntStream.range(0, N).mapToObj(i -> (Object) NDArray.scalar(arg(i))).toArray();
        FunctionIr f = m.function("f");
        Runs.Result in = Runs.interpreter(f, Map.of(), nd, 1_000);
        CompiledModule.Result g = c.grad("f", args());
        for (int i = 0; i < N; i++) {
            assertEquals(in.derivatives().get("p" + i).item(), (Double) g.parts().get("p" + i), 1e-12, "d/dp" + i);
        }
        // g's vjp with seed (1, 1): d/dp0 = p1 + 1, d/dp1 = p0 + 1, the rest 1
        List<Object> withSeed = new ArrayList<>(List.of(args()));
        withSeed.add(new double[] {1, 1});
        CompiledModule.Result v = c.vjp("g", withSeed.toArray());
        Runs.Result vin = Runs.interpreter(m.function("g"), Map.of(), nd, 1_000);
        assertArrayEquals(vin.value().data(), (double[]) v.value(), 1e-12);
        for (int i = 0; i < N; i++) {
            double expected = i == 0 ? arg(1) + 1 : i == 1 ? arg(0) + 1 : 1;
            assertEquals(expected, (Double) v.parts().get("p" + i), 1e-12, "vjp p" + i);
            assertEquals(vin.derivatives().get("p" + i).item(), (Double) v.parts().get("p" + i), 1e-12, "vjp p" + i);
        }
    }

    private static List<String> params() {
        return IntStream.range(0, N).mapToObj(i -> "p" + i).toList();
    }

    /** f's Hessian: (i+1) on the diagonal, plus the second derivatives of sin(p0 · p299). */
    private static double hessian(int i, int j) {
        double a = arg(0);
        double b = arg(N - 1);
        double u = a * b;
        double h = i == j ? i + 1 : 0;
        if (i == 0 && j == 0) {
            h -= Math.sin(u) * b * b;
        } else if (i == N - 1 && j == N - 1) {
            h -= Math.sin(u) * a * a;
        } else if (i + j == N - 1 && (i == 0 || j == 0)) {
            h += Math.cos(u) - Math.sin(u) * u;
        }
        return h;
    }

    /** The interpreter's H·v of f (forward over reverse on the static graph), for direction v. */
    private static double[] interpreterHvp(FunctionIr f, double[] v) {
        List<Object> in = new ArrayList<>();
        IntStream.range(0, N).forEach(i -> in.add(NDArray.scalar(arg(i))));
        IntStream.range(0, N).forEach(i -> in.add(NDArray.scalar(v[i])));
        Object[] out = Programs.run(dev.gradc.passes.Derivatives.hvp(f, params()), in.toArray());
        return IntStream.range(0, N).mapToDouble(i -> ((NDArray) out[1 + N + i]).item()).toArray();
    }

    @Test
    void theHessianOfThreeHundredScalarParametersIsTheAnalyticOneAndTheInterpretersProducts() {
        ModuleIr m = Programs.compile(program());
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new dev.gradc.lower.Request(dev.gradc.lower.Request.Kind.HESSIAN, params())));
        CompiledModule.Result h = c.hessian("f", args());
        assertEquals(value(), (Double) h.value(), 1e-12);
        double[] g = gradient();
        double[][] matrix = (double[][]) h.parts().get("hessian");
        for (int i = 0; i < N; i++) {
            assertEquals(g[i], (Double) h.parts().get("p" + i), 1e-12, "d/dp" + i);
            for (int j = 0; j < N; j++) {
                assertEquals(hessian(i, j), matrix[i][j], 1e-12, "H[" + i + "][" + j + "]");
            }
        }
        for (int j : new int[] {0, 1, N - 1}) {
            double[] e = new double[N];
            e[j] = 1;
            double[] column = interpreterHvp(m.function("f"), e);
            for (int i = 0; i < N; i++) {
                assertEquals(column[i], matrix[i][j], 1e-12, "interpreter's H e_" + j + " at " + i);
            }
        }
    }

    @Test
    void theHvpOfThreeHundredScalarParametersAgreesWithTheInterpreter() {
        ModuleIr m = Programs.compile(program());
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new dev.gradc.lower.Request(dev.gradc.lower.Request.Kind.HVP, params())));
        double[] v = IntStream.range(0, N).mapToDouble(i -> Math.cos(i)).toArray();
        List<Object> withDirections = new ArrayList<>(List.of(args()));
        IntStream.range(0, N).forEach(i -> withDirections.add(v[i]));
        CompiledModule.Result r = c.hvp("f", withDirections.toArray());
        double[] want = interpreterHvp(m.function("f"), v);
        double[] g = gradient();
        assertEquals(value(), (Double) r.value(), 1e-12);
        for (int i = 0; i < N; i++) {
            double analytic = 0;
            for (int j = 0; j < N; j++) {
                analytic += hessian(i, j) * v[j];
            }
            assertEquals(g[i], (Double) r.parts().get("p" + i), 1e-12, "d/dp" + i);
            assertEquals(want[i], (Double) r.parts().get("p" + i + "Hvp"), 1e-12, "interpreter's (Hv)_" + i);
            assertEquals(analytic, (Double) r.parts().get("p" + i + "Hvp"), 1e-11, "analytic (Hv)_" + i);
        }
    }

    @Test
    void theJacobianOfThreeHundredScalarParametersIsTheAnalyticOneAndTheInterpretersRows() {
        ModuleIr m = Programs.compile(program());
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "g",
                new dev.gradc.lower.Request(dev.gradc.lower.Request.Kind.JACOBIAN, params())));
        CompiledModule.Result j = c.jacobian("g", args());
        Object[] nd = IntStream.range(0, N).mapToObj(i -> (Object) NDArray.scalar(arg(i))).toArray();
        Runs.Result seededOnes = Runs.interpreter(m.function("g"), Map.of(), nd, 1_000);
        assertArrayEquals(seededOnes.value().data(), (double[]) j.value(), 1e-12);
        for (int i = 0; i < N; i++) {
            double[][] column = (double[][]) j.parts().get("p" + i);
            double d0 = i == 0 ? arg(1) : i == 1 ? arg(0) : 0;
            assertEquals(d0, column[0][0], 1e-12, "d g0 / dp" + i);
            assertEquals(1.0, column[1][0], 1e-12, "d g1 / dp" + i);
            // the interpreter's vjp seeded with (1, 1) is the sum of the two rows
            assertEquals(seededOnes.derivatives().get("p" + i).item(), column[0][0] + column[1][0], 1e-12, "rows of p" + i);
        }
    }
}
