package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The emitter's plan ({@link Plan}) is decided on the IR alone: how deep an expression is inlined and how many
 * ops are fused into one loop depend on the ops, never on how long the generated names are.
 */
class PlanTest {

    private static Plan plan(Graph g) {
        return Plan.of(new GraphInfo(g), new boolean[g.size()], false);
    }

    /**
     * {@code sin} of a chain of {@code 1 + 2n} distinct scalar ops over parameters named {@code a} and
     * {@code b}: {@code ((a * b) * b + 1) * a + 2 …} (the constants keep common-subexpression elimination out).
     */
    private static String chain(int n, String a, String b) {
        String e = a + " * " + b;
        for (int k = 1; k <= n; k++) {
            e = "(" + e + ") * " + (k % 2 == 0 ? a : b) + " + " + k;
        }
        return "module demo.Chain; fn f(" + a + ": real, " + b + ": real) -> real { return sin(" + e + "); }";
    }

    /** The locals declared in the value method {@code f} of a generated class. */
    private static int locals(String source) {
        int start = source.indexOf("public static double f(");
        String method = source.substring(start, source.indexOf("\n    }", start));
        Matcher m = Pattern.compile("\\bdouble \\w+ = ").matcher(method);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void inlinedExpressionsAreMeasuredInOpsNotCharacters() {
        for (int n : new int[] {2, 5, 6, 7, 30}) {
            String shortNames = JavaEmitter.emit(Programs.compile(chain(n, "a", "b"))).source();
            String longNames = JavaEmitter.emit(Programs.compile(chain(n, "aVeryLongParameterNameIndeed",
                    "anotherRatherLongParameterName"))).source();
            assertEquals(locals(shortNames), locals(longNames), "chain of " + n + "\n" + shortNames + "\n" + longNames);
        }
        assertEquals(0, locals(JavaEmitter.emit(Programs.compile(chain(5, "a", "b"))).source()),
                "11 ops and the sin: one expression");
        assertEquals(1, locals(JavaEmitter.emit(Programs.compile(chain(6, "a", "b"))).source()),
                "13 ops and the sin: one local");
        assertEquals(4, locals(JavaEmitter.emit(Programs.compile(chain(30, "a", "b"))).source()),
                "61 ops and the sin: cut into expressions of at most " + Plan.MAX_INLINE_SIZE + " ops");
    }

    @Test
    void everyInlineExpressionIsWithinTheLimitAndSumsItsOperands() {
        Graph g = Derivatives.value(Programs.compile(chain(30, "a", "b")).function("f"));
        Plan p = plan(g);
        int inline = 0;
        for (Node n : g.nodes()) {
            if (p.node(n.id()) instanceof Plan.NodePlan.Inline e) {
                inline++;
                assertTrue(e.size() <= Plan.MAX_INLINE_SIZE, n + " " + e);
                int size = 1;
                for (int in : n.inputs()) {
                    if (p.node(in) instanceof Plan.NodePlan.Inline x) {
                        size += x.size();
                    }
                }
                assertEquals(size, e.size(), n.toString());
            }
        }
        assertTrue(inline > 20, "inline nodes: " + inline);
    }

    @Test
    void elementwiseChainsFuseAtMostMaxFusedDeep() {
        StringBuilder e = new StringBuilder("x");
        for (int k = 0; k < 20; k++) {
            e.insert(0, "sin(").append(")");
        }
        Graph g = Derivatives.value(Programs.compile("fn f(x: real[8]) -> real[8] { return " + e + "; }")
                .function("f"));
        Plan p = plan(g);
        int loops = 0;
        for (Node n : g.nodes()) {
            if (p.node(n.id()) instanceof Plan.NodePlan.Fused f) {
                assertTrue(f.depth() <= Plan.MAX_FUSED, n + " " + f);
            } else if (p.node(n.id()) instanceof Plan.NodePlan.Loop l) {
                loops++;
                assertTrue(l.depth() <= Plan.MAX_FUSED + 1, n + " " + l);
            }
        }
        assertEquals(3, loops, "20 sines: a loop computes its op and at most " + Plan.MAX_FUSED
                + " fused ones, 7 + 7 + 6");
        Node x = g.node(g.params().get(0));
        assertInstanceOf(Plan.NodePlan.Local.class, p.node(x.id()));
    }

    /** Every while node of g and of its regions, at every depth. */
    private static java.util.List<dev.gradc.ops.While> loops(Graph g) {
        java.util.List<dev.gradc.ops.While> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(java.util.List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (n.op() instanceof dev.gradc.ops.While w) {
                    out.add(w);
                }
                if (n.op() instanceof dev.gradc.ir.Region r) {
                    r.graphs().forEach(work::push);
                }
            }
        }
        return out;
    }

    /** The plan of loop w's body, its carried arrays owned by the loop as {@code owned} says. */
    private static Plan body(dev.gradc.ops.While w, boolean... owned) {
        boolean[] own = java.util.Arrays.copyOf(owned, w.carried());
        return Plan.ofBody(new GraphInfo(w.body()), new StoragePlan.Body(w, own));
    }

