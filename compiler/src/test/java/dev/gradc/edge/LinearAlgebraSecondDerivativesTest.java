package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Second derivatives through every matrix function: the compiled Hessian (forward over reverse) against
 * central differences of the gradient, the compiled {@code hvp} against H·d, and in programs, in every
 * engine, {@code hvp(q, v)(...)} against H·d and the reverse-over-reverse {@code vjp} of {@code grad(q, v)}
 * against H·1; the engines also agree on the third derivative (the vjp of the in-program hvp).
 */
class LinearAlgebraSecondDerivativesTest {

    private static final String MATRIX = "  a = [[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]];\n"
            + "  s = a @ transpose(a) + eye(3);\n";
    private static final double[] V = {1.2, -0.3, 0.5, 0.4, 0.9, -0.7, -0.2, 0.6, 1.1};
    private static final double[] B = {0.5, -1.5, 2.0};
    private static final double[] D = {0.3, -1.0, 0.7, 0.2, 0.5, -0.4, 1.1, -0.6, 0.8};

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cholesky | l = cholesky(s); return sum(log(diagonal(l))) + dot(b, l @ b) + sum(l * l * l);",
        "det      | return det(a) + 0.1 * det(s) * det(a);",
        "logdet   | return logdet(s) + logdet(a) * logdet(s);",
        "solve    | x = solve(a, b); return dot(x, x) + sum(solve(s, a));",
        "inv      | return sum(inv(a) * inv(s));",
        "trisolve | l = cholesky(s); return dot(trisolve(l, b), trisolve(transpose(l), b)) + sum(trisolve(a, a @ a));"})
    void secondDerivativesAgreeWithCentralDifferencesInEveryEngine(String op, String body) {
        String q = "fn q(v: real[9], b: real[3]) -> real {\n" + MATRIX + "  " + body.replace("; ", ";\n  ") + "\n}\n";
        CompiledModule m = CompiledModule.load(Programs.compile("@grad\n@hessian(v)\n@hvp(v)\n" + q));
        double[][] h = (double[][]) m.hessian("q", V, B).parts().get("hessian");
        for (int i = 0; i < 9; i++) {
            double[] up = V.clone();
            double[] down = V.clone();
            up[i] += 1e-6;
            down[i] -= 1e-6;
            double[] gu = (double[]) m.grad("q", up, B).parts().get("v");
            double[] gd = (double[]) m.grad("q", down, B).parts().get("v");
            for (int j = 0; j < 9; j++) {
                double fd = (gu[j] - gd[j]) / 2e-6;
                assertEquals(fd, h[j][i], 1e-5 * Math.max(1, Math.abs(fd)), op + ": d2q/dv" + j + "dv" + i);
            }
        }
        double[] hd = times(h, D);
        close(hd, (double[]) m.hvp("q", V, B, D).parts().get("vHvp"), op + ": compiled hvp");
        String hvp = q + "fn f(v: real[9], b: real[3], d: real[9]) -> real[9] { return hvp(q, v)(v, b, d); }\n";
        Map<String, Engines.Answer> third = Engines.run(hvp, V, B, D);
        Engines.Answer ref = third.get("interpreter");
        for (Map.Entry<String, Engines.Answer> e : third.entrySet()) {
            close(hd, e.getValue().value(), op + ": hvp in the program, " + e.getKey());
            for (String p : ref.gradient().keySet()) {
                close(ref.gradient().get(p), e.getValue().gradient().get(p), op + ": third derivative " + p + ", " + e.getKey());
            }
        }
        String grad = q + "fn f(v: real[9], b: real[3]) -> real[9] { return grad(q, v)(v, b); }\n";
        double[] h1 = times(h, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        for (Map.Entry<String, Engines.Answer> e : Engines.run(grad, V, B).entrySet()) {
            close(h1, e.getValue().gradient().get("v"), op + ": reverse over reverse, " + e.getKey());
        }
    }

    private static double[] times(double[][] h, double[] d) {
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < d.length; j++) {
                out[i] += h[i][j] * d[j];
            }
        }
        return out;
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
