package dev.gradc.emit;

import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Discard;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacks as the runtime's primitive stacks ({@link dev.gradc.runtime.DoubleStack} and its siblings): a new
 * stack, a push, a pop (into a buffer reused by every trip when the plan allows), a discard. A push or pop changes the
 * stack in place: stacks are used linearly. The checkpointing pass's own stack forms are {@link CheckpointCode}'s.
 */
final class StackCode {

    private final GraphCode gc;

    StackCode(GraphCode gc) {
        this.gc = gc;
    }

    /** The position of the loop that fills the stack made by {@code n} ({@link StackNew#filling}), or null. */
    private String keepingLoop(Node n) {
        return StackNew.filling(gc.g, n.id());
    }

    /** Stack ops; false if n is not one. A push or pop changes the stack in place: stacks are used linearly. */
    boolean emit(Node n) {
        if (CheckpointCode.advance(gc, n)) {
            return true;
        } else if (n.op() instanceof StackNew s) {
            gc.m.comment(n);
            String name = gc.m.names.newName(n.label() != null ? n.label() : "stack");
            TypeName t = JavaTypes.stack(s.element());
            String where = keepingLoop(n);
            if (!gc.storage.reuseStack(n, t, name, where)) {
                gc.m.declare(t, name, WorkspaceCode.stack(gc.m, t, where));
            }
            gc.bindVar(n.id(), name);
        } else if (n.op() instanceof Push) {
            gc.m.comment(n);
            String stack = gc.value(n.input(0)).code();
            Type element = ((Type.Stack) gc.g.type(n.input(0))).element();
            boolean block = element instanceof Type.Real r && !r.isScalar();
            if (element instanceof Type.IntArray) {
                // the stack keeps the values: a write in place may change the array after the push
                gc.m.code.addStatement("$L.push($L.clone())", stack, gc.value(n.input(1)).in(Expr.ATOM));
            } else if (gc.viewOffset(gc.info.rep(n.input(1))) != null) {
                // a slice read in place (RowViews): its values pushed from where they lie
                Node slice = gc.g.node(gc.info.rep(n.input(1)));
                KeptLine line = new KeptLine(stack, slice.id(), gc.value(slice.input(0)).code(), gc.viewOffset(slice.id()),
                        JavaTypes.size(((Type.Real) element).shape(), gc.m.sizeVars).code());
                int write = keptByWrite(n, slice);
                if (write >= 0) {
                    keptLines.put(write, line); // pushed by the loop of the write that overwrites it (OverwriteCode)
                } else {
                    line.pushAll(gc.m.code);
                }
            } else {
                gc.m.code.addStatement("$L.$L($L)", stack, block ? "pushAll" : "push", gc.value(n.input(1)).block());
            }
            gc.bindAlias(n.id(), n.input(0));
        } else if (n.op() instanceof Discard) {
            // a stack nothing will pop, emptied so that its values no longer count as held; the other stack goes on
            gc.m.comment(n);
            gc.m.code.addStatement("$L.clear()", gc.value(n.input(1)).code());
            gc.bindAlias(n.id(), n.input(0));
        } else if (CheckpointCode.pop(gc, n)) {
            return true;
        } else if (n.op() instanceof Pop) {
            gc.m.comment(n);
            String stack = gc.value(n.input(0)).code();
            Type element = ((Type.Stack) gc.g.type(n.input(0))).element();
            String name = poppedName(gc, n);
            if (element instanceof Type.Real r && !r.isScalar()) {
                String size = JavaTypes.size(r.shape(), gc.m.sizeVars).code();
                int value = popped(n);
                if (value >= 0 && restoredInPlace(n, value)) {
                    // popped where the write that restores it puts it (OverwriteCode): no array of its own
                    deferred.put(value, new Deferred(stack, size, gc.info.soleUser(value)));
                } else if (value >= 0 && gc.storage.reuseArray(gc.g.node(value), name, size, false)) {
                    gc.m.code.addStatement("$L.popInto($L)", stack, name);
                } else {
                    gc.m.code.addStatement("double[] $L = $L", name, WorkspaceCode.popArray(gc.m, stack, size));
                }
            } else {
                gc.m.code.addStatement("$T $L = $L.pop()", JavaTypes.of(element), name, stack);
            }
            gc.bindParts(n.id(), List.of(stack, name));
        } else {
            return false;
        }
        return true;
    }

