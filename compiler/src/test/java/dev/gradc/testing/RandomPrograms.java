package dev.gradc.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random well-typed programs for property tests: straight-line code, counted and
 * data-dependent while loops, ifs, scalars, vectors and a matrix with broadcasting and {@code @}.
 * Parameters are always {@code (x: real, y: real, v: real[3], M: real[2,3])}; the output is a real scalar.
 * {@link #generate(long, boolean, boolean)} adds slices, element and row reads and indexed and slice updates
 * (in loops too, at the loop's index).
 */
public final class RandomPrograms {

    private final Random r;
    private final List<String> scalars = new ArrayList<>(List.of("x", "y"));
    private final List<String> vectors = new ArrayList<>(List.of("v"));
    private final StringBuilder out = new StringBuilder();
    private int fresh;
    private int depthBudget;
    /** Statements at the top level (0: two to six, chosen at random) and updates in each loop body or branch. */
    private int statements;
    private int bodyLength = 1;
    /** Whether slices, element reads and indexed updates are generated (off: the older tests' programs). */
    private final boolean subscripts;
    /** Whether {@link #hazard} shapes are generated in loops (off: the older tests' programs). */
    private boolean hazards;

    private RandomPrograms(long seed, boolean subscripts) {
        this.r = new Random(seed);
        this.subscripts = subscripts;
    }

    /**
     * Like {@link #generate}, but large: {@code statements} statements at the top level, and {@code bodyLength}
     * updates in every loop body and branch (the same kinds of statement, so the same checks apply).
     */
    public static String generateLarge(long seed, int statements, int bodyLength) {
        RandomPrograms p = new RandomPrograms(seed, false);
        p.statements = statements;
        p.bodyLength = bodyLength;
        return p.program(false);
    }

    /** The source text of one random module with function {@code f}. */
    public static String generate(long seed) {
        return new RandomPrograms(seed, false).program(false);
    }

    /** One random function {@code f}, with a {@code real[3]} output or a scalar one, with subscripts or without. */
    public static String generate(long seed, boolean vectorOutput, boolean subscripts) {
        return new RandomPrograms(seed, subscripts).program(vectorOutput);
    }

    /**
     * As {@link #generate(long, boolean, boolean)}, with hazards in loops: carried values that go NaN and that
     * no result reads, and reads nobody uses that may be out of range (in a branch that defines nothing, too).
     */
    public static String generateWithHazards(long seed, boolean vectorOutput, boolean subscripts) {
        RandomPrograms p = new RandomPrograms(seed, subscripts);
        p.hazards = true;
        return p.program(vectorOutput);
    }

    /** Like {@link #generate}, but {@code f} returns a {@code real[3]}. */
    public static String generateVectorOutput(long seed) {
        return new RandomPrograms(seed, false).program(true);
    }

    private String program(boolean vectorOutput) {
        out.append("fn f(x: real, y: real, v: real[3], M: real[2,3]) -> ").append(vectorOutput ? "real[3]" : "real")
                .append(" {\n");
        int n = statements > 0 ? statements : 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            statement("  ", 0);
        }
        if (vectorOutput) {
            out.append("  return ").append(vector(3)).append(" * ").append(scalar(2)).append(" + ")
                    .append(pick(vectors)).append(";\n}\n");
        } else {
            out.append("  return ").append(scalar(3)).append(" + sum(").append(pick(vectors)).append(");\n}\n");
        }
        return out.toString();
    }

    private void statement(String indent, int nesting) {
        if (subscripts && r.nextInt(3) == 0) {
            subscripted(indent, nesting);
            return;
        }
        int k = r.nextInt(nesting >= 2 ? 2 : 5);
        switch (k) {
            case 0 -> {
                String name = "s" + fresh++;
                out.append(indent).append(name).append(" = ").append(scalar(3)).append(";\n");
                scalars.add(name);
            }
            case 1 -> {
                String name = "w" + fresh++;
                out.append(indent).append(name).append(" = ").append(vector(3)).append(";\n");
                vectors.add(name);
            }
            case 2 -> counted(indent, nesting);
            case 3 -> branch(indent, nesting);
            default -> dataLoop(indent);
        }
    }

    /** An indexed or slice update of a vector or of M, or a counted loop updating a vector element by element. */
    private void subscripted(String indent, int nesting) {
        String w = pick(vectors);
        String op = r.nextInt(3) == 0 ? " += " : r.nextInt(4) == 0 ? " *= " : " = ";
        switch (r.nextInt(nesting >= 2 ? 4 : 5)) {
            case 0 -> out.append(indent).append(w).append("[").append(r.nextInt(3)).append("]").append(op)
                    .append(scalar(2)).append(";\n");
            case 1 -> {
                int a = r.nextInt(2);
                out.append(indent).append(w).append("[").append(a).append(":").append(a + 2).append("]").append(op)
                        .append(pick(vectors)).append("[").append(1 - a).append(":").append(3 - a).append("] * ")
                        .append(scalar(1)).append(";\n");
            }
            case 2 -> out.append(indent).append("M[").append(r.nextInt(2)).append(", :]").append(op).append("tanh(")
                    .append(vector(2)).append(");\n");
            case 3 -> out.append(indent).append("M[:, ").append(r.nextInt(3)).append("]").append(op).append("[")
                    .append(scalar(1)).append(", ").append(scalar(1)).append("];\n");
            default -> {
                String j = "j" + fresh++;
                out.append(indent).append("for ").append(j).append(" in 0..3 {\n");
                out.append(indent).append("  ").append(w).append("[").append(j).append("] = ").append(w).append("[")
                        .append(j).append("] * 0.5 + tanh(").append(scalar(2)).append(" * ").append(pick(vectors))
                        .append("[").append(j).append("]);\n");
                out.append(indent).append("}\n");
            }
        }
    }

    /** A loop with a fixed trip count whose body updates existing values (they become loop-carried). */
    private void counted(String indent, int nesting) {
        String i = "i" + fresh++;
        out.append(indent).append(i).append(" = 0;\n");
        String dead = hazards && r.nextInt(3) == 0 ? "z" + fresh++ : null;
        if (dead != null) {
            out.append(indent).append(dead).append(" = ").append(scalar(1)).append(";\n"); // never read after
        }
        out.append(indent).append("while (").append(i).append(" < ").append(1 + r.nextInt(4)).append(") {\n");
        update(indent + "  ");
        if (dead != null) {
            hazard(indent + "  ", dead, i);
        }
        if (r.nextBoolean()) {
            statementNoDecl(indent + "  ", nesting + 1);
        }
        out.append(indent).append("  ").append(i).append(" = ").append(i).append(" + 1;\n");
        out.append(indent).append("}\n");
    }

    /**
     * In a loop with counter i: carried value {@code dead}, which no result reads, updated through a square root
     * that is NaN for most arguments (its zero adjoint must not meet the NaN partials), and sometimes a read
     * at i that nobody uses and that may be out of range (all engines must fail alike), alone or in a branch.
     */
    private void hazard(String indent, String dead, String i) {
        out.append(indent).append(dead).append(" = ").append(dead).append(" * 0.5 + sqrt(").append(scalar(2))
                .append(" - 1);\n");
        if (r.nextInt(3) > 0) {
            return;
        }
        String t = "t" + fresh++;
        String w = pick(vectors);
        String read = r.nextBoolean() ? w + "[" + i + " + " + r.nextInt(3) + "]"
                : w + "[" + i + ":" + i + " + " + (1 + r.nextInt(2)) + "]";
        if (r.nextBoolean()) {
            out.append(indent).append(t).append(" = ").append(read).append(";\n");
        } else {
            out.append(indent).append("if (").append(scalar(1)).append(" > 0) { ").append(t).append(" = ")
                    .append(read).append("; }\n");
        }
    }

    /** A loop whose trip count depends on the data, as in the seed's control-flow example. */
    private void dataLoop(String indent) {
        String b = "b" + fresh++;
        out.append(indent).append(b).append(" = 0.5 + ").append(pick(scalars)).append(" * 0.01;\n");
        out.append(indent).append("while (norm(").append(b).append(") < 3) {\n");
        out.append(indent).append("  ").append(b).append(" = ").append(b).append(" * 1.7;\n");
        out.append(indent).append("}\n");
        scalars.add(b);
    }

    private void branch(String indent, int nesting) {
        out.append(indent).append("if (").append(scalar(2)).append(" > 0) {\n");
        update(indent + "  ");
        out.append(indent).append("} else {\n");
        update(indent + "  ");
        out.append(indent).append("}\n");
    }

    private void statementNoDecl(String indent, int nesting) {
        if (r.nextBoolean()) {
            branch(indent, nesting);
        } else {
            counted(indent, nesting);
        }
    }

    private void update(String indent) {
        for (int k = 0; k < bodyLength; k++) {
            updateOne(indent);
        }
    }

    private void updateOne(String indent) {
        if (r.nextBoolean()) {
            String s = pick(scalars);
            out.append(indent).append(s).append(" = ").append(s).append(" * 0.5 + tanh(").append(scalar(2)).append(");\n");
        } else {
            String w = pick(vectors);
            out.append(indent).append(w).append(" = ").append(w).append(" * 0.5 + tanh(").append(vector(2)).append(");\n");
        }
    }

    private String pick(List<String> names) {
        return names.get(r.nextInt(names.size()));
    }

    private String scalar(int depth) {
        if (depth <= 0 || r.nextInt(4) == 0) {
            return r.nextInt(5) == 0 ? String.format("%.2f", r.nextDouble() * 2 - 1).replace(',', '.') : pick(scalars);
        }
        String a = scalar(depth - 1);
        return switch (r.nextInt(subscripts ? 19 : 16)) {
            case 0 -> "(" + a + " + " + scalar(depth - 1) + ")";
            case 1 -> "(" + a + " * " + scalar(depth - 1) + ")";
            case 2 -> "(" + a + " - " + scalar(depth - 1) + ")";
            case 3 -> "sin(" + a + ")";
            case 4 -> "cos(" + a + ")";
            case 5 -> "tanh(" + a + ")";
            case 6 -> "(" + a + " / (2 + " + a + " * " + a + "))";
            case 7 -> "sum(" + vector(depth - 1) + ")";
            case 8 -> "dot(" + vector(depth - 1) + ", " + vector(depth - 1) + ")";
            case 9 -> "mean(" + vector(depth - 1) + ")";
            case 10 -> vector(depth - 1) + "[" + r.nextInt(3) + "]";
            case 11 -> "logsumexp(" + vector(depth - 1) + ")";
            case 12 -> "sigmoid(" + a + ")";
            case 13 -> "exp(0.3 * tanh(" + a + "))";
            case 14 -> "sqrt(1 + " + a + " * " + a + ")";
            case 15 -> "sum(M @ " + vector(depth - 1) + ")";
            default -> subscriptedScalar(depth);
        };
    }

    private String vector(int depth) {
        if (depth <= 0 || r.nextInt(4) == 0) {
            return pick(vectors);
        }
        String a = vector(depth - 1);
        return switch (r.nextInt(subscripts ? 12 : 10)) {
            case 0 -> "(" + a + " + " + vector(depth - 1) + ")";
            case 1 -> "(" + scalar(depth - 1) + " * " + a + ")";
            case 2 -> "(" + a + " * " + vector(depth - 1) + ")";
            case 3 -> "sin(" + a + ")";
            case 4 -> "tanh(" + a + ")";
            case 5 -> "(transpose(M) @ (M @ " + a + "))";
            case 6 -> "softmax(" + a + ", 0)";
            case 7 -> "(" + a + " - " + scalar(depth - 1) + ")";
            case 8 -> "sum(ones(2, 3) * " + a + ", 0)";
            case 9 -> "[" + scalar(depth - 1) + ", " + scalar(depth - 1) + ", 1]";
            case 10 -> "M[" + r.nextInt(2) + ", :]";
            default -> "transpose(M)[:, " + r.nextInt(2) + "]";
        };
    }

    /** A slice, an element of M or a dot product of two windows of length 2. */
    private String subscriptedScalar(int depth) {
        int a = r.nextInt(2);
        return switch (r.nextInt(3)) {
            case 0 -> "sum(" + vector(depth - 1) + "[" + a + ":" + (a + 2) + "])";
            case 1 -> "M[" + a + ", " + r.nextInt(3) + "]";
            default -> "dot(" + pick(vectors) + "[" + a + ":" + (a + 2) + "], " + vector(depth - 1) + "[:2])";
        };
    }
}
