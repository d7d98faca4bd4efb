package dev.gradc.emit;

import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.While;
import java.util.List;

/**
 * Stacks as the runtime's primitive stacks ({@link dev.gradc.runtime.DoubleStack} and its siblings): a new
 * stack, a push, a pop (into a buffer reused by every trip when the plan allows). A push or pop changes the
 * stack in place: stacks are used linearly. The checkpointing pass's own stack forms are {@link CheckpointCode}'s.
 */
final class StackCode {

    private final GraphCode gc;

    StackCode(GraphCode gc) {
        this.gc = gc;
    }

    /** The position of the loop that fills the stack made by {@code n} (it is an input of that loop), or null. */
    private String keepingLoop(Node n) {
        for (Node user : gc.g.nodes()) {
            if (user.op() instanceof While w && user.inputs().contains(n.id())) {
                return w.where();
            }
        }
        return null;
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
                gc.m.code.addStatement("$L.pushAll($L, $L, $L)", stack, gc.value(slice.input(0)).code(),
                        gc.viewOffset(slice.id()), JavaTypes.size(((Type.Real) element).shape(), gc.m.sizeVars).code());
            } else {
                gc.m.code.addStatement("$L.$L($L)", stack, block ? "pushAll" : "push", gc.value(n.input(1)).block());
            }
            gc.bindAlias(n.id(), n.input(0));
        } else if (CheckpointCode.pop(gc, n)) {
            return true;
        } else if (n.op() instanceof Pop) {
            gc.m.comment(n);
            String stack = gc.value(n.input(0)).code();
            Type element = ((Type.Stack) gc.g.type(n.input(0))).element();
            String name = gc.m.names.newName(gc.info.projLabel(n.id(), 1) != null ? gc.info.projLabel(n.id(), 1) : "t");
            if (element instanceof Type.Real r && !r.isScalar()) {
                String size = JavaTypes.size(r.shape(), gc.m.sizeVars).code();
                int value = popped(n);
                if (value >= 0 && gc.storage.reuseArray(gc.g.node(value), name, size, false)) {
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
}
