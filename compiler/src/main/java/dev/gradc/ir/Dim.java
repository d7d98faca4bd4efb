package dev.gradc.ir;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One dimension of a shape: an affine expression {@code c + k1*N1 + k2*N2 ...} of size names bound at call
 * time, kept simplified. A dimension without names is {@link Fixed}, a lone name is {@link Named}, anything
 * else {@link Affine}; so two dimensions are equal exactly when their simplified forms are ({@code N+1-1} is
 * {@code N}).
 */
public sealed interface Dim permits Dim.Fixed, Dim.Named, Dim.Affine {

    /** The dimension's value once the size names are bound. */
    int resolve(Map<String, Integer> sizes);

    /** The constant part. */
    long constant();

    /** The size names with their non-zero coefficients, in name order. */
    SortedMap<String, Long> terms();

    /** A dimension known at compile time. */
    record Fixed(int value) implements Dim {
        @Override
        public int resolve(Map<String, Integer> sizes) {
            return value;
        }

        @Override
        public long constant() {
            return value;
        }

        @Override
        public SortedMap<String, Long> terms() {
            return new TreeMap<>();
        }

        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** A size name such as {@code B}, bound when the function is called. */
    record Named(String name) implements Dim {
        @Override
        public int resolve(Map<String, Integer> sizes) {
            Integer v = sizes.get(name);
            if (v == null) {
                throw new IllegalStateException("size '" + name + "' is not bound");
            }
            return v;
        }

        @Override
        public long constant() {
            return 0;
        }

        @Override
        public SortedMap<String, Long> terms() {
            return new TreeMap<>(Map.of(name, 1L));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Any other affine dimension, such as {@code 2*N+1} or {@code N+M}. Equality ignores {@code text}, the
     * form in which the dimension was written (what diagnostics show).
     */
    record Affine(long constant, SortedMap<String, Long> terms, String text) implements Dim {
        public Affine {
            terms = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(terms));
        }

        @Override
        public int resolve(Map<String, Integer> sizes) {
            long v = constant;
            for (Map.Entry<String, Long> t : terms.entrySet()) {
                Integer n = sizes.get(t.getKey());
                if (n == null) {
                    throw new IllegalStateException("size '" + t.getKey() + "' is not bound");
                }
                v += t.getValue() * n;
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dimension '" + text + "' is " + v + " with " + bindings(sizes)
                        + (v < 0 ? "; it must be >= 0" : "; it does not fit in a Java array"));
            }
            return (int) v;
        }

        /** {@code N=3, M=2}: the sizes this dimension uses, as bound. */
        public String bindings(Map<String, Integer> sizes) {
            StringBuilder b = new StringBuilder();
            terms.keySet().forEach(n -> b.append(b.length() == 0 ? "" : ", ").append(n).append('=').append(sizes.get(n)));
            return b.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Affine a && a.constant == constant && a.terms.equals(terms);
        }

        @Override
        public int hashCode() {
            return Objects.hash(constant, terms);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static Dim of(int n) {
        return new Fixed(n);
    }

    /**
     * The simplified dimension {@code constant + Σ terms}; {@code text} is how it is shown (null: a canonical
     * form such as {@code 2*N-1}).
     */
    static Dim affine(long constant, Map<String, Long> terms, String text) {
        TreeMap<String, Long> t = new TreeMap<>();
        terms.forEach((k, v) -> {
            if (v != 0) {
                t.put(k, v);
            }
        });
        if (t.isEmpty()) {
            if (constant < Integer.MIN_VALUE || constant > Integer.MAX_VALUE) {
                throw new ArithmeticException("dimension " + constant + " does not fit in an int");
            }
            return new Fixed((int) constant);
        }
        if (constant == 0 && t.size() == 1 && t.firstEntry().getValue() == 1) {
            return new Named(t.firstKey());
        }
        return new Affine(constant, t, text == null ? canonical(constant, t) : text);
    }

    /** {@code a + k*b}, simplified. */
    static Dim plus(Dim a, long k, Dim b) {
        TreeMap<String, Long> t = new TreeMap<>(a.terms());
        b.terms().forEach((n, c) -> t.merge(n, Math.multiplyExact(k, c), Math::addExact));
        return affine(Math.addExact(a.constant(), Math.multiplyExact(k, b.constant())), t, null);
    }

    /** {@code k*a}, simplified. */
    static Dim times(long k, Dim a) {
        return plus(new Fixed(0), k, a);
    }

    /** Replaces size names by dimensions (names not in {@code with} stay). */
    static Dim substitute(Dim d, Map<String, Dim> with) {
        Dim out = affine(d.constant(), Map.of(), null);
        for (Map.Entry<String, Long> t : d.terms().entrySet()) {
            Dim by = with.getOrDefault(t.getKey(), new Named(t.getKey()));
            out = plus(out, t.getValue(), by);
        }
        return out;
    }

    /** The canonical text of an affine form: {@code 2*N+M-1}. */
    static String canonical(long constant, SortedMap<String, Long> terms) {
        StringBuilder b = new StringBuilder();
        terms.forEach((n, k) -> {
            if (b.length() > 0 || k < 0) {
                b.append(k < 0 ? "-" : "+");
            }
            long m = Math.abs(k);
            b.append(m == 1 ? n : m + "*" + n);
        });
        if (constant != 0) {
            b.append(constant < 0 ? "-" : "+").append(Math.abs(constant));
        }
        return b.toString();
    }
}
