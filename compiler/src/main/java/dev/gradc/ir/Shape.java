package dev.gradc.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The static shape of a real value: rank 0 (scalar), 1 (vector) or 2 (row-major matrix), or more. */
public record Shape(List<Dim> dims) {

    public static final Shape SCALAR = new Shape(List.of());

    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(Dim... dims) {
        return new Shape(List.of(dims));
    }

    public static Shape fixed(int... sizes) {
        List<Dim> d = new ArrayList<>();
        for (int s : sizes) {
            d.add(new Dim.Fixed(s));
        }
        return new Shape(d);
    }

    public int rank() {
        return dims.size();
    }

    public boolean isScalar() {
        return dims.isEmpty();
    }

    public Dim dim(int i) {
        return dims.get(i);
    }

    /** The last {@code n} dimensions. */
    public Shape suffix(int n) {
        return new Shape(dims.subList(dims.size() - n, dims.size()));
    }

    public Shape without(int axis) {
        List<Dim> d = new ArrayList<>(dims);
        d.remove(axis);
        return new Shape(d);
    }

    public int[] resolve(Map<String, Integer> sizes) {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).resolve(sizes);
        }
        return out;
    }

    /** True when every dimension is a number. */
    public boolean isStatic() {
        return dims.stream().allMatch(d -> d instanceof Dim.Fixed);
    }

    /** Number of elements when static, else -1. */
    public long staticSize() {
        long n = 1;
        for (Dim d : dims) {
            if (!(d instanceof Dim.Fixed f)) {
                return -1;
            }
            n *= f.value();
        }
        return n;
    }

    @Override
    public String toString() {
        return dims.stream().map(Object::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
