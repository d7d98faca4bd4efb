package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random programs that read and write array elements and short slices inside loops and branches — the
 * accesses the engines do in place and whose reverse restores overwritten entries from a journal: in reverse
 * mode every engine's gradient, and in forward mode the interpreter's and the compiled tangents, agree with
 * central differences of the compiled value, and the engines agree with each other.
 */
class ElementAccessProgramsTest {

    private static final int N = 8;
    private static final String[] READS = {"z[i]", "z[i - 1]", "z[i + 1]", "x[i]", "x[i - 1]", "s", "a"};

    private static String read(Random r) {
        return READS[r.nextInt(READS.length)];
    }

    private static String expr(Random r) {
        String p = read(r);
        String q = read(r);
        return switch (r.nextInt(5)) {
            case 0 -> p + " * " + q;
            case 1 -> "sin(" + p + ")";
            case 2 -> p + " * a + " + q;
            case 3 -> "tanh(" + p + ") + " + q;
            default -> p + " / (1 + " + q + " * " + q + ")";
        };
    }

    private static String statement(Random r) {
        return switch (r.nextInt(9)) {
            case 0, 1 -> "z[i] = " + expr(r) + ";";
            case 2 -> "z[i - 1] " + List.of("+=", "-=", "*=").get(r.nextInt(3)) + " " + expr(r) + ";";
            case 3 -> "s = s + " + expr(r) + ";";
            case 4 -> "if (" + read(r) + " > 0) { z[i] = " + expr(r) + "; } else { s = s + " + expr(r) + "; }";
            case 5 -> "z[i - 1:i + 1] = z[i:i + 2] * a + " + read(r) + ";";
            case 6 -> "s = s + sum(z[i - 1:i + 1] * x[i:i + 2]);";
            case 7 -> "t = z[i]; z[i] = " + expr(r) + "; s = s + t * " + read(r) + ";";
            default -> "y = z; y[i] = 0; s = s + sum(y) * 0.1;";
        };
    }

