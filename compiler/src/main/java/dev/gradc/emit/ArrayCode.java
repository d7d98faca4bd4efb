package dev.gradc.emit;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Index;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Pack;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Scatter;
import dev.gradc.ops.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * Loops for the ops that are not elementwise: reductions, matrix products, transposes, indexing, scatters,
 * array literals. Each sums in the same order as the interpreter, so results agree bit for bit.
 */
final class ArrayCode {

    private final GraphCode gc;

    ArrayCode(GraphCode gc) {
        this.gc = gc;
    }

    /** Writes the code of node n and binds its variable; false if n is not one of these ops. */
    boolean emit(Node n) {
        Object op = n.op();
        if (op instanceof ReduceSum s) {
            reduce(n, s.axes(), false);
        } else if (op instanceof ReduceMax x) {
            reduce(n, x.axes(), true);
        } else if (op instanceof Matmul mm) {
            new MatmulCode(gc).emit(n, mm);
        } else if (op instanceof Transpose) {
            transpose(n);
        } else if (op instanceof Scatter s) {
            scatter(n, s);
        } else if (op instanceof Pack p) {
            pack(n, p);
        } else if (op instanceof Constant c) {
            constant(n, c);
        } else if (op instanceof Index ix) {
            index(n, ix);
        } else {
            return false;
        }
        return true;
    }

    private Expr size(Shape s) {
        return JavaTypes.size(s, gc.m.sizeVars);
    }

    private Shape shapeOf(int id) {
        return JavaTypes.shape(gc.g.type(id));
    }

