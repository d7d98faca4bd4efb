package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.linalg.MatrixException;
import dev.gradc.testing.Programs;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/**
 * The matrix functions in programs: the three engines agree on values and gradients through compositions,
 * {@code trisolve(transpose(L), B)} is the upper solve, the identities hold, and a matrix that is not
 * positive definite or is singular fails in every engine with the call's position and the pivot.
 */
class LinearAlgebraEnginesTest {

    /** A 3 × 3 matrix from a vector parameter v, and an SPD one from it. */
    private static final String MATRIX = "  a = [[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]];\n"
            + "  s = a @ transpose(a) + diag([1.0, 1.0, 1.0]);\n";
    private static final double[] V = {1.2, -0.3, 0.5, 0.4, 0.9, -0.7, -0.2, 0.6, 1.1};
    private static final double[] B = {0.5, -1.5, 2.0};

    private static void assertEnginesAgree(String body) {
        String text = "fn f(v: real[9], b: real[3]) -> real {\n" + MATRIX + body + "}\n";
        Map<String, Engines.Answer> all = Engines.run(text, V, B);
        Engines.Answer ref = all.get("interpreter");
        for (Map.Entry<String, Engines.Answer> e : all.entrySet()) {
            assertClose(ref.value(), e.getValue().value(), e.getKey() + " value of\n" + text);
            for (String p : ref.gradient().keySet()) {
                assertClose(ref.gradient().get(p), e.getValue().gradient().get(p), e.getKey() + " gradient " + p);
            }
        }
        assertCentralDifferences(text, ref);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }

    /** The interpreter's gradient in v against central differences of its value. */
    private static void assertCentralDifferences(String text, Engines.Answer ref) {
        FunctionIr f = Programs.compile(new SourceFile("linalg.grad", text)).function("f");
        double[] g = new double[V.length];
        for (int i = 0; i < V.length; i++) {
            double[] up = V.clone();
            double[] down = V.clone();
            up[i] += 1e-6;
            down[i] -= 1e-6;
            g[i] = (value(f, up) - value(f, down)) / 2e-6;
        }
        double[] got = ref.gradient().get("v");
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], got[i], 1e-5 * Math.max(1, Math.abs(g[i])), "d/dv[" + i + "] of\n" + text);
        }
    }

    private static double value(FunctionIr f, double[] v) {
        Object[] nd = {new NDArray(v, new int[] {9}), new NDArray(B.clone(), new int[] {3})};
        return Runs.interpreter(f, Map.of(), nd, 1_000).value().item();
    }

    @Test
    void gaussianLogLikelihoodThroughCholeskyAndBothSolves() {
        assertEnginesAgree("  l = cholesky(s);\n  z = trisolve(l, b);\n  alpha = trisolve(transpose(l), z);\n"
                + "  return 0.5 * dot(b, alpha) + sum(log(diagonal(l)));\n");
    }

    @Test
    void solveInvDetAndLogdetAgreeEverywhere() {
        assertEnginesAgree("  x = solve(a, b);\n  return dot(x, x) + trace(inv(a)) + det(a) + logdet(s);\n");
    }

    @Test
    void upperSolveWithTheTransposeIsASolveWithTheTransposedFactor() {
        assertEnginesAgree("  l = cholesky(s);\n  return norm(trisolve(transpose(l), b) - solve(transpose(l), b))"
                + " + sum(trisolve(transpose(l), b));\n");
        String text = "fn f(v: real[9], b: real[3]) -> real {\n" + MATRIX
                + "  l = cholesky(s);\n  return norm(trisolve(transpose(l), b) - solve(transpose(l), b));\n}\n";
        assertEquals(0, Engines.run(text, V, B).get("compiled").value()[0], 1e-14);
    }

    @Test
    void identitiesHold() {
        String text = "fn f(v: real[9], b: real[3]) -> real {\n" + MATRIX
                + "  return norm(solve(a, a @ b) - b) + abs(logdet(s) - 2 * sum(log(diagonal(cholesky(s)))));\n}\n";
        for (Engines.Answer a : Engines.run(text, V, B).values()) {
            assertEquals(0, a.value()[0], 1e-13);
        }
    }

    @Test
    void notPositiveDefiniteFailsWithThePositionAndPivotInEveryEngine() {
        String text = "fn f(v: real[4]) -> real {\n  a = [[v[0], v[1]], [v[2], v[3]]];\n  return sum(cholesky(a));\n}\n";
        double[] indefinite = {1, 2, 2, 1};
        String expected = "linalg.grad:3:3: cholesky: the matrix is not positive definite: pivot 1";
        for (Executable run : runs(text, indefinite)) {
            MatrixException e = assertThrows(MatrixException.class, run);
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        }
    }

    @Test
    void singularSolveFailsWithThePositionAndPivotInEveryEngine() {
        String text = "fn f(v: real[4], b: real[2]) -> real {\n  a = [[v[0], v[1]], [v[2], v[3]]];\n"
                + "  return sum(solve(a, b));\n}\n";
        String expected = "linalg.grad:3:3: solve: the matrix is singular: LU pivot 1 is 0";
        for (Executable run : runs(text, new double[] {1, 2, 2, 4}, new double[] {1, 1})) {
            MatrixException e = assertThrows(MatrixException.class, run);
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        }
    }

    /** The value of f in the interpreter, on the tape and compiled. */
    private static Executable[] runs(String text, double[]... args) {
        SourceFile source = new SourceFile("linalg.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Object[] nd = Arrays.stream(args).map(a -> new NDArray(a.clone(), new int[] {a.length})).toArray();
        CompiledModule compiled = CompiledModule.load(m);
        return new Executable[] {
            () -> Runs.interpreter(f, Map.of(), nd, 1_000),
            () -> Runs.tape(source, f, Map.of(), nd, 1_000),
            () -> compiled.value("f", (Object[]) args)};
    }
}
