package dev.gradc.engine;

import dev.gradc.ir.Dim;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.IntColumn;
import dev.gradc.ops.IntIndex;
import dev.gradc.ops.IntJoin;
import dev.gradc.ops.IntND;
import dev.gradc.ops.IntReduce;
import dev.gradc.ops.IntRows;
import dev.gradc.ops.IntUpdate;
import dev.gradc.ops.Primitive;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Int arrays on the tape, as the lowering defines them (with the same ops): slices along the first axis, columns,
 * updates of entries, rows, row ranges and columns, {@code concat}, {@code stack}, {@code sum} and {@code maxval}.
 */
final class TapeIntArrays {

    private static final EvalContext NO_SIZES = new EvalContext(Map.of());

    private TapeIntArrays() {
    }

    private static boolean isWhole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }

    /** Whether the subscripts are {@code [:, j]} of a matrix. */
    private static boolean isColumn(IntND a, List<Ast.Expr> subs) {
        return a.shape().length == 2 && subs.size() == 2 && isWhole(subs.get(0)) && !(subs.get(1) instanceof Ast.Slice);
    }

    /** {@code a[s:e]}, {@code m[s:e, :]}, {@code m[i, :]}, {@code m[:, j]}. */
    static IntND read(TapeEngine engine, IntND a, List<Ast.Expr> subs, Map<String, Object> env) {
        if (isColumn(a, subs)) {
            return (IntND) new IntColumn(false).eval(new Object[] {a, engine.eval(subs.get(1), env)}, NO_SIZES);
        }
        if (!(subs.get(0) instanceof Ast.Slice sl)) {
            return (IntND) new IntIndex(1).eval(new Object[] {a, engine.eval(subs.get(0), env)}, NO_SIZES);
        }
        int[] range = range(engine, sl, a.shape()[0], env);
        return (IntND) new IntRows(Dim.of(range[1])).eval(new Object[] {a, range[0]}, NO_SIZES);
    }

    /** The start and length of a slice of a dimension of length n. */
    private static int[] range(TapeEngine engine, Ast.Slice sl, int n, Map<String, Object> env) {
        int from = sl.from() == null ? 0 : (Integer) engine.eval(sl.from(), env);
        int to = sl.to() == null ? n : (Integer) engine.eval(sl.to(), env);
        return new int[] {from, to - from};
    }

    /** {@code a[subs] op= value} of an int array. */
    static IntND update(TapeEngine engine, Ast.Update u, IntND old, Map<String, Object> env) {
        List<Object> in = new ArrayList<>(List.of(old));
        Primitive op;
        Object current;
        if (isColumn(old, u.indices())) {
            op = new IntColumn(true);
            in.add(engine.eval(u.indices().get(1), env));
            current = new IntColumn(false).eval(in.toArray(), NO_SIZES);
        } else if (u.indices().get(0) instanceof Ast.Slice sl) {
            int[] range = range(engine, sl, old.shape()[0], env);
            op = IntUpdate.rows(Dim.of(range[1]));
            in.add(range[0]);
            current = new IntRows(Dim.of(range[1])).eval(in.toArray(), NO_SIZES);
        } else {
            for (Ast.Expr e : u.indices()) {
                if (!isWhole(e)) {
                    in.add(engine.eval(e, env));
                }
            }
            op = IntUpdate.at(in.size() - 1);
            current = new IntIndex(in.size() - 1).eval(in.toArray(), NO_SIZES);
        }
        Object value = engine.eval(u.value(), env);
        if (!u.op().equals("=")) {
            String symbol = u.op().substring(0, 1);
            Object ints = TapeGathers.binary(symbol, current, value);
            value = ints != null ? ints : TapeOps.binary(symbol, current, value);
        }
        if (value instanceof Integer v && current instanceof IntND region) {
            int[] filled = new int[region.size()];
            Arrays.fill(filled, v);
            value = new IntND(filled, region.shape());
        }
        in.add(1, value);
        return (IntND) op.eval(in.toArray(), NO_SIZES);
    }

    /**
     * {@code concat}, {@code stack}, {@code sum}, {@code maxval} of int arrays only, {@code min} and {@code max} of
     * two ints (an int); null for any other call.
     */
    static Object form(String f, Object[] args) {
        if ((f.equals("min") || f.equals("max")) && args.length == 2 && args[0] instanceof Integer a
                && args[1] instanceof Integer b) {
            return f.equals("min") ? Math.min(a, b) : Math.max(a, b);
        }
        if (!List.of("concat", "stack", "sum", "maxval").contains(f) || args.length == 0
                || !Arrays.stream(args).allMatch(a -> a instanceof IntND)) {
            return null;
        }
        return switch (f) {
            case "sum" -> new IntReduce(false).eval(args, NO_SIZES);
            case "maxval" -> new IntReduce(true).eval(args, NO_SIZES);
            default -> new IntJoin(args.length, f.equals("stack")).eval(args, NO_SIZES);
        };
    }
}
