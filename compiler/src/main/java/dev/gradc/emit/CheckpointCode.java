package dev.gradc.emit;

import dev.gradc.ir.Node;
import dev.gradc.ops.CheckpointAdvance;
import dev.gradc.ops.While;
import dev.gradc.runtime.checkpoint.Binomial;

/**
 * The Java of checkpointed loops: the comment that says which part of which schedule a loop is, and the
 * schedule's one decision, how far to run before the next snapshot ({@link Binomial}).
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
        if (!(n.op() instanceof CheckpointAdvance a)) {
            return false;
        }
        String name = gc.m.names.newName("steps");
        gc.m.code.addStatement("int $L = $T.$L($L, $L)", name, Binomial.class, a.toEnd() ? "advanceToEnd" : "advance",
                gc.value(n.input(0)).block(), gc.value(n.input(1)).block());
        gc.bindVar(n.id(), name);
        return true;
    }
}
