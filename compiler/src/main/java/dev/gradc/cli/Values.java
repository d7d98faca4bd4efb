package dev.gradc.cli;

import dev.gradc.ops.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a VALUE or SEED written on the command line: a number ({@code 2}, {@code -1.5e3}, {@code .5}), a nested
 * array ({@code [1,2,3]}, {@code [[1,2],[3,4]]}) of any rank, or {@code true}/{@code false}. {@code NaN},
 * {@code Infinity} and {@code -Infinity} are read bare or as the JSON strings {@code --json} writes for them
 * ({@code "NaN"}, ...), so any output reads back. The reader is a loop, not a recursion, so no nesting depth can
 * overflow the stack.
 */
final class Values {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final int MAX_RANK = 32;
    /** The words for the IEEE values JSON has no number for, bare or as JSON strings (as --json writes them). */
    private static final Pattern SPECIAL = Pattern.compile("(\"?)(NaN|[+-]?Infinity)\\1");

    private Values() {
    }

    /** Thrown with the reason a value is malformed; the caller names the argument. */
    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** An {@link NDArray} for numbers and arrays, a {@link Boolean} for {@code true}/{@code false}. */
    static Object parse(String text) throws Malformed {
        String t = text.strip();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        if (t.isEmpty()) {
            throw new Malformed("expected a number or an array");
        }
        return new Reader(t).read();
    }

    /** One pass over the text, tracking the nesting depth and the length of every level. */
    private static final class Reader {
        private final String s;
        private final Matcher number;
        private final Matcher special;
        private int pos;
        private final List<Double> data = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();
        private int[] shape;
        private int rank = -1;

        Reader(String s) {
            this.s = s;
            this.number = NUMBER.matcher(s);
            this.special = SPECIAL.matcher(s);
            counts.add(0);
        }

        NDArray read() throws Malformed {
            int depth = 0;
            boolean expectElement = true;
            do {
                skipSpace();
                if (pos >= s.length()) {
                    throw new Malformed(depth == 0 ? "expected a number or an array" : "missing ']'");
                }
                char c = s.charAt(pos);
                if (expectElement && c == '[') {
                    pos++;
                    depth++;
                    if (depth > MAX_RANK || (rank >= 0 && depth > rank)) {
                        throw new Malformed(depth > MAX_RANK ? "nested more than " + MAX_RANK + " deep"
                                : "elements nested to different depths");
                    }
                    if (counts.size() < depth + 1) {
                        counts.add(0);
                    }
                    counts.set(depth, 0);
                } else if (c == ']' && depth > 0 && (!expectElement || counts.get(depth) == 0)) {
                    pos++;
                    close(depth);
                    depth--;
                    expectElement = false;
                } else if (expectElement) {
                    element(depth);
                    expectElement = false;
                } else if (c == ',' && depth > 0) {
                    pos++;
                    expectElement = true;
                } else {
                    throw new Malformed(depth == 0 ? "unexpected '" + c + "' after the value"
                            : "expected ',' or ']' at '" + rest() + "'");
                }
            } while (depth > 0);
            skipSpace();
            if (pos < s.length()) {
                throw new Malformed("unexpected '" + rest() + "' after the value");
            }
            double[] d = new double[data.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = data.get(i);
            }
            return new NDArray(d, shape == null ? new int[0] : shape);
        }

        private void element(int depth) throws Malformed {
            double v;
            special.region(pos, s.length());
            number.region(pos, s.length());
            if (special.lookingAt()) {
                v = Double.parseDouble(special.group(2));
                pos = special.end();
            } else if (number.lookingAt()) {
                String text = number.group();
                v = Double.parseDouble(text);
                if (Double.isInfinite(v)) {
                    throw new Malformed("number '" + dev.gradc.diag.CliMessages.abbreviate(text)
                            + "' is too large for a 64-bit real");
                }
                pos = number.end();
            } else {
                throw new Malformed("expected a number at '" + rest() + "'");
            }
            if (rank < 0) {
                rank = depth;
                shape = new int[rank];
                java.util.Arrays.fill(shape, -1);
            } else if (depth != rank) {
                throw new Malformed("elements nested to different depths");
            }
            data.add(v);
            if (depth > 0) {
                counts.set(depth, counts.get(depth) + 1);
            }
        }

        private void close(int depth) throws Malformed {
            int n = counts.get(depth);
            if (n == 0) {
                throw new Malformed("an array needs at least one element");
            }
            if (rank < depth) {
                throw new Malformed("elements nested to different depths");
            }
            if (shape[depth - 1] < 0) {
                shape[depth - 1] = n;
            } else if (shape[depth - 1] != n) {
                throw new Malformed("rows of different lengths (" + shape[depth - 1] + " and " + n + ")");
            }
            if (depth > 1) {
                counts.set(depth - 1, counts.get(depth - 1) + 1);
            }
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private String rest() {
            String r = s.substring(pos);
            return r.length() > 12 ? r.substring(0, 12) + "..." : r;
        }
    }
}
