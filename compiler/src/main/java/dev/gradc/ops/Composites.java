package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.runtime.tape.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The builtins that are not one primitive, lowered to primitives with {@link Rules} (so their derivatives
 * follow from the primitives'), each beside its tape form.
 */
final class Composites {

    private Composites() {
    }

    /** dot(a, b): a vector-vector product, else the sum of the broadcast elementwise product. */
    static int dot(Rules g, int[] a, int axis) {
        if (g.shape(a[0]).rank() == 1 && g.shape(a[1]).rank() == 1) {
            return g.matmul(Matmul.PLAIN, a[0], a[1]);
        }
        return g.sumAll(g.mul(a[0], a[1]));
    }

    static Tensor dot(Tensor a, Tensor b) {
        return a.rank() == 1 && b.rank() == 1 ? a.dot(b) : a.mul(b).sum();
    }

    /**
     * norm(v) = sqrt(sum(v*v)) with norm'(0) = 0 (as PyTorch): where the sum is 0 the sqrt reads 1 instead, so
     * its derivative is finite there and the where sends it no adjoint; NaN sums stay NaN. Of a scalar, abs.
     */
    static int norm(Rules g, int[] a, int axis) {
        int v = a[0];
        if (g.shape(v).isScalar()) {
            return g.unary(Unary.ABS, v);
        }
        int sum = g.sumAll(g.mul(v, v));
        int nonzero = g.compare(Compare.NE, sum, g.constant(0));
        int safe = g.where(nonzero, sum, g.constant(1));
        return g.where(nonzero, g.unary(Unary.SQRT, safe), g.constant(0));
    }

    /** The reductions, over everything or along one axis. */
    enum Reduction {
        SUM("sum"),
        MEAN("mean"),
        MAXVAL("maxval"),
        /** log Σ e^v, shifted by the detached maximum where it is finite (as JAX and the tape). */
        LOGSUMEXP("logsumexp"),
        /** e^v / Σ e^v along the last axis (or the one given); of a scalar, 1. */
        SOFTMAX("softmax");

        private final String language;

        Reduction(String language) {
            this.language = language;
        }

        String language() {
            return language;
        }

        int lower(Rules g, int[] a, int axis) {
            int v = a[0];
            Shape shape = g.shape(v);
            List<Integer> axes = new ArrayList<>();
            if (axis == Builtin.NO_AXIS) {
                if (this != SOFTMAX) {
                    axes.addAll(ReduceSum.all(shape.rank()).axes());
                } else if (shape.rank() > 0) {
                    axes.add(shape.rank() - 1);
                }
            } else {
                axes.add(Builtin.axis(axis, shape.rank(), shape));
            }
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < shape.rank(); i++) {
                if (!axes.contains(i)) {
                    kept.add(i);
                }
            }
            return switch (this) {
                case SUM -> g.sum(v, axes);
                case MEAN -> g.div(g.sum(v, axes), count(g, shape, axes));
                case MAXVAL -> axes.isEmpty() ? v : g.apply(new ReduceMax(axes), v);
                case LOGSUMEXP -> axes.isEmpty() ? v : logsumexp(g, v, shape, axes, kept);
                case SOFTMAX -> axes.isEmpty() ? g.select(g.compare(Compare.EQ, v, v), 1, 1)
                        : softmax(g, v, shape, axes, kept);
            };
        }

        Object onTape(Tensor x, int axis) {
            boolean all = axis == Builtin.NO_AXIS;
            int a = all ? 0 : axis < 0 ? axis + x.rank() : axis;
            return switch (this) {
                case SUM -> all ? x.sum() : x.sum(a);
                case MEAN -> all ? x.mean() : x.mean(a);
                case MAXVAL -> all ? x.maxval() : x.maxval(a);
                case LOGSUMEXP -> all ? x.logsumexp() : x.logsumexp(a);
                case SOFTMAX -> x.rank() == 0 ? Tensor.scalar(1) : x.softmax(all ? x.rank() - 1 : a);
            };
        }
    }

    private static int logsumexp(Rules g, int v, Shape shape, List<Integer> axes, List<Integer> kept) {
        int top = g.apply(new Detach(), g.apply(new ReduceMax(axes), v));
        // shift by the maximum only where it is finite (as JAX and the tape do): with an infinite one,
        // v - m would be inf - inf = NaN, where logsumexp([inf, 0]) is inf and logsumexp([-inf, -inf]) -inf
        int finite = g.compare(Compare.EQ, g.sub(top, top), g.constant(0.0));
        int m = g.where(finite, top, g.constant(0.0));
        int shifted = g.sub(v, g.apply(new Broadcast(shape, kept), m));
        return g.add(m, g.unary(Unary.LOG, g.sum(g.unary(Unary.EXP, shifted), axes)));
    }

    private static int softmax(Rules g, int v, Shape shape, List<Integer> axes, List<Integer> kept) {
        int m = g.apply(new Detach(), g.apply(new ReduceMax(axes), v));
        int e = g.unary(Unary.EXP, g.sub(v, g.apply(new Broadcast(shape, kept), m)));
        return g.div(e, g.apply(new Broadcast(shape, kept), g.sum(e, axes)));
    }

    /** The number of elements along {@code axes}, as a real node (size names read at run time). */
    private static int count(Rules g, Shape shape, List<Integer> axes) {
        long fixed = 1;
        int dynamic = -1;
        for (int a : axes) {
            Dim d = shape.dim(a);
            if (d instanceof Dim.Fixed f) {
                fixed *= f.value();
            } else {
                int n = g.toReal(g.apply(new SizeOf(((Dim.Named) d).name())));
                dynamic = dynamic == -1 ? n : g.mul(dynamic, n);
            }
        }
        int c = g.constant(fixed);
        return dynamic == -1 ? c : fixed == 1 ? dynamic : g.mul(dynamic, c);
    }
}
