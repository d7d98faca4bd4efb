package dev.gradc.runtime.tape;

import dev.gradc.runtime.MathOps;
import java.util.Arrays;

/**
 * Reductions over an {@link Axis} (or over everything), each with its backward rule beside it. Sums run
 * in index order from 0.0, so that every engine that sums the same way agrees bit for bit.
 */
final class Reductions {

    private Reductions() {
    }

    /** Σ x along the axis; the adjoint is spread back to every element. */
    static Tensor sum(Tensor x, Axis ax) {
        double[] ys = sums(x.data, ax);
        return Tape.record("sum", ys, ax.resultShape(), bar -> new double[][] {spread(bar, ax, 1)},
                (y, t) -> sum(t[0], ax), x);
    }

    /** Σ x / n along the axis (NaN for an empty axis); the adjoint is spread back divided by n. */
    static Tensor mean(Tensor x, Axis ax) {
        double[] ys = sums(x.data, ax);
        for (int r = 0; r < ys.length; r++) {
            ys[r] /= ax.n();
        }
        return Tape.record("mean", ys, ax.resultShape(), bar -> new double[][] {spread(bar, ax, ax.n())},
                (y, t) -> mean(t[0], ax), x);
    }

    /** The largest element along the axis; the adjoint is split evenly among the tied maxima. */
    static Tensor maxval(Tensor x, Axis ax) {
        if (ax.n() == 0) {
            throw new IllegalArgumentException("maxval of an empty tensor or axis (shape "
                    + Broadcast.text(x.shape) + ")");
        }
        double[] xs = x.data;
        double[] ys = maxima(xs, ax);
        return Tape.record("maxval", ys, ax.resultShape(), bar -> {
            double[] g = new double[xs.length];
            for (int o = 0; o < ax.outer(); o++) {
                for (int k = 0; k < ax.inner(); k++) {
                    double m = ys[o * ax.inner() + k];
                    int ties = 0;
                    for (int j = 0; j < ax.n(); j++) {
                        ties += isTie(xs[ax.at(o, j, k)], m) ? 1 : 0;
                    }
                    double share = bar[o * ax.inner() + k] / ties;
                    for (int j = 0; j < ax.n(); j++) {
                        g[ax.at(o, j, k)] = isTie(xs[ax.at(o, j, k)], m) ? share : 0.0;
                    }
                }
            }
            return new double[][] {g};
        }, (y, t) -> sum(t[0].mul(new Tensor(tieShares(xs, ys, ax), x.shape, false)), ax), x);
    }

    /** Each element's share of its slice's maximum: 1/ties at the tied maxima, 0 elsewhere. */
    private static double[] tieShares(double[] xs, double[] ys, Axis ax) {
        double[] w = new double[xs.length];
        for (int o = 0; o < ax.outer(); o++) {
            for (int k = 0; k < ax.inner(); k++) {
                double m = ys[o * ax.inner() + k];
                int ties = 0;
                for (int j = 0; j < ax.n(); j++) {
                    ties += isTie(xs[ax.at(o, j, k)], m) ? 1 : 0;
                }
                for (int j = 0; j < ax.n(); j++) {
                    w[ax.at(o, j, k)] = isTie(xs[ax.at(o, j, k)], m) ? 1.0 / ties : 0.0;
                }
            }
        }
        return w;
    }

    /**
     * The reduced tensor r (of {@code ax}'s result shape) copied along the reduced axis, back to {@code shape};
     * its adjoint sums along the axis.
     */
    static Tensor expand(Tensor r, Axis ax, int[] shape) {
        return Tape.record("expand", spread(r.data, ax, 1), shape.clone(), bar -> new double[][] {sums(bar, ax)},
                (y, t) -> expand(t[0], ax, shape), r);
    }

    /**
     * log Σ e^x along the axis, computed stably as m + log Σ e^(x - m) with m the (detached) maximum, m
     * taken as 0 when infinite. The adjoint is the softmax e^(x - m) / Σ e^(x - m) times the output adjoint.
     */
    static Tensor logsumexp(Tensor x, Axis ax) {
        double[] xs = x.data;
        double[] ys = maxima(xs, ax);
        double[] shifts = new double[ys.length];
        double[] sums = new double[ys.length];
        for (int o = 0; o < ax.outer(); o++) {
            for (int k = 0; k < ax.inner(); k++) {
                int r = o * ax.inner() + k;
                double shift = Double.isInfinite(ys[r]) ? 0.0 : ys[r];
                double s = 0.0;
                for (int j = 0; j < ax.n(); j++) {
                    s += MathOps.exp(xs[ax.at(o, j, k)] - shift);
                }
                shifts[r] = shift;
                sums[r] = s;
                ys[r] = shift + MathOps.log(s);
            }
        }
        // the adjoint is the softmax e^(x - shift) / s, not e^(x - y): y = shift + log s is rounded at the scale of
        // the shift, so at x = [1000, 1000] e^(x - y) is 0.5 + 3e-14 where the softmax is exactly 0.5
        return Tape.record("logsumexp", ys, ax.resultShape(), bar -> {
            double[] g = new double[xs.length];
            for (int o = 0; o < ax.outer(); o++) {
                for (int j = 0; j < ax.n(); j++) {
                    for (int k = 0; k < ax.inner(); k++) {
                        int r = o * ax.inner() + k;
                        g[ax.at(o, j, k)] = bar[r] * (MathOps.exp(xs[ax.at(o, j, k)] - shifts[r]) / sums[r]);
                    }
                }
            }
            return new double[][] {g};
        }, (y, t) -> sum(softmax(x, ax).mul(t[0]), ax), x);
    }

