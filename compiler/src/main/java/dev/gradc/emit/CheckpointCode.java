package dev.gradc.emit;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.CheckpointAdvance;
import dev.gradc.ops.CheckpointBudget;
import dev.gradc.ops.JournalBudget;
import dev.gradc.ops.While;
import dev.gradc.runtime.checkpoint.Binomial;
import dev.gradc.runtime.checkpoint.KeptBudget;
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

    /** A {@link CheckpointAdvance} node as a call into the runtime; false if n is not one. */
    static boolean advance(GraphCode gc, Node n) {
        if (n.op() instanceof CheckpointBudget b) {
            budget(gc, n, b.half());
            return true;
        }
        if (n.op() instanceof JournalBudget) {
            String name = gc.m.names.newName("journalTrips");
            gc.m.code.addStatement("int $L = $T.journalTrips(maxKeptValues, $L)", name, KeptBudget.class,
                    gc.value(n.input(0)).block());
            gc.bindVar(n.id(), name);
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

    /** {@code int snapshots = KeptBudget.snapshots(maxKeptValues, sizes of the state...)}. */
    private static void budget(GraphCode gc, Node n, boolean half) {
        List<String> sizes = new ArrayList<>();
        for (int in : n.inputs()) {
            Type t = gc.g.type(in);
            Shape shape = t instanceof Type.Real r ? r.shape() : t instanceof Type.Bool b ? b.shape() : null;
            sizes.add(shape != null && !shape.isScalar() ? "(long) " + JavaTypes.size(shape, gc.m.sizeVars).code() : "1");
        }
        String name = gc.m.names.newName("snapshots");
        // up to three sizes take an overload without a varargs array; more are summed here (in long)
        gc.m.code.addStatement("int $L = $T.snapshots($L, $L)", name, KeptBudget.class,
                half ? "maxKeptValues / 2" : "maxKeptValues",
                sizes.size() <= 3 ? String.join(", ", sizes) : "0L + " + String.join(" + ", sizes));
        gc.bindVar(n.id(), name);
    }

    /**
     * The pop of a snapshot array in a checkpointed loop's adjoint sweep, into one of two buffers declared before
     * the loop, taken in turn: no array allocated per reversed trip. A popped snapshot lives at most two trips
     * (the trip it starts, and the next, which reads it as the state after its own trip), and every later use
     * copies it (a push) or leaves it unchanged (a recomputation writes its own buffers), so the buffer a pop
     * overwrites holds nothing live. False for any other node.
     */
    static boolean pop(GraphCode gc, Node n) {
        if (!(n.op() instanceof dev.gradc.ops.Pop) || gc.loop == null || gc.loop.checkpoint() == null
                || gc.loop.checkpoint().note() == null || !gc.loop.checkpoint().note().endsWith("adjoint sweep")
                || !(((Type.Stack) gc.g.type(n.input(0))).element() instanceof Type.Real r) || r.isScalar()) {
            return false;
        }
        String size = JavaTypes.size(r.shape(), gc.m.sizeVars).code();
        String stack = gc.value(n.input(0)).code();
        String name = gc.m.names.newName(gc.info.projLabel(n.id(), 1) != null ? gc.info.projLabel(n.id(), 1) : "t");
        String a = gc.m.names.newName(name + "Buffer");
        String b = gc.m.names.newName(name + "Buffer");
        String turn = gc.m.names.newName(name + "Turn");
        if (!gc.beforeLoop("double[] $L = $L", a, WorkspaceCode.zeros(gc.m, size))) {
            return false;
        }
        gc.beforeLoop("double[] $L = $L", b, WorkspaceCode.zeros(gc.m, size));
        gc.beforeLoop("boolean $L = false", turn);
        gc.m.comment(n);
        gc.m.code.addStatement("$L = !$L", turn, turn);
        gc.m.code.addStatement("double[] $L = $L ? $L : $L", name, turn, a, b);
        gc.m.code.addStatement("$L.popInto($L)", stack, name);
        gc.bindParts(n.id(), List.of(stack, name));
        return true;
    }
}
