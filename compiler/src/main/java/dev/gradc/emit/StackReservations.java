package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import dev.gradc.runtime.DoubleStack;
import dev.gradc.runtime.TripSums;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room a loop reserves on the stacks it carries before it starts ({@link DoubleStack#reserve}),
 * so that a stack whose pushes are known on entry is never copied to grow.
 */
final class StackReservations {

    private StackReservations() {
    }

    /**
     * A loop whose trip count is known on entry ({@link While.Counted#conjuncts}) reserves, before it starts, the
     * room on each real stack it carries for all the values its trips push ({@link DoubleStack#reserve}), so
     * that the stack is never copied to grow: the values pushed the same number every trip, and those pushed
     * by a counted inner loop ({@link InnerPushes}) on every trip, whose trip count moves with the outer counter (an
     * elimination's {@code for i in k+1..n} inside {@code for k in 0..n}: their sum). The trip count is capped
     * by the iteration limit, the counts saturate ({@link TripSums}) and the stack's own limit caps the
     * reservation again. Pushes in a branch count where the trips that take it are known on entry
     * ({@link BranchPushes}: a branch taken while a counter is below a bound), and in a write journal's loop, whose
     * trips its budget bounds, as the larger branch on every trip; a stack pushed in any other way (in another
     * branch, by a loop that is not counted) is reserved nothing and grows as it is pushed.
     *
     * <p>Stacks that take the same room are reserved with one call ({@link DoubleStack#reserveAll}, up to
     * {@value DoubleStack#GROUP} a call), and a count that the reservations use more than once is a local of its own:
     * a loop's set-up, often in a large method and before every start of an inner loop, then costs the JIT compiler
     * little of the bytecode it inlines into one compilation (HotSpot's {@code DesiredMethodLimit}), which a
     * reservation per stack spent before the loop's own calls were inlined.
     *
     * <p>A stack the loop around this one (node n of graph {@code gc.g}) reserved for all its trips, the pushes of
     * this loop's trips among them ({@link InnerPushes}), is not reserved again: the LSTM's layer loop reserved its
     * eight stacks at the start of every time step though the time loop had reserved them for every layer of every
     * step ({@link Covered}).
     */
    static void reserve(GraphCode gc, Node n, While w, GraphInfo info, List<String> vars, List<Expr> params) {
        List<While.Counted> counts = w.counted() != null ? List.of(w.counted())
                : While.Counted.conjuncts(w.condition(), w.body(), w.carried());
        if (counts == null) {
            return;
        }
        Covered covered = gc.m.site.cc().reserved();
        List<Pushed> stacks = pushedStacks(gc, w, info, vars, params, counts);
        stacks.removeIf(s -> covered.covers(gc.g, n.id(), s.carried()));
        if (stacks.isEmpty()) {
            return;
        }
        for (Pushed s : stacks) {
            for (InnerPushes loop : s.inner()) {
                covered.add(w.body(), loop.loop(), loop.carried());
            }
        }
        String trips = counts.stream().map(c -> tripCount(gc, c, params))
                .reduce((a, b) -> "Math.min(" + a + ", " + b + ")").orElseThrow();
        String capped = "Math.min(" + trips + ", " + gc.m.limit() + ")";
        String outer = counts.size() > 1 || outerUses(stacks, capped) >= 2 ? gc.m.names.newName("tripsAhead") : capped;
        if (!outer.equals(capped)) {
            // the capped count of several comparisons, or read by several reservations, once in a variable of its own
            gc.m.code.addStatement("long $L = $L", outer, capped);
        }
        Map<String, CodeBlock> locals = declareRepeated(gc, stacks, outer);
        for (List<Pushed> group : groups(stacks, outer)) {
            List<Term> terms = group.get(0).terms(outer);
            if (terms.size() > 1) {
                gc.m.code.addStatement("$L.reserve($L, 1)", group.get(0).var(), sum(terms, locals));
                continue;
            }
            CodeBlock count = locals.getOrDefault(terms.get(0).trips().toString(), terms.get(0).trips());
            if (group.size() == 1) {
                gc.m.code.addStatement("$L.reserve($L, $L)", group.get(0).var(), count, terms.get(0).perTrip());
            } else {
                String each = String.join(", ", group.stream().map(Pushed::var).toList());
                gc.m.code.addStatement("$T.reserveAll($L, $L, $L)", DoubleStack.class, count, terms.get(0).perTrip(), each);
            }
        }
    }

    /** How many times the reservations read the capped count: once for each count used more than once (a local). */
    private static int outerUses(List<Pushed> stacks, String capped) {
        int outerUses = 0;
        for (Map.Entry<String, Integer> e : uses(stacks, capped).entrySet()) {
            boolean local = e.getValue() >= 2 && !e.getKey().equals(capped);
            outerUses += !e.getKey().contains(capped) ? 0 : local ? 1 : e.getValue();
        }
        return outerUses;
    }

    /**
     * Declares each count (but the capped count {@code outer} itself) that the reservations use more than once as a
     * local, in the order of first use; returns those locals by their count's Java.
     */
    private static Map<String, CodeBlock> declareRepeated(GraphCode gc, List<Pushed> stacks, String outer) {
        Map<String, Integer> uses = uses(stacks, outer);
        Map<String, CodeBlock> locals = new HashMap<>();
        for (Pushed stack : stacks) {
            for (Term t : stack.terms(outer)) {
                String key = t.trips().toString();
                if (uses.get(key) >= 2 && !key.equals(outer) && !locals.containsKey(key)) {
                    String name = gc.m.names.newName(t.name());
                    gc.m.code.addStatement("long $L = $L", name, t.trips());
                    locals.put(key, CodeBlock.of("$L", name));
                }
            }
        }
        return locals;
    }

    /**
     * The inner loops whose stacks the loop around them reserved for all its trips, the inner loops' pushes among
     * them: per loop body (by identity), the inner loop's node and the carried value that is the stack. Known for
     * one emission ({@link GraphMethod.ClassContext}); an inner loop is written only inside its outer loop's body,
     * after the outer loop's reservations, and one written as a method of its own ({@link RegionMethods}) is a node
     * of another graph, which nothing covers.
     */
    static final class Covered {

        private final Map<Graph, java.util.Set<Long>> loops = new java.util.IdentityHashMap<>();

        void add(Graph body, int loop, int carried) {
            loops.computeIfAbsent(body, b -> new java.util.HashSet<>()).add(key(loop, carried));
        }

        boolean covers(Graph g, int loop, int carried) {
            java.util.Set<Long> in = loops.get(g);
            return in != null && in.contains(key(loop, carried));
        }

        private static long key(int loop, int carried) {
            return (long) loop << 32 | carried;
        }
    }

    /**
     * The values one real stack of a loop is pushed ({@code var}: its Java): {@code sizes} reals every trip, the
     * pushes of counted inner loops and of branches.
     */
    private record Pushed(String var, int carried, List<String> sizes, List<InnerPushes> inner,
                          List<BranchPushes> branches) {

        /** The trips times reals per trip it takes in all, given the loop's capped trip count (Java). */
        List<Term> terms(String outer) {
            List<Term> terms = new ArrayList<>();
            if (!sizes.isEmpty()) {
                terms.add(new Term(CodeBlock.of("$L", outer), String.join(" + ", sizes), "tripsAhead", -1));
            }
            for (InnerPushes loop : inner) {
                terms.add(new Term(loop.trips(outer), loop.perTrip(), "innerTripsAhead", -1));
            }
            for (int b = 0; b < branches.size(); b++) {
                for (BranchPushes.Term t : branches.get(b).terms()) {
                    terms.add(new Term(t.trips().apply(outer), t.perTrip(), "branchTripsAhead", b));
                }
            }
            return terms;
        }
    }

    /**
     * {@code trips} trips of {@code perTrip} reals; {@code name}: what a local holding the count is called;
     * {@code branch}: the index of the branch among the stack's that pushes them, or −1.
     */
    private record Term(CodeBlock trips, String perTrip, String name, int branch) {
    }

    /** The real stacks of loop w that it reserves room on, in the order of its carried values. */
    private static List<Pushed> pushedStacks(GraphCode gc, While w, GraphInfo info, List<String> vars,
                                             List<Expr> params, List<While.Counted> counts) {
        List<Pushed> stacks = new ArrayList<>();
        Graph g = w.body();
        for (int k = 0; k < w.carried(); k++) {
            if (!(g.type(g.params().get(k)) instanceof Type.Stack st) || !(st.element() instanceof Type.Real)) {
                continue;
            }
            List<String> sizes = new ArrayList<>();
            List<InnerPushes> inner = new ArrayList<>();
            List<BranchPushes> branches = new ArrayList<>();
            Node node = g.node(info.rep(g.results().get(k)));
            while (node.id() != g.params().get(k)) {
                if (node.op() instanceof Push) {
                    sizes.add(pushed(gc, g, node));
                    node = g.node(info.rep(node.input(0)));
                    continue;
                }
                InnerPushes loop = InnerPushes.of(gc, info, w, node, counts, params);
                if (loop != null) {
                    inner.add(loop);
                    node = g.node(info.rep(loop.stackInput()));
                    continue;
                }
                BranchPushes cond = BranchPushes.of(gc, info, w, node, params);
                if (cond == null) {
                    break;
                }
                if (!cond.terms().isEmpty()) {
                    branches.add(cond);
                }
                node = g.node(info.rep(cond.stackInput()));
            }
            if (node.id() == g.params().get(k) && !(sizes.isEmpty() && inner.isEmpty() && branches.isEmpty())) {
                stacks.add(new Pushed(vars.get(k), k, sizes, inner, branches));
            }
        }
        return stacks;
    }

    /**
     * The reservations, in the order of their first stack: the stacks that take one count of the same reals per
     * trip together, {@value DoubleStack#GROUP} at most; a stack of several counts alone.
     */
    private static List<List<Pushed>> groups(List<Pushed> stacks, String outer) {
        Map<String, List<Pushed>> like = new LinkedHashMap<>();
        for (Pushed stack : stacks) {
            List<Term> terms = stack.terms(outer);
            String key = terms.size() > 1 ? "\0" + stack.var()
                    : terms.get(0).trips() + "\0" + terms.get(0).perTrip();
            like.computeIfAbsent(key, x -> new ArrayList<>()).add(stack);
        }
        List<List<Pushed>> groups = new ArrayList<>();
        for (List<Pushed> group : like.values()) {
            for (int i = 0; i < group.size(); i += DoubleStack.GROUP) {
                groups.add(group.subList(i, Math.min(group.size(), i + DoubleStack.GROUP)));
            }
        }
        return groups;
    }

    /** How many times the reservations use each count (its Java), given the loop's capped trip count. */
    private static Map<String, Integer> uses(List<Pushed> stacks, String outer) {
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (List<Pushed> group : groups(stacks, outer)) {
            for (Term t : group.get(0).terms(outer)) {
                uses.merge(t.trips().toString(), 1, Integer::sum);
            }
        }
        return uses;
    }

    /**
     * The values a stack of several counts takes: {@code TripSums.times} of each, summed with {@code TripSums.plus},
     * a branch's terms summed first; a count that is a local ({@code locals}, by its Java) by its name.
     */
    private static CodeBlock sum(List<Term> terms, Map<String, CodeBlock> locals) {
        CodeBlock values = null;
        CodeBlock branch = null;
        int inBranch = -1;
        for (Term t : terms) {
            CodeBlock count = locals.getOrDefault(t.trips().toString(), t.trips());
            CodeBlock term = CodeBlock.of("$T.times($L, $L)", TripSums.class, count, t.perTrip());
            if (t.branch() >= 0 && t.branch() == inBranch) {
                branch = CodeBlock.of("$T.plus($L, $L)", TripSums.class, branch, term);
                continue;
            }
            if (branch != null) {
                values = values == null ? branch : CodeBlock.of("$T.plus($L, $L)", TripSums.class, values, branch);
                branch = null;
            }
            inBranch = t.branch();
            if (t.branch() >= 0) {
                branch = term;
            } else {
                values = values == null ? term : CodeBlock.of("$T.plus($L, $L)", TripSums.class, values, term);
            }
        }
        if (branch != null) {
            values = values == null ? branch : CodeBlock.of("$T.plus($L, $L)", TripSums.class, values, branch);
        }
        return values;
    }

    /** The number of reals push n pushes, as Java. */
    static String pushed(GraphCode gc, Graph g, Node n) {
        Type t = g.type(n.input(1));
        return t instanceof Type.Real r && !r.isScalar()
                ? JavaTypes.size(r.shape(), gc.m.sizeVars).textAt(Expr.MULTIPLICATIVE) : "1";
    }

    /**
     * The trip count of counted loop c ({@code to - from}, or {@code from - to} counting down; params: the Java
     * of the loop's inputs) as a Java long expression.
     */
    static String tripCount(GraphCode gc, While.Counted c, List<Expr> params) {
        String to = c.literalBound() ? Integer.toString(c.toValue())
                : c.inputBound() ? params.get(c.toInput()).textAt(Expr.MULTIPLICATIVE)
                : JavaTypes.sizeVar(c.toSize(), gc.m.sizeVars);
        String from = params.get(c.counter()).textAt(Expr.MULTIPLICATIVE);
        return c.step() == 1 ? "(long) " + to + " - " + from : "(long) " + from + " - " + to;
    }
}
