package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.emit.ElementCode.Idx;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Outer;
import dev.gradc.ops.ZerosLike;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an elementwise node's elements are written, and the loop that writes them: a new array, a buffer reused
 * every trip, the array of a carried value or of a dead operand updated in place, a line of a larger array
 * ({@link LineUpdates}, an adjoint added into rows). The element expressions inside are {@link ElementCode}'s.
 */
final class ElementWrites {

    private final GraphCode gc;
    private final ElementCode elements;

    ElementWrites(GraphCode gc) {
        this.gc = gc;
        this.elements = gc.elements;
    }

    /**
     * Materialises an elementwise array node: a new array and one loop (with any fused operands inside), or,
     * when n is the next value of a loop-carried array that the loop owns and reads nowhere else, that array
     * updated in place ({@code gradBar[i] = gradBar[i] + …}: an adjoint accumulated over a loop allocates nothing).
     */
    void loop(Node n) {
        StorageCode.Held held = gc.storage.heldRowsTarget(n);
        if (held != null) {
            gc.bindAlias(n.id(), held.param());
            elements.fillRows(n, held.rows(), held.param());
            return;
        }
        if (gc.plan.storage.storage(n.id()) instanceof StoragePlan.Storage.InPlace in) {
            int param = gc.g.params().get(in.carried());
            gc.bindAlias(n.id(), param);
            fill(n, gc.value(param).code());
            return;
        }
        int into = deadOperand(n);
        if (into >= 0) {
            gc.bindAlias(n.id(), into);
            gc.storage.markOwned(n.id());
            fill(n, gc.value(into).code());
            return;
        }
        String name = gc.declareName(n);
        Expr size = JavaTypes.size(JavaTypes.shape(n.type()), gc.m.sizeVars);
        boolean bool = n.type() instanceof Type.Bool;
        boolean zeros = n.op() instanceof Fill f && Double.doubleToRawLongBits(f.value()) == 0
                || n.op() instanceof ZerosLike;
        // zeros whose array no trip keeps take a buffer too, cleared on every trip (the rows an adjoint clears)
        if (!gc.storage.reuseArray(n, name, size.code(), zeros)) {
            gc.m.declare(JavaTypes.of(n.type()), name,
                    bool ? WorkspaceCode.booleans(gc.m, size.code()) : WorkspaceCode.zeros(gc.m, size.code()));
            // a fresh array: a write or a loop that is its last use may write into it (not one reused every trip)
            gc.storage.markOwned(n.id());
        }
        if (zeros) {
            return;
        }
        if (n.op() instanceof Fill f) {
            gc.m.code.addStatement("$T.fill($L, $L)", java.util.Arrays.class, name, JavaTypes.literal(f.value()).block());
            return;
        }
        fill(n, name);
    }

    /**
     * The array an elementwise node n may write its result into instead of a new array ({@code xBar = zBar +
     * xBar}: an adjoint summed at the end allocates nothing), or -1: a real array of n's very shape, this code's
     * own and no buffer the next trip reuses (a fresh n may outlive the trip), read by no code after n ({@link
     * OverwriteCode#mayOverwrite}), that n's loop reads only as its own element {@code i} — read by n or by the
     * elementwise ops of n's shape fused into n's loop.
     */
    private int deadOperand(Node n) {
        if (!(n.type() instanceof Type.Real t) || t.shape().rank() == 0
                || !(gc.plan.storage.storage(n.id()) instanceof StoragePlan.Storage.Fresh)) {
            return -1;
        }
        boolean[] inLoop = new boolean[gc.g.size()];
        List<Integer> reads = new ArrayList<>();
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>(List.of(n.id()));
        while (!work.isEmpty()) {
            Node u = gc.g.node(work.pop());
            for (int in : u.inputs()) {
                int r = gc.info.rep(in);
                Node v = gc.g.node(r);
                if (!gc.isFused(r)) {
                    if (!reads.contains(r)) {
                        reads.add(r);
                    }
                } else if (!inLoop[r] && ElementCode.isElementwise(v) && !gc.plan.isView(r) && !(v.op() instanceof Outer)
                        && JavaTypes.shape(v.type()).equals(t.shape())) {
                    inLoop[r] = true;
                    work.push(r);
                }
            }
        }
        java.util.Collections.sort(reads);
        for (int x : reads) {
            if (gc.g.type(x) instanceof Type.Real xt && xt.shape().equals(t.shape()) && gc.storage.ownsArray(x)
                    && !gc.storage.isBuffer(x)
                    && !readByOtherFused(x, n.id(), inLoop) && new OverwriteCode(gc).mayOverwrite(n, x, inLoop)) {
                return x;
            }
        }
        return -1;
    }

