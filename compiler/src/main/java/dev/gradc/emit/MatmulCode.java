package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.Matmul;
import java.util.List;

/**
 * Matrix products {@code C[m,n] = op(A)[m,kk] · op(B)[kk,n]} (a vector operand is one row or one column), in
 * one of two main forms, all summing every entry over k in increasing order from 0.0 as the interpreter does, so
 * that results agree bit for bit:
 * <ul>
 *   <li><b>rows</b> (wide results, n ≥ {@value ProductForms#WIDE} or a size name): i-k-j, each row of C accumulated as
 *       axpys {@code acc[j] += a * row[j]} over the rows of op(B), copied once into one Java array per row
 *       (k-i-j into one Java array per row of C when C has fewer rows than op(B), such as {@code xᵀ·ā}, and for
 *       {@code Aᵀ·B} whose sizes are names, {@link ProductForms#streamsBoth}).
 *       HotSpot C2 (JDK 17) vectorises such a loop only when every array in it is indexed by the bare loop
 *       variable: with any invariant offset ({@code C[o + j] += a * B[p + j]}) it stays scalar, 2.5× slower.
 *       Inside a loop, though, that copy would be made and dropped on every trip (N rows of an adjoint per
 *       trip of the GMM's reverse loop: 4.4 MB a call), so there op(B)'s rows are read where they lie,
 *       {@code acc[j] += a * B[o + j]}, unless the loop copied them once before it ({@link StoragePlan#hoisted});
 *   <li><b>dot</b> (narrow results, matrix-vector, vector-matrix): {@link BlockedProduct}.</li>
 * </ul>
 * Two special cases of these ({@link ProductForms.Form}): {@code Aᵀv} inside a loop whose A was split into rows before
 * it is an axpy over those rows, and {@code Aᵀ·B} with A wide and B narrow is computed as rows of Cᵀ.
 * A dot product of two vectors is one sum. {@code Aᵀv} in dot form with a size known only at run time is a call of
 * {@link dev.gradc.runtime.Products#transposedTimesInto}, the same sums in a small method of its own ({@link #callsKernel}).
 */
final class MatmulCode {

    private final GraphCode gc;
    private String a;
    private String b;
    /** The offsets of A's and B's entries in their arrays (slices read in place, {@link Views}), or null. */
    private String aOff;
    private String bOff;
    private boolean ta;
    private boolean tb;
    private int rankA;
    private int rankB;
    private Len aCols;
    private Len bCols;

    /**
     * A length of the product's loops as Java int code, and whether it is 1 whatever the sizes (a vector's
     * missing axis, or a dimension of 1), which the index arithmetic leaves out.
     */
    record Len(String code, boolean one, List<Dim> dims) {

        static final Len ONE = new Len("1", true, List.of());

        @Override
        public String toString() {
            return code;
        }
    }

    MatmulCode(GraphCode gc) {
        this.gc = gc;
    }

    private Len dim(Shape s, int axis) {
        List<Dim> d = List.of(s.dim(axis));
        return new Len(JavaTypes.product(d, gc.m.sizeVars).code(), JavaTypes.isOne(d), d);
    }

