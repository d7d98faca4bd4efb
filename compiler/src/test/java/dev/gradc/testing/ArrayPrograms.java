package dev.gradc.testing;

import java.util.Random;

/**
 * Generates random well-typed programs that read and write arrays the way real programs do: element and
 * slice reads, indexed and slice updates (also {@code +=}), gathers by an int vector, {@code scatter_add},
 * {@code reshape}, {@code flatten}, {@code transpose} (also of an elementwise expression of transposes), {@code concat},
 * {@code stack}, and counted loops that carry an updated array. Always {@code f(x: real[6], a: real, idx: int[4]) -> real},
 * smooth in x and a (sin, tanh, products with small factors), so central differences are a fair truth.
 */
public final class ArrayPrograms {

    /** The length of x, and how many entries idx has. */
    public static final int N = 6;
    public static final int K = 4;

    private final Random r;
    private final StringBuilder out = new StringBuilder();
    /** Whether block updates see z as 2×3 (else 3×2): one shape per program, so that a carried m keeps it. */
    private boolean wide;

    private ArrayPrograms(long seed) {
        this.r = new Random(seed);
    }

    public static String generate(long seed) {
        return new ArrayPrograms(seed).program();
    }

    /** Entries of idx for a seed: any rows of x, repeats allowed. */
    public static int[] indices(long seed) {
        Random r = new Random(seed * 31 + 7);
        int[] idx = new int[K];
        for (int k = 0; k < K; k++) {
            idx[k] = r.nextInt(N);
        }
        return idx;
    }

