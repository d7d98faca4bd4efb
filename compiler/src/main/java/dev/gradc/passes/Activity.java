package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;

/**
 * Activity analysis: which nodes vary with the differentiated parameters (forward) and which results
 * depend on (backward). Only real nodes that are both get derivatives.
 */
final class Activity {

    private Activity() {
    }

    static boolean isReal(Type t) {
        return t instanceof Type.Real;
    }

    /**
     * Whether values of type t carry derivatives: reals; in forward mode ({@code stacks}) also stacks of
     * reals, whose tangent is the stack of the tangents (so the tangent pass accepts gradient graphs), and stacks
     * of such stacks (what nested ifs keep of their loops), whose tangent is the stack of the tangent stacks.
     */
    static boolean differentiable(Type t, boolean stacks) {
        return t instanceof Type.Real || stacks && t instanceof Type.Stack s && differentiable(s.element(), true);
    }

    /** Nodes whose value depends on a varied parameter through differentiable ops. */
    static boolean[] varied(Graph g, boolean[] paramVaried) {
        return varied(g, paramVaried, false);
    }

    static boolean[] varied(Graph g, boolean[] paramVaried, boolean stacks) {
        boolean[] v = new boolean[g.size()];
        for (int i = 0; i < g.params().size(); i++) {
            v[g.params().get(i)] = paramVaried[i] && differentiable(g.type(g.params().get(i)), stacks);
        }
        for (Node n : g.nodes()) {
            if (n.op() instanceof dev.gradc.ops.Param) {
                continue;
            }
            if (n.op() instanceof Primitive p && p.isNonDifferentiable()) {
                continue;
            }
            boolean any = false;
            for (int in : n.inputs()) {
                any |= v[in];
            }
            if (n.op() instanceof Proj) {
                any = any && differentiable(n.type(), stacks);
            }
            v[n.id()] = any && (differentiable(n.type(), stacks) || n.type() instanceof Type.Tuple);
        }
        return v;
    }

    /** Nodes some result depends on. */
    static boolean[] useful(Graph g) {
        boolean[] u = new boolean[g.size()];
        for (int r : g.results()) {
            u[r] = true;
        }
        for (int i = g.size() - 1; i >= 0; i--) {
            if (u[i]) {
                for (int in : g.node(i).inputs()) {
                    u[in] = true;
                }
            }
        }
        return u;
    }

    /**
     * Which carried values of a loop vary, to a fixpoint: a carried value varies when its initial value does
     * or when one iteration makes it depend on a varied value.
     */
    static boolean[] variedCarried(While w, boolean[] inputVaried) {
        return variedCarried(w, inputVaried, false);
    }

    static boolean[] variedCarried(While w, boolean[] inputVaried, boolean stacks) {
        int k = w.carried();
        boolean[] params = inputVaried.clone();
        boolean changed = true;
        while (changed) {
            changed = false;
            boolean[] v = varied(w.body(), params, stacks);
            for (int j = 0; j < k; j++) {
                if (!params[j] && v[w.body().result(j)]) {
                    params[j] = true;
                    changed = true;
                }
            }
        }
        boolean[] out = new boolean[k];
        for (int j = 0; j < k; j++) {
            out[j] = params[j] && differentiable(w.body().type(w.body().params().get(j)), stacks);
        }
        return out;
    }

    /**
     * Which of the varied carried values {@code cv} of a loop can have a nonzero adjoint ({@link CarriedAdjoints}):
     * those whose final value has one ({@code resultBar}, NONE where none), or that a trip makes such a value
     * depend on; carried stacks always. The others have no path to a differentiated result on any trip, as on
     * the tape, which never reaches them: their adjoint is not carried at all, so that a zero adjoint times an
     * infinite or NaN partial (a value gone NaN that the result never reads) cannot make the adjoints that do
     * have a path NaN.
     */
    static boolean[] withAdjoints(While w, boolean[] cv, int[] resultBar) {
        int k = w.carried();
        boolean[] seeded = new boolean[k];
        for (int j = 0; j < k; j++) {
            seeded[j] = resultBar[j] != Primitive.NONE || !isReal(w.body().type(w.body().params().get(j)));
        }
        boolean[] reach = new CarriedAdjoints().loopInputs(w, seeded);
        boolean[] out = new boolean[k];
        for (int j = 0; j < k; j++) {
            out[j] = cv[j] && (seeded[j] || reach[j]);
        }
        return out;
    }

    /** Which results of a cond vary, given which of its inputs (after the predicate) vary. */
    static boolean[] variedResults(Cond c, boolean[] inputVaried, boolean stacks) {
        boolean[] vt = varied(c.then(), inputVaried, stacks);
        boolean[] ve = varied(c.otherwise(), inputVaried, stacks);
        boolean[] out = new boolean[c.then().results().size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = (vt[c.then().result(r)] || ve[c.otherwise().result(r)])
                    && differentiable(c.then().type(c.then().result(r)), stacks);
        }
        return out;
    }
}