    void emit(Node n, Matmul mm) {
        Shape sa = JavaTypes.shape(gc.g.type(n.input(0)));
        Shape sb = JavaTypes.shape(gc.g.type(n.input(1)));
        a = array(n.input(0));
        b = array(n.input(1));
        aOff = gc.viewOffset(gc.info.rep(n.input(0)));
        bOff = gc.viewOffset(gc.info.rep(n.input(1)));
        rankA = sa.rank();
        rankB = sb.rank();
        ta = mm.transposeA() && rankA == 2;
        tb = mm.transposeB() && rankB == 2;
        if (rankA == 1 && rankB == 1) {
            dot(gc.declareName(n));
            return;
        }
        aCols = rankA == 2 ? dim(sa, 1) : dim(sa, 0);
        bCols = rankB == 2 ? dim(sb, 1) : Len.ONE;
        Len m = rankA == 2 ? (ta ? dim(sa, 1) : dim(sa, 0)) : Len.ONE;
        Len kk = rankA == 2 ? (ta ? dim(sa, 0) : dim(sa, 1)) : dim(sa, 0);
        Len nn = rankB == 2 ? (tb ? dim(sb, 0) : dim(sb, 1)) : Len.ONE;
        String aRows = gc.storage.hoistedRows(n.input(0));
        Dim mDim = rankA == 2 ? sa.dim(ta ? 1 : 0) : null;
        ProductForms.Form form = ProductForms.of(gc.info, n, aRows != null);
        List<Node> epilogue = gc.storage.epilogue(n);
        Node stored = epilogue.isEmpty() ? n : epilogue.get(epilogue.size() - 1);
        String name = gc.declareName(stored);
        // the forms that add into C rather than write each entry once: Aᵀv by rows, and a single row by axpys
        boolean accumulates = form == ProductForms.Form.TRANSPOSED_ROWS || form == ProductForms.Form.ROWS && m.one();
        if (!gc.storage.reuseArray(stored, name, product(m, nn), accumulates)) {
            gc.m.code.addStatement("double[] $L = $L", name, WorkspaceCode.zeros(gc.m, product(m, nn)));
        }
        switch (form) {
            case TRANSPOSED_ROWS -> transposedRows(name, aRows, kk, m, gc.storage.fusedUpdate(n), gc.info.rep(n.input(1)));
            case TRANSPOSED_RESULT -> transposedResult(name, m, kk, nn);
            case OUTER_ROWS -> outerRows(name, m, kk, nn);
            case ROWS -> rows(name, m, kk, nn, tb ? null : gc.storage.hoistedRows(n.input(1)), n, epilogue);
            case DOT -> throw new IllegalStateException("a dot product has no loop form");
            case BLOCKED -> {
                if (callsKernel(m, kk)) {
                    // Aᵀv with a size given at run time: a call to a small method of the runtime, not loops inline
                    gc.m.code.addStatement("$T.transposedTimesInto($L, $L, $L, $L, $L, $L, $L)",
                            dev.gradc.runtime.Products.class, a, aOff == null ? "0" : aOff, kk, m, b,
                            bOff == null ? "0" : bOff, name);
                    return;
                }
                Dim nDim = rankB == 2 ? sb.dim(tb ? 0 : 1) : null;
                boolean alongI = nDim == null || mDim != null && (!(mDim instanceof Dim.Fixed fm)
                        || nDim instanceof Dim.Fixed fn && fm.value() >= fn.value());
                new BlockedProduct(gc, this, rankA == 1).write(name, m, kk, nn, alongI);
            }
        }
    }

    /**
     * Whether this product, in dot form, is {@code Aᵀv} (A a matrix, v a vector) with a size known only at run time,
     * which {@link dev.gradc.runtime.Products#transposedTimesInto} computes, each entry the same sum as the loops
     * {@link BlockedProduct} would write: called, the loops are compiled as a small method of their own rather than
     * among the many of a large generated method (the LSTM's reversal, whose two {@code Wᵀḡ} through a moving row
     * slice took 0.92–0.94 of the gradient's time as calls, measured on an edited copy of the generated class).
     * With every size a number the loops stay inline, where the JIT sees the sizes as constants.
     */
    private boolean callsKernel(Len m, Len kk) {
        return ta && rankA == 2 && rankB == 1 && !(fixed(m) && fixed(kk));
    }

    private static boolean fixed(Len len) {
        for (Dim d : len.dims()) {
            if (!(d instanceof Dim.Fixed)) {
                return false;
            }
        }
        return true;
    }

    /** The variable of operand id's array: a slice read in place is its input's array, at its offset. */
    private String array(int id) {
        int r = gc.info.rep(id);
        return gc.viewOffset(r) != null ? gc.value(gc.g.node(r).input(0)).code() : gc.value(r).code();
    }