    /** e^(x - m) / Σ e^(x - m) along the axis (m the maximum); adjoint y·(ȳ - Σ ȳ·y). */
    static Tensor softmax(Tensor x, Axis ax) {
        double[] xs = x.data;
        double[] ys = new double[xs.length];
        double[] maxima = maxima(xs, ax);
        for (int o = 0; o < ax.outer(); o++) {
            for (int k = 0; k < ax.inner(); k++) {
                double s = 0.0;
                for (int j = 0; j < ax.n(); j++) {
                    int i = ax.at(o, j, k);
                    ys[i] = MathOps.exp(xs[i] - maxima[o * ax.inner() + k]);
                    s += ys[i];
                }
                for (int j = 0; j < ax.n(); j++) {
                    ys[ax.at(o, j, k)] /= s;
                }
            }
        }
        return Tape.record("softmax", ys, x.shape, bar -> {
            double[] g = new double[xs.length];
            for (int o = 0; o < ax.outer(); o++) {
                for (int k = 0; k < ax.inner(); k++) {
                    double dot = 0.0;
                    for (int j = 0; j < ax.n(); j++) {
                        dot += bar[ax.at(o, j, k)] * ys[ax.at(o, j, k)];
                    }
                    for (int j = 0; j < ax.n(); j++) {
                        int i = ax.at(o, j, k);
                        g[i] = ys[i] * (bar[i] - dot);
                    }
                }
            }
            return new double[][] {g};
        }, (y, t) -> y.mul(t[0].sub(expand(sum(y.mul(t[0]), ax), ax, x.shape))), x);
    }

    /**
     * The L2 norm √Σx² of all elements; of a scalar it is {@code abs}. Adjoint ȳ·x/y, taken as 0 where
     * y = 0 (the subgradient PyTorch uses, and the same choice as abs'(0) = 0).
     */
    static Tensor norm(Tensor x) {
        if (x.shape.length == 0) {
            return Elementwise.ABS.apply(x);
        }
        double[] xs = x.data;
        double s = 0.0;
        for (double v : xs) {
            s += v * v;
        }
        double y = MathOps.sqrt(s);
        return Tape.record("norm", new double[] {y}, new int[0], bar -> {
            double[] g = new double[xs.length];
            if (y != 0) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = bar[0] * xs[i] / y;
                }
            }
            return new double[][] {g};
        }, (yt, t) -> y == 0 ? Tensor.scalar(0) : dot(x, t[0]).div(yt), x);
    }

    /** Σ a·b over all elements of two tensors of the same shape; adjoints ȳ·b and ȳ·a. */
    static Tensor dot(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException("dot needs two tensors of the same shape, got "
                    + Broadcast.text(a.shape) + " and " + Broadcast.text(b.shape));
        }
        double[] as = a.data;
        double[] bs = b.data;
        double s = 0.0;
        for (int i = 0; i < as.length; i++) {
            s += as[i] * bs[i];
        }
        return Tape.record("dot", new double[] {s}, new int[0], bar -> new double[][] {
            a.needsGrad() ? scaled(bs, bar[0]) : null,
            b.needsGrad() ? scaled(as, bar[0]) : null}, (y, t) -> dot(t[0], b).add(dot(a, t[1])), a, b);
    }

    private static double[] sums(double[] xs, Axis ax) {
        double[] ys = new double[ax.size()];
        for (int o = 0; o < ax.outer(); o++) {
            for (int j = 0; j < ax.n(); j++) {
                for (int k = 0; k < ax.inner(); k++) {
                    ys[o * ax.inner() + k] += xs[ax.at(o, j, k)];
                }
            }
        }
        return ys;
    }

    private static double[] maxima(double[] xs, Axis ax) {
        double[] ys = new double[ax.size()];
        Arrays.fill(ys, Double.NEGATIVE_INFINITY);
        for (int o = 0; o < ax.outer(); o++) {
            for (int j = 0; j < ax.n(); j++) {
                for (int k = 0; k < ax.inner(); k++) {
                    int r = o * ax.inner() + k;
                    ys[r] = MathOps.max(ys[r], xs[ax.at(o, j, k)]);
                }
            }
        }
        return ys;
    }

    /** The output adjoint copied to every element of its slice, divided by {@code divisor}. */
    private static double[] spread(double[] bar, Axis ax, int divisor) {
        double[] g = new double[ax.outer() * ax.n() * ax.inner()];
        for (int o = 0; o < ax.outer(); o++) {
            for (int j = 0; j < ax.n(); j++) {
                for (int k = 0; k < ax.inner(); k++) {
                    double b = bar[o * ax.inner() + k];
                    g[ax.at(o, j, k)] = divisor == 1 ? b : b / divisor;
                }
            }
        }
        return g;
    }

    private static boolean isTie(double x, double max) {
        return x == max || (max != max && x != x);
    }

    private static double[] scaled(double[] v, double c) {
        double[] g = new double[v.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = c * v[i];
        }
        return g;
    }
}
