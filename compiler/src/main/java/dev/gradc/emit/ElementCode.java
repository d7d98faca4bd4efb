package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Broadcast;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Logic;
import dev.gradc.ops.Outer;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.ToReal;
import dev.gradc.ops.Trait;
import dev.gradc.ops.Transpose;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Where;
import dev.gradc.ops.ZerosLike;
import java.util.ArrayList;
import java.util.List;

/**
 * Elementwise code: the Java expression of one element of a node, built from each op's own one-element
 * Java form, and the loop nests over rows and columns it is written in (a held matrix's rows, a product's
 * epilogue). A node fused into its consumer has no array of its own: its element expression is written inside
 * the consumer's loop. Where the elements go is {@link ElementWrites}'.
 */
final class ElementCode {

    /**
     * An index into an array as Java int code, and what it is in the loop nest being written ({@link Grid}):
     * the element it is filling, its row or its column, a constant, or anything else. Element code decides
     * from the kind, never from the text.
     */
    record Idx(String code, Kind kind) {

        /** What an index is in the loop nest being written. */
        enum Kind { FLAT, ROW, COL, CONSTANT, OTHER }

        static final Idx ZERO = new Idx("0", Kind.CONSTANT);

        /** An index computed some other way (a flat loop's variable, a quotient, a sum). */
        static Idx of(String code) {
            return new Idx(code, Kind.OTHER);
        }

        @Override
        public String toString() {
            return code;
        }
    }

    /**
     * The loop nest being written over a matrix: element {@code flat} (code {@code o + c}) is row {@code row},
     * column {@code col} of a matrix {@code width} wide, so that the row and column of a broadcast operand need
     * no division.
     */
    record Grid(Idx flat, Idx row, Idx col, Width width) {
    }

    /** A read of one element per row ({@code a[r]}) hoisted out of the inner loop into {@code local}. */
    record RowRead(String read, String local) {
    }

    private final GraphCode gc;
    private Grid grid;
    private boolean divides;
    /** While a held carried matrix is updated row by row: its parameter's id and the current row's variable. */
    private int heldId = -1;
    private String heldRow;
    /** While a product's epilogue is written: the product's id and the variable of its current row. */
    private int productId = -1;
    private String productRow;
    /** While a row loop's body is written: reads of one element per row ({@code a[r]}), by the array's node. */
    private java.util.Map<Integer, RowRead> rowReads;
    /** While a row loop's body is written: whether it read an array at an index other than the row or column. */
    private boolean readsFlat;

    ElementCode(GraphCode gc) {
        this.gc = gc;
    }

    /** {@code idx / len}, len the product of dims; the row when idx is the current grid's element and len its width. */
    Idx div(Idx idx, List<Dim> dims) {
        if (grid != null && idx.kind() == Idx.Kind.FLAT && Width.of(dims).equals(grid.width())) {
            return grid.row();
        }
        divides = true;
        return Idx.of(paren(idx.code()) + " / " + JavaTypes.product(dims, gc.m.sizeVars).textAt(Expr.UNARY));
    }

    /** {@code idx % len}, len the product of dims; the column when idx is the current grid's element and len its width. */
    Idx mod(Idx idx, List<Dim> dims) {
        if (grid != null && idx.kind() == Idx.Kind.FLAT && Width.of(dims).equals(grid.width())) {
            return grid.col();
        }
        divides = true;
        return Idx.of(paren(idx.code()) + " % " + JavaTypes.product(dims, gc.m.sizeVars).textAt(Expr.UNARY));
    }

    /**
     * Whether the elements of a matrix-shaped node are better written by a loop nest over rows and columns
     * than by one flat loop: when the flat loop would divide its index (a broadcast row or column, an outer
     * product). A flat loop over same-shaped arrays is what HotSpot vectorises, so it stays flat.
     */
    boolean wantsGrid(Shape s, java.util.function.Supplier<Expr> flatElement) {
        if (s.rank() != 2) {
            return false;
        }
        divides = false;
        flatElement.get();
        return divides;
    }