    /** A loop of one to three element statements over z (a copy of x) and s: counted, a while up, or a while down. */
    static String program(long seed) {
        Random r = new Random(seed);
        StringBuilder body = new StringBuilder();
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
            body.append("    ").append(statement(r)).append('\n');
        }
        String loop = switch (r.nextInt(3)) {
            case 0 -> "  for i in 1.." + (N - 1) + " {\n" + body + "  }\n";
            case 1 -> "  i = 1;\n  while (i < " + (N - 1) + ") {\n" + body + "    i = i + 1;\n  }\n";
            // counting down: the adjoint loop steps the counter back up
            default -> "  i = " + (N - 2) + ";\n  while (i > 0) {\n" + body + "    i = i - 1;\n  }\n";
        };
        return "fn f(x: real[" + N + "], a: real) -> real {\n  z = x;\n  s = 0;\n" + loop
                + "  return sum(z * z) * 0.5 + s;\n}\n";
    }

    static List<Long> seeds() {
        List<Long> s = new ArrayList<>();
        for (long k = 0; k < 40; k++) {
            s.add(1000 + k);
        }
        return s;
    }

    private static double[] inputs(long seed) {
        Random r = new Random(seed * 31);
        double[] v = new double[N + 1];
        for (int k = 0; k < v.length; k++) {
            v[k] = (r.nextBoolean() ? 1 : -1) * (0.3 + 0.9 * r.nextDouble());
        }
        v[N] = 0.4 + 0.5 * r.nextDouble();
        return v;
    }

    private static double value(CompiledModule m, double[] p) {
        return (double) m.value("f", java.util.Arrays.copyOf(p, N), p[N]);
    }

    /** Central differences of the compiled value in every parameter: x[0..N), then a. */
    private static double[] centralDifferences(CompiledModule m, double[] p) {
        double[] g = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double h = 1e-6 * Math.max(1, Math.abs(p[k]));
            double[] up = p.clone();
            double[] down = p.clone();
            up[k] += h;
            down[k] -= h;
            g[k] = (value(m, up) - value(m, down)) / (2 * h);
        }
        return g;
    }

    private static void close(double want, double got, double scale, String what) {
        assertEquals(want, got, 2e-5 * Math.max(1, scale), what);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void gradientsInEveryEngineMatchCentralDifferences(long seed) {
        String text = program(seed);
        double[] p = inputs(seed);
        CompiledModule m = CompiledModule.load(Programs.compile(text));
        double[] fd = centralDifferences(m, p);
        double scale = java.util.Arrays.stream(fd).map(Math::abs).max().orElse(1);
        Map<String, Engines.Answer> all = Engines.run(text, java.util.Arrays.copyOf(p, N), p[N]);
        for (var e : all.entrySet()) {
            String where = e.getKey() + " in\n" + text;
            double[] gx = e.getValue().gradient().get("x");
            for (int k = 0; k < N; k++) {
                close(fd[k], gx[k], scale, "d/dx[" + k + "] " + where);
            }
            close(fd[N], e.getValue().gradient().get("a")[0], scale, "d/da " + where);
            close(value(m, p), e.getValue().value()[0], 0, "value " + where);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tangentsMatchCentralDifferences(long seed) {
        String text = program(seed);
        double[] p = inputs(seed);
        CompiledModule m = CompiledModule.load(Programs.compile(text));
        double[] fd = centralDifferences(m, p);
        Random r = new Random(seed);
        double[] dir = new double[N + 1];
        double want = 0;
        for (int k = 0; k <= N; k++) {
            dir[k] = r.nextDouble() - 0.5;
            want += fd[k] * dir[k];
        }
        double[] xDot = java.util.Arrays.copyOf(dir, N);
        FunctionIr f = Programs.compile(text).function("f");
        Object[] args = {new NDArray(java.util.Arrays.copyOf(p, N), new int[] {N}), NDArray.scalar(p[N]),
            new NDArray(xDot, new int[] {N}), NDArray.scalar(dir[N])};
        Object[] out = new Interpreter(new EvalContext(Map.of()), 1_000).run(Derivatives.jvp(f, List.of("x", "a")), args);
        double scale = java.util.Arrays.stream(fd).map(Math::abs).max().orElse(1);
        close(want, ((NDArray) out[1]).item(), scale, "interpreter jvp in\n" + text);
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(Programs.compile(text), "f",
                new Request(Request.Kind.JVP, List.of("x", "a"))));
        CompiledModule.Result res = c.jvp("f", java.util.Arrays.copyOf(p, N), p[N], xDot, dir[N]);
        close(want, ((Number) res.parts().values().iterator().next()).doubleValue(), scale, "compiled jvp in\n" + text);
    }

    /** The gradient of the compiled module's f at p, flattened: d/dx then d/da. */
    private static double[] gradient(CompiledModule m, double[] p) {
        CompiledModule.Result r = m.grad("f", java.util.Arrays.copyOf(p, N), p[N]);
        double[] g = java.util.Arrays.copyOf((double[]) r.parts().get("x"), N + 1);
        g[N] = ((Number) r.parts().get("a")).doubleValue();
        return g;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void secondDerivativesInBothCompositionsMatchCentralDifferencesOfTheGradient(long seed) {
        String text = program(seed);
        double[] p = inputs(seed);
        CompiledModule m = CompiledModule.load(CompiledModule.requesting(Programs.compile(text), "f",
                new Request(Request.Kind.GRAD, List.of("x", "a"))));
        Random r = new Random(seed + 7);
        double[] dir = new double[N + 1];
        for (int k = 0; k <= N; k++) {
            dir[k] = r.nextDouble() - 0.5;
        }
        double h = 1e-5;
        double[] up = p.clone();
        double[] down = p.clone();
        for (int k = 0; k <= N; k++) {
            up[k] += h * dir[k];
            down[k] -= h * dir[k];
        }
        double[] gu = gradient(m, up);
        double[] gd = gradient(m, down);
        double[] want = new double[N + 1];
        for (int k = 0; k <= N; k++) {
            want[k] = (gu[k] - gd[k]) / (2 * h);
        }
        double scale = java.util.Arrays.stream(want).map(Math::abs).max().orElse(1);
        FunctionIr f = Programs.compile(text).function("f");
        Object[] args = {new NDArray(java.util.Arrays.copyOf(p, N), new int[] {N}), NDArray.scalar(p[N]),
            new NDArray(java.util.Arrays.copyOf(dir, N), new int[] {N}), NDArray.scalar(dir[N])};
        Interpreter in = new Interpreter(new EvalContext(Map.of()), 1_000);
        for (var g : Map.of("forward over reverse", Derivatives.hvp(f, List.of("x", "a")),
                "reverse over forward", Derivatives.hvpReverseOverForward(f, List.of("x", "a"))).entrySet()) {
            Object[] out = in.run(g.getValue(), args);
            double[] hx = ((NDArray) out[out.length - 2]).data();
            double ha = ((NDArray) out[out.length - 1]).item();
            for (int k = 0; k < N; k++) {
                assertEquals(want[k], hx[k], 1e-4 * Math.max(1, scale), g.getKey() + " (Hv)[" + k + "] in\n" + text);
            }
            assertEquals(want[N], ha, 1e-4 * Math.max(1, scale), g.getKey() + " (Hv)[a] in\n" + text);
        }
    }

    @Test
    void rowsEntriesAndRowSlicesOfAMatrixInALoopHaveTheGradientOfCentralDifferences() {
        String text = """
                fn f(x: real[8], a: real) -> real {
                  w = outer(x[0:4], x[4:8]);
                  s = 0;
                  for i in 1..4 {
                    s = s + sum(w[i, 1:3]) * a;
                    w[i, 0] = s * x[i] + w[i - 1, 2];
                    r = w[i, :];
                    w[i - 1, :] = r * a;
                    s = s + r[3] * w[i, 0];
                  }
                  return s + sum(w * w) * 0.1;
                }
                """;
        double[] p = inputs(77);
        CompiledModule m = CompiledModule.load(Programs.compile(text));
        double[] fd = centralDifferences(m, p);
        double scale = java.util.Arrays.stream(fd).map(Math::abs).max().orElse(1);
        for (var e : Engines.run(text, java.util.Arrays.copyOf(p, N), p[N]).entrySet()) {
            double[] gx = e.getValue().gradient().get("x");
            for (int k = 0; k < N; k++) {
                close(fd[k], gx[k], scale, e.getKey() + " d/dx[" + k + "]");
            }
            close(fd[N], e.getValue().gradient().get("a")[0], scale, e.getKey() + " d/da");
        }
    }
}
