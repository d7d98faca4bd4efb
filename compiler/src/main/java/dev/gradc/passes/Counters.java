package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Unary;

/**
 * What a loop that keeps its state need not keep, because its adjoint loop knows it again for nothing:
 * <ul>
 *   <li><b>counters</b>: a carried int stepped by a fixed amount each trip ({@code i = i + 1}, {@code i = i - s}
 *       with s an int constant or a loop invariant). The adjoint loop carries the state after the trip it
 *       reverses and gets the counter before it by stepping back ({@code i - 1}): int arithmetic wraps, so
 *       the step back is exact whatever the values;</li>
 *   <li><b>sums</b>: a carried real scalar that the body reads only as an operand of {@code +} or {@code -}
 *       (an accumulator {@code s = s + e}), whose adjoint never reads its value.</li>
 *   <li>values the body leaves <b>unchanged</b>: the same before the trip as after it.</li>
 * </ul>
 * A loop whose carried values are all of these or journaled arrays ({@link Journal}) keeps O(1) values per
 * trip whatever it does: the element-access loops {@code for j in 0..M { s = s + x[j] * x[j]; }} and
 * {@code for i in 1..M { z[i] = z[i-1] * a + x[i]; }} keep nothing but the journal's overwritten entries.
 */
final class Counters {

    private final Graph body;
    private final int carried;

    Counters(Graph body, int carried) {
        this.body = body;
        this.carried = carried;
    }

    /**
     * The step node of carried int j in the body ({@code s} of {@code i + s}, {@code s + i} or {@code i - s}),
     * or -1 when j is not a counter.
     */
    private int step(int j) {
        int p = body.params().get(j);
        if (!(body.type(p) instanceof Type.Int)) {
            return -1;
        }
        Node r = body.node(body.result(j));
        if (!(r.op() instanceof Binary b) || b != Binary.ADD && b != Binary.SUB) {
            return -1;
        }
        if (r.input(0) == p && fixed(r.input(1))) {
            return r.input(1);
        }
        if (b == Binary.ADD && r.input(1) == p && fixed(r.input(0))) {
            return r.input(0);
        }
        return -1;
    }

    /** The constant that counter j steps by each trip ({@code -1} for {@code i = i - 1}), or 0 for any other value. */
    long constantStep(int j) {
        int s = step(j);
        if (s < 0 || !(body.node(s).op() instanceof IntConstant c)) {
            return 0;
        }
        return body.node(body.result(j)).op() == Binary.SUB ? -(long) c.value() : c.value();
    }

    /** Whether node id is the same in every trip: an int constant or a loop invariant. */
    private boolean fixed(int id) {
        Node n = body.node(id);
        if (n.op() instanceof IntConstant) {
            return true;
        }
        int idx = body.params().indexOf(id);
        return idx >= carried;
    }

    /** Whether carried value j is the same after every trip (the body's result is its own parameter). */
    private boolean unchanged(int j) {
        return body.result(j) == body.params().get(j);
    }

    /**
     * Whether carried value j is not kept but known again in the adjoint loop from the state after the trip:
     * a counter, or a value the body leaves unchanged.
     */
    boolean recomputed(int j) {
        return unchanged(j) || step(j) >= 0;
    }

    /**
     * Counter j before the trip, from {@code after}, its value after it; {@code invariants}: the loop
     * invariants' values in the adjoint loop, in parameter order.
     */
    int before(Rules bg, int j, int after, int[] invariants) {
        return stepped(bg, j, after, invariants, false);
    }

    /**
     * Counter j after the trip, from {@code before}, its value before it (the step forward, for an adjoint loop
     * that runs its trips in forward order: {@link KeptLoop#ascending}).
     */
    int after(Rules bg, int j, int before, int[] invariants) {
        return stepped(bg, j, before, invariants, true);
    }

    /** Counter j one trip on from {@code from} ({@code forward}: as the body steps it; else one trip back). */
    private int stepped(Rules bg, int j, int from, int[] invariants, boolean forward) {
        if (unchanged(j)) {
            return from;
        }
        int s = step(j);
        Node r = body.node(body.result(j));
        bg.builder().setSpan(r.span());
        Node sn = body.node(s);
        int step = sn.op() instanceof IntConstant c ? bg.intConstant(c.value())
                : invariants[body.params().indexOf(s) - carried];
        return (r.op() == Binary.SUB) == forward ? bg.sub(from, step) : bg.add(from, step);
    }

    /** Whether carried value j is the same after every trip (the body's result is its own parameter). */
    boolean same(int j) {
        return unchanged(j);
    }

    /** Whether carried value j is a real scalar read by the body only as an operand of + or -. */
    boolean sum(int j) {
        return linear(j, null);
    }

    /**
     * Whether carried value j is a real scalar whose value the adjoint of the body never reads: the body reads
     * it only as an operand of + or - or a negation, or — when {@code bodyVaried} (per body node: whether it
     * varies) is known — times or divided by a value that does not vary ({@code p = p * t[i] + c[j]}, Horner's
     * step: the adjoint of {@code p * t} is {@code p̄ * t}, and {@code t}, not varying, gets no adjoint that
     * would read {@code p}).
     */
    boolean linear(int j, boolean[] bodyVaried) {
        int p = body.params().get(j);
        if (!(body.type(p) instanceof Type.Real r) || !r.isScalar()) {
            return false;
        }
        for (Node n : body.nodes()) {
            if (n.inputs().contains(p) && !linearUse(n, p, bodyVaried)) {
                return false;
            }
        }
        return true;
    }

    private static boolean linearUse(Node n, int p, boolean[] bodyVaried) {
        if (n.op() == Binary.ADD || n.op() == Binary.SUB || n.op() == Unary.NEG) {
            return true;
        }
        if (bodyVaried == null || n.input(0) == n.input(n.inputs().size() - 1)) {
            return false;
        }
        if (n.op() == Binary.MUL) {
            return !bodyVaried[n.input(n.input(0) == p ? 1 : 0)];
        }
        return n.op() == Binary.DIV && n.input(0) == p && !bodyVaried[n.input(1)];
    }

    /**
     * Whether the loop keeps O(1) values per trip whatever it does: every carried value is a counter, a sum,
     * unchanged by the body, or an array journaled by {@code journal}, and at least one is a counter or
     * journaled (else the loop is not one that reads or writes elements by index).
     */
    boolean keepsNoState(Journal journal) {
        return keepsNoState(journal, null);
    }

    /**
     * {@link #keepsNoState(Journal)}, counting as kept by nobody also the carried scalars that are
     * {@link #linear} given which body nodes vary ({@code bodyVaried}, or null when unknown).
     */
    boolean keepsNoState(Journal journal, boolean[] bodyVaried) {
        boolean indexed = false;
        for (int j = 0; j < carried; j++) {
            boolean c = step(j) >= 0;
            boolean w = journal.journaled(j);
            indexed |= c || w;
            if (!c && !w && !linear(j, bodyVaried) && !unchanged(j)) {
                return false;
            }
        }
        return indexed;
    }
}
