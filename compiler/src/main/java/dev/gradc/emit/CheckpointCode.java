package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.CheckpointAdvance;
import dev.gradc.ops.CheckpointBudget;
import dev.gradc.ops.JournalBudget;
import dev.gradc.ops.While;
import dev.gradc.runtime.checkpoint.Binomial;
import dev.gradc.runtime.checkpoint.KeptBudget;
import dev.gradc.runtime.checkpoint.LoopTrips;
import dev.gradc.runtime.checkpoint.SweepBuffers;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java of checkpointed loops: the comment that says which part of which schedule a loop is, and the
 * schedule's decisions: how far to run before the next snapshot ({@link Binomial}) and, for a loop checkpointed
 * automatically, how many snapshots the kept-values budget allows ({@link KeptBudget}).
 */
final class CheckpointCode {

    private CheckpointCode() {
    }

    /** Writes the comment of a loop the gradient pass built for a checkpointed loop; nothing for other loops. */
    static void comment(GraphCode gc, While w) {
        if (w.checkpoint() != null && w.checkpoint().note() != null) {
            gc.m.code.add("// checkpointed loop ($L)\n", MethodContext.sanitize(w.checkpoint().note()));
        }
    }

    /**
     * After a loop built for a loop checkpointed automatically whose trips count toward the run-time report
     * (an adjoint sweep's trips reversed, a recomputation's trips recomputed): reports them, once per run of the
     * loop, to {@link LoopTrips} (which counts only on threads that asked for it).
     */
    static void count(GraphCode gc, While w, String trips) {
        int what = dev.gradc.passes.CheckpointReport.counted(w);
        if (what >= 0) {
            gc.m.code.addStatement("$T.$L($S, $L)", LoopTrips.class, what == 0 ? "reversed" : "recomputed",
                    w.where(), trips);
        }
    }

    /** A {@link CheckpointAdvance} node as a call into the runtime; false if n is not one. */
    static boolean advance(GraphCode gc, Node n) {
        if (n.op() instanceof CheckpointBudget b) {
            budget(gc, n, b.half());
            return true;
        }
        if (n.op() instanceof dev.gradc.ops.KeptUnits u) {
            units(gc, n, u.state());
            return true;
        }
        if (n.op() instanceof dev.gradc.ops.RestSnapshots r) {
            rest(gc, n, r.state());
            return true;
        }
        if (n.op() instanceof JournalBudget) {
            String name = gc.m.names.newName("journalTrips");
            gc.m.code.addStatement("int $L = $T.journalTrips(maxKeptValues, $L)", name, KeptBudget.class,
                    gc.value(n.input(0)).block());
            gc.bindVar(n.id(), name);
            return true;
        }
        if (n.op() instanceof dev.gradc.ops.JournalRoom) {
            room(gc, n);
            return true;
        }
        if (!(n.op() instanceof CheckpointAdvance a)) {
            return false;
        }
        String name = gc.m.names.newName("steps");
        gc.m.code.addStatement("int $L = $T.$L($L, $L)", name, Binomial.class, a.toEnd() ? "advanceToEnd" : "advance",
                gc.value(n.input(0)).block(), gc.value(n.input(1)).block());
        gc.bindVar(n.id(), name);
        return true;
    }

    /**
     * {@code KeptBudget.journalRoom(maxKeptValues, perTrip, trips, held, where)}, in place (a loop's condition reads it once):
     * held is trips × the values kept whole per trip plus the stacks' sizes, O(1) each but for a stack of stacks
     * ({@link KeptBudget#size}).
     */
    private static void room(GraphCode gc, Node n) {
        List<CodeBlock> sizes = new ArrayList<>();
        sizes.add(CodeBlock.of("(long) $L * $L", gc.value(n.input(2)).in(Expr.ATOM), gc.value(n.input(1)).in(Expr.ATOM)));
        for (int i = dev.gradc.ops.JournalRoom.COUNTS; i < n.inputs().size(); i++) {
            sizes.add(stackSize(gc, n.input(i)));
        }
        String where = ((dev.gradc.ops.JournalRoom) n.op()).where();
        gc.bindExpr(n.id(), Expr.atom(CodeBlock.of("$T.journalRoom(maxKeptValues, $L, $L, $L, $S)", KeptBudget.class,
                gc.value(n.input(0)).block(), gc.value(n.input(2)).block(), CodeBlock.join(sizes, " + "), where)));
    }

