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
 * Forward values never read a tangent in what the tangent pass writes, so reading one is holding one. Ints and
 * booleans never hold a tangent. In a derivative taken inside a program with a literal direction ({@code jvp(f,
 * u)(u, 1)}), the tangents read no tangent once the direction is folded in: they are values of the program, named
 * as such.
 */
final class TangentValues extends SweepValues {

    TangentValues() {
    }

    /** Whether node id of graph g holds a tangent. */
    boolean holdsTangent(Graph g, int id) {
        return holds(g, id);
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
            if (holds[in]) {
                return true;
            }
            reads |= !isLiteral(g.node(in));
        }
        return n.role() == Node.Role.TANGENT && n.type() instanceof Type.Real
                && (!reads || n.op() instanceof ZerosLike);
    }
}