    /**
     * Whether array x is read where n's loop would see it written: by a fused op other than those of n's own
     * loop ({@code inLoop}), which runs in a loop of its own, or by an inline expression (such as {@code
     * x[0]}), which n's loop would evaluate on every trip, after its first writes. (What comes after n is
     * {@link OverwriteCode#mayOverwrite}'s to judge.)
     */
    private boolean readByOtherFused(int x, int n, boolean[] inLoop) {
        for (int id = x + 1; id < n; id++) {
            if (!inLoop[id] && (gc.isFused(id) || gc.isInline(id))
                    && gc.g.node(id).inputs().stream().anyMatch(in -> gc.info.rep(in) == x)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code target[off + i] += element i of n} for every i: n, fused into this loop, is added into consecutive
     * entries of a larger array in place (the adjoint of a product with rows of a matrix, {@code ḡ ⊗ x}, added
     * into the matrix's adjoint without an array of its own).
     */
    void addInto(Node n, String target, String off) {
        intoLine(n, target, off, "+=");
    }

    /**
     * {@code target[off + i] = element i of n} for every i: n, fused into the update of a line of target ({@link
     * LineUpdates}), is written straight into the line, with no array of its own and no copy; a constant line
     * (the zeros that clear an adjoint's row) is an {@code Arrays.fill} of the line's range.
     */
    void writeInto(Node n, String target, String off) {
        writeInto(n, target, off, null);
    }

    /**
     * {@link #writeInto(Node, String, String)}, whose loop also pushes the line {@code kept} of the array before it
     * writes (a journal's push, {@link StackCode#takeKeptLine}; null: none): entry j in trip j, before the write.
     */
    void writeInto(Node n, String target, String off, StackCode.KeptLine kept) {
        if (n.op() instanceof Fill || n.op() instanceof ZerosLike) {
            if (kept != null) {
                kept.pushAll(gc.m.code);
            }
            CodeBlock size = JavaTypes.size(JavaTypes.shape(n.type()), gc.m.sizeVars).in(Expr.MULTIPLICATIVE);
            gc.m.code.addStatement("$T.fill($L, $L, $L + $L, $L)", java.util.Arrays.class, target, off, off, size,
                    elements.elemOf(n, Idx.ZERO).block());
            return;
        }
        Shape s = JavaTypes.shape(n.type());
        if (kept == null || elements.wantsGrid(s, () -> elements.elemOf(n, Idx.of("i")))) {
            if (kept != null) {
                kept.pushAll(gc.m.code); // a loop nest over the line: pushed before it, as planned
            }
            intoLine(n, target, off, "=");
            return;
        }
        // the entry read once into a local, which the stack keeps and the value reads (a store into the stack's
        // array between two reads of the line would make the JIT read the line twice)
        String at = gc.m.names.newName("keptAt");
        String into = gc.m.names.newName("kept");
        gc.m.code.addStatement("int $L = $L.claim($L)", at, kept.stack(), kept.size());
        gc.m.code.addStatement("double[] $L = $L.array()", into, kept.stack());
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, JavaTypes.size(s, gc.m.sizeVars).code(), i);
        String old = gc.m.names.openLocal("old");
        gc.m.code.addStatement("double $L = $L[$L + $L]", old, kept.array(), kept.offset(), i);
        gc.m.code.addStatement("$L[$L + $L] = $L", into, at, i, old);
        elements.elementLocal(kept.slice(), old);
        gc.m.code.addStatement("$L[$L + $L] = $L", target, off, i, elements.elemOf(n, Idx.of(i)).block());
        elements.elementLocal(kept.slice(), null);
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(old);
        gc.m.names.closeLoop(i);
    }

    private void intoLine(Node n, String target, String off, String assign) {
        Shape s = JavaTypes.shape(n.type());
        java.util.function.Consumer<Idx> write = idx -> gc.m.code.addStatement("$L[$L + $L] $L $L", target, off,
                idx, assign, elements.elemOf(n, idx).block());
        if (elements.wantsGrid(s, () -> elements.elemOf(n, Idx.of("i")))) {
            elements.gridLoop(s, write);
            return;
        }
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i,
                JavaTypes.size(s, gc.m.sizeVars).code(), i);
        write.accept(Idx.of(i));
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(i);
    }

    /** {@code target[i] = element i of n} for every i: one flat loop, or a loop nest over a matrix. */
    private void fill(Node n, String target) {
        Shape s = JavaTypes.shape(n.type());
        if (elements.wantsGrid(s, () -> elements.elemOf(n, Idx.of("i")))) {
            elements.gridLoop(s, idx -> gc.m.code.addStatement("$L[$L] = $L", target, idx,
                    elements.elemOf(n, idx).block()));
            return;
        }
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, target, i);
        gc.m.code.addStatement("$L[$L] = $L", target, i, elements.elemOf(n, Idx.of(i)).block());
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(i);
    }
}
