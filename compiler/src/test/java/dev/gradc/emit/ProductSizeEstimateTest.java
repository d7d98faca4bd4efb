package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.ClassBytes;
import dev.gradc.ir.Graph;
import dev.gradc.ir.SharedRegions;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The code-size estimate ({@link CodeSize}) of a matrix product follows the form {@link ProductForms#of} gives and
 * {@link MatmulCode} / {@link BlockedProduct} write: for a function of one product of each form (numbers and size
 * names, {@code Aᵀv}, {@code A·B} narrow and wide, {@code A·Bᵀ}, {@code Aᵀ·B}, a vector times a matrix, products
 * in a loop), the estimated loops are the loops of the method javac compiles (its backward branches, {@link
 * MethodSizes#loops}; a loop's own one is not counted), and the estimated bytes are at least the method's bytecode
 * (both its forms, allocating and workspace: the estimate decides splitting, so it must not fall short) and at
 * most {@value #TOLERANCE} times it. On the old estimate (every product 120 bytes and 3 loops) both fail: a fixed
 * 3×5 matrix times a vector is 2 loops, {@code Aᵀv} with size names none (a call), and with size names a blocked
 * product of 269 bytes was estimated 176.
 */
class ProductSizeEstimateTest {

    /** How far above the real bytecode the estimate of a method of one product may be. */
    static final double TOLERANCE = 1.8;

    static final String[][] PROGRAMS = {
        {"mv", "fn f(A: real[3, 5], x: real[5]) -> real[3] { return A @ x; }"},
        {"mvBlocks", "fn f(A: real[8, 5], x: real[5]) -> real[8] { return A @ x; }"},
        {"mvNames", "fn f<N, M>(A: real[N, M], x: real[M]) -> real[N] { return A @ x; }"},
        {"atv", "fn f(A: real[5, 3], x: real[5]) -> real[3] { return transpose(A) @ x; }"},
        {"atvBlocks", "fn f(A: real[5, 16], x: real[5]) -> real[16] { return transpose(A) @ x; }"},
        {"atvNames", "fn f<N, M>(A: real[N, M], x: real[N]) -> real[M] { return transpose(A) @ x; }"},
        {"ab", "fn f(A: real[3, 5], B: real[5, 4]) -> real[3, 4] { return A @ B; }"},
        {"abRest", "fn f(A: real[3, 5], B: real[5, 3]) -> real[3, 3] { return A @ B; }"},
        {"abWide", "fn f(A: real[3, 5], B: real[5, 20]) -> real[3, 20] { return A @ B; }"},
        {"abNames", "fn f<N, K, M>(A: real[N, K], B: real[K, M]) -> real[N, M] { return A @ B; }"},
        {"abFewRows", "fn f(A: real[2, 8], B: real[8, 20]) -> real[2, 20] { return A @ B; }"},
        {"abt", "fn f(A: real[3, 5], B: real[4, 5]) -> real[3, 4] { return A @ transpose(B); }"},
        {"abtWide", "fn f(A: real[3, 5], B: real[20, 5]) -> real[3, 20] { return A @ transpose(B); }"},
        {"atbNames", "fn f<K, N, M>(A: real[K, N], B: real[K, M]) -> real[N, M] {"
                + " return transpose(A) @ B; }"},
        {"atbWide", "fn f(A: real[5, 20], B: real[5, 3]) -> real[20, 3] { return transpose(A) @ B; }"},
        {"dot", "fn f(x: real[5], y: real[5]) -> real { return x @ y; }"},
        {"xA", "fn f(x: real[5], A: real[5, 7]) -> real[7] { return x @ A; }"},
        {"xANames", "fn f<N, M>(x: real[N], A: real[N, M]) -> real[M] { return x @ A; }"},
        {"loopAtv", "fn f(A: real[4, 4], x: real[4]) -> real[4] {"
                + " y = x; for i in 0..3 { y = tanh(transpose(A) @ y); } return y; }"},
        {"loopAtvNames", "fn f<N>(A: real[N, N], x: real[N]) -> real[N] {"
                + " y = x; for i in 0..3 { y = tanh(transpose(A) @ y); } return y; }"},
        {"loopAv", "fn f<N>(A: real[N, N], x: real[N]) -> real[N] {"
                + " y = x; for i in 0..3 { y = tanh(A @ y); } return y; }"},
        {"loopAB", "fn f<N>(A: real[N, N], B: real[N, N]) -> real[N, N] {"
                + " y = B; for i in 0..3 { y = tanh(A @ y); } return y; }"},
        {"loopABt", "fn f<N>(A: real[N, N], B: real[N, N]) -> real[N, N] {"
                + " y = B; for i in 0..3 { y = tanh(y @ transpose(A)); } return y; }"},
    };

    @Test
    void theEstimateOfEachProductFormFollowsTheCodeJavacCompiles() {
        List<String> wrong = new ArrayList<>();
        for (String[] p : PROGRAMS) {
            ModuleIr ir = Programs.compile(new SourceFile(p[0] + ".grad", "module est." + p[0] + ";\n" + p[1] + "\n"));
            FunctionIr f = ir.functions().get(0);
            Graph g = Derivatives.value(f);
            CodeSize sizes = new CodeSize(SharedRegions.of(g));
            int bytes = sizes.graph(g) + CodeSize.around(f.params().size(), g.results().size());
            int loops = sizes.loops(g) + (p[1].contains(" for ") ? 1 : 0);
            int smallest = Integer.MAX_VALUE;
            int largest = 0;
            int realLoops = -1;
            for (byte[] c : ClassBytes.of(JavaEmitter.emit(ir)).values()) {
                Map<String, Integer> methodLoops = MethodSizes.loops(c);
                for (Map.Entry<String, Integer> m : MethodSizes.of(c).entrySet()) {
                    if (m.getKey().startsWith("f(")) {
                        smallest = Math.min(smallest, m.getValue());
                        largest = Math.max(largest, m.getValue());
                        realLoops = Math.max(realLoops, methodLoops.get(m.getKey()));
                    }
                }
            }
            String seen = p[0] + ": estimated " + bytes + " bytes and " + loops + " loops, javac " + smallest + "–"
                    + largest + " bytes and " + realLoops + " loops";
            System.out.println("ProductSizeEstimateTest " + seen);
            if (loops != realLoops || bytes < largest || bytes > TOLERANCE * smallest) {
                wrong.add(seen);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aProductOfEachFormIsAmongThePrograms() {
        java.util.Set<ProductForms.Form> forms = java.util.EnumSet.noneOf(ProductForms.Form.class);
        for (String[] p : PROGRAMS) {
            String text = "module est." + p[0] + ";\n" + p[1] + "\n";
            Graph g = Derivatives.value(Programs.compile(new SourceFile(p[0] + ".grad", text)).functions().get(0));
            collect(g, forms, false);
        }
        assertEquals(java.util.EnumSet.allOf(ProductForms.Form.class), forms);
    }

    private static void collect(Graph g, java.util.Set<ProductForms.Form> forms, boolean body) {
        GraphInfo info = new GraphInfo(g);
        for (dev.gradc.ir.Node n : g.nodes()) {
            if (n.op() instanceof dev.gradc.ops.Matmul) {
                boolean hoisted = body && g.params().contains(info.rep(n.input(0)))
                        && ProductForms.readsRows(g, info, info.rep(n.input(0)));
                forms.add(ProductForms.of(info, n, hoisted));
            } else if (n.op() instanceof dev.gradc.ir.Region r) {
                for (Graph sub : r.graphs()) {
                    collect(sub, forms, r instanceof dev.gradc.ops.While w && sub == w.body());
                }
            }
        }
    }
}
