package dev.gradc.runtime.tape;

/**
 * The language's broadcasting rule (LANGUAGE.md §2), the same as the compiler's: a scalar goes with
 * anything, and an array goes with a larger one whose trailing dimensions equal its own ({@code [B,N]}
 * with {@code [N]}). There is no size-1 stretching. Under this rule the element of an operand of size
 * {@code m} that output element {@code i} reads is {@code i % m}.
 */
final class Broadcast {

    private Broadcast() {
    }

    /** The broadcast shape of two shapes, or an {@link IllegalArgumentException} naming both. */
    static int[] shape(int[] a, int[] b, String op) {
        int[] big = a.length >= b.length ? a : b;
        int[] small = big == a ? b : a;
        for (int i = 1; i <= small.length; i++) {
            if (small[small.length - i] != big[big.length - i]) {
                throw new IllegalArgumentException("shapes " + text(a) + " and " + text(b)
                        + " do not broadcast in " + op + " (a scalar goes with anything; [B,N] with [N])");
            }
        }
        return big;
    }

    /** Sums an adjoint of shape {@code from} down to shape {@code to}; returns it as is when it has that size. */
    static double[] reduce(double[] bar, int[] from, int[] to) {
        int n = size(to);
        if (bar.length == n) {
            return bar;
        }
        if (bar.length != size(from)) {
            throw new IllegalStateException("adjoint of size " + bar.length + " fits neither " + text(from)
                    + " nor " + text(to));
        }
        double[] reduced = new double[n];
        for (int i = 0; i < bar.length; i++) {
            reduced[i % n] += bar[i];
        }
        return reduced;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** A shape as the language writes it: {@code []}, {@code [3]}, {@code [2,3]}. */
    static String text(int[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return s.append(']').toString();
    }
}
