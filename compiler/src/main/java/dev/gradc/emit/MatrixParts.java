package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Diag;
import dev.gradc.ops.Diagonal;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Transpose;
import dev.gradc.ops.Triangle;
import dev.gradc.ops.Unary;
import dev.gradc.ops.ZerosLike;

/**
 * Which parts of each matrix of one graph — the entries below the diagonal, on it, above it — may be other
 * than zero, and which parts anything reads: what lets a product skip the terms of a triangular operand's zero
 * half and the entries of its result nobody reads ({@link MatmulCode}).
 * <ul>
 *   <li><b>non-zero</b>, forwards: {@code tril}, {@code triu} and {@code diag} make zeros whatever their input
 *       holds (they select, they do not multiply); a transpose swaps the sides; the sum or difference of two
 *       matrices of one shape, and a negation, are zero where their operands both are (0 ± 0 = 0 in IEEE, for
 *       every input); a constant, {@code zeros(...)} and {@code zeros_like} are zero where they are. Any other
 *       op, a parameter, a product, a scaling (∞ · 0 is NaN) may be non-zero anywhere.</li>
 *   <li><b>read</b>, backwards: a graph result, a region's input and any op not listed read all of a matrix;
 *       {@code tril}/{@code triu} read their side of what their own readers read, {@code diagonal} the
 *       diagonal, a transpose the swapped parts, an elementwise op (unary, or binary with an operand of the
 *       result's shape) the parts its readers read.</li>
 * </ul>
 * A part is one of {@link #BELOW}, {@link #DIAG}, {@link #ABOVE}; a set of them is their bits. Only matrices
 * (rank 2) have parts; every other value is {@link #ALL} both ways.
 */
final class MatrixParts {

    /** Entries (i, j) with i &gt; j. */
    static final int BELOW = 1;
    /** Entries (i, i). */
    static final int DIAG = 2;
    /** Entries (i, j) with i &lt; j. */
    static final int ABOVE = 4;
    static final int ALL = BELOW | DIAG | ABOVE;

    private final int[] nonZero;
    private final int[] read;

    private MatrixParts(int[] nonZero, int[] read) {
        this.nonZero = nonZero;
        this.read = read;
    }

    /** The parts of node {@code id} (a representative, {@link GraphInfo#rep}) that may be non-zero. */
    int nonZero(int id) {
        return nonZero[id];
    }

    /** The parts of node {@code id} (a representative) that some reader reads. */
    int read(int id) {
        return read[id];
    }

    /** The same parts of the transposed matrix. */
    static int transposed(int parts) {
        return parts & DIAG | ((parts & BELOW) != 0 ? ABOVE : 0) | ((parts & ABOVE) != 0 ? BELOW : 0);
    }

    static MatrixParts of(GraphInfo info) {
        Graph g = info.graph;
        int n = g.size();
        int[] nonZero = new int[n];
        int[] read = new int[n];
        for (Node node : g.nodes()) {
            nonZero[node.id()] = isMatrix(g, node.id()) ? nonZero(g, info, node, nonZero) : ALL;
        }
        for (int r : g.results()) {
            read[info.rep(r)] = ALL;
        }
        for (int id = n - 1; id >= 0; id--) {
            if (!info.emits(id)) {
                continue;
            }
            Node node = g.node(id);
            for (int p = 0; p < node.inputs().size(); p++) {
                int in = info.rep(node.input(p));
                read[in] |= isMatrix(g, in) ? readBy(g, node, p, read[id]) : ALL;
            }
        }
        return new MatrixParts(nonZero, read);
    }

    private static boolean isMatrix(Graph g, int id) {
        return g.type(id) instanceof Type.Real r && r.shape().rank() == 2;
    }

    private static int nonZero(Graph g, GraphInfo info, Node node, int[] known) {
        Object op = node.op();
        if (op instanceof Triangle t) {
            return known[info.rep(node.input(0))] & (t.lower() ? BELOW | DIAG : DIAG | ABOVE);
        }
        if (op instanceof Diag) {
            return DIAG;
        }
        if (op instanceof ZerosLike || op instanceof Fill f && f.value() == 0) {
            return 0;
        }
        if (op instanceof Constant c) {
            return ofConstant(c);
        }
        if (op instanceof Transpose) {
            return transposed(known[info.rep(node.input(0))]);
        }
        if (op == Unary.NEG) {
            return known[info.rep(node.input(0))];
        }
        if ((op == Binary.ADD || op == Binary.SUB) && sameShape(g, node, 0) && sameShape(g, node, 1)) {
            return known[info.rep(node.input(0))] | known[info.rep(node.input(1))];
        }
        return ALL;
    }

    private static int ofConstant(Constant c) {
        int[] shape = c.value().shape();
        double[] data = c.value().data();
        int parts = 0;
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                if (data[i * shape[1] + j] != 0) {
                    parts |= i > j ? BELOW : i == j ? DIAG : ABOVE;
                }
            }
        }
        return parts;
    }

    /** The parts of operand p of node that it reads, when its readers read {@code parts} of its result. */
    private static int readBy(Graph g, Node node, int p, int parts) {
        Object op = node.op();
        if (op instanceof Triangle t) {
            return parts & (t.lower() ? BELOW | DIAG : DIAG | ABOVE);
        }
        if (op instanceof Diagonal) {
            return DIAG;
        }
        if (op instanceof Transpose) {
            return transposed(parts);
        }
        if ((op instanceof Unary || op instanceof Binary) && sameShape(g, node, p)) {
            return parts;
        }
        return ALL;
    }

    /** Whether operand p of node is a matrix of the node's own shape (not broadcast). */
    private static boolean sameShape(Graph g, Node node, int p) {
        return g.type(node.input(p)) instanceof Type.Real in && node.type() instanceof Type.Real out
                && in.shape().rank() == 2 && in.shape().equals(out.shape());
    }

    /**
     * The Java bounds {@code [from, to)} of a loop over the columns c of row {@code row} of a matrix whose parts
     * outside {@code parts} need not be visited (they hold zeros, or no one reads them), within {@code [0, len)};
     * the row runs over {@code [0, rows)} (when rows and len are one size, r + 1 needs no clamp to len).
     */
    record Span(String from, String to, String len) {

        static Span of(int parts, String row, String rows, String len) {
            String from = (parts & BELOW) != 0 ? "0" : (parts & DIAG) != 0 ? row : row + " + 1";
            String end = (parts & ABOVE) != 0 ? null : (parts & DIAG) != 0 ? row + " + 1" : row;
            String to = end == null ? len : rows.equals(len) ? end : "Math.min(" + len + ", " + end + ")";
            return new Span(from, to, len);
        }

        /** This span where Java condition {@code holds} holds, else all of [0, len). */
        Span where(String holds) {
            return new Span(from.equals("0") ? from : holds + " ? " + from + " : 0",
                    to.equals(len) ? to : holds + " ? " + to + " : " + len, len);
        }

        /** Both spans at once (of one length): the later start, the earlier end. */
        Span and(Span o) {
            String f = from.equals("0") ? o.from : o.from.equals("0") || o.from.equals(from) ? from
                    : "Math.max(" + from + ", " + o.from + ")";
            String t = to.equals(len) ? o.to : o.to.equals(len) || o.to.equals(to) ? to
                    : "Math.min(" + to + ", " + o.to + ")";
            return new Span(f, t, len);
        }
    }
}
