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
}