    /**
     * A pop written where its one reader, the whole-line write {@code write} (a node id), writes the values
     * ({@link #restoredInPlace}): the stack and the length.
     */
    record Deferred(String stack, String size, int write) {
    }

    /** The pops deferred to the write that reads them, by the node of the popped value. */
    private final Map<Integer, Deferred> deferred = new HashMap<>();

    /**
     * The pop whose value node {@code value} is, when it is deferred to its one reader, a whole-line {@link
     * Update} that writes it into an array (then the write pops it, {@code stack.popInto(array, offset, length)});
     * else null. Taken once: the write that asks consumes it.
     */
    Deferred takeDeferred(int value) {
        return deferred.remove(value);
    }

    /**
     * Whether value node {@code value} is a pop deferred to its write and not taken by it yet. No code asks for such
     * a value ({@link GraphCode#value} fails if one does, a compiler bug): its one emitted reader is the write, which
     * only {@link OverwriteCode#emit} writes (no view, no shared loop, no elementwise loop is an {@link Update}), and
     * that takes the pop before it reads anything but its array and indices, neither of which is the value.
     */
    boolean isDeferred(int value) {
        return !deferred.isEmpty() && deferred.containsKey(value);
    }

    /**
     * A journal's push of line {@code array[offset, offset + size)} (a slice read in place) onto {@code stack}, made by
     * the write that overwrites the line ({@link #keptByWrite}): {@code int at = stack.claim(size)} before the write's
     * loop, and entry j kept at {@code at + j} in its trip j, before the trip writes entry j; {@code slice} is the
     * node of the line's values, which the write's value reads.
     */
    record KeptLine(String stack, int slice, String array, String offset, String size) {

        /** The push as a statement of its own, for a write that has no loop of its own. */
        void pushAll(com.palantir.javapoet.CodeBlock.Builder code) {
            code.addStatement("$L.pushAll($L, $L, $L)", stack, array, offset, size);
        }
    }

    /** The journal pushes deferred to the loop of the write that overwrites their line, by the write's node id. */
    private final Map<Integer, KeptLine> keptLines = new HashMap<>();

    /** The push deferred to write node {@code write} ({@link #keptByWrite}), or null. Taken once. */
    KeptLine takeKeptLine(int write) {
        return keptLines.remove(write);
    }

