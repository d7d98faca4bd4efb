package dev.gradc.engine;

import dev.gradc.ops.Compare;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.IntElementwise;
import dev.gradc.ops.IntIndex;
import dev.gradc.ops.IntND;
import dev.gradc.ops.IntPack;
import dev.gradc.ops.Primitive;
import dev.gradc.runtime.Gather;
import dev.gradc.runtime.IntArrays;
import dev.gradc.runtime.tape.CustomOp;
import dev.gradc.runtime.tape.Mask;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import java.util.List;
import java.util.Map;

/**
 * Int arrays and gathers on the define-by-run tape, as the lowering defines them: int arrays are
 * {@link IntND} values (an int literal among reals is promoted by {@link TapeEngine#real}); a gather is a
 * recorded op whose backward rule is the scatter-add, and {@code scatter_add} one whose rule is the gather.
 */
final class TapeGathers {

    private static final EvalContext NO_SIZES = new EvalContext(Map.of());

    private TapeGathers() {
    }

    /** An array literal whose elements are all ints or int vectors, as an int array; else null. */
    static IntND literal(Object[] parts) {
        for (Object p : parts) {
            if (!(p instanceof Integer || p instanceof IntND)) {
                return null;
            }
        }
        return (IntND) new IntPack(parts.length).eval(parts, NO_SIZES);
    }

    /** {@code l op r} where one side is an int array and the other an int or int array; null otherwise. */
    static Object binary(String op, Object l, Object r) {
        if (!(l instanceof IntND || r instanceof IntND) || !(l instanceof Integer || l instanceof IntND)
                || !(r instanceof Integer || r instanceof IntND)) {
            return null;
        }
        Primitive p = switch (op) {
            case "+" -> dev.gradc.ops.Binary.ADD;
            case "-" -> dev.gradc.ops.Binary.SUB;
            case "*" -> dev.gradc.ops.Binary.MUL;
            case "<" -> Compare.LT;
            case "<=" -> Compare.LE;
            case ">" -> Compare.GT;
            case ">=" -> Compare.GE;
            case "==" -> Compare.EQ;
            case "!=" -> Compare.NE;
            default -> null;
        };
        if (p == null) {
            return null; // [1, 2] / 2 is real
        }
        Object out = new IntElementwise(p).eval(new Object[] {l, r}, NO_SIZES);
        return out instanceof dev.gradc.ops.Mask m ? Mask.of(m.data(), m.shape()) : out;
    }

    /** {@code idx[k]}, {@code m[i, j]}, {@code m[i]}, {@code perm[idx]} of an int array. */
    static Object intRead(TapeEngine engine, IntND target, List<Ast.Expr> subs, Map<String, Object> env) {
        Object[] in = new Object[subs.size() + 1];
        in[0] = target;
        for (int k = 0; k < subs.size(); k++) {
            in[k + 1] = engine.eval(subs.get(k), env);
        }
        if (in.length == 2 && in[1] instanceof IntND) {
            return new dev.gradc.ops.IntGather().eval(in, NO_SIZES);
        }
        return new IntIndex(subs.size()).eval(in, NO_SIZES);
    }

    /** A gather {@code x[idx]}, {@code x[idx, :]}, {@code x[idx, j]}, {@code x[i, idx]}, {@code x[:, idx]}; null if none. */
    static Tensor read(TapeEngine engine, Tensor x, List<Ast.Expr> subs, Map<String, Object> env) {
        Object[] v = new Object[subs.size()];
        int at = -1;
        for (int k = 0; k < subs.size(); k++) {
            v[k] = subs.get(k) instanceof Ast.Slice ? null : engine.eval(subs.get(k), env);
            at = v[k] instanceof IntND && at < 0 ? k : at;
        }
        if (at < 0) {
            return null;
        }
        int[] idx = ((IntND) v[at]).data();
        if (subs.size() == 1 || at == 0 && v[1] == null) {
            return gather(x, idx);
        }
        if (v[1 - at] == null) {
            return gather(x.transpose(), idx).transpose();
        }
        int j = (Integer) v[1 - at];
        return gather(at == 0 ? x.transpose().get(j) : x.get(j), idx);
    }

    /** The rows of x that idx names; backward: the adjoint's rows added back at those rows. */
    static Tensor gather(Tensor x, int[] idx) {
        int[] shape = x.shape().clone();
        int rows = shape[0];
        int width = rows == 0 ? 0 : x.size() / rows;
        shape[0] = idx.length;
        double[] out = Gather.rows(x.data(), rows, width, idx, null);
        return CustomOp.apply("gather", out, shape, bar -> new double[][] {
            Gather.scatterAdd(rows, width, idx, bar, null)}, t -> gather(t[0], idx), x);
    }

    /** {@code scatter_add(base, idx, v)}; backward: the adjoint itself for base, its gather at idx for v. */
    static Tensor scatterAdd(Tensor base, IntND idx, Tensor v) {
        int[] shape = base.shape();
        int rows = shape[0];
        int width = rows == 0 ? 0 : base.size() / rows;
        double[] added = Gather.scatterAdd(rows, width, idx.data(), v.data(), null);
        Tensor scattered = CustomOp.apply("scatter_add", added, shape, bar -> new double[][] {
            Gather.rows(bar, rows, width, idx.data(), null)}, t -> scatterAdd(Tensor.zeros(shape), idx, t[0]), v);
        return base.add(scattered);
    }

    /** {@code range(n)}. */
    static IntND range(int n) {
        return IntND.vector(IntArrays.range(n));
    }
}
