package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Diag;
import dev.gradc.ops.Diagonal;
import dev.gradc.ops.Factorisation;
import dev.gradc.ops.Index;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Pack;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Scatter;
import dev.gradc.ops.Transpose;
import dev.gradc.ops.Triangle;
import dev.gradc.runtime.linalg.Cholesky;
import dev.gradc.runtime.linalg.Lu;
import dev.gradc.runtime.linalg.MatrixException;
import dev.gradc.runtime.linalg.Triangular;
import java.util.ArrayList;
import java.util.List;

/**
 * Loops for the ops that are not elementwise: reductions, matrix products, transposes, indexing, scatters,
 * array literals. Each sums in the same order as the interpreter, so results agree bit for bit.
 */
final class ArrayCode {

    private final GraphCode gc;

    ArrayCode(GraphCode gc) {
        this.gc = gc;
    }

    /** Writes the code of node n and binds its variable; false if n is not one of these ops. */
    boolean emit(Node n) {
        Object op = n.op();
        if (op instanceof ReduceSum s) {
            reduce(n, s.axes(), false);
        } else if (op instanceof ReduceMax x) {
            reduce(n, x.axes(), true);
        } else if (op instanceof Matmul mm) {
            new MatmulCode(gc).emit(n, mm);
        } else if (op instanceof Transpose) {
            transpose(n);
        } else if (op instanceof Factorisation f) {
            factorisation(n, f);
        } else if (op instanceof Diag) {
            diag(n);
        } else if (op instanceof Diagonal) {
            diagonal(n);
        } else if (op instanceof Triangle t) {
            triangle(n, t);
        } else if (op instanceof Scatter s) {
            scatter(n, s);
        } else if (op instanceof Pack p) {
            pack(n, p);
        } else if (op instanceof Constant c) {
            constant(n, c);
        } else if (op instanceof Index ix) {
            index(n, ix);
        } else if (op instanceof dev.gradc.ops.Rows) {
            rows(n);
        } else if (op instanceof dev.gradc.ops.RowsScatter rs) {
            rowsScatter(n, rs);
        } else if (op instanceof dev.gradc.ops.JavaCall call) {
            javaCall(n, call);
        } else if (op instanceof dev.gradc.ops.Overwriting) {
            new OverwriteCode(gc).emit(n);
        } else if (op instanceof dev.gradc.ops.Extern e) {
            ExternCode.emit(gc, n, e);
        } else {
            return false;
        }
        return true;
    }

    /** An op that is one Java expression (a runtime call): a variable of the node's type assigned it. */
    private void javaCall(Node n, dev.gradc.ops.JavaCall call) {
        List<String> in = new ArrayList<>();
        List<dev.gradc.ir.Type> types = new ArrayList<>();
        for (int id : n.inputs()) {
            in.add(gc.value(id).code());
            types.add(gc.g.type(id));
        }
        java.util.function.Function<List<dev.gradc.ir.Dim>, String> count = dims -> JavaTypes.product(dims,
                gc.m.sizeVars).code();
        String where = n.span().isKnown() ? n.span().where() : null;
        if (call instanceof dev.gradc.ops.IntWrite w) {
            // into the int array itself when its old value is dead: the loop's own, or an earlier write's
            boolean inPlace = new OverwriteCode(gc).mayOverwrite(n, gc.info.rep(n.input(0)));
            CodeBlock code = w.java(n, types, in, count, where, inPlace);
            if (inPlace) {
                gc.m.code.addStatement("$L", code);
                gc.bindAlias(n.id(), gc.info.rep(n.input(0)));
            } else {
                gc.m.declare(JavaTypes.of(n.type()), gc.declareName(n), code);
            }
            gc.storage.markOwned(n.id());
            return;
        }
        CodeBlock code = call.java(n, types, in, count, where);
        String name = gc.declareName(n);
        gc.m.declare(JavaTypes.of(n.type()), name, code);
    }

    private Expr size(Shape s) {
        return JavaTypes.size(s, gc.m.sizeVars);
    }

    private Shape shapeOf(int id) {
        return JavaTypes.shape(gc.g.type(id));
    }

