package dev.gradc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.runtime.tape.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tape's Hessian of a scalar function of real arguments, as {@code --hessian} takes it: reverse over forward,
 * one run per basis vector with the arguments carrying that vector as tangents; a backward pass from the output's
 * tangent gives one column. And the comparisons the second-derivative tests make of it.
 */
public final class TapeHessians {

    private TapeHessians() {
    }

    /** The Hessian over all arguments (flattened in order) of {@code fn} at {@code x} (shapes {@code shapes}). */
    public static double[][] of(TapeEngine tape, String fn, List<double[]> x, List<Shape> shapes) {
        int n = x.stream().mapToInt(a -> a.length).sum();
        double[][] h = new double[n][n];
        for (int j = 0; j < n; j++) {
            List<Object> in = new ArrayList<>();
            List<Tensor> leaves = new ArrayList<>();
            int offset = 0;
            for (int k = 0; k < x.size(); k++) {
                double[] unit = new double[x.get(k).length];
                if (j >= offset && j < offset + unit.length) {
                    unit[j - offset] = 1;
                }
                offset += unit.length;
                int[] dims = dims(shapes.get(k));
                Tensor leaf = Tensor.of(x.get(k).clone(), dims).requiresGrad().dual(Tensor.of(unit, dims));
                leaves.add(leaf);
                in.add(leaf);
            }
            Tensor out = (Tensor) tape.call(fn, Map.of(), in);
            Tensor dot = out.tangent();
            if (dot != null && dot.needsGrad()) {
                dot.backward();
            }
            int row = 0;
            for (Tensor leaf : leaves) {
                Tensor g = leaf.grad();
                int size = leaf.size();
                for (int i = 0; i < size; i++) {
                    h[row + i][j] = g == null ? 0 : g.data()[g.size() == 1 ? 0 : i];
                }
                row += size;
            }
        }
        return h;
    }

    /** The arguments with entry {@code j} of their flattening moved by {@code h}. */
    public static List<double[]> moved(List<double[]> x, int j, double h) {
        List<double[]> out = new ArrayList<>();
        int offset = 0;
        for (double[] a : x) {
            double[] b = a.clone();
            if (j >= offset && j < offset + b.length) {
                b[j - offset] += h;
            }
            offset += b.length;
            out.add(b);
        }
        return out;
    }

    /** Every entry within {@code tolerance} × max(1, |expected|), the message naming the entry at fault. */
    public static void close(String what, double[][] expected, double[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                double a = actual[i][j];
                if (!(Math.abs(e - a) <= tolerance * Math.max(1, Math.abs(e)))) {
                    fail(what + " differs at [" + i + "][" + j + "]: expected " + e + ", got " + a);
                }
            }
        }
    }

    private static int[] dims(Shape s) {
        int[] d = new int[s.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Dim.Fixed) s.dim(i)).value();
        }
        return d;
    }
}