    /**
     * {@code Aᵀ v} from rows of A copied before the loop: {@code C += v[k] * row_k} over k, an axpy whose
     * arrays are all indexed by the bare loop variable. Each entry is summed over k in increasing order.
     * When the loop also accumulates {@code P + v ⊗ u} into a matrix held as rows (the adjoint of A in
     * {@code A @ u}, where this product is the adjoint of u), that update is written in the same loop, as a
     * hand-written backward step would: both read {@code v[k]} once per row and run over the same columns.
     */
    private void transposedRows(String name, String rows, Len kk, Len m, StorageCode.Held update, int v) {
        var c = gc.m.code;
        String k = gc.m.names.openLoop();
        String i = gc.m.names.openLoop();
        String s = gc.m.names.newName("s");
        String row = gc.m.names.newName("row");
        String heldRow = null;
        Expr element = null;
        if (update != null) {
            heldRow = gc.m.names.newName("row");
            element = gc.elements.heldElement(update.update(), update.param(), heldRow, k, i, m.dims(),
                    java.util.Map.of(v, s));
            if (element == null) {
                throw new IllegalStateException("the plan fuses an update the product's loop cannot write");
            }
        }
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, kk, k);
        c.addStatement("double $L = $L[$L]", s, b, plus(bOff, k));
        c.addStatement("double[] $L = $L[$L]", row, rows, k);
        if (element != null) {
            c.addStatement("double[] $L = $L[$L]", heldRow, update.rows(), k);
        }
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, m, i);
        c.addStatement("$L[$L] += $L * $L[$L]", name, i, s, row, i);
        if (element != null) {
            c.addStatement("$L[$L] = $L", heldRow, i, element.block());
        }
        c.endControlFlow();
        c.endControlFlow();
        gc.m.names.closeLoop(i);
        gc.m.names.closeLoop(k);
        if (element != null) {
            gc.bindAlias(update.update().id(), update.param());
        }
    }

    /** Element (i, k) of op(A). */
    String aAt(String i, String k) {
        if (rankA == 1) {
            return a + "[" + plus(aOff, k) + "]";
        }
        return a + "[" + plus(aOff, ta ? at(k, aCols, i) : at(i, aCols, k)) + "]";
    }

    /** Element (k, j) of op(B). */
    String bAt(String k, String j) {
        if (rankB == 1) {
            return b + "[" + plus(bOff, k) + "]";
        }
        return b + "[" + plus(bOff, tb ? at(j, bCols, k) : at(k, bCols, j)) + "]";
    }

    private void dot(String name) {
        String k = gc.m.names.openLoop();
        gc.m.code.addStatement("double $L = 0.0", name);
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", k, k, a, k);
        gc.m.code.addStatement("$L += $L[$L] * $L[$L]", name, a, k, b, k);
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(k);
    }

    /**
     * Rows of op(B) as Java arrays, then per row i of C: {@code acc[j] += op(A)[i,k] * row_k[j]}. With an
     * epilogue (the elementwise ops that are C's only consumer, {@link GraphCode#epilogue}), each finished
     * row goes through them straight into the last one's array, so C itself is never stored.
     */
    private void rows(String name, Len m, Len kk, Len nn, String hoisted, Node product, List<Node> epilogue) {
        var c = gc.m.code;
        // inside a loop a copy would be made on every trip (N rows of an adjoint per trip of the GMM's reverse
        // loop, 4.4 MB a call): op(B)'s rows are read where they lie instead, row k at its offset
        String rows = hoisted != null ? hoisted : tb || gc.m.loops == 0 ? copyRows(kk, nn) : null;
        String k;
        boolean single = m.one();
        String acc = single ? name : gc.m.names.newName("acc");
        if (!single) {
            // in a loop body the accumulator is made once before the loop and cleared per product
            if (gc.storage.declareOnce(JavaTypes.DOUBLE_ARRAY, acc, mc -> WorkspaceCode.zeros(mc, nn))) {
                c.addStatement("$T.fill($L, 0.0)", java.util.Arrays.class, acc);
            } else {
                c.addStatement("double[] $L = $L", acc, WorkspaceCode.zeros(gc.m, nn));
            }
        }
        String i = gc.m.names.openLoop();
        if (!single) {
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, m, i);
            c.beginControlFlow("if ($L > 0)", i);
            c.addStatement("$T.fill($L, 0.0)", java.util.Arrays.class, acc);
            c.endControlFlow();
        }
        k = gc.m.names.openLoop();
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, kk, k);
        String s = gc.m.names.newName("s");
        c.addStatement("double $L = $L", s, aAt(single ? "0" : i, k));
        MatrixParts.Span js = bound(jSpan(single ? null : i, k, s, kk, m, nn, product), nn);
        String j;
        if (rows != null) {
            String row = gc.m.names.newName("row");
            c.addStatement("double[] $L = $L[$L]", row, rows, k);
            j = gc.m.names.openLoop();
            c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", j, js.from(), j, js.to(), j);
            c.addStatement("$L[$L] += $L * $L[$L]", acc, j, s, row, j);
        } else {
            String o = gc.m.names.newName("o");
            c.addStatement("int $L = $L", o, plus(bOff, rowStart(k, bCols)));
            j = gc.m.names.openLoop();
            c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", j, js.from(), j, js.to(), j);
            c.addStatement("$L[$L] += $L * $L[$L + $L]", acc, j, s, b, o, j);
        }
        c.endControlFlow();
        c.endControlFlow();
        gc.m.names.closeLoop(j);
        gc.m.names.closeLoop(k);
        if (!epilogue.isEmpty()) {
            gc.elements.epilogue(epilogue, product, acc, name, i, nn.code(), nn.dims());
            c.endControlFlow();
        } else if (!single) {
            c.addStatement("$T.arraycopy($L, 0, $L, $L, $L)", System.class, acc, name, rowStart(i, nn), nn);
            c.endControlFlow();
        }
        gc.m.names.closeLoop(i);
    }

    /**
     * The j of the axpy {@code s} times row k of op(B) into row i of C: all of them, but where C's readers read
     * one side of it ({@link MatrixParts}) only the entries of row i they read (the others stay 0.0), and where
     * op(B) is triangular and s finite only row k's non-zero side (s · 0.0 adds nothing to a sum that starts
     * at 0.0, which is never −0.0; an infinite or NaN s is added to every entry, as in the full product). Each
     * entry visited is the same sum over the same k in increasing order as the full product's, bit for bit.
     */
    private MatrixParts.Span jSpan(String i, String k, String s, Len kk, Len m, Len nn, Node product) {
        MatrixParts.Span all = MatrixParts.Span.of(MatrixParts.ALL, k, kk.code(), nn.code());
        if (rankB != 2) {
            return all;
        }
        MatrixParts parts = gc.info.parts();
        int pb = parts.nonZero(gc.info.rep(product.input(1)));
        MatrixParts.Span span = MatrixParts.Span.of(tb ? MatrixParts.transposed(pb) : pb, k, kk.code(), nn.code())
                .where("Double.isFinite(" + s + ")");
        return i == null || rankA != 2 ? span : span.and(MatrixParts.Span.of(parts.read(product.id()), i, m.code(), nn.code()));
    }

    /** The span with its bounds that choose or clamp ({@code ?:}, {@code Math.min}) in locals of their own. */
    private MatrixParts.Span bound(MatrixParts.Span span, Len len) {
        String from = span.from();
        String to = span.to();
        if (chooses(from)) {
            from = gc.m.names.newName("from");
            gc.m.code.addStatement("int $L = $L", from, span.from());
        }
        if (chooses(to) && !to.equals(len.code())) {
            to = gc.m.names.newName("to");
            gc.m.code.addStatement("int $L = $L", to, span.to());
        }
        return new MatrixParts.Span(from, to, span.len());
    }

    private static boolean chooses(String bound) {
        return bound.contains(" ? ") || bound.startsWith("Math.");
    }

    /** Copies the rows of op(B) into one Java array each; gives the variable of the copy. */
    private String copyRows(Len kk, Len nn) {
        var c = gc.m.code;
        String rows = gc.m.names.newName(b + "Rows");
        // in a loop body (only op(B) = Bᵀ copies there) the rows are made once before the loop, filled per trip
        boolean once = gc.m.loops > 0 && tb
                && gc.storage.declareOnce(JavaTypes.DOUBLE_ARRAY_2D, rows, mc -> WorkspaceCode.matrix(mc, kk, nn));
        if (!once) {
            c.addStatement("double[][] $L = $L", rows, WorkspaceCode.rows(gc.m, kk));
        }
        String k = gc.m.names.openLoop();
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, kk, k);
        if (tb) {
            String row = gc.m.names.newName("row");
            c.addStatement("double[] $L = $L", row,
                    once ? CodeBlock.of("$L[$L]", rows, k) : WorkspaceCode.scratch(gc.m, nn));
            String j = gc.m.names.openLoop();
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, nn, j);
            c.addStatement("$L[$L] = $L", row, j, bAt(k, j));
            c.endControlFlow();
            gc.m.names.closeLoop(j);
            if (!once) {
                c.addStatement("$L[$L] = $L", rows, k, row);
            }
        } else {
            String from = plus(bOff, rowStart(k, bCols));
            c.addStatement("$L[$L] = $L", rows, k,
                    WorkspaceCode.copyOfRange(gc.m, b, from, from + " + " + ElementCode.paren(nn.code())));
        }
        c.endControlFlow();
        gc.m.names.closeLoop(k);
        return rows;
    }

    /**
     * k-i-j, for a result with fewer rows than op(B) has (such as {@code xᵀ · ā} over a batch): each row of
     * C is its own Java array, and row k of op(B) is copied once into one buffer, so that op(B) is never
     * copied whole. Each entry is still summed over k in increasing order.
     */
    private void outerRows(String name, Len m, Len kk, Len nn) {
        var c = gc.m.code;
        String out = accumulateRows(name + "Rows", m, kk, nn, (k, row) -> {
            if (tb) {
                String j = gc.m.names.openLoop();
                c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, nn, j);
                c.addStatement("$L[$L] = $L", row, j, bAt(k, j));
                c.endControlFlow();
                gc.m.names.closeLoop(j);
            } else {
                c.addStatement("$T.arraycopy($L, $L, $L, 0, $L)", System.class, b, plus(bOff, rowStart(k, bCols)), row, nn);
            }
        }, this::aAt);
        String i = gc.m.names.openLoop();
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, m, i);
        c.addStatement("$T.arraycopy($L[$L], 0, $L, $L, $L)", System.class, out, i, name, rowStart(i, nn), nn);
        c.endControlFlow();
        gc.m.names.closeLoop(i);
    }

    /**
     * {@code C = Aᵀ B} with B narrow and A wide (such as {@code hᵀ · z̄}, the adjoint of a narrow output layer):
     * {@code Cᵀ = Bᵀ A} has wide rows, accumulated k-i-j over the rows of A (contiguous in A, copied one at a
     * time) as axpys, then written transposed. Each entry is still summed over k in increasing order.
     */
    private void transposedResult(String name, Len m, Len kk, Len nn) {
        var c = gc.m.code;
        String out = accumulateRows(name + "Cols", nn, kk, m, (k, row) -> c.addStatement("$T.arraycopy($L, $L, $L, 0, $L)",
                System.class, a, plus(aOff, rowStart(k, aCols)), row, m), (j, k) -> bAt(k, j));
        String j = gc.m.names.openLoop();
        String i = gc.m.names.openLoop();
        String col = gc.m.names.newName("col");
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, nn, j);
        c.addStatement("double[] $L = $L[$L]", col, out, j);
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, m, i);
        c.addStatement("$L[$L] = $L[$L]", name, at(i, nn, j), col, i);
        c.endControlFlow();
        c.endControlFlow();
        gc.m.names.closeLoop(i);
        gc.m.names.closeLoop(j);
    }

    /**
     * The k-i-j accumulation both forms above share: {@code count} rows of length {@code len}, each its own
     * Java array; for each k, one row is filled into a buffer ({@code fill(k, row)}), then every output row
     * r gains {@code scale(r, k)} times it, an axpy over bare indices. Gives the variable of the rows.
     */
    private String accumulateRows(String base, Len count, Len kk, Len len,
            java.util.function.BiConsumer<String, String> fill, java.util.function.BinaryOperator<String> scale) {
        var c = gc.m.code;
        String out = gc.m.names.newName(base);
        String row = gc.m.names.newName("row");
        c.addStatement("double[][] $L = $L", out, WorkspaceCode.matrix(gc.m, count, len));
        c.addStatement("double[] $L = $L", row, WorkspaceCode.zeros(gc.m, len));
        String k = gc.m.names.openLoop();
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, kk, k);
        fill.accept(k, row);
        String r = gc.m.names.openLoop();
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", r, r, count, r);
        String s = gc.m.names.newName("s");
        String acc = gc.m.names.newName("acc");
        c.addStatement("double $L = $L", s, scale.apply(r, k));
        c.addStatement("double[] $L = $L[$L]", acc, out, r);
        String j = gc.m.names.openLoop();
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, len, j);
        c.addStatement("$L[$L] += $L * $L[$L]", acc, j, s, row, j);
        c.endControlFlow();
        gc.m.names.closeLoop(j);
        c.endControlFlow();
        gc.m.names.closeLoop(r);
        c.endControlFlow();
        gc.m.names.closeLoop(k);
        return out;
    }

    /** Index {@code idx} moved by a view's offset (none when null). */
    private static String plus(String off, String idx) {
        return off == null ? idx : off + " + " + idx;
    }

    private static String rowStart(String row, Len cols) {
        return cols.one() ? row : row + " * " + ElementCode.paren(cols.code());
    }

    static String at(String row, Len cols, String col) {
        return cols.one() ? row + " + " + col : row + " * " + ElementCode.paren(cols.code()) + " + " + col;
    }

    private static String product(Len a, Len b) {
        if (a.one()) {
            return b.code();
        }
        if (b.one()) {
            return a.code();
        }
        return ElementCode.paren(a.code()) + " * " + ElementCode.paren(b.code());
    }
}
