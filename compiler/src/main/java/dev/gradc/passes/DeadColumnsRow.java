package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Index;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Update;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The row value a row store of {@link DeadColumns} writes: its nodes (in graph order), built by {@code + - *},
 * {@code /} by a scalar and negation from rows i and k of the row loop body's array and from real scalars; and the
 * element loop that computes the same value entry by entry.
 */
final class DeadColumnsRow {

    final Graph ib;
    final int up;
    final int i;
    final Set<Integer> ks;
    final Type row;
    final Set<Integer> nodes = new TreeSet<>();
    /** The scalars e reads from the row body, passed into the element loop (in the order of their names). */
    final Set<Integer> scalars = new TreeSet<>((a, b) -> label(a).equals(label(b)) ? Integer.compare(a, b)
            : label(a).compareTo(label(b)));
    /** The constants e reads: made again inside the element loop, where the element form has them. */
    final Set<Integer> constants = new TreeSet<>();
    boolean rowK;

    DeadColumnsRow(Graph ib, int up, int i, Set<Integer> ks, Type row) {
        this.ib = ib;
        this.up = up;
        this.i = i;
        this.ks = ks;
        this.row = row;
    }

    boolean add(int id) {
        Node n = ib.node(id);
        Type t = n.type();
        if (t instanceof Type.Real r && r.shape().rank() == 0) {
            if (id == up) {
                return false;
            }
            (n.op() instanceof Constant ? constants : scalars).add(id);
            return true;
        }
        if (!t.equals(row)) {
            return false;
        }
        if (!nodes.add(id)) {
            return true;
        }
        if (n.op() instanceof Index x) {
            if (x.count() != 1 || n.input(0) != up || n.inputs().lastIndexOf(up) != 0) {
                return false;
            }
            if (n.input(1) == i) {
                return true;
            }
            rowK |= ks.contains(n.input(1));
            return ks.contains(n.input(1));
        }
        if (n.op() == Unary.NEG) {
            return add(n.input(0));
        }
        if (n.op() == Binary.ADD || n.op() == Binary.SUB || n.op() == Binary.MUL) {
            return add(n.input(0)) && add(n.input(1));
        }
        return n.op() == Binary.DIV && ib.type(n.input(1)) instanceof Type.Real r && r.shape().rank() == 0
                && add(n.input(0)) && add(n.input(1));
    }

    /** Whether the row values are read by each other and the store alone (no other reader sees a whole row). */
    boolean readOnlyByItself(Map<Integer, Integer> users, int store) {
        for (int id : nodes) {
            int inside = ib.node(store).inputs().lastIndexOf(id) == 1 ? 1 : 0;
            for (int other : nodes) {
                for (int in : ib.node(other).inputs()) {
                    inside += in == id ? 1 : 0;
                }
            }
            if (inside != users.getOrDefault(id, 0)) {
                return false;
            }
        }
        return true;
    }

    /** The name of scalar node id ("" when it has none), which orders the element loop's inputs as lowering does. */
    private String label(int id) {
        String label = ib.node(id).label();
        return label == null ? "" : label;
    }

    /**
     * The element loop's condition ({@code j < end}) or body ({@code U[i, j] = e at [i, j]; j + 1}); parameters:
     * the array, j, the bound, i, k (when a row k is read), the scalars of e.
     */
    Graph elementGraph(Node store, int k, boolean condition) {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        b.setSpan(store.span());
        int array = b.addParam(new Param(0), ib.type(up), Span.NONE, ib.node(up).label());
        int j = b.addParam(new Param(1), Type.INT, Span.NONE, "j");
        int end = b.addParam(new Param(2), Type.INT, Span.NONE, "#end" + store.span().line() + "_"
                + store.span().column());
        int rowIndex = b.addParam(new Param(3), Type.INT, Span.NONE, ib.node(i).label());
        int pivot = rowK ? b.addParam(new Param(4), Type.INT, Span.NONE, ib.node(k).label()) : -1;
        Map<Integer, Integer> value = new java.util.HashMap<>();
        for (int leaf : scalars) {
            value.put(leaf, b.addParam(new Param(b.paramCount()), ib.type(leaf), Span.NONE, ib.node(leaf).label()));
        }
        if (condition) {
            return b.build(List.of(g.compare(Compare.LT, j, end)));
        }
        Set<Integer> made = new TreeSet<>(nodes);
        made.addAll(constants);
        for (int id : made) {
            Node n = ib.node(id);
            if (n.op() instanceof Constant c) {
                value.put(id, g.apply(c));
            } else if (n.op() instanceof Index) {
                value.put(id, g.apply(new Index(2), array, n.input(1) == i ? rowIndex : pivot, j));
            } else if (n.op() instanceof Unary op) {
                value.put(id, g.unary(op, value.get(n.input(0))));
            } else {
                value.put(id, g.binary((Binary) n.op(), value.get(n.input(0)), value.get(n.input(1))));
            }
        }
        int write = g.apply(new Update(2), array, value.get(store.input(1)), rowIndex, j);
        b.label(write, store.label());
        int step = g.add(j, g.intConstant(1));
        b.label(step, "j");
        return b.build(List.of(write, step));
    }
}
