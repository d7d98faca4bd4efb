package dev.gradc.cli;

import dev.gradc.ops.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Full Jacobians from any {@link Engine}: one vector-Jacobian product per output entry (reverse) when the output
 * is no larger than the inputs, else one Jacobian-vector product per input entry (forward). Rows are the
 * output's entries and columns a parameter's entries, both flattened row-major.
 */
final class Jacobians {

    private Jacobians() {
    }

    /** The value and, for each parameter in {@code wrt}, its Jacobian block. */
    static Map.Entry<Object, Map<String, double[][]>> jacobian(Engine engine, Engine.Invocation call,
                                                              List<String> wrt) {
        Object value = engine.value(call);
        NDArray out = (NDArray) value;
        List<NDArray> at = new ArrayList<>();
        for (String p : wrt) {
            at.add((NDArray) call.args()[call.function().paramIndex(p)]);
        }
        long inputs = at.stream().mapToLong(NDArray::size).sum();
        Memory.checkDense("Jacobian", out.size(), inputs, false);
        Map<String, double[][]> blocks = new LinkedHashMap<>();
        for (int k = 0; k < wrt.size(); k++) {
            blocks.put(wrt.get(k), new double[out.size()][at.get(k).size()]);
        }
        boolean reverse = out.size() <= inputs;
        call.trace("jacobian", (reverse ? "reverse mode: " + out.size() + " vector-Jacobian products (one per output entry)"
                : "forward mode: " + inputs + " Jacobian-vector products (one per input entry)") + ", as the output has "
                + out.size() + " entries and the inputs " + inputs);
        if (reverse) {
            for (int i = 0; i < out.size(); i++) {
                NDArray seed = unit(out.shape(), i);
                Engine.Derivative d = engine.vjp(call, wrt, seed);
                for (String p : wrt) {
                    double[] row = ((NDArray) d.byParameter().get(p)).data();
                    System.arraycopy(row, 0, blocks.get(p)[i], 0, row.length);
                }
            }
        } else {
            for (int q = 0; q < wrt.size(); q++) {
                for (int e = 0; e < at.get(q).size(); e++) {
                    double[] column = ((NDArray) engine.jvp(call, wrt, unitTangents(at, q, e)).tangent()).data();
                    double[][] block = blocks.get(wrt.get(q));
                    for (int i = 0; i < column.length; i++) {
                        block[i][e] = column[i];
                    }
                }
            }
        }
        return Map.entry(value, blocks);
    }

    /** Tangents that are zero everywhere except entry {@code e} of parameter {@code q}, which is 1. */
    static List<Object> unitTangents(List<NDArray> at, int q, int e) {
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < at.size(); k++) {
            out.add(k == q ? unit(at.get(k).shape(), e) : NDArray.filled(0.0, at.get(k).shape()));
        }
        return out;
    }

    private static NDArray unit(int[] shape, int i) {
        NDArray a = NDArray.filled(0.0, shape);
        a.data()[i] = 1.0;
        return a;
    }
}
