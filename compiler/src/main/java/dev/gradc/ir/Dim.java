package dev.gradc.ir;

import java.util.Map;

/** One dimension of a shape: a number known at compile time or a size name bound at call time. */
public sealed interface Dim permits Dim.Fixed, Dim.Named {

    /** The dimension's value once the size names are bound. */
    int resolve(Map<String, Integer> sizes);

    /** A dimension known at compile time. */
    record Fixed(int value) implements Dim {
        @Override
        public int resolve(Map<String, Integer> sizes) {
            return value;
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
        public String toString() {
            return name;
        }
    }

    static Dim of(int n) {
        return new Fixed(n);
    }
}
