package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reversal of a loop whose trips are independent but for a sum (docs/design.md, "Loops of independent trips"):
 * {@code for i in 0..N { p = ...; r = y[i] - p; s = s + r * r; }} runs each trip's adjoint right after the trip,
 * in forward order, with no stack and no adjoint loop. The loop's adjoints are linear in the sum's adjoint, which
 * the code after the loop computes later (it may read s: {@code return s * s}): so a trip adds its adjoints for
 * the seed 1 on the sum into adjoints the loop carries ({@code cBar}), and the loop's adjoint scales those by
 * {@code sBar} once. The order of the additions into {@code cBar} changes (forward, and the scaling after), so
 * the results agree with the adjoint loop's to rounding, not bit for bit.
 *
 * <p>When it holds ({@link #plan}): the one carried value that varies is a scalar real <em>sum</em>, whose next
 * value is {@code s + e}, {@code e + s} or {@code s - e} with e not reading s, and which nothing else reads —
 * neither the body (not even the new value: only as the body's result) nor the condition. A trip's varied values
 * then depend only on the loop's invariants and its non-varied carried values (counters, ints, values no varied
 * input reaches), which are the trip's own whether its adjoint runs now or in an adjoint loop; the final sum is
 * {@code s0 ± Σ e(trip)}, whose derivative with respect to an invariant x is {@code ± Σ ∂e/∂x}, and with respect
 * to {@code s0} is 1. The body's regions (an inner loop, a cond) are reversed within the trip, as in any graph.
 * One sum only: a second would sweep the body's adjoint again per trip, for its own unit seed.
 */
final class IndependentTrips {

    /**
     * Which carried value is the sum ({@code sum}: its position among the carried values) and which inputs get
     * adjoints ({@code sources}: positions of the varied real invariants among the loop's inputs).
     */
    record Plan(int sum, int[] sources) {
    }

    private final Rules g;
    private final GradientPass.Loops loops;

    IndependentTrips(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /** The plan of a loop whose trips are independent but for sums (see the class), or null. */
    static Plan plan(Node n, While w, boolean[] varied) {
        if (w.checkpoint() != null || StackChains.carriesStack(w) || CheckpointJournal.journaled(w)) {
            return null;
        }
        int k = w.carried();
        Graph body = w.body();
        boolean[] inVaried = LoopInputs.inputsVaried(n, varied);
        boolean[] cv = Activity.variedCarried(w, inVaried);
        int[] readers = readers(body);
        int[] conditionReaders = readers(w.condition());
        int sum = -1;
        for (int j = 0; j < k; j++) {
            int param = body.params().get(j);
            if (!cv[j]) {
                continue;
            }
            if (!(body.type(param) instanceof Type.Real r && r.isScalar()) || !sum(body, j, readers)
                    || conditionReaders[w.condition().params().get(j)] > 0 || sum >= 0) {
                return null;
            }
            sum = j;
        }
        List<Integer> sources = new ArrayList<>();
        for (int q = k; q < n.inputs().size(); q++) {
            if (inVaried[q] && Activity.isReal(body.type(body.params().get(q)))) {
                sources.add(q);
            }
        }
        return sum < 0 ? null : new Plan(sum, sources.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Whether carried value j is a sum: the body's result j is {@code s + e}, {@code e + s} or {@code s - e} of its
     * parameter s, which that node alone reads (once), and which nothing in the body reads but as result j.
     */
    private static boolean sum(Graph body, int j, int[] readers) {
        int param = body.params().get(j);
        Node next = body.node(body.result(j));
        if (!(next.op() instanceof Binary op) || next.inputs().size() != 2 || readers[param] != 1
                || readers[next.id()] != 0 || body.results().indexOf(next.id()) != j
                || body.results().lastIndexOf(next.id()) != j || next.input(0) == next.input(1)) {
            return false;
        }
        return op == Binary.ADD && (next.input(0) == param || next.input(1) == param)
                || op == Binary.SUB && next.input(0) == param;
    }

    /** Whether a graph holds a loop or a cond. */
    static boolean hasRegion(Graph graph) {
        return graph.nodes().stream().anyMatch(x -> x.op() instanceof Region);
    }

    /** Per node of graph, how many times the nodes of the graph read it (results not counted). */
    private static int[] readers(Graph graph) {
        int[] count = new int[graph.size()];
        for (Node x : graph.nodes()) {
            for (int in : x.inputs()) {
                count[in]++;
            }
        }
        return count;
    }

    /**
     * The rebuilt loop: it carries its values, then per source the source's adjoint per unit of the sum's adjoint
     * (from zero), then its invariants; each trip runs the body, then its adjoint with seed 1 on the sum (−1 on
     * e for {@code s - e} is the body's own rule), adding into those. Results: the carried values, then the
     * adjoints.
     */
    int forward(Node n, While w, Plan plan, int[] fwd) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int extras = plan.sources().length;
        Graph body = w.body();
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        g.builder().setSpan(n.span());
        LoopInputs.addCarried(n, body, k, fwd, types, labels, inputs);
        for (int source : plan.sources()) {
            String label = label(body, source);
            types.add(body.type(body.params().get(source)));
            labels.add(label);
            int zeros = g.zerosLike(fwd[n.input(source)]);
            if (label != null) {
                g.builder().label(zeros, label);
            }
            inputs.add(zeros);
        }
        LoopInputs.addInvariants(n, body, k, fwd, types, labels, inputs);
        Rules cg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] cm = Copy.graph(cg, w.condition(), LoopInputs.withoutExtras(Copy.params(cg), k, extras, m));
        Rules bg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] bp = Copy.params(bg);
        boolean[] paramVaried = new boolean[k + m];
        int[] seeds = new int[k];
        Arrays.fill(seeds, Primitive.NONE);
        seeds[plan.sum()] = bg.constant(1.0);
        int[] start = new int[k + m];
        Arrays.fill(start, Primitive.NONE);
        for (int q = 0; q < extras; q++) {
            paramVaried[plan.sources()[q]] = true;
            start[plan.sources()[q]] = bp[k + q];
        }
        Reverse.Result trip = new Reverse(bg, loops).run(body, LoopInputs.withoutExtras(bp, k, extras, m),
                paramVaried, seeds, null, start);
        List<Integer> results = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            results.add(trip.forward()[body.result(j)]);
        }
        for (int q = 0; q < extras; q++) {
            int a = trip.paramAdjoints()[plan.sources()[q]];
            results.add(a == Primitive.NONE ? bp[k + q] : a);
        }
        While fused = new While(cg.builder().build(List.of(cm[w.condition().result(0)])),
                bg.builder().build(results), k + extras, w.where(), null, LoopInputs.moved(w, extras));
        g.builder().setSpan(n.span());
        return g.region(fused, fused.resultType(), inputs);
    }

    /**
     * The loop's adjoint contributions (carried, then invariants; NONE where none): the sum's start gets the sum's
     * adjoint, a source the sum's adjoint times its adjoint per unit of it. When the sum's seed has a path only
     * as {@code resultPaths} says, the sources' terms are added only then (a zero adjoint times an infinite one
     * adds nothing), and the start's contribution has that path.
     */
    int[] adjoint(Node n, While w, Plan plan, int[] fwd, int[] resultBar, int[] resultPaths, int[] path) {
        int k = w.carried();
        int[] contributions = new int[n.inputs().size()];
        Arrays.fill(contributions, Primitive.NONE);
        int sumBar = resultBar[plan.sum()];
        if (sumBar == Primitive.NONE) {
            return contributions;
        }
        int when = resultPaths == null ? Primitive.NONE : resultPaths[plan.sum()];
        contributions[plan.sum()] = sumBar;
        path[plan.sum()] = when;
        for (int q = 0; q < plan.sources().length; q++) {
            g.builder().setRole(Node.Role.FORWARD);
            int unit = g.proj(fwd[n.id()], k + q);
            g.builder().label(unit, label(w.body(), plan.sources()[q]));
            g.builder().setRole(Node.Role.ADJOINT);
            int term = g.mul(sumBar, unit);
            contributions[plan.sources()[q]] = when == Primitive.NONE ? term : g.where(when, term, g.zerosLike(term));
        }
        return contributions;
    }

    /** {@code cBar}: the adjoint of invariant c per unit of the sum's adjoint. */
    private static String label(Graph body, int source) {
        String l = body.node(body.params().get(source)).label();
        return l == null ? null : l + "Bar";
    }
}