    /** {@code int units = KeptBudget.units(values of the state, values kept)}: sizes summed in long. */
    private static void units(GraphCode gc, Node n, int state) {
        List<CodeBlock> stateSizes = new ArrayList<>();
        List<CodeBlock> keptSizes = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            Type t = gc.g.type(n.input(i));
            boolean one = t instanceof Type.Real r && r.isScalar() || t instanceof Type.Int
                    || t instanceof Type.Bool b && b.isScalar();
            CodeBlock size = one ? CodeBlock.of("1L") : CodeBlock.of("$T.size($L)", KeptBudget.class,
                    gc.value(n.input(i)).code());
            (i < state ? stateSizes : keptSizes).add(size);
        }
        String name = gc.m.names.newName("units");
        gc.m.code.addStatement("int $L = $T.units($L, $L)", name, KeptBudget.class,
                stateSizes.isEmpty() ? CodeBlock.of("0L") : CodeBlock.join(stateSizes, " + "),
                keptSizes.isEmpty() ? CodeBlock.of("0L") : CodeBlock.join(keptSizes, " + "));
        gc.bindVar(n.id(), name);
    }

    /**
     * {@code int snapshots = KeptBudget.restSnapshots(maxKeptValues, held, state)}: the snapshots of a journaled loop's
     * checkpointed rest within what its journal left ({@link dev.gradc.ops.RestSnapshots}); held the journal's stacks'
     * sizes, state the snapshot's values, as {@link #budget} counts them (the trip number named).
     */
    private static void rest(GraphCode gc, Node n, int state) {
        List<CodeBlock> held = new ArrayList<>();
        for (int i = state; i < n.inputs().size(); i++) {
            held.add(stackSize(gc, n.input(i)));
        }
        List<CodeBlock> sizes = sizes(gc, n.inputs().subList(0, state));
        String name = gc.m.names.newName("snapshots");
        gc.m.code.addStatement("int $L = $T.restSnapshots(maxKeptValues, $L, $L)", name, KeptBudget.class,
                held.isEmpty() ? CodeBlock.of("0L") : CodeBlock.of("0L + $L", CodeBlock.join(held, " + ")),
                sum(sizes));
        gc.bindVar(n.id(), name);
    }

    /** What a stack holds, as a long: {@code size()} of a stack of reals or ints, else {@link KeptBudget#size}. */
    private static CodeBlock stackSize(GraphCode gc, int stack) {
        Type e = ((Type.Stack) gc.g.type(stack)).element();
        String code = gc.value(stack).code();
        // a stack of booleans may hold more than 2^31 (its size() stops there), a stack of arrays counts elements
        return e instanceof Type.Real || e instanceof Type.Int ? CodeBlock.of("$L.size()", code)
                : CodeBlock.of("$T.size($L)", KeptBudget.class, code);
    }

    /**
     * The sizes of a snapshot's values {@code inputs}, the last one (an int) its trip number: each array's whose size
     * the program's sizes give (a long), then the other values' summed into one constant (a scalar counts 1, an
     * array of fixed shape its elements), then the trip number's ({@link KeptBudget#TRIP_NUMBER}, a long): a sum of
     * them reads {@code (long) N * N + 2 + KeptBudget.TRIP_NUMBER}, not {@code 0L + (long) N * N + 1 + 1 +
     * KeptBudget.TRIP_NUMBER}. Without such an array, the constant is a long ({@code 5L}).
     */
    private static List<CodeBlock> sizes(GraphCode gc, List<Integer> inputs) {
        List<CodeBlock> sizes = new ArrayList<>();
        long fixed = 0;
        CodeBlock trip = null;
        for (int i = 0; i < inputs.size(); i++) {
            Type t = gc.g.type(inputs.get(i));
            if (i == inputs.size() - 1 && i > 0 && t instanceof Type.Int) {
                // a snapshot's last value is its trip number (passes.CheckpointLoop.snapshot): named, not a bare 1
                trip = CodeBlock.of("$T.TRIP_NUMBER", KeptBudget.class);
                continue;
            }
            // an int array counts its elements, as the stacks that keep it do
            Shape shape = t instanceof Type.Real r ? r.shape() : t instanceof Type.Bool b ? b.shape()
                    : t instanceof Type.IntArray a ? a.shape() : null;
            if (shape == null || shape.isScalar()) {
                fixed += 1;
            } else if (shape.isStatic()) {
                fixed += shape.staticSize();
            } else {
                sizes.add(CodeBlock.of("(long) $L", JavaTypes.size(shape, gc.m.sizeVars).code()));
            }
        }
        if (fixed > 0 || sizes.isEmpty() && trip == null) {
            sizes.add(CodeBlock.of(sizes.isEmpty() || fixed > Integer.MAX_VALUE ? "$LL" : "$L", fixed));
        }
        if (trip != null) {
            sizes.add(trip);
        }
        return sizes;
    }

    /** {@code sizes} summed as a long ({@link #sizes} gives a long first term). */
    private static CodeBlock sum(List<CodeBlock> sizes) {
        return CodeBlock.join(sizes, " + ");
    }

    /** {@code int snapshots = KeptBudget.snapshots(maxKeptValues, sizes of the state...)}. */
    private static void budget(GraphCode gc, Node n, boolean half) {
        List<CodeBlock> sizes = sizes(gc, n.inputs());
        String name = gc.m.names.newName("snapshots");
        // up to three sizes take an overload without a varargs array; more are summed here (in long)
        gc.m.code.addStatement("int $L = $T.snapshots($L, $L)", name, KeptBudget.class,
                half ? "maxKeptValues / 2" : "maxKeptValues",
                sizes.size() <= 3 ? CodeBlock.join(sizes, ", ") : sum(sizes));
        gc.bindVar(n.id(), name);
    }

    /**
     * Where the loops that recompute a checkpointed loop's trips allocate the arrays they reuse: once, before
     * the sweep they run in, not once per snapshot. In the first sweep one buffer each is enough (its state
     * reaches the next snapshot and is copied there). In the adjoint sweep every such array is a pair, taken by
     * the sweep's {@code turn}, which changes every reversed trip: the state a trip leaves (its recomputed start,
     * read by the next trip as the state after that trip) is in the buffers of its turn, and the next trip's
     * recomputation writes only the buffers of the other turn.
     *
     * @param outer the statements before the sweep (unused when {@code frames} holds the arrays)
     * @param turn the adjoint sweep's turn flag (an expression), or null in a first sweep
     * @param frames null when the sweep's body is written inline; else the body is split into methods
     *     ({@link SplitMethod}), and the arrays are made before the sweep into its frames, read from them here
     */
    record Hoist(CodeBlock.Builder outer, String turn, MethodContext m, StorageCode.Buffers frames) {

        Hoist(CodeBlock.Builder outer, String turn, MethodContext m) {
            this(outer, turn, m, null);
        }

        /**
         * Declares buffer {@code name}, chosen by the turn before the loop: allocated before the sweep in a
         * workspace form (whose arena hands out the same arrays every call), else on first use ({@link
         * SweepBuffers}), so that a sweep that recomputes nothing allocates nothing.
         */
        void declare(CodeBlock.Builder local, String name, String size) {
            if (m.arena == null) {
                String slots = m.names.newName(name + "Slots");
                String made = CodeBlock.of("new double[$L][]", turn == null ? 1 : 2).toString();
                if (frames == null) {
                    outer.addStatement("double[][] $L = $L", slots, made);
                } else {
                    frames.declare(local, DOUBLE_SLOTS, slots, x -> CodeBlock.of(made), false);
                }
                local.addStatement("double[] $L = $T.take($L, $L, $L)", name, SweepBuffers.class, slots,
                        turn == null ? "false" : turn, size);
                return;
            }
            if (turn == null) {
                made(local, name, size);
                return;
            }
            String a = m.names.newName(name + "A");
            String b = m.names.newName(name + "B");
            made(local, a, size);
            made(local, b, size);
            local.addStatement("double[] $L = $L ? $L : $L", name, turn, a, b);
        }

        /** {@code double[] name}, an array of the workspace's arena made once before the sweep. */
        private void made(CodeBlock.Builder local, String name, String size) {
            if (frames == null) {
                outer.addStatement("double[] $L = $L", name, WorkspaceCode.zeros(m, size));
            } else {
                frames.declare(local, JavaTypes.DOUBLE_ARRAY, name, x -> WorkspaceCode.zeros(x, size), false);
            }
        }
    }

    private static final com.palantir.javapoet.TypeName DOUBLE_SLOTS =
            com.palantir.javapoet.ArrayTypeName.of(JavaTypes.DOUBLE_ARRAY);

    /**
     * The buffers of the checkpointed-loop sweep whose body is split into methods (loop w; its frames hold them,
     * {@code frames}), for the GraphCode of one part: as {@link #hoist} gives an inline body's. An adjoint sweep's
     * turn is a slot of the frames ({@code turn}, 0 or 1) that {@link SplitMethod} flips before every trip.
     * Null for any other loop.
     */
    static Hoist splitSweep(While w, MethodContext part, StorageCode.Buffers frames, String turn) {
        String note = w.checkpoint() == null ? null : w.checkpoint().note();
        if (note == null || frames == null) {
            return null;
        }
        if (isAdjointSweep(w)) {
            return new Hoist(null, turn + " != 0.0", part, frames);
        }
        return note.endsWith("first sweep") ? new Hoist(null, null, part, frames) : null;
    }

    /** Whether loop w is a checkpointed loop's adjoint sweep: its buffers are taken in turns, a turn per trip. */
    static boolean isAdjointSweep(While w) {
        return w.checkpoint() != null && w.checkpoint().note() != null && w.checkpoint().note().endsWith("adjoint sweep");
    }

    /**
     * Sets where a loop body's reused arrays go ({@link GraphCode#buffers}) and those of loops nested in it
     * ({@link GraphCode#nested}) when loop w is part of a checkpointed loop: a sweep hoists the arrays of the
     * loops that recompute trips inside it to before itself ({@code preamble}).
     */
    static void hoist(GraphCode gc, GraphCode body, While w, CodeBlock.Builder preamble) {
        String note = w.checkpoint() == null ? null : w.checkpoint().note();
        if (note == null) {
            return;
        }
        if (note.endsWith("adjoint sweep")) {
            String turn = gc.m.names.newName("turn");
            preamble.addStatement("boolean $L = false", turn);
            body.nested = new Hoist(preamble, turn, gc.m);
        } else if (note.endsWith("first sweep")) {
            body.nested = new Hoist(preamble, null, gc.m);
        } else if (gc.nested != null && (note.endsWith("runs on to the next snapshot")
                || note.endsWith("recomputes up to the next snapshot") || note.endsWith("recomputes from the top snapshot"))) {
            body.buffers = gc.nested;
            body.nested = gc.nested;
        }
    }

    /**
     * The copy a loop that writes a carried array in place takes on entry, when the loop is a segment of a
     * checkpointed loop (it runs or recomputes the trips up to the next snapshot): into a buffer of the sweep
     * ({@link Hoist}, allocated once before it), and only when the segment does not start from that buffer
     * already, as every segment after the first of a sweep (or of a reversed trip) does. The snapshot pushed
     * before the segment is then the one copy per segment; the state the segment leaves stays in the buffer
     * until the next segment runs on from it. False, writing nothing, for any other loop.
     */
    static boolean segmentCopy(GraphCode gc, While w, Type t, String var, Expr init) {
        if (gc.nested == null || !isSegment(w) || !(t instanceof Type.Real)) {
            return false;
        }
        String size = JavaTypes.size(JavaTypes.shape(t), gc.m.sizeVars).code();
        String buffer = gc.m.names.newName(var + "Segment");
        gc.nested.declare(gc.m.code, buffer, size);
        gc.m.code.addStatement("double[] $L = $L", var, buffer);
        gc.m.code.beginControlFlow("if ($L != $L)", init.block(), var);
        gc.m.code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, init.block(), var, size);
        gc.m.code.endControlFlow();
        return true;
    }

    /** Whether loop w is a segment of a checkpointed loop: its carried arrays may live in its sweep's buffers. */
    static boolean isSegment(While w) {
        return w.checkpoint() != null && w.checkpoint().segment();
    }

    /** At the start of each trip of an adjoint sweep (not of the loops in it): the other turn's buffers. */
    static void startTrip(GraphCode body) {
        if (body.nested != null && body.nested.turn() != null && body.buffers == null) {
            body.m.code.addStatement("$L = !$L", body.nested.turn(), body.nested.turn());
        }
    }

    /**
     * The pop of a snapshot array in a checkpointed loop's adjoint sweep, into one of two buffers declared before
     * the loop, taken by the sweep's turn ({@link Hoist}): no array allocated per reversed trip. A popped snapshot
     * lives at most two trips (the trip it starts, and the next, which reads it as the state after its own trip),
     * and every later use copies it (a push) or leaves it unchanged (a recomputation writes the buffers of its
     * own turn), so the buffer a pop overwrites holds nothing live. False for any other node.
     */
    static boolean pop(GraphCode gc, Node n) {
        if (!(n.op() instanceof dev.gradc.ops.Pop) || gc.loop == null || !isAdjointSweep(gc.loop)
                || !(((Type.Stack) gc.g.type(n.input(0))).element() instanceof Type.Real r) || r.isScalar()) {
            return false;
        }
        String size = JavaTypes.size(r.shape(), gc.m.sizeVars).code();
        String stack = gc.value(n.input(0)).code();
        String name = StackCode.poppedName(gc, n);
        if (gc.nested == null || gc.nested.turn() == null) {
            return false;
        }
        gc.m.comment(n);
        gc.nested.declare(gc.m.code, name, size);
        gc.m.code.addStatement("$L.popInto($L)", stack, name);
        gc.bindParts(n.id(), List.of(stack, name));
        return true;
    }
}
