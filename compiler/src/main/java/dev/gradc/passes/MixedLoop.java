package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mixed-mode reversal of a small scalar loop (docs/design.md, "Small scalar loops in forward mode"): the
 * forward loop also carries the tangents of its state in the direction of each input that needs an adjoint,
 * built by the tangent pass, and the loop's adjoint is a dot product of the result adjoints with them.
 */
final class MixedLoop {

    /** At most this many inputs of a loop may need adjoints for the loop to be differentiated in forward mode. */
    static final int MAX_DIRECTIONS = 2;

    /**
     * How a loop is differentiated in forward mode: one direction per input that needs an adjoint ({@code
     * sources}: positions among the loop's inputs, carried first), and in each direction the tangents of the
     * varied carried values ({@code carried}: their positions).
     */
    record Plan(int[] sources, int[] carried) {
    }

    /**
     * Where the rebuilt loop keeps what: its k original carried values first, then per direction q the
     * tangents of the plan's c carried values, then the invariants.
     */
    record Layout(int carried, int tangentsPerDirection, int directions) {

        /** The parameter (and result) of the tangent of the plan's carried value {@code idx} in direction q. */
        int tangent(int q, int idx) {
            return carried + q * tangentsPerDirection + idx;
        }

        /** How many tangents the loop carries. */
        int tangents() {
            return directions * tangentsPerDirection;
        }
    }

    private final Rules g;

    MixedLoop(Rules g) {
        this.g = g;
    }


    /**
     * Whether a loop is cheaper in forward mode, and how: when every varied carried value and every varied
     * real invariant is a scalar and at most {@link #MAX_DIRECTIONS} of the loop's inputs need an
     * adjoint, the forward loop carries the derivatives of its state with respect to those inputs (one
     * tangent sweep per input, as it runs), and the adjoint of the loop is a dot product with them. No state
     * is kept and no adjoint loop runs: O(1) memory instead of O(trips), one loop instead of two. Else null.
     */
    static Plan plan(Node n, While w, boolean[] varied, Graph graph) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        Graph body = w.body();
        boolean[] inVaried = LoopInputs.inputsVaried(n, varied);
        boolean[] cv = Activity.variedCarried(w, inVaried);
        List<Integer> sources = new ArrayList<>();
        List<Integer> carried = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (cv[j]) {
                if (!isRealScalar(body.type(body.params().get(j)))) {
                    return null;
                }
                carried.add(j);
                if (inVaried[j]) {
                    sources.add(j);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            if (inVaried[k + i] && Activity.isReal(graph.type(n.input(k + i)))) {
                if (!isRealScalar(graph.type(n.input(k + i)))) {
                    return null;
                }
                sources.add(k + i);
            }
        }
        if (sources.isEmpty() || sources.size() > MAX_DIRECTIONS || carried.isEmpty()
                || sources.size() > 1 && hasRegion(body) || dev.gradc.ops.CustomRule.reverseOnly(body)) {
            return null;
        }
        return new Plan(sources.stream().mapToInt(Integer::intValue).toArray(),
                carried.stream().mapToInt(Integer::intValue).toArray());
    }


