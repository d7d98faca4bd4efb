package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The core of reverse mode: copies a graph into a builder (the forward part) and appends its adjoint nodes.
 * Regions recurse: a loop's adjoint is a loop that pops the state the forward loop pushed, recomputes one
 * iteration from it and applies that iteration's adjoint; a cond's adjoint is a cond on the same predicate.
 */
final class Reverse {

    /** At most this many inputs of a loop may need adjoints for the loop to be differentiated in forward mode. */
    static final int MAX_LOOP_DIRECTIONS = 2;

    private final Rules g;
    private final boolean mixedLoops;
    /** The loops differentiated in forward mode as they run, by original node id. */
    private final Map<Integer, LoopTangents> loopTangents = new HashMap<>();
    /** The loops whose adjoint keeps snapshots instead of every state ({@link CheckpointLoop}), by original id. */
    private final java.util.Set<Integer> checkpointed = new java.util.HashSet<>();

    /**
     * @param mixedLoops whether loops whose differentiated state is a few scalars depending on a few inputs are
     *     differentiated in forward mode inside the forward loop (see {@link #tangentPlan}); else every loop gets
     *     an adjoint loop
     */
    Reverse(Rules g, boolean mixedLoops) {
        this.g = g;
        this.mixedLoops = mixedLoops;
    }

    /**
     * How a loop is differentiated in forward mode: one direction per input that needs an adjoint ({@code
     * sources}: positions among the loop's inputs, carried first), and in each direction the tangents of the
     * varied carried values ({@code carried}: their positions).
     */
    private record LoopTangents(int[] sources, int[] carried) {
    }

    /** The copied forward nodes (by original id) and the adjoints of the graph's parameters (or NONE). */
    record Result(int[] forward, int[] paramAdjoints) {
    }

    Result run(Graph graph, int[] params, boolean[] paramVaried, int[] seeds) {
        return run(graph, params, paramVaried, seeds, null);
    }

    /**
     * As {@link #run(Graph, int[], boolean[], int[])}, but nodes with an entry in {@code known} (by original
     * id) are not recomputed: the given value, equal to what they would compute, is used instead.
     */
    Result run(Graph graph, int[] params, boolean[] paramVaried, int[] seeds, Map<Integer, Integer> known) {
        boolean[] varied = Activity.varied(graph, paramVaried);
        boolean[] toSeed = new boolean[graph.size()];
        for (int r = 0; r < graph.results().size(); r++) {
            if (seeds[r] != Primitive.NONE) {
                toSeed[graph.result(r)] = true;
            }
        }
        for (int i = graph.size() - 1; i >= 0; i--) {
            if (toSeed[i]) {
                for (int in : graph.node(i).inputs()) {
                    toSeed[in] = true;
                }
            }
        }
        boolean[] active = new boolean[graph.size()];
        for (int i = 0; i < active.length; i++) {
            active[i] = varied[i] && toSeed[i];
        }
        int[] fwd = forward(graph, params, varied, active, known == null ? Map.of() : known);
        int[] bar = new int[graph.size()];
        Arrays.fill(bar, Primitive.NONE);
        int[][] tupleBar = new int[graph.size()][];
        Node.Role saved = g.builder().role();
        g.builder().setRole(Node.Role.ADJOINT);
        for (int r = 0; r < graph.results().size(); r++) {
            if (seeds[r] != Primitive.NONE && active[graph.result(r)]) {
                accumulate(bar, graph.result(r), seeds[r], graph);
            }
        }
        for (int i = graph.size() - 1; i >= 0; i--) {
            Node n = graph.node(i);
            if (active[i] && bar[i] != Primitive.NONE && n.label() != null
                    && (!(n.op() instanceof Param) || g.node(bar[i]).role() == Node.Role.ADJOINT)) {
                g.builder().label(bar[i], n.label() + "Bar"); // a parameter's adjoint too: W1Bar, not t19
            }
            if (!active[i] || n.op() instanceof Param) {
                continue;
            }
            g.builder().setSpan(n.span());
            if (n.op() instanceof Proj p) {
                if (bar[i] != Primitive.NONE) {
                    int t = n.input(0);
                    if (tupleBar[t] == null) {
                        tupleBar[t] = new int[((Type.Tuple) graph.type(t)).parts().size()];
                        Arrays.fill(tupleBar[t], Primitive.NONE);
                    }
                    tupleBar[t][p.index()] = tupleBar[t][p.index()] == Primitive.NONE ? bar[i]
                            : g.add(tupleBar[t][p.index()], bar[i]);
                }
            } else if (n.op() instanceof While w) {
                LoopTangents plan = loopTangents.get(i);
                if (tupleBar[i] != null && plan != null) {
                    tangentAdjoints(n, w, plan, fwd, tupleBar[i], bar, graph);
                } else if (tupleBar[i] != null && checkpointed.contains(i)) {
                    int[] adj = new CheckpointAdjoint(g, mixedLoops).adjoint(n, w, fwd, varied, tupleBar[i], graph);
                    for (int q = 0; q < adj.length; q++) {
                        if (adj[q] != Primitive.NONE) {
                            accumulate(bar, n.input(q), adj[q], graph);
                        }
                    }
                } else if (tupleBar[i] != null) {
                    loop(n, w, fwd, varied, tupleBar[i], bar, graph);
                }
            } else if (n.op() instanceof Cond c) {
                if (tupleBar[i] != null) {
                    branch(n, c, fwd, varied, tupleBar[i], bar, graph);
                }
            } else if (bar[i] != Primitive.NONE) {
                primitive(n, fwd, active, bar, graph);
            }
        }
        g.builder().setRole(saved);
        int[] adj = new int[params.length];
        for (int i = 0; i < params.length; i++) {
            adj[i] = bar[graph.params().get(i)];
        }
        return new Result(fwd, adj);
    }

