package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Constant;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.While;
import java.util.List;
import java.util.Map;

/**
 * Evaluates, once at compile time, every op whose inputs are all constants and whose result is small; the
 * results of a loop whose condition folded to false are its initial values.
 */
public final class ConstantFolding {

    private static final int MAX_ELEMENTS = 64;
    private static final EvalContext NO_SIZES = new EvalContext(Map.of());

    private ConstantFolding() {
    }

    public static Graph apply(Graph g) {
        return new Rebuild.Shared(ConstantFolding::apply).apply(g);
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        return Rebuild.map(g, (r, n, in) -> fold(r, n, in, shared));
    }

    private static int fold(Rules r, Node n, List<Integer> in, Rebuild.Shared shared) {
        if (n.op() instanceof Proj p && r.node(in.get(0)).op() instanceof While w && FiniteLoops.neverRuns(w)) {
            int initial = r.node(in.get(0)).input(p.index()); // a loop that runs no trip gives its inputs back
            if (r.type(initial).equals(n.type())) {
                r.builder().label(initial, n.label());
                return initial;
            }
        }
        if (n.op() instanceof While || n.op() instanceof Cond) {
            return Rebuild.copy(r, n, Rebuild.regions(bindConstants(r, n.op(), in), shared::apply), in);
        }
        if (!(n.op() instanceof Primitive p) || !foldable(n) || in.isEmpty()) {
            return Rebuild.copy(r, n, in);
        }
        Object[] values = new Object[in.size()];
        for (int k = 0; k < values.length; k++) {
            Object v = constantValue(r, in.get(k));
            if (v == null) {
                return Rebuild.copy(r, n, in);
            }
            values[k] = v;
        }
        Object result;
        try {
            result = p.eval(values, NO_SIZES);
        } catch (RuntimeException e) {
            return Rebuild.copy(r, n, in); // e.g. an index out of bounds: reported at run time, where it happens
        }
        int id;
        if (result instanceof NDArray a && a.size() <= MAX_ELEMENTS) {
            id = r.apply(new Constant(a));
        } else if (result instanceof Integer i) {
            id = r.intConstant(i);
        } else if (result instanceof Boolean b) {
            id = r.boolConstant(b);
        } else {
            return Rebuild.copy(r, n, in);
        }
        r.builder().label(id, n.label());
        return id;
    }

    /**
     * The region op with its scalar constant inputs bound inside it: a cond's branch inputs and a loop's
     * invariants that are scalar constants become constants in the sub-graphs (the parameters stay, unused),
     * so that folding continues inside (the adjoint seed 1.0 passed into an adjoint cond, say).
     */
    private static dev.gradc.ir.Op bindConstants(Rules r, dev.gradc.ir.Op op, List<Integer> in) {
        int first = op instanceof While w ? w.carried() : 1;
        int shift = op instanceof While ? 0 : 1;
        Map<Integer, Object> bound = new java.util.HashMap<>();
        for (int k = first; k < in.size(); k++) {
            Object v = constantValue(r, in.get(k));
            if (v instanceof NDArray a && !a.isScalar()) {
                continue;
            }
            if (v != null) {
                bound.put(k - shift, v);
            }
        }
        if (bound.isEmpty()) {
            return op;
        }
        if (op instanceof While w) {
            While bw = w.with(bind(w.condition(), bound), bind(w.body(), bound));
            return w.counted() != null && w.counted().inputBound()
                    && bound.get(w.counted().toInput()) instanceof Integer to ? bw.withLiteralBound(to) : bw;
        }
        Cond c = (Cond) op;
        return new Cond(bind(c.then(), bound), bind(c.otherwise(), bound));
    }

    /** The graph with the parameters at the given positions read as the given constants. */
    private static Graph bind(Graph g, Map<Integer, Object> constants) {
        return Rebuild.map(g, Rebuild::copy, (r, index) -> {
            Object v = constants.get(index);
            return v == null ? null : v instanceof NDArray a ? r.apply(new Constant(a))
                    : v instanceof Integer i ? r.intConstant(i) : r.boolConstant((Boolean) v);
        });
    }

    private static boolean foldable(Node n) {
        Object op = n.op();
        if (n.op().stateful() || op instanceof Proj || op instanceof SizeOf
                || op instanceof dev.gradc.ops.CheckpointBudget || op instanceof dev.gradc.ops.JournalBudget
                || op instanceof dev.gradc.ops.Extern) {
            return false; // the budget is known, and a Java method runs, only when the program runs
        }
        Type t = n.type();
        long size = t instanceof Type.Real real ? real.shape().staticSize() : 1;
        return size >= 0 && size <= MAX_ELEMENTS;
    }

    static Object constantValue(Rules r, int id) {
        Object op = r.node(id).op();
        if (op instanceof Constant c) {
            return c.value();
        }
        if (op instanceof IntConstant i) {
            return i.value();
        }
        if (op instanceof BoolConstant b) {
            return b.value();
        }
        return null;
    }

    static boolean isScalarConstant(Rules r, int id, double value) {
        return r.node(id).op() instanceof Constant c && c.isScalar()
                && Double.doubleToRawLongBits(c.scalarValue()) == Double.doubleToRawLongBits(value);
    }
}
