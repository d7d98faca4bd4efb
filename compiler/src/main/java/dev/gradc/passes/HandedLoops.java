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
 * outer loop carries, and its trip count; the outer adjoint trip reverses it first, from the state after the
 * trip and those stacks, by its own adjoint loop ({@link KeptLoop}), which writes the entries back as it goes
 * and so gives the array before the inner loop — the outer journal restores the trip's earlier writes from there.
 * The body's reversal then takes the inner loop's results as known and its adjoint as given, so the inner loop
 * is not run again in the reversal, and the entries it overwrote are kept once, not by both journals.
 */
final class HandedLoops {

    private HandedLoops() {
    }

    /**
     * Whether loop node {@code loop} of a loop body ({@code carried} carried values) may be handed on when its
     * result {@code result} is the next state of a carried array: it is a loop that carries no stack, that array
     * is a real array, its other carried values are counters (stepped by a constant) or unchanged, no node of the
     * body reads its results (only the body's results are them), and its other inputs are computed from the
     * body's parameters without a region or a carried array (so the reversal computes them before the array).
     */
    static boolean qualifies(Graph body, int carried, Node loop, int result) {
        While w = (While) loop.op();
        if (StackChains.carriesStack(w) || result >= w.carried()
                || !(body.type(loop.input(result)) instanceof Type.Real r) || r.isScalar()) {
            return false;
        }
        Counters counters = new Counters(w.body(), w.carried());
        for (int j = 0; j < w.carried(); j++) {
            if (j != result && !(unchanged(w, j) || counters.constantStep(j) != 0)) {
                return false;
            }
        }
        for (Node n : body.nodes()) {
            for (int in : n.inputs()) {
                if (in == loop.id() && !(n.op() instanceof Proj)) {
                    return false;
                }
                Node m = body.node(in);
                if (m.op() instanceof Proj && m.input(0) == loop.id()) {
                    return false;
                }
            }
        }
        boolean[] cone = InputCone.of(body, loop, result);
        for (Node n : body.nodes()) {
            if (!cone[n.id()]) {
                continue;
            }
            int p = body.params().indexOf(n.id());
            if (n.op() instanceof Region || n.op() instanceof Param && p < carried && !KeptRegions.scalar(body.type(n.id()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean unchanged(While w, int j) {
        return w.body().result(j) == w.body().params().get(j);
    }

    /**
     * A handed loop reversed in the outer adjoint trip: {@code before}, the carried array before the loop (its
     * adjoint loop wrote the entries back); {@code value}, the loop's results as a tuple (for the body's forward
     * sweep: known); {@code adjoint}, its contributions to the loop's inputs (for its backward sweep: given).
     */
    record Reversed(int before, int value, Reverse.Given adjoint) {
    }

    /**
     * Reverses handed loop {@code loop} of {@code body} in the outer adjoint trip being built in bg: its trip count
     * popped and its journal's stacks taken from {@code popped} (from {@code first}; updated to the stacks after
     * the pops), its other inputs computed from {@code params} (the body's parameters as far as known), its
     * results' seeds those of the body's results that are its results ({@code seeds}, {@code seedPaths}: per body
     * result); {@code after}: the carried array after the trip; {@code varied}: per node of the body. The sums of
     * the invariants' adjoints the outer loop carries ({@code sums}, per body parameter, or NONE) that the loop
     * is the first to add into in the trip's reversal (no later node reads the parameter) start the loop's own
     * sums, in place, as they would in the body's reversal.
     */
    static Reversed reverse(Rules bg, GradientPass.Loops loops, Graph body, Node loop, JournalLoops.Through t, int first,
                            int after, int[] popped, int[] params, int[] seeds, int[] seedPaths, boolean[] varied,
                            int[] sums) {
        While w = t.op();
        int k = w.carried();
        int c = t.carried();
        int[] in = InputCone.copied(bg, body, loop, params, c);
        bg.builder().setSpan(loop.span());
        int pop = bg.apply(new Pop(), popped[first]);
        popped[first] = bg.proj(pop, 0);
        int trips = bg.proj(pop, 1);
        Graph inner = w.body();
        Counters counters = new Counters(inner, k);
        List<Integer> value = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            value.add(j == c ? after : unchanged(w, j) ? in[j]
                    : bg.add(in[j], bg.mul(bg.intConstant((int) counters.constantStep(j)), trips)));
        }
        int tuple = bg.apply(new Tuple(), value);
        List<Integer> forward = new ArrayList<>(value);
        forward.add(trips);
        for (int j = 0; j < k; j++) {
            Type kept = StackChains.keptType(inner.type(inner.params().get(j)));
            forward.add(bg.apply(new StackNew(((Type.Stack) kept).element())));
        }
        List<Type> stacks = t.inner().stackTypes();
        for (int e = 0; e < stacks.size(); e++) {
            forward.add(popped[first + 1 + e]);
        }
        int[] fwd = new int[body.size()];
        Arrays.fill(fwd, Primitive.NONE);
        for (int q = 0; q < in.length; q++) {
            fwd[loop.input(q)] = q == c ? after : in[q];
        }
        fwd[loop.id()] = bg.apply(new Tuple(), forward);
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
        int[] path = new int[loop.inputs().size()];
        Arrays.fill(path, Primitive.NONE);
        int[] start = startSums(body, loop, sums);
        KeptLoop reversal = new KeptLoop(bg, loops).journaling(t.inner());
        int[] contributions = reversal.adjoint(loop, w, fwd, varied, resultBar, body, start, null, resultPaths, path);
        int[] started = new int[loop.inputs().size()];
        Arrays.fill(started, Primitive.NONE);
        System.arraycopy(start, 0, started, k, start.length);
        KeptLayout layout = reversal.layout();
        int out = reversal.node();
        for (int e = 0; e < stacks.size(); e++) {
            popped[first + 1 + e] = bg.proj(out, layout.journal(e));
        }
        int before = bg.proj(out, layout.next(layout.nextState().indexOf(c)));
        in[c] = before;
        entered(bg, w, in, contributions, path);
        return new Reversed(before, tuple, new Reverse.Given(contributions, path, started));
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
