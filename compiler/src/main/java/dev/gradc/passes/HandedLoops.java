package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Tuple;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An inner loop whose journal a journaled outer loop hands on (docs/design.md, "What is recomputed"): the loop
 * writes in place an array the outer loop carries ({@code for i in k+1..N { U[i, :] = U[i, :] - m * U[k, :]; }}
 * in the trip of {@code for k}), and its result is that carried value's next state. The outer forward trip
 * runs it once, pushing per inner trip the entries it overwrites ({@link Journal#handedBy}) onto stacks the
 * outer loop carries, and its trip count (unless the reversal computes it again: {@link JournalLoops.Through}); the
 * outer adjoint trip reverses it first, from the state after the
 * trip and those stacks, by its own adjoint loop ({@link KeptLoop}), which writes the entries back as it goes
 * and so gives the array before the inner loop — the outer journal restores the trip's earlier writes from there.
 * The body's reversal then takes the inner loop's results as known and its adjoint as given, so the inner loop
 * is not run again in the reversal, and the entries it overwrote are kept once, not by both journals. Values the
 * inner loop replaces whole per trip ({@code input = h} in a stacked LSTM's layer loop) are kept per inner trip and
 * after the loop; when nodes of the body read the loop's results, its adjoint is built when the body's backward
 * sweep reaches it ({@link Later}), after theirs.
 */
final class HandedLoops {

    private HandedLoops() {
    }

    /**
     * Whether loop node {@code loop} of a loop body ({@code carried} carried values) may be handed on when its
     * result {@code result} is the next state of a carried array: it is a loop that carries no stack, that array
     * is a real array, its other carried values are counters (stepped by a constant), unchanged, or real values
     * it replaces, kept whole ({@link #keptWhole}); no node of the body reads that array's result (only the
     * body's results are it); its other inputs are computed from the body's parameters without a region or a
     * carried array (so the reversal computes them before the array), or are scalars the outer trip keeps
     * ({@link #keptInputs}); and when nodes of the body read its other
     * results ({@link #read}), nothing else reads the array before the loop, a parameter of the body (the
     * reversal runs the loop's adjoint after the later nodes', and only then has that array).
     */
    static boolean qualifies(Graph body, int carried, Node loop, int result) {
        While w = (While) loop.op();
        if (StackChains.carriesStack(w) || result >= w.carried()
                || !(body.type(loop.input(result)) instanceof Type.Real r) || r.isScalar()) {
            return false;
        }
        Counters counters = new Counters(w.body(), w.carried());
        for (int j = 0; j < w.carried(); j++) {
            if (j != result && !(unchanged(w, j) || counters.constantStep(j) != 0
                    || w.body().type(w.body().params().get(j)) instanceof Type.Real)) {
                return false;
            }
        }
        for (Node n : body.nodes()) {
            for (int in : n.inputs()) {
                if (in == loop.id() && !(n.op() instanceof Proj)) {
                    return false;
                }
                Node m = body.node(in);
                if (m.op() instanceof Proj p && m.input(0) == loop.id() && p.index() == result) {
                    return false;
                }
            }
        }
        if (read(body, loop) && !readOnlyByLoop(body, loop, result)) {
            return false;
        }
        return keptInputs(body, carried, loop, result) != null;
    }

    /**
     * The inputs of loop node {@code loop} (positions; {@code result}: its array) that the outer trip keeps for the
     * loop's reversal, which runs before the body's has the arrays the body carries: those computed from such an
     * array or a region ({@code m = U[i, k] / U[k, k]} for {@code for j in k+1..N { U[i, j] = U[i, j] - m * U[k,
     * j]; }}), one value each per outer trip; or null when such an input is not a scalar (an array would be kept
     * whole per trip). The others are computed again from the body's parameters. (A trailing update's reversal also
     * computes again those of these read only from entries it has as the program had them, which are then not kept:
     * {@link JournalLoops.Through#clean}.)
     */
    static List<Integer> keptInputs(Graph body, int carried, Node loop, int result) {
        List<Integer> kept = new ArrayList<>();
        for (int q = 0; q < loop.inputs().size(); q++) {
            if (q == result || !readsArrayOrRegion(body, carried, InputCone.below(body, loop.input(q)))) {
                continue;
            }
            if (!KeptRegions.scalar(body.type(loop.input(q)))) {
                return null;
            }
            kept.add(q);
        }
        return kept;
    }

    /** Whether the marked nodes of body hold a region or a carried parameter that is not a scalar. */
    private static boolean readsArrayOrRegion(Graph body, int carried, boolean[] cone) {
        for (Node n : body.nodes()) {
            if (!cone[n.id()]) {
                continue;
            }
            int p = body.params().indexOf(n.id());
            if (n.op() instanceof Region || n.op() instanceof Param && p < carried && !KeptRegions.scalar(body.type(n.id()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node of the body reads a result of loop node {@code loop} (not only the body's results). */
    static boolean read(Graph body, Node loop) {
        for (Node n : body.nodes()) {
            for (int in : n.inputs()) {
                Node m = body.node(in);
                if (m.op() instanceof Proj && m.input(0) == loop.id()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the loop's input {@code result} is a parameter of the body that only the loop reads, once. */
    private static boolean readOnlyByLoop(Graph body, Node loop, int result) {
        int array = loop.input(result);
        if (!(body.node(array).op() instanceof Param) || body.results().contains(array)
                || loop.inputs().indexOf(array) != loop.inputs().lastIndexOf(array)) {
            return false;
        }
        for (Node n : body.nodes()) {
            if (n.id() != loop.id() && n.inputs().contains(array)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The carried values of handed loop {@code w} (its array: carried value {@code result}) that it replaces whole
     * per trip ({@code input = h}): neither counters nor unchanged. The outer trip keeps each per inner trip and
     * after the loop ({@link JournalLoops.Through#kept}).
     */
    static List<Integer> keptWhole(While w, int result) {
        Counters counters = new Counters(w.body(), w.carried());
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < w.carried(); j++) {
            if (j != result && !unchanged(w, j) && counters.constantStep(j) == 0) {
                kept.add(j);
            }
        }
        return kept;
    }

    private static boolean unchanged(While w, int j) {
        return w.body().result(j) == w.body().params().get(j);
    }

    /**
     * A handed loop reversed in the outer adjoint trip: {@code before}, the carried array before the loop (its
     * adjoint loop wrote the entries back); {@code value}, the loop's results as a tuple (for the body's forward
     * sweep: known); {@code adjoint}, its contributions to the loop's inputs (for its backward sweep: given);
     * {@code known}, what {@link #known} gave (the inputs computed again among it).
     */
    record Reversed(int before, int value, Reverse.Given adjoint, Known known) {
    }

    /**
     * Puts into {@code into} (body node → value in the reversal) the inputs of handed loop {@code loop} that its
     * reversal computed again from the array it carries ({@link JournalLoops.Through#clean}): the body's reversal
     * reads them as known, the same value, rather than computing them once more.
     */
    static void cleanInputs(Node loop, JournalLoops.Through t, Known known, java.util.Map<Integer, Integer> into) {
        for (int q : t.clean()) {
            into.put(loop.input(q), known.in()[q]);
        }
    }

    /**
     * Reverses handed loop {@code loop} of {@code body} in the outer adjoint trip being built in bg: its trip count
     * popped and its journal's stacks taken from {@code popped} (from {@code first}; updated to the stacks after
     * the pops), its other inputs computed from {@code params} (the body's parameters as far as known), its
     * results' seeds those of the body's results that are its results ({@code seeds}, {@code seedPaths}: per body
     * result); {@code after}: the carried array after the trip; {@code varied}: per node of the body. The sums of
     * the invariants' adjoints the outer loop carries ({@code sums}, per body parameter, or NONE) that the loop
     * is the first to add into in the trip's reversal (no later node reads the parameter) start the loop's own
     * sums, in place, as they would in the body's reversal. {@code mayAscend}: whether the loop around it keeps
     * nothing per trip, so that its reversal may run forward ({@link #ascends}).
     */
    static Reversed reverse(Rules bg, GradientPass.Loops loops, Graph body, Node loop, JournalLoops.Through t, int first,
                            int after, int[] popped, int[] params, int[] seeds, int[] seedPaths, boolean[] varied,
                            int[] sums, boolean mayAscend) {
        Known known = known(bg, body, loop, t, first, after, popped, params);
        int k = t.op().carried();
        int[] resultBar = new int[k];
        int[] resultPaths = new int[k];
        Arrays.fill(resultBar, Primitive.NONE);
        Arrays.fill(resultPaths, Primitive.NONE);
        for (int r = 0; r < body.results().size(); r++) {
            Node res = body.node(body.result(r));
            if (res.op() instanceof Proj p && res.input(0) == loop.id() && seeds[r] != Primitive.NONE) {
                int i = p.index();
                resultBar[i] = resultBar[i] == Primitive.NONE ? seeds[r] : bg.add(resultBar[i], seeds[r]);
                resultPaths[i] = seedPaths[r];
            }
        }
        return reverse(bg, loops, body, loop, t, first, popped, known, varied, resultBar, resultPaths,
                startSums(body, loop, sums), mayAscend);
    }

    /**
     * The first part of a handed loop's reversal, built before the body's: the loop's inputs but its array
     * ({@code in}, computed again), its trip count, its results ({@code value}, a tuple: the array after the
     * trip, each value kept whole popped, the counters' last values), so the body's reversal knows them.
     */
    record Known(int[] in, int trips, int value, List<Integer> values) {
    }

    /** The first part of handed loop {@code loop}'s reversal ({@link #reverse} says what the arguments are). */
    static Known known(Rules bg, Graph body, Node loop, JournalLoops.Through t, int first, int after, int[] popped,
                       int[] params) {
        While w = t.op();
        int k = w.carried();
        int c = t.carried();
        boolean[] computed = new boolean[loop.inputs().size()];
        Arrays.fill(computed, true);
        computed[c] = false;
        t.inputs().forEach(q -> computed[q] = false);
        if (!t.clean().isEmpty()) { // read from the array as the reversal has it (TrailingUpdates.cleanInput)
            params = params.clone();
            params[body.params().indexOf(loop.input(c))] = after;
        }
        int[] in = InputCone.copied(bg, body, loop, params, computed);
        bg.builder().setSpan(loop.span());
        for (int i = 0; i < t.inputs().size(); i++) { // kept by the outer trip as the loop started
            int s = first + t.inputStack(i);
            int top = bg.apply(new Pop(), popped[s]);
            popped[s] = bg.proj(top, 0);
            in[t.inputs().get(i)] = bg.proj(top, 1);
            if (body.node(loop.input(t.inputs().get(i))).label() != null) {
                bg.builder().label(in[t.inputs().get(i)], body.node(loop.input(t.inputs().get(i))).label());
            }
        }
        int trips;
        if (t.tripsKept()) {
            int pop = bg.apply(new Pop(), popped[first]);
            popped[first] = bg.proj(pop, 0);
            trips = bg.proj(pop, 1);
        } else { // counted from a start to a bound computed again: it ran to the bound (JournalLoops.Through)
            While.Counted counted = w.counted();
            trips = InnerCounts.trips(bg, in[counted.counter()], counted.end(bg, q -> in[q]), counted.step() > 0);
        }
        bg.builder().label(trips, "innerTrips"); // as the forward trip named it, not after a program variable
        Counters counters = new Counters(w.body(), k);
        List<Integer> value = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int i = t.kept().indexOf(j);
            if (i >= 0) { // pushed after the loop, on top of its trips' starts
                int s = first + t.keptStack(i);
                int top = bg.apply(new Pop(), popped[s]);
                popped[s] = bg.proj(top, 0);
                value.add(bg.proj(top, 1));
                continue;
            }
            value.add(j == c ? after : unchanged(w, j) ? in[j]
                    : bg.add(in[j], bg.mul(bg.intConstant((int) counters.constantStep(j)), trips)));
        }
        return new Known(in, trips, bg.apply(new Tuple(), value), value);
    }

    /**
     * The handed loop's own adjoint loop, from what {@link #known} gave, its results' adjoints ({@code resultBar},
     * when each has a path: {@code resultPaths}) and the sums its invariants start from ({@code start}, per
     * invariant, or NONE); in forward order if {@code mayAscend} and {@link #ascends} allows.
     */
    static Reversed reverse(Rules bg, GradientPass.Loops loops, Graph body, Node loop, JournalLoops.Through t,
                            int first, int[] popped, Known known, boolean[] varied, int[] resultBar,
                            int[] resultPaths, int[] start, boolean mayAscend) {
        While w = t.op();
        int k = w.carried();
        int c = t.carried();
        int[] in = known.in();
        Graph inner = w.body();
        List<Integer> forward = new ArrayList<>(known.values());
        forward.add(known.trips());
        for (int j = 0; j < k; j++) {
            int i = t.kept().indexOf(j);
            Type kept = StackChains.keptType(inner.type(inner.params().get(j)));
            forward.add(i >= 0 ? popped[first + t.keptStack(i)] : bg.apply(new StackNew(((Type.Stack) kept).element())));
        }
        List<Type> stacks = t.inner().stackTypes();
        for (int e = 0; e < stacks.size(); e++) {
            forward.add(popped[first + t.journalStack(e)]);
        }
        for (int i = 0; i < t.products().size(); i++) {
            forward.add(popped[first + t.productStack(i)]);
        }
        int[] fwd = new int[body.size()];
        Arrays.fill(fwd, Primitive.NONE);
        for (int q = 0; q < in.length; q++) {
            fwd[loop.input(q)] = q == c ? known.values().get(c) : in[q];
        }
        fwd[loop.id()] = bg.apply(new Tuple(), forward);
        int[] path = new int[loop.inputs().size()];
        Arrays.fill(path, Primitive.NONE);
        // its own handed loops may run forward only if it keeps nothing per trip, as in a trip that its outer loop
        // reverses from a snapshot (CheckpointAdjoint.rowLoops): the same bits at every budget
        KeptLoop reversal = new KeptLoop(bg, loops).journaling(t.inner()).knowing(t.products(), t.productTypes())
                .ascending(mayAscend && ascends(w, t)).handingAscending(keepsNothing(t));
        int[] contributions = reversal.adjoint(loop, w, fwd, varied, resultBar, body, start, null, resultPaths, path);
        int[] started = new int[loop.inputs().size()];
        Arrays.fill(started, Primitive.NONE);
        System.arraycopy(start, 0, started, k, start.length);
        KeptLayout layout = reversal.layout();
        int out = reversal.node();
        for (int e = 0; e < stacks.size(); e++) {
            popped[first + t.journalStack(e)] = bg.proj(out, layout.journal(e));
        }
        for (int i = 0; i < t.kept().size(); i++) {
            popped[first + t.keptStack(i)] = bg.proj(out, layout.stack(t.kept().get(i)));
        }
        for (int i = 0; i < t.products().size(); i++) {
            popped[first + t.productStack(i)] = bg.proj(out, layout.journal(stacks.size() + i));
        }
        int before = bg.proj(out, layout.next(layout.nextState().indexOf(c)));
        in[c] = before;
        entered(bg, w, in, contributions, path);
        return new Reversed(before, known.value(), new Reverse.Given(contributions, path, started), known);
    }

    /**
     * Whether handed loop {@code t} keeps nothing per trip: no journal stacks, no products, no values kept whole. A
     * trailing update's row loop that keeps nothing is reversed in the same way whether its outer trip is journaled
     * or recomputed from a snapshot ({@link CheckpointAdjoint#rowLoops}), so only then may its element loops run in
     * forward order ({@link #ascends}): the gradient has the same bits at every budget.
     */
    static boolean keepsNothing(JournalLoops.Through t) {
        return t.inner().stackTypes().isEmpty() && t.products().isEmpty() && t.kept().isEmpty();
    }

    /**
     * Whether the adjoint loop of handed loop {@code w} ({@code t}: how it is journaled) may run its trips in
     * forward order ({@link KeptLoop#ascending}) because they commute exactly. Restricted to what {@link
     * TrailingUpdates} proves, the element loop of a trailing update {@code for j in k+1..N { U[i, j] = U[i, j]
     * - m * U[k, j]; }}: its journal keeps nothing ({@link Journal#trailingElements}) and no products, so no trip
     * pops anything; its carried values are its counter, values it leaves unchanged and the array, which the
     * reversal does not write; the adjoint of trip j reads the array's adjoint at [i, j] alone (the write is
     * linear in the entry it overwrites) and adds into row k and column k (its other reads), never at [i, j'] of
     * another trip (i &gt; k, j' &gt; k). So the trips touch disjoint entries but for sums — the adjoints of row k's
     * and column k's shared entries and of the invariants (the multiplier), and the paths' {@code ||} — and in
     * forward order only the rounding of those sums changes. Forward order walks the rows in memory order
     * (issue 20: 0.92 of the time at N = 32). {@link #reverse} asks this only where the loop around it keeps nothing
     * per trip ({@link #keepsNothing}), so that every reversal of the loop runs forward: the same bits at every budget.
     */
    static boolean ascends(While w, JournalLoops.Through t) {
        if (!t.inner().trailingElements() || !t.products().isEmpty() || !t.kept().isEmpty() || w.counted() == null) {
            return false;
        }
        Graph inner = w.body();
        Counters counters = new Counters(inner, w.carried());
        int counter = w.counted().counter();
        if (counters.constantStep(counter) == 0) {
            return false;
        }
        for (int j = 0; j < w.carried(); j++) {
            Type type = inner.type(inner.params().get(j));
            boolean array = type instanceof Type.Real r && !r.isScalar() && t.inner().journaled(j);
            if (j != counter && !counters.same(j) && !array) {
                return false;
            }
        }
        return true;
    }

    /**
     * The reversal of a handed loop whose results nodes of the body read ({@link #read}): its adjoint is built when
     * the body's backward sweep reaches it, after the adjoints of the nodes that read them ({@link Reverse.Later});
     * what it gives ({@link #reversed}) then says the array before the loop.
     */
    static final class Later implements Reverse.Later {

        private final Rules bg;
        private final GradientPass.Loops loops;
        private final Graph body;
        private final Node loop;
        private final JournalLoops.Through through;
        private final int first;
        private final int[] popped;
        private final Known known;
        private final boolean[] varied;
        /** Whether the loop's reversal may run its trips in forward order ({@link HandedLoops#reverse}). */
        private final boolean mayAscend;
        private Reversed reversed;

        /** As {@link HandedLoops#reverse}'s arguments; {@link #known} is built here, before the body's reversal. */
        Later(Rules bg, GradientPass.Loops loops, Graph body, Node loop, JournalLoops.Through through, int first,
              int after, int[] popped, int[] params, boolean[] varied, boolean mayAscend) {
            this.bg = bg;
            this.loops = loops;
            this.body = body;
            this.loop = loop;
            this.through = through;
            this.first = first;
            this.popped = popped;
            this.varied = varied;
            this.mayAscend = mayAscend;
            this.known = known(bg, body, loop, through, first, after, popped, params);
        }

        /** The handed loop's node in the body. */
        Node loop() {
            return loop;
        }

        /** The loop's results, known to the body's reversal. */
        int value() {
            return known.value();
        }

        /** What {@link HandedLoops#known} gave. */
        Known given() {
            return known;
        }

        @Override
        public Reverse.Given reverse(int[] resultBar, int[] resultPaths, int[] sums) {
            int k = through.op().carried();
            reversed = HandedLoops.reverse(bg, loops, body, loop, through, first, popped, known, varied, resultBar,
                    resultPaths, Arrays.copyOfRange(sums, k, sums.length), mayAscend);
            return reversed.adjoint();
        }

        /**
         * The reversal the body's backward sweep built; when the sweep did not reach the loop (none of its results
         * has an adjoint), built now from no adjoints: it still writes the array back as it was before the loop.
         */
        Reversed reversed() {
            if (reversed == null) {
                int[] none = new int[loop.inputs().size()];
                Arrays.fill(none, Primitive.NONE);
                reverse(Arrays.copyOf(none, through.op().carried()), null, none);
            }
            return reversed;
        }
    }

    /**
     * Per invariant of the loop, the sum to start its adjoint from: the outer loop's ({@code sums}) when it is a
     * parameter of the body that no later node reads (nor a result), once; else NONE (from zero).
     */
    private static int[] startSums(Graph body, Node loop, int[] sums) {
        int k = ((While) loop.op()).carried();
        int[] start = new int[loop.inputs().size() - k];
        Arrays.fill(start, Primitive.NONE);
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (int i = 0; i < start.length; i++) {
            int in = loop.input(k + i);
            int p = body.params().indexOf(in);
            if (p < 0 || sums[p] == Primitive.NONE || !taken.add(in) || body.results().contains(in)) {
                continue;
            }
            boolean later = false;
            for (Node n : body.nodes()) {
                later |= n.id() > loop.id() && n.inputs().contains(in);
            }
            start[i] = later ? Primitive.NONE : sums[p];
        }
        return start;
    }

    /** An invariant's contribution has a path when the loop ran a trip, unless its trips' paths say more. */
    private static void entered(Rules bg, While w, int[] in, int[] contributions, int[] path) {
        int entered = Primitive.NONE;
        for (int q = w.carried(); q < contributions.length; q++) {
            if (contributions[q] != Primitive.NONE && path[q] == Primitive.NONE) {
                if (entered == Primitive.NONE) {
                    entered = Copy.graph(bg, w.condition(), in)[w.condition().result(0)];
                }
                path[q] = entered;
            }
        }
    }
}