    private void reduce(Node n, List<Integer> axes, boolean max) {
        Shape in = shapeOf(n.input(0));
        Shape out = JavaTypes.shape(n.type());
        String name = gc.declareName(n);
        String init = max ? "Double.NEGATIVE_INFINITY" : "0.0";
        if (out.isScalar()) {
            gc.m.code.addStatement("double $L = $L", name, JavaText.code(init));
        } else {
            gc.m.code.addStatement("double[] $L = new double[$L]", name, size(out).code());
            if (max) {
                gc.m.code.addStatement("$T.fill($L, $T.NEGATIVE_INFINITY)", java.util.Arrays.class, name, Double.class);
            }
        }
        java.util.function.Consumer<String> step = i -> {
            Expr x = gc.elements.elem(n.input(0), i);
            String target = out.isScalar() ? name : name + "[" + keptIndex(in, axes, i) + "]";
            if (max) {
                gc.m.code.addStatement("$L = $T.max($L, $L)", target, Math.class, target, JavaText.code(x));
            } else {
                gc.m.code.addStatement("$L += $L", target, JavaText.code(x));
            }
        };
        if (in.rank() == 2 && axes.size() == 1) {
            gc.elements.gridLoop(in, step);
            return;
        }
        String i = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, size(in).code(), i);
        step.accept(i);
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(i);
    }

    /** The output index of input index {@code idx} when the listed axes are summed away. */
    private String keptIndex(Shape in, List<Integer> axes, String idx) {
        int r = in.rank();
        List<Integer> kept = new ArrayList<>();
        for (int a = 0; a < r; a++) {
            if (!axes.contains(a)) {
                kept.add(a);
            }
        }
        StringBuilder sum = new StringBuilder();
        for (int j = 0; j < kept.size(); j++) {
            int a = kept.get(j);
            Expr inStride = JavaTypes.product(in.dims().subList(a + 1, r), gc.m.sizeVars);
            List<Dim> outRest = new ArrayList<>();
            for (int j2 = j + 1; j2 < kept.size(); j2++) {
                outRest.add(in.dim(kept.get(j2)));
            }
            Expr outStride = JavaTypes.product(outRest, gc.m.sizeVars);
            String term = inStride.code().equals("1") ? idx : gc.elements.div(idx, inStride.at(Expr.UNARY));
            if (a > 0) {
                term = gc.elements.mod(term, JavaTypes.product(List.of(in.dim(a)), gc.m.sizeVars).at(Expr.UNARY));
            }
            if (!outStride.code().equals("1")) {
                term = ElementCode.paren(term) + " * " + outStride.at(Expr.UNARY);
            }
            sum.append(sum.length() == 0 ? "" : " + ").append(term);
        }
        return sum.toString();
    }

    private void transpose(Node n) {
        Shape s = shapeOf(n.input(0));
        String x = gc.value(n.input(0)).code();
        String rows = JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code();
        String cols = JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code();
        String name = gc.declareName(n);
        gc.m.code.addStatement("double[] $L = new double[$L.length]", name, x);
        String i = gc.m.names.openLoop();
        String j = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, rows, i);
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, cols, j);
        gc.m.code.addStatement("$L[$L * $L + $L] = $L[$L * $L + $L]", name, j, rows, i, x, i, cols, j);
        gc.m.code.endControlFlow();
        gc.m.code.endControlFlow();
        gc.m.names.closeLoop(j);
        gc.m.names.closeLoop(i);
    }

    /** The flat offset of {@code x[i, j…]}, every index checked against its dimension, and the slice length. */
    private String[] offset(Node n, Shape s, int count) {
        String offset = "";
        for (int k = 0; k < count; k++) {
            String idx = gc.value(n.input(k + 1)).code();
            String dim = JavaTypes.product(List.of(s.dim(k)), gc.m.sizeVars).code();
            String checked = "Objects.checkIndex(" + idx + ", " + dim + ")";
            Expr stride = JavaTypes.product(s.dims().subList(k + 1, s.rank()), gc.m.sizeVars);
            String term = stride.code().equals("1") ? checked : checked + " * " + stride.at(Expr.UNARY);
            offset = offset.isEmpty() ? term : offset + " + " + term;
        }
        Expr slice = JavaTypes.product(s.dims().subList(count, s.rank()), gc.m.sizeVars);
        return new String[] {offset.isEmpty() ? "0" : offset, slice.code()};
    }

    private void index(Node n, Index ix) {
        Shape s = shapeOf(n.input(0));
        String x = gc.value(n.input(0)).code();
        String[] os = offset(n, s, ix.count());
        String name = gc.declareName(n);
        if (ix.count() == s.rank()) {
            gc.m.code.addStatement("double $L = $L[$L]", name, x, JavaText.code(os[0]));
        } else {
            String off = gc.m.names.temp();
            gc.m.code.addStatement("int $L = $L", off, JavaText.code(os[0]));
            gc.m.code.addStatement("double[] $L = $T.copyOfRange($L, $L, $L + $L)", name, java.util.Arrays.class, x,
                    off, off, os[1]);
        }
    }

    private void scatter(Node n, Scatter sc) {
        Shape s = sc.target();
        String[] os = offset(n, s, sc.count());
        String v = gc.value(n.input(0)).code();
        String name = gc.declareName(n);
        gc.m.code.addStatement("double[] $L = new double[$L]", name, size(s).code());
        if (sc.count() == s.rank()) {
            gc.m.code.addStatement("$L[$L] = $L", name, JavaText.code(os[0]), v);
        } else {
            gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L)", System.class, v, name, JavaText.code(os[0]), os[1]);
        }
    }

    private void pack(Node n, Pack p) {
        String name = gc.declareName(n);
        Shape element = shapeOf(n.input(0));
        if (element.isScalar()) {
            List<String> items = new ArrayList<>();
            for (int in : n.inputs()) {
                items.add(gc.value(in).code());
            }
            gc.m.code.addStatement("double[] $L = {$L}", name, JavaText.code(String.join(", ", items)));
            return;
        }
        String len = size(element).code();
        gc.m.code.addStatement("double[] $L = new double[$L * $L]", name, p.count(), ElementCode.paren(len));
        for (int k = 0; k < p.count(); k++) {
            String off = k == 0 ? "0" : k + " * " + ElementCode.paren(len);
            gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L)", System.class, gc.value(n.input(k)).code(), name,
                    off, len);
        }
    }

    private void constant(Node n, Constant c) {
        String name = gc.declareName(n);
        List<String> items = new ArrayList<>();
        for (double d : c.value().data()) {
            items.add(JavaTypes.literal(d).code());
        }
        gc.m.code.addStatement("double[] $L = {$L}", name, JavaText.code(String.join(", ", items)));
    }
}
