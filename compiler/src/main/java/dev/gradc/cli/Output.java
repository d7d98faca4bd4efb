package dev.gradc.cli;

import dev.gradc.ops.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code gradc run} or {@code gradc compare}, as one JSON object ({@code --json}) or as text for
 * people. Arrays are nested like the value's shape; numbers are written so they read back exactly. JSON has no
 * number for NaN or the infinities: they are the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}, which {@code --arg} reads back as the same values.
 */
final class Output {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Adds a field: a value (NDArray, Double, Integer, Boolean, String, double[][], a List of them or of Outputs) or a map of them by name. */
    Output put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    String json() {
        StringBuilder out = new StringBuilder();
        json(fields, out);
        return out.toString();
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                out.append(e.getKey()).append(":\n");
                for (Map.Entry<?, ?> p : m.entrySet()) {
                    out.append("  ").append(p.getKey()).append(": ");
                    value(p.getValue(), out, false);
                    out.append('\n');
                }
            } else {
                out.append(e.getKey()).append(": ");
                value(e.getValue(), out, false);
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void json(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(first ? "" : ", ");
            string(String.valueOf(e.getKey()), out);
            out.append(": ");
            first = false;
            if (e.getValue() instanceof Map<?, ?> m) {
                json(m, out);
            } else {
                value(e.getValue(), out, true);
            }
        }
        out.append('}');
    }

    /** One value as text or JSON, arrays nested like their shape. */
    static String format(Object v, boolean json) {
        StringBuilder out = new StringBuilder();
        value(v, out, json);
        return out.toString();
    }

    private static void value(Object v, StringBuilder out, boolean json) {
        if (v instanceof NDArray a) {
            array(a.data(), a.shape(), 0, 0, out, json);
        } else if (v instanceof dev.gradc.ops.IntND a) {
            value(rows(a.data(), a.shape(), 0, 0), out, json);
        } else if (v instanceof double[][] m) {
            out.append('[');
            for (int i = 0; i < m.length; i++) {
                array(m[i], new int[] {m[i].length}, 0, 0, out.append(i == 0 ? "" : ", "), json);
            }
            out.append(']');
        } else if (v instanceof Output o && json) {
            json(o.fields, out);
        } else if (v instanceof java.util.List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                value(list.get(i), out.append(i == 0 ? "" : ", "), json);
            }
            out.append(']');
        } else if (v instanceof Double d) {
            number(d, out, json);
        } else if (v instanceof String text && json) {
            string(text, out);
        } else {
            out.append(v);
        }
    }

    /** An int array as nested lists of its rows, from dimension {@code d} at flat offset {@code at}. */
    private static List<Object> rows(int[] data, int[] shape, int d, int at) {
        List<Object> out = new java.util.ArrayList<>();
        int stride = 1;
        for (int k = d + 1; k < shape.length; k++) {
            stride *= shape[k];
        }
        for (int i = 0; i < shape[d]; i++) {
            out.add(d == shape.length - 1 ? (Object) data[at + i] : rows(data, shape, d + 1, at + i * stride));
        }
        return out;
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Writes the block of {@code data} starting at {@code offset} for dimensions {@code dim} onwards. */
    private static void array(double[] data, int[] shape, int dim, int offset, StringBuilder out, boolean json) {
        if (dim == shape.length) {
            number(data[offset], out, json);
            return;
        }
        int stride = 1;
        for (int k = dim + 1; k < shape.length; k++) {
            stride *= shape[k];
        }
        out.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            out.append(i == 0 ? "" : ", ");
            array(data, shape, dim + 1, offset + i * stride, out, json);
        }
        out.append(']');
    }

    private static void number(double d, StringBuilder out, boolean json) {
        if (json && (Double.isNaN(d) || Double.isInfinite(d))) {
            out.append('"').append(d).append('"');
        } else {
            out.append(d);
        }
    }
}
