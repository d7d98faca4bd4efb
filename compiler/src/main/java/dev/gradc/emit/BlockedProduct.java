package dev.gradc.emit;

import dev.gradc.emit.MatmulCode.Len;

/**
 * The dot form of a matrix product ({@link MatmulCode}), for narrow results (matrix-vector, vector-matrix, and
 * products fewer than {@value ProductForms#WIDE} columns wide): {@value #BLOCK} entries of C at once, each its own
 * dot product over k, so that independent sums hide the latency of floating-point addition.
 */
final class BlockedProduct {

    /** Entries of C computed together. */
    static final int BLOCK = 4;

    private final GraphCode gc;
    /** The operands, read through {@link MatmulCode#aAt} and {@link MatmulCode#bAt}. */
    private final MatmulCode operands;
    /** Whether A is a vector (C a vector indexed by j alone). */
    private final boolean vectorA;

    BlockedProduct(GraphCode gc, MatmulCode operands, boolean vectorA) {
        this.gc = gc;
        this.operands = operands;
        this.vectorA = vectorA;
    }

    /**
     * Entries of C in blocks of {@value #BLOCK} along i (or along j), each an independent sum over k, then the
     * entries left over one at a time. With the blocked length a number, only the loops that run are written: no
     * block loop under {@value #BLOCK} entries, no loop for the rest when they come in whole blocks.
     */
    void write(String name, Len m, Len kk, Len nn, boolean alongI) {
        var c = gc.m.code;
        Len blockLen = alongI ? m : nn;
        Len otherLen = alongI ? nn : m;
        Long fixedLen = fixedValue(blockLen);
        boolean blocks = fixedLen == null || fixedLen >= BLOCK;
        boolean rest = fixedLen == null || fixedLen % BLOCK != 0;
        boolean column = otherLen.one();
        String inner = column ? "0" : gc.m.names.openLoop();
        String k = gc.m.names.openLoop();
        String[] sums = new String[BLOCK];
        sums[0] = gc.m.names.newName("s0");
        for (int r = 1; r < BLOCK && blocks; r++) {
            sums[r] = gc.m.names.newName("s" + r);
        }
        String x = blocks ? gc.m.names.newName(alongI ? "bkj" : "aik") : null;
        String start = gc.m.names.newName(alongI ? "i0" : "j0");
        // the start is declared before the loops when both use it, else by the one loop there is
        String first = blocks && rest ? "" : "int " + start + " = 0";
        if (blocks && rest) {
            c.addStatement("int $L = 0", start);
        }
        if (blocks) {
            c.beginControlFlow("for ($L; $L + $L <= $L; $L += $L)", first, start, BLOCK, blockLen, start, BLOCK);
            openInner(column, inner, otherLen);
            for (String s : sums) {
                c.addStatement("double $L = 0.0", s);
            }
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, kk, k);
            c.addStatement("double $L = $L", x, alongI ? operands.bAt(k, inner) : operands.aAt(inner, k));
            for (int r = 0; r < BLOCK; r++) {
                String idx = r == 0 ? start : start + " + " + r;
                String other = alongI ? operands.aAt(idx.contains(" ") ? "(" + idx + ")" : idx, k)
                        : operands.bAt(k, idx.contains(" ") ? "(" + idx + ")" : idx);
                c.addStatement("$L += $L", sums[r], alongI ? other + " * " + x : x + " * " + other);
            }
            c.endControlFlow();
            for (int r = 0; r < BLOCK; r++) {
                String idx = r == 0 ? start : "(" + start + " + " + r + ")";
                c.addStatement("$L[$L] = $L", name, alongI ? out(idx, inner, nn) : out(inner, idx, nn), sums[r]);
            }
            closeInner(column);
            c.endControlFlow();
        }
        if (rest) {
            c.beginControlFlow("for ($L; $L < $L; $L++)", blocks ? "" : first, start, blockLen, start);
            openInner(column, inner, otherLen);
            String i = alongI ? start : inner;
            String j = alongI ? inner : start;
            c.addStatement("double $L = 0.0", sums[0]);
            c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, kk, k);
            c.addStatement("$L += $L * $L", sums[0], operands.aAt(i, k), operands.bAt(k, j));
            c.endControlFlow();
            c.addStatement("$L[$L] = $L", name, out(i, j, nn), sums[0]);
            closeInner(column);
            c.endControlFlow();
        }
        gc.m.names.closeLoop(k);
        if (!column) {
            gc.m.names.closeLoop(inner);
        }
    }

    /** The length's value when every size in it is a number; null when a size name is part of it. */
    static Long fixedValue(Len len) {
        long v = 1;
        for (dev.gradc.ir.Dim d : len.dims()) {
            if (!(d instanceof dev.gradc.ir.Dim.Fixed f)) {
                return null;
            }
            v *= f.value();
        }
        return v;
    }

    private void openInner(boolean column, String inner, Len len) {
        if (!column) {
            gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", inner, inner, len, inner);
        }
    }

    private void closeInner(boolean column) {
        if (!column) {
            gc.m.code.endControlFlow();
        }
    }

    /** The flat index of C[i, j]. */
    private String out(String i, String j, Len nn) {
        if (nn.one()) {
            return unparen(i);
        }
        if (vectorA) {
            return unparen(j);
        }
        return MatmulCode.at(i, nn, j);
    }

    private static String unparen(String idx) {
        return idx.startsWith("(") && idx.endsWith(")") ? idx.substring(1, idx.length() - 1) : idx;
    }
}
