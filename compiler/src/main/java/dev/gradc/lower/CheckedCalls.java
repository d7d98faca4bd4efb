package dev.gradc.lower;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.CustomRule;
import dev.gradc.ops.Param;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Checking a module without inlining its calls: every function is lowered once, and a call of an earlier function
 * has its arguments and sizes checked as when it is inlined, but stands for a value of the callee's declared return
 * type instead of a copy of the callee's body. Checking is then linear in the program text, while inlining builds
 * every function's graph with its callees repeated inside (the doubling calls {@code f_k(x) = f_{k-1}(x) +
 * f_{k-1}(x + 1)} are k³ / 6 nodes over k functions).
 *
 * <p>What only a whole graph shows is looked at whole: a callee whose graph holds a derivative's stacks or a custom
 * rule is inlined while checking (its callers' derivatives are decided by what is inside it), and derivatives inside
 * the program and the bodies of functions with custom rules are lowered in full. What depends on the sizes of a
 * call (an array too large for them) and the limits on graph sizes are met when a graph is built for real.
 */
final class CheckedCalls {

    /** Whether calls are being checked, not inlined. */
    private boolean on;
    /** The stand-ins made so far for calls not inlined (each a node of its own: no two are shared by hash-consing). */
    private int standIns;
    /** Functions whose graphs have what only a whole graph shows: calls of them are inlined even while checking. */
    private final Set<String> inlinedToCheck = new HashSet<>();
    /** The functions differentiated inside the program ({@code grad(g, x)(...)}): the tape engine runs their graphs. */
    private final Set<String> differentiated = new HashSet<>();

    /** Thrown when a function checked with stand-ins turns out to need its calls inlined to be checked. */
    static final class NeedsInlining extends RuntimeException {
        NeedsInlining() {
            super(null, null, false, false);
        }
    }

    boolean on() {
        return on;
    }

    void set(boolean on) {
        this.on = on;
    }

    int standIns() {
        return standIns;
    }

    /** Whether a call of {@code callee} is checked only (not inlined) now. */
    boolean checksOnly(String callee) {
        return on && !inlinedToCheck.contains(callee);
    }

    /** A value of type {@code type} standing for a call's result while checking: a parameter no graph has. */
    int standIn(Scope s, Type type, Span at) {
        standIns++;
        return s.g.builder().add(new Param(-standIns), type, List.of(), at, null);
    }

    /** Runs {@code work} with calls inlined (a derivative's graph, a custom rule's, a body its rules wrap). */
    int inlining(IntSupplier work) {
        return inlining((Supplier<Integer>) work::getAsInt);
    }

    /** Like {@link #inlining(IntSupplier)}, for work that gives an object. */
    <T> T inlining(Supplier<T> work) {
        boolean was = on;
        on = false;
        try {
            return work.get();
        } finally {
            on = was;
        }
    }

    void differentiates(String function) {
        differentiated.add(function);
    }

    Set<String> differentiated() {
        return differentiated;
    }

    /**
     * Gives up on checking {@code function} with stand-ins when its graph (made with {@code standInsBefore} stand-ins
     * before it) has stand-ins and a derivative's stacks or a custom rule: what those need is decided on the whole
     * graph; the function is checked again with its calls inlined, and so are calls of it.
     */
    void wholeGraphNeeded(String function, Graph graph, int standInsBefore) {
        if (!on || !needsWhole(graph)) {
            return;
        }
        inlinedToCheck.add(function);
        if (standIns > standInsBefore) {
            throw new NeedsInlining();
        }
    }

    /** Whether a graph or a graph nested in its regions has a stack or a custom rule. */
    private static boolean needsWhole(Graph g) {
        Deque<Graph> work = new ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (n.op() instanceof CustomRule || n.type() instanceof Type.Stack) {
                    return true;
                }
                if (n.op() instanceof Region region) {
                    work.addAll(region.graphs());
                }
            }
        }
        return false;
    }
}