    private int[] forward(Graph graph, int[] params, boolean[] varied, boolean[] active, Map<Integer, Integer> known) {
        int[] fwd = new int[graph.size()];
        for (int i = 0; i < graph.params().size(); i++) {
            fwd[graph.params().get(i)] = params[i];
        }
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            Integer given = known.get(n.id());
            if (given != null) {
                fwd[n.id()] = given;
            } else if (n.op() instanceof While w && active[n.id()]) {
                LoopTangents plan = mixedLoops ? tangentPlan(n, w, varied, graph) : null;
                if (plan != null) {
                    loopTangents.put(n.id(), plan);
                    fwd[n.id()] = tangentLoop(n, w, plan, fwd);
                } else if (CheckpointLoop.requested(w)) {
                    checkpointed.add(n.id());
                    fwd[n.id()] = new CheckpointLoop(g).forward(n, w, fwd);
                } else {
                    fwd[n.id()] = augment(n, w, fwd);
                }
            } else {
                fwd[n.id()] = Copy.node(g, n, fwd);
            }
        }
        return fwd;
    }

    private void primitive(Node n, int[] fwd, boolean[] active, int[] bar, Graph graph) {
        Primitive op = (Primitive) n.op();
        int[] in = new int[n.inputs().size()];
        boolean[] need = new boolean[in.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = fwd[n.input(k)];
            need[k] = active[n.input(k)];
        }
        int[] contributions = op.vjp(g, n, in, fwd[n.id()], bar[n.id()], need);
        for (int k = 0; k < in.length; k++) {
            if (need[k] && contributions[k] != Primitive.NONE) {
                accumulate(bar, n.input(k), fit(contributions[k], g.shape(in[k])), graph);
            }
        }
    }

    private void accumulate(int[] bar, int id, int contribution, Graph graph) {
        bar[id] = bar[id] == Primitive.NONE ? contribution : g.add(bar[id], contribution);
    }

    /** Un-broadcasts an adjoint contribution to the shape of the input it belongs to, once, here. */
    private int fit(int contribution, Shape target) {
        Shape s = g.shape(contribution);
        if (s.equals(target)) {
            return contribution;
        }
        if (s.rank() > target.rank()) {
            return g.unbroadcast(contribution, target);
        }
        return g.broadcastTo(contribution, target);
    }

    // ---- while loops

    /**
     * Whether a loop is cheaper in forward mode, and how: when every varied carried value and every varied
     * real invariant is a scalar and at most {@link #MAX_LOOP_DIRECTIONS} of the loop's inputs need an
     * adjoint, the forward loop carries the derivatives of its state with respect to those inputs (one
     * tangent sweep per input, as it runs), and the adjoint of the loop is a dot product with them. No state
     * is kept and no adjoint loop runs: O(1) memory instead of O(trips), one loop instead of two. Else null.
     */
    private LoopTangents tangentPlan(Node n, While w, boolean[] varied, Graph graph) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        Graph body = w.body();
        boolean[] inVaried = inputsVaried(n, varied);
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
        if (sources.isEmpty() || sources.size() > MAX_LOOP_DIRECTIONS || carried.isEmpty()
                || sources.size() > 1 && hasRegion(body)) {
            return null;
        }
        return new LoopTangents(sources.stream().mapToInt(Integer::intValue).toArray(),
                carried.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Per input of node n (a loop's carried values, then its invariants), whether it varies. */
    private static boolean[] inputsVaried(Node n, boolean[] varied) {
        boolean[] v = new boolean[n.inputs().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = varied[n.input(i)];
        }
        return v;
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

    /**
     * The forward loop of a {@link #tangentPlan}: it carries its state, then per direction the tangents of
     * the varied carried values (starting from the unit tangent of the direction's input), then its
     * invariants. Results: the original carried values, then the tangents, direction by direction.
     */
    private int tangentLoop(Node n, While w, LoopTangents plan, int[] fwd) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int c = plan.carried().length;
        int d = plan.sources().length;
        Graph body = w.body();
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        g.builder().setSpan(n.span());
        for (int j = 0; j < k; j++) {
            types.add(body.type(body.params().get(j)));
            labels.add(body.node(body.params().get(j)).label());
            inputs.add(fwd[n.input(j)]);
        }
        for (int q = 0; q < d; q++) {
            int source = plan.sources()[q];
            for (int j : plan.carried()) {
                types.add(body.type(body.params().get(j)));
                labels.add(tangentLabel(body, j, source, d));
                inputs.add(j == source ? g.constant(1.0) : g.zerosLike(fwd[n.input(j)]));
            }
        }
        addInvariants(n, body, k, fwd, types, labels, inputs);
        Rules cg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] cp = Copy.params(cg);
        int[] cm = Copy.graph(cg, w.condition(), withoutExtras(cp, k, d * c, m));
        Rules bg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] bp = Copy.params(bg);
        int[] orig = withoutExtras(bp, k, d * c, m);
        List<Integer> results = new ArrayList<>();
        List<Integer> tangents = new ArrayList<>();
        for (int q = 0; q < d; q++) {
            int[] origTan = new int[k + m];
            Arrays.fill(origTan, Primitive.NONE);
            for (int idx = 0; idx < c; idx++) {
                origTan[plan.carried()[idx]] = bp[k + q * c + idx];
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
                bg.builder().build(results), k + d * c, w.where());
        g.builder().setSpan(n.span());
        return g.region(tl, tl.resultType(), inputs);
    }

    /** Appends a forward loop's invariants (its inputs after the k carried ones) as parameters of a rebuilt loop. */
    private static void addInvariants(Node n, Graph body, int k, int[] fwd, List<Type> types, List<String> labels,
                                      List<Integer> inputs) {
        for (int i = k; i < n.inputs().size(); i++) {
            types.add(body.type(body.params().get(i)));
            labels.add(body.node(body.params().get(i)).label());
            inputs.add(fwd[n.input(i)]);
        }
    }

    /**
     * The parameters of the original loop (k carried, then m invariants) among those of a rebuilt loop that
     * carries {@code extras} more values between them (tangents; or a trip count and stacks).
     */
    private static int[] withoutExtras(int[] p, int k, int extras, int m) {
        int[] o = new int[k + m];
        System.arraycopy(p, 0, o, 0, k);
        System.arraycopy(p, k + extras, o, k, m);
        return o;
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

    /**
     * The adjoints of a tangent loop's inputs: for each direction, the sum over the varied carried results of
     * their adjoint times their tangent in that direction (the transposed Jacobian applied to the adjoints).
     */
    private void tangentAdjoints(Node n, While w, LoopTangents plan, int[] fwd, int[] resultBar, int[] bar,
                                 Graph graph) {
        int k = w.carried();
        int c = plan.carried().length;
        int node = fwd[n.id()];
        for (int q = 0; q < plan.sources().length; q++) {
            int sum = Primitive.NONE;
            for (int idx = 0; idx < c; idx++) {
                int j = plan.carried()[idx];
                if (resultBar[j] == Primitive.NONE) {
                    continue;
                }
                g.builder().setRole(Node.Role.FORWARD);
                int tangent = g.proj(node, k + q * c + idx);
                g.builder().label(tangent, tangentLabel(w.body(), j, plan.sources()[q], plan.sources().length));
                g.builder().setRole(Node.Role.ADJOINT);
                int term = g.mul(resultBar[j], tangent);
                sum = sum == Primitive.NONE ? term : g.add(sum, term);
            }
            if (sum != Primitive.NONE) {
                accumulate(bar, n.input(plan.sources()[q]), sum, graph);
            }
        }
    }

    /**
     * The forward loop, rebuilt to keep what its adjoint needs: an iteration counter and, per iteration,
     * the carried values at the start of the iteration, on one stack each. Loop invariants are never kept.
     * Results: the original carried values, then the count, then the stacks.
     */
    private int augment(Node n, While w, int[] fwd) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        Graph body = w.body();
        for (int j = 0; j < k; j++) {
            types.add(body.type(body.params().get(j)));
            labels.add(body.node(body.params().get(j)).label());
            inputs.add(fwd[n.input(j)]);
        }
        types.add(Type.INT);
        labels.add("trips");
        inputs.add(g.intConstant(0));
        for (int j = 0; j < k; j++) {
            Type t = types.get(j);
            types.add(new Type.Stack(t));
            labels.add(labels.get(j) == null ? null : labels.get(j) + "Kept");
            inputs.add(g.apply(new StackNew(t)));
        }
        addInvariants(n, body, k, fwd, types, labels, inputs);
        Rules cg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] cp = Copy.params(cg);
        int[] cm = Copy.graph(cg, w.condition(), withoutExtras(cp, k, k + 1, m));
        Rules bg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] bp = Copy.params(bg);
        List<Integer> results = new ArrayList<>();
        int[] pushed = new int[k];
        for (int j = 0; j < k; j++) {
            pushed[j] = bg.apply(new Push(), bp[k + 1 + j], bp[j]);
        }
        int trips = bg.add(bp[k], bg.intConstant(1));
        int[] bm = Copy.graph(bg, body, withoutExtras(bp, k, k + 1, m));
        for (int j = 0; j < k; j++) {
            results.add(bm[body.result(j)]);
        }
        results.add(trips);
        for (int j = 0; j < k; j++) {
            results.add(pushed[j]);
        }
        While aug = new While(cg.builder().build(List.of(cm[w.condition().result(0)])),
                bg.builder().build(results), 2 * k + 1, w.where());
        g.builder().setSpan(n.span());
        return g.region(aug, aug.resultType(), inputs);
    }

    /** Appends the adjoint loop of an augmented forward loop and accumulates its inputs' adjoints. */
    private void loop(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, int[] bar, Graph graph) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int node = fwd[n.id()];
        boolean[] inVaried = inputsVaried(n, varied);
        boolean[] cv = Activity.variedCarried(w, inVaried);
        boolean[] iv = new boolean[m];
        for (int i = 0; i < m; i++) {
            iv[i] = inVaried[k + i] && Activity.isReal(graph.type(n.input(k + i)));
        }
        Graph body = w.body();
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        // the trip count and the stacks are results of the forward loop: forward values, drawn as such
        g.builder().setRole(Node.Role.FORWARD);
        types.add(Type.INT);
        labels.add("trips");
        inputs.add(g.proj(node, k));
        for (int j = 0; j < k; j++) {
            types.add(new Type.Stack(body.type(body.params().get(j))));
            labels.add(null);
            inputs.add(g.proj(node, k + 1 + j));
        }
        g.builder().setRole(Node.Role.ADJOINT);
        List<Integer> carriedBar = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (cv[j]) {
                carriedBar.add(j);
                types.add(body.type(body.params().get(j)));
                String l = body.node(body.params().get(j)).label();
                labels.add(l == null ? null : l + "Bar");
                inputs.add(resultBar[j] != dev.gradc.ops.Primitive.NONE ? resultBar[j] : g.zerosLike(g.proj(node, j)));
            }
        }
        List<Integer> invariantBar = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (iv[i]) {
                invariantBar.add(i);
                types.add(graph.type(n.input(k + i)));
                String l = body.node(body.params().get(k + i)).label();
                labels.add(l == null ? null : l + "Bar");
                int zeros = g.zerosLike(fwd[n.input(k + i)]);
                g.builder().label(zeros, l == null ? null : l + "Bar"); // the accumulator is declared as its adjoint
                inputs.add(zeros);
            }
        }
        // The state after the iteration being reversed is the state popped one adjoint iteration earlier (at
        // first, the loop's final state): carried along, it replaces recomputing the body's results, so
        // rules that read an op's output (tanh' = 1 - y²) need not recompute the iteration at all.
        List<Integer> nextState = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            Type t = body.type(body.params().get(j));
            if (Activity.isReal(t) && !(body.node(body.result(j)).op() instanceof Param)) {
                nextState.add(j);
                types.add(t);
                String l = body.node(body.params().get(j)).label();
                labels.add(l == null ? null : l + "Next");
                inputs.add(g.proj(node, j));
            }
        }
        int base = types.size();
        for (int i = 0; i < m; i++) {
            types.add(graph.type(n.input(k + i)));
            labels.add(body.node(body.params().get(k + i)).label());
            inputs.add(fwd[n.input(k + i)]);
        }
        Rules cg = Copy.region(types, labels, Node.Role.ADJOINT);
        int more = cg.compare(Compare.GT, Copy.params(cg)[0], cg.intConstant(0));
        Rules bg = Copy.region(types, labels, Node.Role.ADJOINT);
        int[] p = Copy.params(bg);
        List<Integer> results = new ArrayList<>();
        results.add(bg.sub(p[0], bg.intConstant(1)));
        int[] bodyParams = new int[k + m];
        boolean[] bodyVaried = new boolean[k + m];
        for (int j = 0; j < k; j++) {
            int pop = bg.apply(new Pop(), p[1 + j]);
            results.add(bg.proj(pop, 0));
            bodyParams[j] = bg.proj(pop, 1);
            bg.builder().label(bodyParams[j], body.node(body.params().get(j)).label()); // the popped forward value
            bodyVaried[j] = cv[j];
        }
        for (int i = 0; i < m; i++) {
            bodyParams[k + i] = p[base + i];
            bodyVaried[k + i] = iv[i];
        }
        int[] seeds = new int[k];
        Arrays.fill(seeds, Primitive.NONE);
        for (int idx = 0; idx < carriedBar.size(); idx++) {
            seeds[carriedBar.get(idx)] = p[1 + k + idx];
        }
        int nextBase = 1 + k + carriedBar.size() + invariantBar.size();
        Map<Integer, Integer> known = new HashMap<>();
        for (int idx = 0; idx < nextState.size(); idx++) {
            known.putIfAbsent(body.result(nextState.get(idx)), p[nextBase + idx]);
        }
        Result inner = new Reverse(bg, mixedLoops).run(body, bodyParams, bodyVaried, seeds, known);
        for (int j : carriedBar) {
            int a = inner.paramAdjoints()[j];
            results.add(a == Primitive.NONE ? bg.zerosLike(bodyParams[j]) : a);
        }
        for (int idx = 0; idx < invariantBar.size(); idx++) {
            int i = invariantBar.get(idx);
            int acc = p[1 + k + carriedBar.size() + idx];
            int a = inner.paramAdjoints()[k + i];
            results.add(a == Primitive.NONE ? acc : bg.add(acc, a));
        }
        for (int j : nextState) {
            results.add(bodyParams[j]);
        }
        While adj = new While(cg.builder().build(List.of(more)), bg.builder().build(results), base, w.where());
        g.builder().setSpan(n.span());
        int out = g.region(adj, adj.resultType(), inputs);
        for (int idx = 0; idx < carriedBar.size(); idx++) {
            int j = carriedBar.get(idx);
            if (varied[n.input(j)]) {
                accumulate(bar, n.input(j), g.proj(out, 1 + k + idx), graph);
            }
        }
        for (int idx = 0; idx < invariantBar.size(); idx++) {
            accumulate(bar, n.input(k + invariantBar.get(idx)), g.proj(out, 1 + k + carriedBar.size() + idx), graph);
        }
    }

    // ---- conds

    /** Appends the adjoint of a cond: a cond on the same predicate whose branches differentiate their own branch. */
    private void branch(Node n, Cond c, int[] fwd, boolean[] varied, int[] resultBar, int[] bar, Graph graph) {
        int m = n.inputs().size() - 1;
        boolean[] iv = new boolean[m];
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            iv[i] = varied[n.input(1 + i)] && Activity.isReal(graph.type(n.input(1 + i)));
            if (iv[i]) {
                wanted.add(i);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        inputs.add(fwd[n.input(0)]);
        for (int i = 0; i < m; i++) {
            types.add(graph.type(n.input(1 + i)));
            labels.add(c.then().node(c.then().params().get(i)).label());
            inputs.add(fwd[n.input(1 + i)]);
        }
        List<Integer> seeded = new ArrayList<>();
        for (int r = 0; r < resultBar.length; r++) {
            if (resultBar[r] != Primitive.NONE) {
                seeded.add(r);
                types.add(g.type(resultBar[r]));
                labels.add(null);
                inputs.add(resultBar[r]);
            }
        }
        Graph[] branches = new Graph[2];
        int b = 0;
        for (Graph branch : List.of(c.then(), c.otherwise())) {
            Rules rg = Copy.region(types, labels, Node.Role.ADJOINT);
            int[] p = Copy.params(rg);
            int[] seeds = new int[resultBar.length];
            Arrays.fill(seeds, Primitive.NONE);
            for (int idx = 0; idx < seeded.size(); idx++) {
                seeds[seeded.get(idx)] = p[m + idx];
            }
            Result inner = new Reverse(rg, mixedLoops).run(branch, Arrays.copyOf(p, m), iv, seeds);
            List<Integer> results = new ArrayList<>();
            for (int i : wanted) {
                int a = inner.paramAdjoints()[i];
                results.add(a == Primitive.NONE ? rg.zerosLike(p[i]) : a);
            }
            branches[b++] = rg.builder().build(results);
        }
        Cond adj = new Cond(branches[0], branches[1]);
        g.builder().setSpan(n.span());
        int out = g.region(adj, adj.resultType(), inputs);
        for (int idx = 0; idx < wanted.size(); idx++) {
            accumulate(bar, n.input(1 + wanted.get(idx)), g.proj(out, idx), graph);
        }
    }
}