    private String program() {
        out.append("fn f(x: real[").append(N).append("], a: real, idx: int[").append(K).append("]) -> real {\n");
        out.append("  z = x;\n  s = 0;\n");
        wide = r.nextBoolean();
        int n = 2 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            statement("  ", false);
        }
        out.append("  return s + sum(z * z) * 0.5 + ").append(scalar()).append(";\n}\n");
        return out.toString();
    }

    private void statement(String indent, boolean inLoop) {
        int k = r.nextInt(inLoop ? 6 : 11);
        switch (inLoop && k == 5 ? 9 : k) {
            case 9 -> blockUpdate(indent);
            case 10 -> intUpdates(indent);
            // with wide, the transpose of an elementwise expression of transposes (Simplify writes it untransposed)
            case 7 -> out.append(indent).append(wide ? "z = flatten(transpose(transpose(reshape(z, 2, 3)) * "
                    : "z = flatten(transpose(reshape(z, 2, 3)) * ").append(small()).append(" + ").append(fn())
                    .append(wide ? "(transpose(reshape(z, 2, 3)))));\n" : "(reshape(z, 3, 2)));\n");
            case 8 -> out.append(indent).append("z = concat(z[3:6] * ").append(small()).append(", ").append(fn())
                    .append("(z[0:3]));\n").append(indent).append("s = s + sum(stack(z[0:2], z[4:6], z[[idx[0], idx[1]]]) * ")
                    .append(small()).append(");\n");
            case 0 -> out.append(indent).append("z[").append(index(inLoop)).append("] ").append(r.nextBoolean() ? "=" : "+=")
                    .append(" ").append(scalar()).append(";\n");
            case 1 -> {
                int len = 1 + r.nextInt(3);
                int from = r.nextInt(N - len + 1);
                int src = r.nextInt(N - len + 1);
                out.append(indent).append("z[").append(from).append(":").append(from + len).append("] = z[")
                        .append(src).append(":").append(src + len).append("] * ").append(small()).append(" + ")
                        .append(fn()).append("(z[").append(from).append(":").append(from + len).append("]);\n");
            }
            case 2 -> out.append(indent).append("s = s + sum(").append(fn()).append("(z[idx]) * z[")
                    .append(perm()).append("]);\n");
            case 3 -> out.append(indent).append("z = scatter_add(z, idx, ").append(fn()).append("(z[idx]) * ")
                    .append(small()).append(");\n");
            case 4 -> out.append(indent).append("s = s + ").append(scalar()).append(";\n");
            case 5 -> {
                out.append(indent).append("for i in 1..").append(N).append(" {\n");
                statement(indent + "  ", true);
                out.append(indent).append("  z[i] = z[i - 1] * ").append(small()).append(" + ").append(fn())
                        .append("(z[i]);\n");
                out.append(indent).append("}\n");
            }
            default -> {
                out.append(indent).append("k = 0;\n").append(indent).append("while (k < ").append(K).append(") {\n");
                out.append(indent).append("  z[idx[k]] += ").append(small()).append(" * ").append(fn())
                        .append("(z[idx[k]] * a);\n");
                out.append(indent).append("  k = k + 1;\n").append(indent).append("}\n");
            }
        }
    }

    /**
     * Part of a row, part of a column or a block of z seen as a 2×3 or 3×2 matrix updated
     * ({@code m[i, c:d] op= e;}, {@code m[a:b, j] op= e;}, {@code m[a:b, c:d] op= e;}), e a scalar or read from m.
     */
    private void blockUpdate(String indent) {
        int rows = wide ? 2 : 3;
        int cols = wide ? 3 : 2;
        String op = new String[] {"=", "+=", "-=", "*="}[r.nextInt(4)];
        out.append(indent).append("m = reshape(z, ").append(rows).append(", ").append(cols).append(");\n");
        int form = r.nextInt(3);
        String first = form == 0 ? Integer.toString(r.nextInt(rows)) : range(rows);
        String second = form == 1 ? Integer.toString(r.nextInt(cols)) : range(cols);
        out.append(indent).append("m[").append(first).append(", ").append(second).append("] ").append(op).append(" ");
        if (r.nextBoolean()) {
            out.append(scalar());
        } else {
            out.append(fn()).append("(m[").append(first).append(", ").append(second).append("] * a) * ").append(small());
        }
        out.append(";\n").append(indent).append("z = flatten(m);\n");
    }

    /**
     * An int array updated, sliced, concatenated and reduced, its entries kept within z ({@code j[p] = c;},
     * {@code j[a:a+2] = idx[b:b+2];}), then used to gather from z.
     */
    private void intUpdates(String indent) {
        int from = r.nextInt(K - 1);
        int src = r.nextInt(K - 1);
        out.append(indent).append("j = idx;\n");
        out.append(indent).append("j[").append(r.nextInt(K)).append("] = ").append(r.nextInt(N)).append(";\n");
        out.append(indent).append("j[").append(from).append(":").append(from + 2).append("] = idx[").append(src)
                .append(":").append(src + 2).append("];\n");
        out.append(indent).append("s = s + sum(").append(fn()).append("(z[concat(j[0:2], idx[2:4])])) * ")
                .append(small()).append(" + z[maxval(j)] * ").append(small()).append(" + z[sum(j[1:2])] * a;\n");
    }

    /** A slice {@code a:b} of length 1 or 2 within {@code n}. */
    private String range(int n) {
        int len = 1 + r.nextInt(2);
        int from = r.nextInt(n - len + 1);
        return from + ":" + (from + len);
    }

    private String index(boolean inLoop) {
        return inLoop && r.nextBoolean() ? "i" : r.nextBoolean() ? Integer.toString(r.nextInt(N)) : "idx[" + r.nextInt(K) + "]";
    }

    /** An int vector of K rows of z: idx itself, reversed by int arithmetic, or a literal. */
    private String perm() {
        return switch (r.nextInt(3)) {
            case 0 -> "idx";
            case 1 -> "(" + (N - 1) + " - idx)";
            default -> "[" + r.nextInt(N) + ", " + r.nextInt(N) + ", " + r.nextInt(N) + ", " + r.nextInt(N) + "]";
        };
    }

    private String scalar() {
        return switch (r.nextInt(4)) {
            case 0 -> "z[" + r.nextInt(N) + "] * a";
            case 1 -> fn() + "(z[" + r.nextInt(N) + "]) * " + small();
            case 2 -> "sum(z[idx]) * " + small();
            default -> "a * " + small();
        };
    }

    private String fn() {
        return r.nextBoolean() ? "sin" : "tanh";
    }

    private String small() {
        return Double.toString(Math.round((r.nextDouble() * 1.2 - 0.6) * 100) / 100.0);
    }
}