    private void reduce(Node n, List<Integer> axes, boolean max) {
        Shape in = shapeOf(n.input(0));
        Shape out = JavaTypes.shape(n.type());
        String name = gc.declareName(n);
        CodeBlock init = max ? CodeBlock.of("$T.NEGATIVE_INFINITY", Double.class) : CodeBlock.of("0.0");
        if (out.isScalar()) {
            gc.m.code.addStatement("double $L = $L", name, init);
        } else {
            declareArray(n, name, size(out).code(), !max);
            if (max) {
                gc.m.code.addStatement("$T.fill($L, $T.NEGATIVE_INFINITY)", java.util.Arrays.class, name, Double.class);
            }
        }
        java.util.function.Consumer<ElementCode.Idx> step = i -> {
            Expr x = gc.elements.elem(n.input(0), i);
            String target = out.isScalar() ? name : name + "[" + keptIndex(in, axes, i) + "]";
            if (max) {
                gc.m.code.addStatement("$L = $T.max($L, $L)", target, Math.class, target, x.block());
            } else {
                gc.m.code.addStatement("$L += $L", target, x.block());
            }
        };
        // a matrix summed along one axis, or whole when a flat loop would divide its index (a broadcast row or
        // column read in the sum): a loop nest, in the same order, so the same sum to the bit
        if (in.rank() == 2 && (axes.size() == 1
                || gc.elements.wantsGrid(in, () -> gc.elements.elem(n.input(0), ElementCode.Idx.of("i"))))) {
            gc.elements.gridLoop(in, step);
            return;
        }
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, size(in).code(), i);
        step.accept(ElementCode.Idx.of(i));
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(i);
    }

    /** The output index of input index {@code idx} when the listed axes are summed away. */
    private String keptIndex(Shape in, List<Integer> axes, ElementCode.Idx idx) {
        int r = in.rank();
        List<Integer> kept = new ArrayList<>();
        for (int a = 0; a < r; a++) {
            if (!axes.contains(a)) {
                kept.add(a);
            }
        }
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < kept.size(); j++) {
            int a = kept.get(j);
            List<Dim> outRest = new ArrayList<>();
            for (int j2 = j + 1; j2 < kept.size(); j2++) {
                outRest.add(in.dim(kept.get(j2)));
            }
            Expr outStride = JavaTypes.product(outRest, gc.m.sizeVars);
            List<Dim> inStride = in.dims().subList(a + 1, r);
            ElementCode.Idx t = JavaTypes.isOne(inStride) ? idx : gc.elements.div(idx, inStride);
            if (a > 0) {
                t = gc.elements.mod(t, List.of(in.dim(a)));
            }
            String term = t.code();
            if (!JavaTypes.isOne(outRest)) {
                term = ElementCode.paren(term) + " * " + outStride.textAt(Expr.UNARY);
            }
            sum.append(sum.length() == 0 ? "" : " + ").append(term);
        }
        return sum.toString();
    }

    private void transpose(Node n) {
        Shape s = shapeOf(n.input(0));
        String x = gc.value(n.input(0)).code();
        String rows = JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code();
        String cols = JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code();
        String name = gc.declareName(n);
        declareArray(n, name, size(s).code(), false);
        String i = gc.m.names.openLoop();
        String j = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, rows, i);
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, cols, j);
        gc.m.code.addStatement("$L[$L * $L + $L] = $L[$L * $L + $L]", name, j, rows, i, x, i, cols, j);
        gc.m.code.endControlFlow();
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(j);
        gc.m.names.closeLoop(i);
    }

    private String dimCode(Shape s, int axis) {
        return JavaTypes.product(List.of(s.dim(axis)), gc.m.sizeVars).code();
    }

    /** A call of the runtime kernel that computes the factorisation, solve or derivative kernel f. */
    private void factorisation(Node n, Factorisation f) {
        String a = gc.value(n.input(0)).code();
        String dim = dimCode(shapeOf(n.input(0)), 0);
        String b = n.inputs().size() > 1 ? gc.value(n.input(1)).code() : null;
        CodeBlock call = switch (f) {
            case CHOLESKY -> CodeBlock.of("$T.factor($L, $L)", Cholesky.class, a, dim);
            case TRISOLVE -> CodeBlock.of("$T.solveLower($L, $L, $L)", Triangular.class, a, dim, b);
            case TRISOLVE_T -> CodeBlock.of("$T.solveLowerTransposed($L, $L, $L)", Triangular.class, a, dim, b);
            case SOLVE -> CodeBlock.of("$T.factor($L, $L).solve($L, $S)", Lu.class, a, dim, b, "solve");
            case INV -> CodeBlock.of("$T.factor($L, $L).solve($T.identity($L), $S)", Lu.class, a, dim, Lu.class, dim, "inv");
            case DET -> CodeBlock.of("$T.factor($L, $L).det()", Lu.class, a, dim);
            case LOGDET -> CodeBlock.of("$T.factor($L, $L).logAbsDet()", Lu.class, a, dim);
            case CHOLESKY_TANGENT -> CodeBlock.of("$T.jvp($L, $L, $L)", Cholesky.class, a, b, dim);
            case CHOLESKY_ADJOINT -> CodeBlock.of("$T.vjp($L, $L, $L)", Cholesky.class, a, b, dim);
            case ADJUGATE_T -> CodeBlock.of("$T.factor($L, $L).adjugateTransposed($S)", Lu.class, a, dim, "det");
        };
        String name = gc.declareName(n);
        boolean scalar = JavaTypes.shape(n.type()).isScalar();
        if (!n.span().isKnown()) {
            gc.m.code.addStatement("$L $L = $L", scalar ? "double" : "double[]", name, call);
            return;
        }
        // the kernel names the pivot or row at fault, this call adds where in the program it is
        String failure = gc.m.names.newName("failure");
        gc.m.code.addStatement("$L $L", scalar ? "double" : "double[]", name);
        gc.m.code.beginControlFlow("try");
        gc.m.code.addStatement("$L = $L", name, call);
        gc.m.code.nextControlFlow("catch ($T $L)", MatrixException.class, failure);
        gc.m.code.addStatement("throw $L.at($S)", failure, n.span().where());
        gc.m.code.endControlFlow();
    }

    /** {@code diag(v)}: zeros, then v along the diagonal (of a rectangular matrix, for diagonal's adjoint). */
    private void diag(Node n) {
        Shape out = JavaTypes.shape(n.type());
        String v = gc.value(n.input(0)).code();
        String cols = dimCode(out, 1);
        String name = gc.declareName(n);
        declareArray(n, name, size(out).code(), true);
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, v, i);
        gc.m.code.addStatement("$L[$L * $L + $L] = $L[$L]", name, i, cols, i, v, i);
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(i);
    }

    /** {@code diagonal(A)}: entries (i, i) for i below the result's length. */
    private void diagonal(Node n) {
        Shape in = shapeOf(n.input(0));
        String a = gc.value(n.input(0)).code();
        String name = gc.declareName(n);
        declareArray(n, name, size(JavaTypes.shape(n.type())).code(), false);
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", i, i, name, i);
        gc.m.code.addStatement("$L[$L] = $L[$L * $L + $L]", name, i, a, i, dimCode(in, 1), i);
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(i);
    }

    /** {@code tril(A)} / {@code triu(A)}: zeros, then the kept side of each row copied. */
    private void triangle(Node n, Triangle t) {
        Shape s = shapeOf(n.input(0));
        String a = gc.value(n.input(0)).code();
        String rows = dimCode(s, 0);
        String cols = dimCode(s, 1);
        String name = gc.declareName(n);
        declareArray(n, name, size(s).code(), true);
        String i = gc.m.names.openLoop();
        String j = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, rows, i);
        if (t.lower()) {
            gc.m.code.beginControlFlow("for (int $L = 0; $L <= $L && $L < $L; $L++)", j, j, i, j, cols, j);
        } else {
            gc.m.code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", j, i, j, cols, j);
        }
        gc.m.code.addStatement("$L[$L * $L + $L] = $L[$L * $L + $L]", name, i, cols, j, a, i, cols, j);
        gc.m.code.endControlFlow();
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(j);
        gc.m.names.closeLoop(i);
    }

    /** The flat offset of {@code x[i, j…]}, every index checked against its dimension, and the slice length. */
    private Offset offset(Node n, Shape s, int count) {
        List<CodeBlock> terms = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            terms.add(GraphCode.checkedTerm(gc, n, n.input(k + 1), s, k));
        }
        Expr slice = JavaTypes.product(s.dims().subList(count, s.rank()), gc.m.sizeVars);
        return new Offset(terms.isEmpty() ? CodeBlock.of("0") : CodeBlock.join(terms, " + "), slice.code());
    }

    /** The flat offset of an element or a slice, as code, and the slice's length. */
    private record Offset(CodeBlock at, String length) {
    }

    /**
     * The checked flat offset of slice n read in place ({@link RowViews}, {@link Views}) in a local of its own: its
     * rows, or its row, within its input's array, as {@link #rows} and {@link #index} read them.
     */
    String sliceOffset(Node n) {
        Shape in = shapeOf(n.input(0));
        if (n.op() instanceof Index ix) {
            String off = gc.m.names.temp();
            gc.m.code.addStatement("int $L = $L", off, offset(n, in, ix.count()).at());
            return off;
        }
        return rowOffset(n, in, gc.value(n.input(1)).code(),
                JavaTypes.product(List.of(JavaTypes.shape(n.type()).dim(0)), gc.m.sizeVars).code());
    }

    private void index(Node n, Index ix) {
        Shape s = shapeOf(n.input(0));
        String rows = gc.storage.entryRowsOf(n.input(0));
        if (rows != null && ix.count() == 1 && s.rank() == 2) {
            // a row of a matrix held as rows (EntryRows): a copy of that row's array
            String at = gc.m.names.temp();
            gc.m.code.addStatement("int $L = $L", at, GraphCode.entryIndex(gc, n, n.input(1), s, 0));
            if (gc.info.uses(n.id()) == 0) {
                return;
            }
            String name = gc.declareName(n);
            String length = JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code();
            String row = rows + "[" + at + "]";
            if (EntryRows.inSwap(gc.info, n.id())) {
                // the row of a swap: the row's array itself, which the swap's second store puts in place
                gc.m.code.addStatement("double[] $L = $L", name, row);
            } else if (gc.storage.reuseArray(n, name, length, false)) {
                gc.m.code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class, row, name, length);
            } else {
                gc.m.code.addStatement("double[] $L = $L", name, WorkspaceCode.copy(gc.m, row));
                gc.storage.markOwned(n.id());
            }
            return;
        }
        String x = gc.value(n.input(0)).code();
        Offset os = offset(n, s, ix.count());
        String name = gc.declareName(n);
        if (ix.count() == s.rank()) {
            gc.m.code.addStatement("double $L = $L[$L]", name, x, os.at());
        } else {
            String off = gc.m.names.temp();
            gc.m.code.addStatement("int $L = $L", off, os.at());
            copyRange(n, name, x, off, os.length(), off + " + " + os.length());
        }
    }

    /**
     * {@code Checks.rows(start, count, dim0, "file.grad:L:C") * rowLength}: the checked flat offset of row
     * {@code start}; a slice out of range names the source position of {@code n} and its bounds.
     */
    String rowOffset(Node n, Shape full, String start, String count) {
        String off = gc.m.names.temp();
        Expr rowLength = JavaTypes.product(full.dims().subList(1, full.rank()), gc.m.sizeVars);
        Expr dim0 = JavaTypes.product(List.of(full.dim(0)), gc.m.sizeVars);
        int axis = n.op() instanceof dev.gradc.ops.Rows r ? r.axis() : 0;
        gc.m.code.addStatement("int $L = $T.rows($L, $L, $L, $L$S)$L", off, dev.gradc.runtime.Checks.class, start,
                count, dim0.code(), axis == 0 ? "" : axis + ", ", where(n),
                full.rank() == 1 ? "" : " * " + rowLength.textAt(Expr.UNARY));
        return off;
    }

    /**
     * {@code Checks.rows(start, count, rows, "file:line:col")} in a local of its own: the checked first row of the
     * rows that n reads or writes, in a matrix of shape {@code full}.
     */
    String rowStart(Node n, Shape full, String start, String count) {
        String first = gc.m.names.temp();
        Expr dim0 = JavaTypes.product(List.of(full.dim(0)), gc.m.sizeVars);
        gc.m.code.addStatement("int $L = $T.rows($L, $L, $L, $S)", first, dev.gradc.runtime.Checks.class, start, count,
                dim0.code(), where(n));
        return first;
    }

    /** The source position a run-time check of {@code n} names, like {@code "model.grad:4:12"} ("?" if unknown). */
    static String where(Node n) {
        return n.span().isKnown()
                ? MethodContext.baseName(n.span().file()) + ":" + n.span().line() + ":" + n.span().column() : "?";
    }

    private void rows(Node n) {
        Shape in = shapeOf(n.input(0));
        Shape out = JavaTypes.shape(n.type());
        String x = gc.value(n.input(0)).code();
        String off = rowOffset(n, in, gc.value(n.input(1)).code(),
                JavaTypes.product(List.of(out.dim(0)), gc.m.sizeVars).code());
        String name = gc.declareName(n);
        copyRange(n, name, x, off, size(out).code(), off + " + " + size(out).textAt(Expr.UNARY));
    }

    /**
     * Declares node n's array {@code name} of {@code size} doubles: a buffer its loop allocates once and reuses on
     * every trip when its plan says so ({@link StorageCode#reuseArray}: no trip keeps it), cleared first when
     * {@code zero} (code that writes only some entries); otherwise a new array of zeros. The size is the node's
     * shape in size variables, known before the loop.
     */
    private void declareArray(Node n, String name, String size, boolean zero) {
        if (!gc.storage.reuseArray(n, name, size, zero)) {
            gc.m.code.addStatement("double[] $L = $L", name, WorkspaceCode.zeros(gc.m, size));
        }
    }

    /**
     * Node n's array {@code name}: the {@code length} entries of x from offset {@code off} to {@code end}, copied;
     * nothing when nothing reads it (the old row of a row write, kept in the graph for its index checks, which
     * {@code off} has already run).
     */
    private void copyRange(Node n, String name, String x, String off, String length, String end) {
        if (gc.info.uses(n.id()) == 0) {
            return;
        }
        if (gc.storage.reuseArray(n, name, length, false)) {
            gc.m.code.addStatement("$T.arraycopy($L, $L, $L, 0, $L)", System.class, x, off, name, length);
        } else {
            gc.m.code.addStatement("double[] $L = $L", name, WorkspaceCode.copyOfRange(gc.m, x, off, end));
        }
    }

    private void rowsScatter(Node n, dev.gradc.ops.RowsScatter rs) {
        Shape in = shapeOf(n.input(0));
        String v = gc.value(n.input(0)).code();
        String off = rowOffset(n, rs.target(), gc.value(n.input(1)).code(),
                JavaTypes.product(List.of(in.dim(0)), gc.m.sizeVars).code());
        String name = gc.declareName(n);
        declareArray(n, name, size(rs.target()).code(), true);
        gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L.length)", System.class, v, name, off, v);
    }

    private void scatter(Node n, Scatter sc) {
        Shape s = sc.target();
        Offset os = offset(n, s, sc.count());
        String v = gc.value(n.input(0)).code();
        String name = gc.declareName(n);
        declareArray(n, name, size(s).code(), true);
        if (sc.count() == s.rank()) {
            gc.m.code.addStatement("$L[$L] = $L", name, os.at(), v);
        } else {
            gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L)", System.class, v, name, os.at(), os.length());
        }
    }

    private void pack(Node n, Pack p) {
        String name = gc.declareName(n);
        Shape element = shapeOf(n.input(0));
        if (element.isScalar()) {
            List<CodeBlock> items = new ArrayList<>();
            for (int in : n.inputs()) {
                items.add(gc.value(in).block());
            }
            WorkspaceCode.literal(gc.m, name, items);
            return;
        }
        String len = size(element).code();
        gc.m.code.addStatement("double[] $L = $L", name, WorkspaceCode.scratch(gc.m, p.count() + " * " + ElementCode.paren(len)));
        for (int k = 0; k < p.count(); k++) {
            String off = k == 0 ? "0" : k + " * " + ElementCode.paren(len);
            gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L)", System.class, gc.value(n.input(k)).code(), name,
                    off, len);
        }
    }

    private void constant(Node n, Constant c) {
        String name = gc.declareName(n);
        List<CodeBlock> items = new ArrayList<>();
        for (double d : c.value().data()) {
            items.add(JavaTypes.literal(d).block());
        }
        WorkspaceCode.literal(gc.m, name, items);
    }
}
