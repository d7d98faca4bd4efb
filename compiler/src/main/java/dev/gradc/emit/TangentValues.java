package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.ZerosLike;

/**
 * Which nodes hold a tangent, so that only those of the tangent sweep are named {@code t7Dot}: a tangent rule also
 * computes forward values (the factor {@code 0.5 / sqrt(s)} of the tangent of a square root, {@code cos(x)} of
 * {@code sin}'s, the row {@code 2 r} of a sum of squares), and a temporary holding such a value is named as a forward
 * one. A node holds a tangent, whatever its role, when it is a real array or scalar, a stack or a stack's pop and
 * <ul>
 *   <li>one of its inputs holds one (a product with a tangent, a sum, a push onto a stack of tangents, a pop from
 *       it), or</li>
 *   <li>it is of role tangent and reads no value but literals, or is the zeros of a tangent ({@code zeros_like}):
 *       a seed, or the tangent of a value that has none;</li>
 *   <li>a parameter of a method holds one when the passes named it as a tangent ({@code xDot}, the direction of a
 *       forward-mode or Hessian-vector method); of a region, when the value it starts from or (in a loop) the
 *       value the body carries on does ({@link SweepValues}).</li>
 * </ul>
 * Forward values never read a tangent in what the tangent pass writes, so reading one is holding one. Which
 * tangents are tangents of adjoints ({@code t7BarDot}) is a second analysis ({@link OfAdjoints}). Ints and
 * booleans never hold a tangent. In a derivative taken inside a program with a literal direction ({@code jvp(f,
 * u)(u, 1)}), the tangents read no tangent once the direction is folded in: they are values of the program, named
 * as such.
 */
final class TangentValues extends SweepValues {

    private final OfAdjoints ofAdjoints;

    TangentValues(AdjointValues adjoints) {
        this.ofAdjoints = new OfAdjoints(adjoints);
    }

    /** Whether node id of graph g holds a tangent. */
    boolean holdsTangent(Graph g, int id) {
        return holds(g, id);
    }

    /** Whether node id of graph g holds the tangent of an adjoint (forward over reverse). */
    boolean holdsTangentOfAdjoint(Graph g, int id) {
        return ofAdjoints.holds(g, id);
    }

    /** Analyses graph g (a method's) for tangents and tangents of adjoints, after the adjoints' answers. */
    void analyse(Graph g) {
        known(g);
        ofAdjoints.known(g);
    }

    /** Records graph g with the given answers for its parameters (as {@link #declare}), both analyses. */
    void declare(Graph g, boolean[] tangents, boolean[] ofAdjoint) {
        declare(g, tangents);
        ofAdjoints.declare(g, ofAdjoint);
    }

    @Override
    boolean seed(Node p) {
        return p.label() != null && p.label().endsWith("Dot") && answers(p);
    }

    @Override
    boolean named(Node p) {
        return false;
    }

    @Override
    boolean answers(Node n) {
        return n.type() instanceof Type.Real || n.type() instanceof Type.Stack || n.type() instanceof Type.Tuple;
    }

    @Override
    boolean holds(Graph g, Node n, boolean[] holds, boolean body) {
        boolean reads = false;
        for (int in : n.inputs()) {
            if (isLiteral(g.node(in))) {
                continue;
            }
            if (holds[in]) {
                return true;
            }
            reads = true;
        }
        return n.role() == Node.Role.TANGENT && n.type() instanceof Type.Real
                && (!reads || n.op() instanceof ZerosLike);
    }

    /**
     * Which tangents are tangents of adjoints (forward over reverse: the tangent pass over a gradient, whose
     * adjoint sweep it copies as such): a tangent reading an adjoint, or the tangent of one; a parameter the passes
     * named {@code hBarDot}; the zeros a loop's carried one starts from. The tangent of a forward value reads no
     * adjoint (the forward sweep never does), so reading one is being of one.
     */
    private final class OfAdjoints extends SweepValues {

        private final AdjointValues adjoints;

        OfAdjoints(AdjointValues adjoints) {
            this.adjoints = adjoints;
        }

        @Override
        boolean seed(Node p) {
            return named(p);
        }

        @Override
        boolean named(Node p) {
            return p.label() != null && p.label().endsWith("BarDot") && answers(p);
        }

        @Override
        boolean answers(Node n) {
            return TangentValues.this.answers(n);
        }

        @Override
        boolean marksStarts() {
            return true;
        }

        @Override
        boolean holds(Graph g, Node n, boolean[] holds, boolean body) {
            if (!holdsTangent(g, n.id())) {
                return false;
            }
            for (int in : n.inputs()) {
                Node i = g.node(in);
                if (!isLiteral(i) && (holds[in] || i.role() == Node.Role.ADJOINT && adjoints.holdsAdjoint(g, in))) {
                    return true;
                }
            }
            return false;
        }
    }
}