    /**
     * Writes {@code for (r…) { int o = r * cols; for (c…) { body(o + c) } }} over a matrix shape; inside,
     * div and mod of the flat index by the width are the row and the column.
     */
    void gridLoop(Shape s, java.util.function.Consumer<Idx> body) {
        rowLoop(s, null, null, body);
    }

    /**
     * The loop nest of {@link #gridLoop}. When {@code rows} names a matrix held as one array per row, the
     * inner loop runs over {@code row = rows[r]} ({@code row[c]} is the element), and {@code o} is declared
     * only if the body still reads a flat matrix. A double read per row ({@code a[r]}, such as the left
     * factor of an outer product) is read once before the inner loop: a local is what lets HotSpot vectorise
     * the inner loop, which could otherwise write the array the value is read from.
     */
    private void rowLoop(Shape s, String rows, String row, java.util.function.Consumer<Idx> body) {
        rowLoop(s, rows, null, row, body);
    }

    /** {@link #rowLoop(Shape, String, String, java.util.function.Consumer)}, row r held as {@code rows[first + r]}. */
    private void rowLoop(Shape s, String rows, String first, String row, java.util.function.Consumer<Idx> body) {
        String count = JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code();
        String cols = JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).textAt(Expr.UNARY);
        String r = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", r, r, count, r);
        rowBody(r, cols, List.of(s.dim(1)), rows, first, row, body);
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(r);
    }

    /**
     * The body of a loop over rows r of a matrix {@code cols} wide (code; the product of {@code colDims}):
     * {@code row = rows[r]} when the matrix is
     * held as rows, {@code int o = r * cols} when the body reads a flat matrix, the reads of one element per
     * row hoisted into locals, and the loop over columns c running {@code body(o + c)}.
     */
    private void rowBody(String r, String cols, List<Dim> colDims, String rows, String row,
                         java.util.function.Consumer<Idx> body) {
        rowBody(r, cols, colDims, rows, null, row, body);
    }

    /** {@link #rowBody(String, String, List, String, String, java.util.function.Consumer)}, reading {@code rows[first + r]}. */
    private void rowBody(String r, String cols, List<Dim> colDims, String rows, String first, String row,
                         java.util.function.Consumer<Idx> body) {
        String c = gc.m.names.openLoop();
        String o = gc.m.names.openLocal("o");
        Grid saved = grid;
        java.util.Map<Integer, RowRead> savedHoists = rowReads;
        grid = new Grid(new Idx(o + " + " + c, Idx.Kind.FLAT), new Idx(r, Idx.Kind.ROW), new Idx(c, Idx.Kind.COL),
                Width.of(colDims));
        rowReads = new java.util.LinkedHashMap<>();
        boolean savedFlat = readsFlat;
        readsFlat = false;
        CodeBlock.Builder outer = gc.m.swap(CodeBlock.builder());
        body.accept(grid.flat());
        CodeBlock inner = gc.m.swap(outer).build();
        boolean flat = readsFlat;
        readsFlat = savedFlat;
        java.util.Map<Integer, RowRead> hoisted = rowReads;
        grid = saved;
        rowReads = savedHoists;
        if (rows != null) {
            gc.m.code.addStatement("double[] $L = $L[$L]", row, rows, first == null ? r : first + " + " + r);
        }
        if (rows == null || flat) {
            gc.m.code.addStatement("int $L = $L * $L", o, r, cols);
        }
        for (RowRead read : hoisted.values()) {
            gc.m.code.addStatement("double $L = $L", read.local(), read.read());
        }
        if (rows != null) {
            gc.m.code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", c, c, row, c);
        } else {
            gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", c, c, cols, c);
        }
        gc.m.code.add(inner);
        gc.m.code.endControlFlow();
        for (RowRead read : hoisted.values()) {
            gc.m.names.closeLoop(read.local());
        }
        gc.m.names.closeLoop(o);
        gc.m.names.closeLoop(c);
    }

    /** Ops computed one element at a time from the same element of each operand (after broadcasting). */
    static boolean isElementwise(Node n) {
        if (n.op() instanceof Primitive p && p.traits().contains(Trait.ELEMENTWISE)) {
            return true;
        }
        return n.op() instanceof Transpose && JavaTypes.shape(n.type()).rank() < 2;
    }

    /** Element locals of arrays computed one element per trip in a shared loop ({@link SharedLoopCode}), by node. */
    private final java.util.Map<Integer, String> elementLocals = new java.util.HashMap<>();

    /** While a shared loop's body is written: node id's element at the loop's index is {@code local}, or none (null). */
    void elementLocal(int id, String local) {
        if (local == null) {
            elementLocals.remove(id);
        } else {
            elementLocals.put(id, local);
        }
    }

    /** The value of element {@code idx} of node {@code id}, an array or a scalar. */
    Expr elem(int id, Idx idx) {
        int r = gc.info.rep(id);
        Node n = gc.g.node(r);
        if (elementLocals.containsKey(r)) {
            return Expr.atom(elementLocals.get(r));
        }
        if (!JavaTypes.isArray(n.type())) {
            return gc.value(r);
        }
        boolean flat = grid != null && idx.kind() == Idx.Kind.FLAT;
        if (r == productId && flat) {
            return Expr.atom(productRow + "[" + grid.col() + "]");
        }
        if (r == heldId && flat) {
            return Expr.atom(heldRow + "[" + grid.col() + "]");
        }
        if (rowReads != null && idx.kind() == Idx.Kind.ROW && rowReads.containsKey(r)) {
            // read once per row already: hoisted, or given by the loop that writes this one (a product's s = v[k],
            // which reads v where it lies even when v is a slice read in place)
            return Expr.atom(rowReads.get(r).local());
        }
        if (!gc.isFused(r)) {
            String read = gc.value(r).code() + "[" + idx + "]";
            if (grid != null && (flat || idx.kind() == Idx.Kind.OTHER)) {
                readsFlat = true;
            }
            if (rowReads != null && idx.kind() == Idx.Kind.ROW && n.type() instanceof Type.Real) {
                return Expr.atom(rowReads.computeIfAbsent(r,
                        k -> new RowRead(read, gc.m.names.openLocal(Names.clean(gc.value(r).code()) + grid.row()))).local());
            }
            return Expr.atom(read);
        }
        return elemOf(n, idx);
    }

    /** The element expression of an elementwise node (or of a slice read in place), from its operands' elements. */
    Expr elemOf(Node n, Idx idx) {
        Object op = n.op();
        String view = gc.viewOffset(n.id());
        if (view != null) {
            readsFlat |= grid != null;
            return Expr.atom(gc.value(n.input(0)).code() + "[" + view + " + " + paren(idx.code()) + "]");
        }
        if (op instanceof Outer) {
            List<Dim> len = JavaTypes.shape(gc.g.type(n.input(1))).dims();
            return binary(dev.gradc.ops.Binary.MUL, elem(n.input(0), div(idx, len)),
                    elem(n.input(1), mod(idx, len)));
        }
        if (op instanceof Unary u) {
            Expr x = operand(n, 0, idx);
            return u == Unary.NEG ? new Expr(u.java(x.in(Expr.ATOM)), Expr.UNARY) : Expr.atom(u.java(x.block()));
        }
        if (op instanceof Binary b) {
            return binary(b, operand(n, 0, idx), operand(n, 1, idx));
        }
        if (op instanceof Compare c) {
            return new Expr(CodeBlock.of("$L $L $L", operand(n, 0, idx).in(Expr.ADDITIVE), c.symbol(),
                    operand(n, 1, idx).in(Expr.ADDITIVE)), Expr.RELATIONAL);
        }
        if (op instanceof Where) {
            Boolean constant = constantMask(n.input(0));
            if (constant != null) {
                return operand(n, constant ? 1 : 2, idx);
            }
            return new Expr(CodeBlock.of("$L ? $L : $L", operand(n, 0, idx).in(Expr.OR), operand(n, 1, idx).in(Expr.OR),
                    operand(n, 2, idx).in(Expr.OR)), Expr.CONDITIONAL);
        }
        if (op instanceof Logic l) {
            if (l == Logic.NOT) {
                return new Expr(CodeBlock.of("!$L", operand(n, 0, idx).in(Expr.ATOM)), Expr.UNARY);
            }
            int p = l == Logic.AND ? Expr.AND : Expr.OR;
            return new Expr(CodeBlock.of("$L $L $L", operand(n, 0, idx).in(p), l.symbol(), operand(n, 1, idx).in(p + 1)), p);
        }
        if (op instanceof ToReal) {
            return new Expr(CodeBlock.of("(double) $L", operand(n, 0, idx).in(Expr.ATOM)), Expr.UNARY);
        }
        if (op instanceof Fill f) {
            return JavaTypes.literal(f.value());
        }
        if (op instanceof ZerosLike) {
            return n.type() instanceof Type.Int ? Expr.atom("0") : Expr.atom("0.0");
        }
        if (op instanceof Broadcast bc) {
            return elem(n.input(0), broadcastIndex(bc, JavaTypes.shape(gc.g.type(n.input(0))), idx));
        }
        return operand(n, 0, idx);
    }

    /**
     * The value of every element of bool node id when it is one constant (a literal, or a broadcast of one
     * fused into its consumer), else null: a {@code where} over it is one of its two operands.
     */
    private Boolean constantMask(int id) {
        Node n = gc.g.node(gc.info.rep(id));
        if (n.op() instanceof dev.gradc.ops.BoolConstant b) {
            return b.value();
        }
        if (n.op() instanceof Broadcast && gc.isFused(n.id())) {
            return constantMask(n.input(0));
        }
        return null;
    }

    static Expr binary(Binary b, Expr x, Expr y) {
        return switch (b) {
            case ADD -> new Expr(b.java(x.in(Expr.ADDITIVE), y.in(Expr.MULTIPLICATIVE)), Expr.ADDITIVE);
            case SUB -> new Expr(b.java(x.in(Expr.ADDITIVE), y.in(Expr.MULTIPLICATIVE)), Expr.ADDITIVE);
            case MUL, DIV -> new Expr(b.java(x.in(Expr.MULTIPLICATIVE), y.in(Expr.UNARY)), Expr.MULTIPLICATIVE);
            default -> Expr.atom(b.java(x.block(), y.block()));
        };
    }

    /** Operand {@code k} of node n at element {@code idx} of n (suffix broadcasting: {@code idx % size}). */
    private Expr operand(Node n, int k, Idx idx) {
        int in = n.input(k);
        Shape own = JavaTypes.shape(n.type());
        Shape theirs = JavaTypes.shape(gc.g.type(in));
        if (theirs.isScalar() || theirs.equals(own)) {
            return elem(in, idx);
        }
        return elem(in, mod(idx, theirs.dims()));
    }

    /** The input's flat index for output index {@code idx} of a broadcast: axis i of the input is axis axes[i]. */
    private Idx broadcastIndex(Broadcast bc, Shape in, Idx idx) {
        List<Integer> axes = bc.axes();
        Shape out = bc.target();
        int r = out.rank();
        boolean suffix = true;
        for (int i = 0; i < axes.size(); i++) {
            suffix &= axes.get(i) == r - axes.size() + i;
        }
        if (axes.isEmpty()) {
            return Idx.ZERO;
        }
        if (suffix) {
            return in.equals(out) ? idx : mod(idx, in.dims());
        }
        List<Idx> terms = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            int a = axes.get(i);
            List<Dim> outStride = out.dims().subList(a + 1, r);
            List<Dim> inStride = in.dims().subList(i + 1, in.rank());
            Idx term = JavaTypes.isOne(outStride) ? idx : div(idx, outStride);
            if (a > 0) {
                term = mod(term, List.of(out.dim(a)));
            }
            if (!JavaTypes.isOne(inStride)) {
                term = Idx.of(paren(term.code()) + " * " + JavaTypes.product(inStride, gc.m.sizeVars).textAt(Expr.UNARY));
            }
            terms.add(term);
        }
        if (terms.size() == 1) {
            return terms.get(0);
        }
        List<String> codes = new ArrayList<>();
        terms.forEach(t -> codes.add(t.code()));
        return Idx.of(String.join(" + ", codes));
    }

    static String paren(String idx) {
        return Expr.atom(idx).isName() || idx.chars().allMatch(Character::isDigit) ? idx : "(" + idx + ")";
    }

    /**
     * The update of a carried matrix held as rows ({@link RegionCode}): row r of {@code rows} becomes row r of
     * n, where n reads the matrix (parameter {@code param}) only at the element it writes.
     */
    void fillRows(Node n, String rows, int param) {
        String row = gc.m.names.openLocal("row");
        heldId = gc.info.rep(param);
        heldRow = row;
        rowLoop(JavaTypes.shape(n.type()), rows, row,
                idx -> gc.m.code.addStatement("$L[$L] = $L", row, grid.col(), elemOf(n, idx).block()));
        heldId = -1;
        gc.m.names.closeLoop(row);
    }

    /**
     * The update {@code P[first:first+K, :] += v} of a carried matrix held as rows ({@link RegionCode}), v
     * ({@code a ⊗ b}, usually fused into this loop) K rows as wide as P: row {@code first + r} of {@code rows}
     * gains row r of v, entry by entry, as the flat update adds them.
     */
    void addRows(Node v, String rows, String first) {
        String row = gc.m.names.openLocal("row");
        rowLoop(JavaTypes.shape(v.type()), rows, first, row,
                idx -> gc.m.code.addStatement("$L[$L] += $L", row, grid.col(), elem(v.id(), idx).block()));
        gc.m.names.closeLoop(row);
    }

    /**
     * Writes, inside a product's loop over the rows i of its result C (width {@code cols}, the product of
     * {@code colDims}), the elementwise
     * chain that consumes C ({@link GraphCode#epilogue}) for row i, reading C's row from {@code acc}, into
     * {@code target}, the array of the chain's last op.
     */
    void epilogue(List<Node> chain, Node product, String acc, String target, String i, String cols, List<Dim> colDims) {
        Node last = chain.get(chain.size() - 1);
        productId = product.id();
        productRow = acc;
        rowBody(i, paren(cols), colDims, null, null,
                idx -> gc.m.code.addStatement("$L[$L] = $L", target, idx, elemOf(last, idx).block()));
        productId = -1;
    }

    /**
     * Element (r, c) of the update n of a held carried matrix ({@code param}), for a loop over rows r and
     * columns c (a matrix as wide as the product of {@code colDims}) that another op writes: the held matrix is
     * read as {@code row[c]}, and a read of one element per row must be one of {@code reads} (the array's node →
     * its local). Null when the element needs anything else, such as a flat offset, which this loop has none of.
     */
    Expr heldElement(Node n, int param, String row, String r, String c, List<Dim> colDims,
                     java.util.Map<Integer, String> reads) {
        Grid savedGrid = grid;
        java.util.Map<Integer, RowRead> savedReads = rowReads;
        grid = new Grid(new Idx("", Idx.Kind.FLAT), new Idx(r, Idx.Kind.ROW), new Idx(c, Idx.Kind.COL), Width.of(colDims));
        heldId = gc.info.rep(param);
        heldRow = row;
        rowReads = new java.util.LinkedHashMap<>();
        reads.forEach((id, local) -> rowReads.put(id, new RowRead("", local)));
        boolean savedFlat = readsFlat;
        readsFlat = false;
        Expr e = elemOf(n, grid.flat());
        boolean more = rowReads.size() != reads.size() || readsFlat;
        readsFlat = savedFlat;
        for (var entry : rowReads.entrySet()) {
            if (!reads.containsKey(entry.getKey())) {
                gc.m.names.closeLoop(entry.getValue().local());
            }
        }
        heldId = -1;
        grid = savedGrid;
        rowReads = savedReads;
        return more ? null : e;
    }
}