    /**
     * The forward loop of a {@link #plan}: it carries its state, then per direction the tangents of
     * the varied carried values (starting from the unit tangent of the direction's input), then its
     * invariants. Results: the original carried values, then the tangents, direction by direction.
     */
    int forward(Node n, While w, Plan plan, int[] fwd) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int c = plan.carried().length;
        int d = plan.sources().length;
        Layout layout = new Layout(k, c, d);
        Graph body = w.body();
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        g.builder().setSpan(n.span());
        LoopInputs.addCarried(n, body, k, fwd, types, labels, inputs);
        for (int q = 0; q < d; q++) {
            int source = plan.sources()[q];
            for (int j : plan.carried()) {
                types.add(body.type(body.params().get(j)));
                labels.add(tangentLabel(body, j, source, d));
                inputs.add(j == source ? g.constant(1.0) : g.zerosLike(fwd[n.input(j)]));
            }
        }
        LoopInputs.addInvariants(n, body, k, fwd, types, labels, inputs);
        Rules cg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] cp = Copy.params(cg);
        int[] cm = Copy.graph(cg, w.condition(), LoopInputs.withoutExtras(cp, k, layout.tangents(), m));
        Rules bg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] bp = Copy.params(bg);
        int[] orig = LoopInputs.withoutExtras(bp, k, layout.tangents(), m);
        List<Integer> results = new ArrayList<>();
        List<Integer> tangents = new ArrayList<>();
        for (int q = 0; q < d; q++) {
            int[] origTan = new int[k + m];
            Arrays.fill(origTan, Primitive.NONE);
            for (int idx = 0; idx < c; idx++) {
                origTan[plan.carried()[idx]] = bp[layout.tangent(q, idx)];
            }
            int source = plan.sources()[q];
            if (source >= k) {
                origTan[source] = bg.constant(1.0);
            }
            Tangent.Result r = new Tangent(bg).run(body, orig, origTan);
            if (q == 0) {
                for (int j = 0; j < k; j++) {
                    results.add(r.forward()[body.result(j)]);
                }
            }
            for (int j : plan.carried()) {
                int t = r.tangent()[body.result(j)];
                tangents.add(t == Primitive.NONE ? bg.zerosLike(r.forward()[body.result(j)]) : t);
            }
        }
        results.addAll(tangents);
        While tl = new While(cg.builder().build(List.of(cm[w.condition().result(0)])),
                bg.builder().build(results), k + layout.tangents(), w.where(), null,
                LoopInputs.moved(w, layout.tangents()));
        g.builder().setSpan(n.span());
        return g.region(tl, tl.resultType(), inputs);
    }


    /**
     * The adjoint contributions to the loop's inputs (carried, then invariants; {@link Primitive#NONE} where
     * none): for each direction's input, the sum over the varied carried results of their adjoint times their
     * tangent in that direction (the transposed Jacobian applied to the adjoints). A result whose seed has a
     * path only when {@code resultPaths} says so (per result: NONE always; null: always) adds its term only
     * then ({@link TripPaths}: a zero adjoint times a NaN tangent adds nothing); {@code path} gets, per carried
     * input, when its contribution has one.
     */
    int[] adjoint(Node n, While w, Plan plan, int[] fwd, int[] resultBar, int[] resultPaths, int[] path) {
        int k = w.carried();
        int c = plan.carried().length;
        Layout layout = new Layout(k, c, plan.sources().length);
        int node = fwd[n.id()];
        int[] contributions = new int[n.inputs().size()];
        Arrays.fill(contributions, Primitive.NONE);
        for (int q = 0; q < plan.sources().length; q++) {
            int sum = Primitive.NONE;
            int reached = Primitive.NONE;
            boolean always = false;
            for (int idx = 0; idx < c; idx++) {
                int j = plan.carried()[idx];
                if (resultBar[j] == Primitive.NONE) {
                    continue;
                }
                g.builder().setRole(Node.Role.FORWARD);
                int tangent = g.proj(node, layout.tangent(q, idx));
                g.builder().label(tangent, tangentLabel(w.body(), j, plan.sources()[q], plan.sources().length));
                g.builder().setRole(Node.Role.ADJOINT);
                int term = g.mul(resultBar[j], tangent);
                int when = resultPaths == null ? Primitive.NONE : resultPaths[j];
                if (when != Primitive.NONE) {
                    term = g.where(when, term, g.constant(0));
                    reached = reached == Primitive.NONE ? when : g.apply(dev.gradc.ops.Logic.OR, reached, when);
                } else {
                    always = true;
                }
                sum = sum == Primitive.NONE ? term : g.add(sum, term);
            }
            contributions[plan.sources()[q]] = sum;
            if (sum != Primitive.NONE && !always && plan.sources()[q] < k) {
                path[plan.sources()[q]] = reached;
            }
        }
        return contributions;
    }


    private static boolean isRealScalar(Type t) {
        return t instanceof Type.Real r && r.isScalar();
    }


    /** Whether a graph holds a loop or a cond (which one tangent sweep per direction would repeat). */
    private static boolean hasRegion(Graph graph) {
        for (Node n : graph.nodes()) {
            if (n.op() instanceof dev.gradc.ir.Region) {
                return true;
            }
        }
        return false;
    }


    /** {@code bDot} for ∂b/∂(the one input); with two directions {@code yDotX} for ∂y/∂x. */
    private static String tangentLabel(Graph body, int carried, int source, int directions) {
        String l = body.node(body.params().get(carried)).label();
        String by = directions == 1 ? "" : body.node(body.params().get(source)).label();
        if (l == null || by == null) {
            return null;
        }
        return l + "Dot" + (by.isEmpty() ? "" : Character.toUpperCase(by.charAt(0)) + by.substring(1));
    }
}
