package dev.gradc.ops;

import dev.gradc.runtime.tape.Tensor;

/**
 * Powers with a constant exponent as arithmetic, in the one evaluation order that every engine shares:
 * {@code x^n} for an integer n by products (x·x·x up to n = 4, repeated squaring above), {@code x^-n} as
 * {@code 1 / x^n}, {@code x^0} as 1, {@code x^0.5} as {@code sqrt(x)} and {@code x^-0.5} as
 * {@code 1 / sqrt(x)}. Derivatives follow from the products, quotients and square roots.
 *
 * <p>The IEEE differences from {@code Math.pow} this accepts: a product of n factors may differ from the
 * correctly rounded power by up to about n/2 ulp (at most a few ulp for the exponents written in
 * programs); {@code x^-n} overflows to 0 where {@code x^n} overflows, though {@code Math.pow} would give a
 * subnormal; {@code (-0.0)^0.5} is -0.0 and {@code (-Inf)^0.5} is NaN (sqrt) where {@code Math.pow} gives
 * +0.0 and +Inf. Exponents that are not constants, or are other reals, use {@code Math.pow}.
 */
public final class Powers {

    /** The largest |n| written as products; larger constant exponents use {@code Math.pow}. */
    public static final int MAX_INTEGER = 64;

    /** The operations an expansion needs, on nodes or on tape tensors. */
    public interface Algebra<T> {
        T one(T like);

        T mul(T a, T b);

        T reciprocal(T a);

        T sqrt(T a);
    }

    private Powers() {
    }

    /** Whether x^p is written as arithmetic. */
    public static boolean isSimple(double p) {
        return p == Math.rint(p) && Math.abs(p) <= MAX_INTEGER || Math.abs(p) == 0.5;
    }

    /** x^p for an exponent p that {@link #isSimple}. */
    public static <T> T expand(T x, double p, Algebra<T> a) {
        if (Math.abs(p) == 0.5) {
            T r = a.sqrt(x);
            return p < 0 ? a.reciprocal(r) : r;
        }
        int n = (int) Math.abs(p);
        if (n == 0) {
            return a.one(x);
        }
        T r = positive(x, n, a);
        return p < 0 ? a.reciprocal(r) : r;
    }

    private static <T> T positive(T x, int n, Algebra<T> a) {
        if (n <= 4) {
            T r = x;
            for (int k = 1; k < n; k++) {
                r = a.mul(r, x);
            }
            return r;
        }
        T half = positive(x, n / 2, a);
        T square = a.mul(half, half);
        return n % 2 == 0 ? square : a.mul(square, x);
    }

    /** {@code x^p} as nodes: as arithmetic when p is a scalar constant that {@link #isSimple}, else {@code pow}. */
    public static int pow(Rules g, int x, int p) {
        if (g.node(p).op() instanceof Constant c && c.isScalar() && isSimple(c.scalarValue())) {
            return nodes(g, x, c.scalarValue());
        }
        return g.binary(Binary.POW, x, p);
    }

    /** As nodes of the graph {@code g} builds. */
    public static int nodes(Rules g, int x, double p) {
        return expand(x, p, new Algebra<Integer>() {
            @Override
            public Integer one(Integer like) {
                return g.shape(like).isScalar() ? g.constant(1) : g.apply(new Fill(1, g.shape(like)));
            }

            @Override
            public Integer mul(Integer u, Integer v) {
                return g.mul(u, v);
            }

            @Override
            public Integer reciprocal(Integer u) {
                return g.div(g.constant(1), u);
            }

            @Override
            public Integer sqrt(Integer u) {
                return g.unary(Unary.SQRT, u);
            }
        });
    }

    /** On the define-by-run tape. */
    public static Tensor onTape(Tensor x, double p) {
        return expand(x, p, new Algebra<Tensor>() {
            @Override
            public Tensor one(Tensor like) {
                return Tensor.ones(like.shape());
            }

            @Override
            public Tensor mul(Tensor u, Tensor v) {
                return u.mul(v);
            }

            @Override
            public Tensor reciprocal(Tensor u) {
                return Tensor.scalar(1).div(u);
            }

            @Override
            public Tensor sqrt(Tensor u) {
                return u.sqrt();
            }
        });
    }
}
