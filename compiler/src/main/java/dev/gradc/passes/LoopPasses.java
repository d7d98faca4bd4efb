package dev.gradc.passes;

import dev.gradc.passes.InPlaceWrites.Known;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Overwriting;

/**
 * What a loop does with an array it is given, for {@link InPlaceWrites} and the emitter: copies it on entry (it
 * owns that carried value), or passes it on unchanged, keeping it nowhere else.
 */
public final class LoopPasses {

    private LoopPasses() {
    }

    /**
     * Whether u is a loop that copies x's array on entry wherever x is its input, so that it keeps nothing of x
     * when x is read after it (a loop that is not x's last use never takes it over): every input that is x is
     * a carried value the loop owns ({@link InPlaceWrites#ownedCarried}), and u is no segment of a checkpointed loop (which
     * may start from its sweep's buffer itself).
     */
    public static boolean copiesOnEntry(Node u, int x) {
        return copiesOnEntry(u, in -> in == x, false);
    }

    /**
     * As {@link #copiesOnEntry(Node, int)}, x being the inputs {@code isX} accepts (another name for one node);
     * with {@code segments}, a segment too: x is a carried value of the sweep around it, which hands the segment
     * its own buffer only from its second trip on (when x is no longer that value) and a copy of x before.
     */
    public static boolean copiesOnEntry(Node u, java.util.function.IntPredicate isX, boolean segments) {
        return copiesOnEntry(u, isX, segments, new Known());
    }

    /** As {@link #copiesOnEntry(Node, java.util.function.IntPredicate, boolean)}, with what is known of loop bodies. */
    public static boolean copiesOnEntry(Node u, java.util.function.IntPredicate isX, boolean segments, Known memo) {
        if (!(u.op() instanceof dev.gradc.ops.While w)
                || !segments && w.checkpoint() != null && w.checkpoint().segment()) {
            return false;
        }
        boolean[] owned = InPlaceWrites.ownedCarried(w.body(), w.carried(), memo);
        for (int k = 0; k < u.inputs().size(); k++) {
            if (isX.test(u.input(k)) && (k >= w.carried() || !owned[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether loop u passes the array of every input {@code isX} accepts on unchanged, keeping it nowhere else:
     * each such input is a carried value k the loop does not own (so its body's writes copy it, and a loop in
     * it never takes it over), whose parameter the condition and body only read — a push too when {@code
     * pushCopies} (the compiled stacks copy the arrays they keep; the interpreter's keep them) — and that the
     * body gives back, if at all, as result k alone. Result k may then be that very array (after no trip):
     * another name for it, which the caller follows ({@code OverwriteCode#mayOverwrite}).
     */
    public static boolean passesOn(Node u, java.util.function.IntPredicate isX, boolean pushCopies, Known memo) {
        if (!(u.op() instanceof dev.gradc.ops.While w) || w.checkpoint() != null && w.checkpoint().segment()) {
            return false;
        }
        boolean[] owned = InPlaceWrites.ownedCarried(w.body(), w.carried(), memo);
        for (int k = 0; k < u.inputs().size(); k++) {
            if (isX.test(u.input(k)) && (k >= w.carried() || owned[k] || !onlyPassed(w.body(), k, true, pushCopies, memo)
                    || !onlyPassed(w.condition(), k, false, pushCopies, memo))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether g only reads its parameter k's array, and gives it back as result k alone if {@code result}, else
     * never. Its names are followed: a cond's result that a branch gives back unwritten ({@link CondWrites#writtenThrough};
     * written, it is a copy, as g does not own the array) and a loop's result that the loop passes on.
     */
    private static boolean onlyPassed(Graph g, int k, boolean result, boolean pushCopies, Known memo) {
        boolean[] names = new boolean[g.size()];
        names[g.params().get(k)] = true;
        java.util.Map<Integer, java.util.Set<Integer>> passing = new java.util.HashMap<>();
        for (Node v : g.nodes()) {
            if (v.op() instanceof dev.gradc.ops.Proj p && passing.getOrDefault(v.input(0), java.util.Set.of()).contains(p.index())) {
                names[v.id()] = true;
                continue;
            }
            boolean loopPasses = false;
            for (int q = 0; q < v.inputs().size(); q++) {
                int in = v.input(q);
                if (!names[in]) {
                    continue;
                }
                int through = CondWrites.writtenThrough(v, q, memo);
                if (through >= 0) {
                    passing.computeIfAbsent(v.id(), x -> new java.util.HashSet<>()).add(through);
                } else if (v.op() instanceof dev.gradc.ops.While w && q < w.carried()
                        && (loopPasses || passesOn(v, i -> names[i], pushCopies, memo))) {
                    loopPasses = true;
                    passing.computeIfAbsent(v.id(), x -> new java.util.HashSet<>()).add(q);
                } else if (!(InPlaceWrites.onlyReads(v.op()) || v.op() instanceof Overwriting
                        || pushCopies && v.op() instanceof dev.gradc.ops.Push && q == 1 || InPlaceWrites.onlyReadIn(v, q)
                        || copiesOnEntry(v, i -> i == in, true, memo))) {
                    return false;
                }
            }
        }
        for (int r = 0; r < g.results().size(); r++) {
            if (names[g.result(r)] && (!result || r != k)) {
                return false;
            }
        }
        return true;
    }

}
