package dev.gradc.emit;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link GraphCode} knows of each node of its graph while writing it: its value's expression, a region's
 * result variables, whether it is fused, inline, a variable of its own, or another name for a variable. The parts
 * of a split graph ({@link SplitMethod}) are written one after another with the same slots, each part clearing
 * what it wrote ({@link #clear}), so that n nodes cut into p parts cost n slots, not n × p.
 */
final class NodeSlots {

    final Expr[] val;
    final List<String>[] parts;
    final boolean[] fused;
    /** Per node: its value is an expression written where it is used (planned inline). */
    final boolean[] inline;
    final boolean[] ownVar;
    /** Per node: the node whose variable it is another name for (an array written in place, a pushed stack), or -1. */
    final int[] aliasOf;
    /** Whether the nodes written are recorded, to be cleared for the next part; false for a graph written whole. */
    private final boolean shared;
    private int[] written = new int[0];
    private int count;

    @SuppressWarnings("unchecked")
    NodeSlots(int n, boolean shared) {
        val = new Expr[n];
        parts = new List[n];
        fused = new boolean[n];
        inline = new boolean[n];
        ownVar = new boolean[n];
        aliasOf = new int[n];
        Arrays.fill(aliasOf, -1);
        this.shared = shared;
    }

    /** Records that node id's slots are being written (before the write). */
    void write(int id) {
        if (!shared) {
            return;
        }
        if (count == written.length) {
            written = Arrays.copyOf(written, Math.max(16, 2 * count));
        }
        written[count++] = id;
    }

    /** Clears every slot written since the last clear, for the next part. */
    void clear() {
        for (int i = 0; i < count; i++) {
            int id = written[i];
            val[id] = null;
            parts[id] = null;
            fused[id] = false;
            inline[id] = false;
            ownVar[id] = false;
            aliasOf[id] = -1;
        }
        count = 0;
    }
}