    private static Node only(Graph g, Class<?> op) {
        java.util.List<Node> found = g.nodes().stream().filter(n -> op.isInstance(n.op())).toList();
        assertEquals(1, found.size(), op.getSimpleName() + " in\n" + g);
        return found.get(0);
    }

    private static dev.gradc.ops.While onlyLoop(String program) {
        Graph g = Derivatives.value(Programs.compile(program).function("f"));
        java.util.List<dev.gradc.ops.While> loops = loops(g);
        assertEquals(1, loops.size(), g.toString());
        return loops.get(0);
    }

    @Test
    void aCarriedArrayOwnedByItsLoopIsUpdatedInPlaceElseInTwoAlternatingBuffers() {
        dev.gradc.ops.While w = onlyLoop("fn f(x: real[8], a: real[8]) -> real[8] { h = x; "
                + "for i in 0..5 { h = h + a; } return h; }");
        Node next = w.body().node(w.body().result(0));
        assertEquals(new StoragePlan.Storage.InPlace(0), body(w, true).storage.storage(next.id()));
        assertEquals(new StoragePlan.Storage.Alternating(0), body(w, false).storage.storage(next.id()),
                "not the loop's own: written into the buffer the carried value does not hold");
        assertInstanceOf(StoragePlan.Storage.Fresh.class, plan(w.body()).storage.storage(next.id()),
                "a body split into methods (no loop to allocate before) allocates");
    }

    @Test
    void anArrayNothingKeepsPastItsTripIsAllocatedOnceBeforeTheLoop() {
        dev.gradc.ops.While w = onlyLoop("fn f(W: real[8, 8], x: real[8]) -> real[8] { h = x; "
                + "for i in 0..5 { h = W @ tanh(h); } return h; }");
        Plan p = body(w, true);
        Node tanh = only(w.body(), dev.gradc.ops.Unary.class);
        Node product = only(w.body(), dev.gradc.ops.Matmul.class);
        assertInstanceOf(Plan.NodePlan.Loop.class, p.node(tanh.id()), "read by a product: an array of its own");
        assertInstanceOf(StoragePlan.Storage.Reused.class, p.storage.storage(tanh.id()));
        assertEquals(new StoragePlan.Storage.Alternating(0), p.storage.storage(product.id()),
                "the next h outlives its trip only as h, whose previous array only tanh reads");
    }

    @Test
    void aWideProductWritesTheElementwiseOpsThatConsumeItRowByRow() {
        Graph g = Derivatives.value(Programs.compile("fn f<B>(x: real[B, 32], W: real[32, 32], b: real[32]) -> "
                + "real[B, 32] { return tanh(x @ W + b); }").function("f"));
        Plan p = plan(g);
        Node product = only(g, dev.gradc.ops.Matmul.class);
        Node add = only(g, dev.gradc.ops.Binary.class);
        Node tanh = only(g, dev.gradc.ops.Unary.class);
        assertEquals(new ProductPlan.Epilogue(java.util.List.of(add.id(), tanh.id()), java.util.List.of()),
                p.products.epilogue(product.id()));
        Graph twice = Derivatives.value(Programs.compile("fn f<B>(x: real[B, 32], W: real[32, 32]) -> real[B, 32] "
                + "{ y = x @ W; return tanh(y) + y; }").function("f"));
        assertEquals(null, plan(twice).products.epilogue(only(twice, dev.gradc.ops.Matmul.class).id()),
                "a product read twice stores its own array");
    }

    @Test
    void aReverseLoopHoldsItsAccumulatedWeightAdjointAsRowsAndUpdatesItInTheProductsLoop() {
        var f = Programs.compile("fn f(W: real[16, 16], x: real[16]) -> real { h = x; "
                + "for i in 0..4 { h = tanh(W @ h); } return sum(h); }").function("f");
        Graph g = Derivatives.gradient(f, f.realParams());
        int held = 0;
        int hoisted = 0;
        int fused = 0;
        for (dev.gradc.ops.While w : loops(g)) {
            boolean[] owned = new boolean[w.carried()];
            java.util.Arrays.fill(owned, true);
            Plan p = body(w, owned);
            Graph b = w.body();
            for (int k = 0; k < b.params().size(); k++) {
                if (p.storage.holdsRows(k)) {
                    held++;
                    assertEquals(new StoragePlan.Storage.HeldRows(k), p.storage.storage(b.result(k)), w.where());
                    assertEquals(dev.gradc.ops.Binary.ADD, b.node(b.result(k)).op(), "P + v ⊗ u");
                }
                hoisted += p.storage.hoistsRows(k) ? 1 : 0;
                assertTrue(!p.storage.hoistsRows(k) || k >= w.carried(), "only invariants are copied once");
            }
            for (Node n : b.nodes()) {
                int k = p.products.fusedUpdate(n.id());
                if (k >= 0) {
                    fused++;
                    assertTrue(p.storage.holdsRows(k));
                    assertTrue(p.storage.hoisted(n.input(0)), "Aᵀv reads A's rows copied before the loop");
                }
            }
        }
        assertEquals(1, held, "WBar in the adjoint loop\n" + g);
        assertEquals(1, hoisted, "W in the adjoint loop");
        assertEquals(1, fused, "Wᵀ hBar and WBar + hBar ⊗ h in one loop");
    }
}
