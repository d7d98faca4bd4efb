package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link JammedRows}: the reversal of an elimination's row loop, two rows per pass over the columns, gives the bits of
 * the loop not jammed ({@link Optimizer#optimize(Graph, boolean)} without the pass), run by the interpreter, and the
 * compiled code gives them too: the benchmark's two determinants (whole rows, entries) on random matrices of sizes
 * 1 to 9 and 32 (odd and even trip counts; singular matrices, two equal rows; diagonally dominant ones, no swap),
 * at the default budget, at kept-values budgets 60, 20, 1 and 0 and with {@code @checkpoint(1)} on the loop over k
 * (its trips recomputed from snapshots, their row loops jammed as well). Programs whose trips share more than row
 * k keep their bits, and the one whose multiplier reads the previous trip is left alone. On the code before the
 * pass, the checks that a loop of pairs is built and that the generated code adds two rows into {@code UBar[k, j]}
 * per pass fail.
 */
class JammedRowsTest {

    private static String determinant() throws IOException {
        return Files.readString(Programs.benchmarks().resolve("bench/Determinant.grad"));
    }

    /** The loops of pairs JammedRows made in g and its regions ({@code trips > 1}, not counted). */
    private static int pairLoops(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof While w && w.counted() == null && w.condition().toString().contains("int[1]")
                    && node.role() == Node.Role.ADJOINT) {
                n++;
            }
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += pairLoops(sub);
                }
            }
        }
        return n;
    }

    private static double[] matrix(Random r, int m, int kind) {
        double[] a = new double[m * m];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        if (kind == 1 && m > 1) {
            System.arraycopy(a, 0, a, m, m); // singular: rows 0 and 1 equal
        }
        if (kind == 2) {
            for (int i = 0; i < m; i++) {
                a[i * m + i] += 4 * m; // diagonally dominant: no pivot moves
            }
        }
        return a;
    }

    private static double[] interpret(Graph g, int m, double[] a, long budget) {
        Interpreter in = new Interpreter(new EvalContext(Map.of("N", m), budget), 1_000_000);
        Object[] out = in.run(g, new Object[] {new NDArray(a.clone(), new int[] {m, m})});
        return ((NDArray) out[1]).data();
    }

    private static void assertSameBits(double[] want, double[] got, String where) {
        assertEquals(want.length, got.length, where);
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i]) && Double.isNaN(got[i])) {
                continue; // a singular matrix without pivoting: NaN either way, its payload the engine's
            }
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]),
                    "entry " + i + ": " + want[i] + " vs " + got[i] + ", " + where);
        }
    }

    /** Every function of {@code text} (one parameter A: real[N, N]): jammed and compiled, the bits not jammed. */
    private static void assertSameBitsAsNotJammed(String text, boolean jams) {
        ModuleIr module = Programs.compile(new SourceFile("jammed.grad", text));
        CompiledModule compiled = CompiledModule.load(module);
        Random r = new Random(20);
        for (FunctionIr f : module.functions()) {
            Graph jammed = Optimizer.optimize(GradientPass.gradient(f, List.of("A"), false), true);
            Graph plain = Optimizer.optimize(GradientPass.gradient(f, List.of("A"), false), false);
            assertEquals(jams, pairLoops(jammed) > 0, f.name() + " jammed: " + text);
            assertEquals(0, pairLoops(plain), f.name());
            for (long budget : new long[] {new EvalContext(Map.of()).maxKeptValues(), 60, 20, 1, 0}) {
                compiled.setMaxKeptValues(budget);
                for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 32}) {
                    for (int kind = 0; kind < (m == 32 ? 2 : 3); kind++) {
                        double[] a = matrix(r, m, kind);
                        String where = f.name() + ", N = " + m + ", matrix " + kind + ", budget " + budget;
                        double[] want = interpret(plain, m, a, budget);
                        assertSameBits(want, interpret(jammed, m, a, budget), "interpreter, " + where);
                        double[] got = (double[]) compiled.grad(f.name(), m, a.clone()).parts().get("A");
                        assertSameBits(want, got, "compiled, " + where);
                    }
                }
            }
        }
    }

    @Test
    void theDeterminantsGiveTheBitsOfTheRowsOneAtATime() throws IOException {
        assertSameBitsAsNotJammed(determinant(), true);
    }

    @Test
    void soDoTheirTripsRecomputedFromSnapshots() throws IOException {
        String text = determinant().replace("  for k in 0..N {", "  @checkpoint(1)\n  for k in 0..N {");
        assertTrue(text.contains("@checkpoint(1)"));
        assertSameBitsAsNotJammed(text, true);
    }

    /** The elimination of the benchmark with its row loop's body replaced by {@code body}. */
    private static String withRowLoop(String body) {
        return """
                @grad(A)
                fn f<N>(A: real[N, N]) -> real {
                  U = A;
                  d = 1;
                  for k in 0..N {
                    d = d * U[k, k];
                    s = 0;
                    for i in k+1..N {
                      %s
                    }
                  }
                  return d;
                }
                """.formatted(body);
    }

    /**
     * Trips that share more than row k: the update reads row i - 1 (which the previous trip wrote), or the multiplier
     * reads a sum the previous trip left (its adjoint, carried from trip to trip, reaches the element loop only
     * through the tails: not known before the second trip's element loop, so that loop is left alone). Both keep the
     * bits of the loop not jammed.
     */
    @Test
    void rowsSharingMoreThanRowKKeepTheirBits() {
        assertSameBitsAsNotJammed(withRowLoop("""
                m = U[i, k] / U[k, k];
                for j in k+1..N { U[i, j] = U[i, j] - m * U[i - 1, j]; }
                """), false);
        assertSameBitsAsNotJammed(withRowLoop("""
                m = U[i, k] / U[k, k] + s;
                s = m * 0.5;
                for j in k+1..N { U[i, j] = U[i, j] - m * U[k, j]; }
                """), false);
    }

    /** An element loop's body in generated code: from its {@code while (innerTrips...} to its limit check. */
    private static final Pattern ELEMENT_LOOP = Pattern.compile(
            "while \\((innerTrips\\d*) > \\1End\\) \\{(.*?)\\n\\s*}\\n\\s*if \\(\\1 > 0\\)", Pattern.DOTALL);

    /**
     * The generated gradient of both determinants, allocating and workspace forms: in some element loop two rows'
     * adjoints are added into {@code UBar[k, j]}, one after the other (fails on the code before the pass: one row
     * per pass), and a loop of pairs runs while two trips are left.
     */
    @Test
    void theGeneratedCodeAddsTwoRowsIntoRowKPerPass() throws IOException {
        String java = JavaEmitter.emit(Programs.compile(new SourceFile("Determinant.grad", determinant()))).source();
        Matcher m = ELEMENT_LOOP.matcher(java);
        int jammed = 0;
        // UBar[k, j] as the journal's reversal writes it (ABarRows[k][j], the adjoint held as rows) or a recomputed
        // trip (t2Bar[...], checked, k as t0)
        Pattern rowK = Pattern.compile("\\w+Bar(Rows)?\\[[^\\n]*\\] \\+= ");
        while (m.find()) {
            Matcher adds = rowK.matcher(m.group(2));
            int count = 0;
            while (adds.find()) {
                count++;
            }
            jammed += count == 2 ? 1 : 0;
        }
        // journal's reversal and recomputed trips, two programs, two forms
        assertEquals(8, jammed, java);
        assertEquals(8, Pattern.compile("while \\(trips\\d* > 1\\) \\{").matcher(java).results().count(), java);
    }
}
