package dev.gradc.emit;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.Matmul;
import java.util.List;

/**
 * Matrix products: matrix-matrix in i-k-j order (the inner loop runs along rows of B and of the result),
 * matrix-vector and vector-matrix, and the dot product, reading an operand transposed in place when the op
 * says so. Every entry is summed over k in increasing order, as the interpreter does.
 */
final class MatmulCode {

    private final GraphCode gc;

    MatmulCode(GraphCode gc) {
        this.gc = gc;
    }

    private String dim(Shape s, int axis) {
        return JavaTypes.product(List.of(s.dim(axis)), gc.m.sizeVars).code();
    }

    void emit(Node n, Matmul mm) {
        Shape sa = JavaTypes.shape(gc.g.type(n.input(0)));
        Shape sb = JavaTypes.shape(gc.g.type(n.input(1)));
        String a = gc.value(n.input(0)).code();
        String b = gc.value(n.input(1)).code();
        boolean ta = mm.transposeA() && sa.rank() == 2;
        boolean tb = mm.transposeB() && sb.rank() == 2;
        String name = gc.declareName(n);
        if (sa.rank() == 1 && sb.rank() == 1) {
            String k = gc.m.names.openLoop();
            gc.m.code.addStatement("double $L = 0.0", name);
            gc.m.code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", k, k, a, k);
            gc.m.code.addStatement("$L += $L[$L] * $L[$L]", name, a, k, b, k);
            gc.m.code.endControlFlow();
            gc.m.names.closeLoop(k);
            return;
        }
        // the matrix a as [m, kk] (rows of a vector: 1); the matrix b as [kk, nn] (a vector: one column)
        String aCols = sa.rank() == 2 ? dim(sa, 1) : dim(sa, 0);
        String m = sa.rank() == 2 ? (ta ? dim(sa, 1) : dim(sa, 0)) : "1";
        String kk = sa.rank() == 2 ? (ta ? dim(sa, 0) : dim(sa, 1)) : dim(sa, 0);
        String bCols = sb.rank() == 2 ? dim(sb, 1) : "1";
        String nn = sb.rank() == 2 ? (tb ? dim(sb, 0) : dim(sb, 1)) : "1";
        gc.m.code.addStatement("double[] $L = new double[$L]", name, product(m, nn));
        String i = gc.m.names.openLoop();
        String k = gc.m.names.openLoop();
        String j = gc.m.names.openLoop();
        String aik = ta ? a + "[" + k + " * " + aCols + " + " + i + "]" : a + "[" + at(i, aCols, k) + "]";
        String bkj = tb ? b + "[" + at(j, bCols, k) + "]" : b + "[" + at(k, bCols, j) + "]";
        if (sa.rank() == 1) {
            aik = a + "[" + k + "]";
        }
        if (sb.rank() == 1) {
            bkj = b + "[" + k + "]";
        }
        String out = name + "[" + at(i, nn, j) + "]";
        if (sb.rank() == 1) {
            out = name + "[" + i + "]";
        } else if (sa.rank() == 1) {
            out = name + "[" + j + "]";
        }
        if (sa.rank() == 1) {
            loop(k, kk);
            loop(j, nn);
        } else if (sb.rank() == 1) {
            loop(i, m);
            loop(k, kk);
        } else {
            loop(i, m);
            loop(k, kk);
            String x = gc.m.names.temp();
            gc.m.code.addStatement("double $L = $L", x, aik);
            aik = x;
            loop(j, nn);
        }
        gc.m.code.addStatement("$L += $L * $L", out, aik, bkj);
        int depth = sa.rank() == 1 || sb.rank() == 1 ? 2 : 3;
        for (int d = 0; d < depth; d++) {
            gc.m.code.endControlFlow();
        }
        gc.m.names.closeLoop(j);
        gc.m.names.closeLoop(k);
        gc.m.names.closeLoop(i);
    }

    private void loop(String v, String bound) {
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", v, v, bound, v);
    }

    private static String at(String row, String cols, String col) {
        return cols.equals("1") ? row + " + " + col : row + " * " + ElementCode.paren(cols) + " + " + col;
    }

    private static String product(String a, String b) {
        if (a.equals("1")) {
            return b;
        }
        if (b.equals("1")) {
            return a;
        }
        return ElementCode.paren(a) + " * " + ElementCode.paren(b);
    }
}