    /**
     * The write whose loop may push the line {@code slice} (a slice read in place) that {@code push} keeps, or -1:
     * the first node written after the push that writes anything or uses the stack after the push is an {@link
     * Update} of a line of slice's array at as many indices whose value is computed in its loop ({@link
     * LineUpdates}) reading the slice, and it is no region. Then nothing changes the array or the stack between the
     * push and the write, and the write's trip j reads entry j of the slice before it writes entry j of its line
     * (the same line or another of the same length, so no earlier trip wrote it): pushing entry j in trip j pushes
     * the values the push would have, in one pass with the write instead of a copy of its own. The slice, read in
     * place by the write's loop, crosses no split of the method, so the push and the write are in the same part.
     */
    private int keptByWrite(Node push, Node slice) {
        if (!(slice.op() instanceof dev.gradc.ops.Index ix) || gc.pinned(push.id())) {
            return -1;
        }
        int x = gc.info.rep(slice.input(0));
        for (int id = push.id() + 1; id < gc.g.size(); id++) {
            Node m = gc.g.node(id);
            if (!gc.info.emits(id)) {
                continue;
            }
            boolean usesStack = m.inputs().stream().anyMatch(in -> gc.info.rep(in) == push.id());
            if (m.op() instanceof dev.gradc.ir.Region) {
                return -1;
            }
            if (m.op() instanceof dev.gradc.ops.Overwriting) {
                return !usesStack && m.op() instanceof Update u && u.count() == ix.count()
                        && gc.info.rep(m.input(0)) == x && readsInItsLoop(m, slice.id()) ? id : -1;
            }
            if (usesStack) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether the value of write {@code write} is computed in its loop ({@link Plan}) and reads {@code slice} there. */
    private boolean readsInItsLoop(Node write, int slice) {
        int value = gc.info.rep(write.input(1));
        if (!(gc.plan.node(value) instanceof Plan.NodePlan.Fused)) {
            return false;
        }
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>(List.of(value));
        while (!work.isEmpty()) {
            for (int in : gc.g.node(work.pop()).inputs()) {
                int r = gc.info.rep(in);
                if (r == slice) {
                    return true;
                }
                if (gc.plan.node(r) instanceof Plan.NodePlan.Fused && !gc.plan.isView(r)) {
                    work.push(r);
                }
            }
        }
        return false;
    }

    /**
     * Fails (a compiler bug) when a pop deferred to a write emitted before node id {@code end} was not taken by it:
     * its values would stay on the stack, and every later pop of it would give the wrong ones.
     */
    void checkTaken(int end) {
        for (int write : keptLines.keySet()) {
            if (write < end) {
                throw new IllegalStateException("a push was deferred to write %" + write + ", which did not take it");
            }
        }
        for (Map.Entry<Integer, Deferred> e : deferred.entrySet()) {
            if (e.getValue().write() < end) {
                throw new IllegalStateException("the pop of %" + e.getKey() + " was deferred to write %"
                        + e.getValue().write() + ", which did not take it");
            }
        }
    }

    /**
     * Whether the value pop n gives ({@code value}, its projection 1) may be popped by the write that reads it,
     * straight into the written array: that write is its only reader, an {@link Update} of a whole line (a row
     * of a matrix, as a journal restores it) of another array, and no node emitted between the pop and the write
     * uses the stack after the pop, so popping later pops the same values; both in this method (nothing kept
     * for another part of a split method).
     */
    private boolean restoredInPlace(Node pop, int value) {
        int user = gc.info.soleUser(value);
        if (user < 0 || !(gc.g.node(user).op() instanceof Update u) || gc.pinned(value) || gc.pinned(pop.id())) {
            return false;
        }
        Node write = gc.g.node(user);
        Type x = gc.g.type(gc.info.rep(write.input(0)));
        if (gc.info.rep(write.input(1)) != value || !(x instanceof Type.Real r) || u.count() >= r.shape().rank()
                || gc.info.rep(write.input(0)) == value) {
            return false;
        }
        int after = stackAfter(pop);
        for (int id = pop.id() + 1; id < user; id++) {
            Node m = gc.g.node(id);
            if (gc.info.emits(id) && after >= 0 && m.inputs().stream().anyMatch(in -> gc.info.rep(in) == after)) {
                return false;
            }
        }
        return true;
    }

    /** The node of the stack after pop n (its projection 0), or -1 when nothing uses it. */
    private int stackAfter(Node pop) {
        for (Node u : gc.g.nodes()) {
            if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == 0 && u.input(0) == pop.id()
                    && gc.info.rep(u.id()) == u.id()) {
                return u.id();
            }
        }
        return -1;
    }

    /** The node of the value a pop gives (its projection 1), or -1 when nothing reads it. */
    private int popped(Node pop) {
        for (Node u : gc.g.nodes()) {
            if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == 1 && u.input(0) == pop.id()
                    && gc.info.rep(u.id()) == u.id()) {
                return u.id();
            }
        }
        return -1;
    }

    /**
     * The variable of the value pop {@code n} gives: its program name when the passes gave it one, else a
     * temporary ({@code t7}), never a bare {@code t} that would read as the program's variable of that name.
     */
    static String poppedName(GraphCode gc, Node n) {
        String label = gc.info.projLabel(n.id(), 1);
        return label != null ? gc.m.names.newName(label) : gc.m.names.temp();
    }
}
