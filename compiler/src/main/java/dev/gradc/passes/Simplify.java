package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Broadcast;
import dev.gradc.ops.Constant;
import dev.gradc.ops.ColumnAddAt;
import dev.gradc.ops.Detach;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Powers;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Rows;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.RowsUpdate;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Transpose;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Update;
import dev.gradc.ops.Where;
import dev.gradc.ops.ZerosLike;
import java.util.List;

/**
 * Algebraic simplification that is exact in IEEE arithmetic: x·1, 1·x (1 also broadcast), x/1, transpose(transpose(x)),
 * transpose(A·B) read only by the transpose as Bᵀ·Aᵀ ({@link #transposedProduct}), transpose(x ⊗ y) so read as
 * y ⊗ x, a product of transpose(M) as a product reading M transposed ({@link #transposedOperands}), the transpose of an
 * elementwise expression of transposes, broadcasts, vectors and scalars as that expression of the untransposed
 * operands ({@link #freeTranspose}), x−0, x+(−0), −(−x), x^1,
 * x+0 and 0+x on ints (a counted loop's counter starts at 0), x^n for a constant n as products (not exact: see {@link Powers}),
 * (−x)+y → y−x, x+(−y) → x−y, x−(−y) → x+y,
 * adding a zeros_like, an adjoint's entries zeroed and added back ({@link #restored}), a where whose mask is a constant, and a read of an entry just written ({@link #readOfWrite}); in derivatives only, a sum along an axis of a
 * matrix product as a product of a sum ({@link ProductSums}: not exact, the sums are taken in another order). Never x·0 → 0 (wrong for ∞ and NaN). x+0 → x differs from IEEE only in giving
 * −0.0 for x = −0.0 and is applied only to adjoint and tangent accumulations, where the sign of a zero
 * derivative carries no meaning.
 */
public final class Simplify {

    private Simplify() {
    }

    public static Graph apply(Graph g) {
        return new Rebuild.Shared(Simplify::apply).apply(g);
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        int[] uses = ProductSums.uses(g);
        int[] liveUses = liveUses(g);
        return Rebuild.map(g, (r, n, in) -> {
            int product = n.op() instanceof ReduceSum ? ProductSums.rewrite(r, n, in.get(0), g, uses) : -1;
            return product >= 0 ? product : simplify(r, g, n, in, shared, uses, liveUses);
        });
    }

    private static int simplify(Rules r, Graph g, Node n, List<Integer> in, Rebuild.Shared shared, int[] uses,
            int[] liveUses) {
        if ((n.op() instanceof RowsAddAt || n.op() instanceof AddAt) && n.role() != Node.Role.FORWARD) {
            int restored = restored(r, n, in);
            if (restored >= 0) {
                return restored;
            }
        }
        if (n.op() instanceof AddAt && n.role() != Node.Role.FORWARD) {
            int swapped = swappedLines(r, n, in, liveUses);
            if (swapped >= 0) {
                return swapped;
            }
        }
        if (n.op() instanceof Binary b && in.size() == 2) {
            int a = in.get(0);
            int c = in.get(1);
            int same = identity(r, n, b, a, c);
            if (same >= 0) {
                boolean spread = b == Binary.MUL && r.node(same == a ? c : a).op() instanceof Broadcast;
                return spread ? named(r, n, same) : same;
            }
            if (b == Binary.POW && r.node(c).op() instanceof Constant k && k.isScalar()
                    && Powers.isSimple(k.scalarValue()) && r.type(a).equals(n.type())) {
                return power(r, n, a, k.scalarValue());
            }
            int negation = negationFree(r, n, b, a, c);
            if (negation >= 0) {
                return negation;
            }
        }
        int written = readOfWrite(r, n, in);
        if (written >= 0) {
            return written;
        }
        if (n.op() == Unary.NEG && r.node(in.get(0)).op() == Unary.NEG) {
            return r.node(in.get(0)).input(0);
        }
        if (n.op() instanceof Transpose && r.node(in.get(0)).op() instanceof Transpose
                && r.type(r.node(in.get(0)).input(0)).equals(n.type())) {
            return named(r, n, r.node(in.get(0)).input(0));
        }
        if (n.op() instanceof Transpose && uses[n.input(0)] == 1) {
            int swapped = transposedProduct(r, n, in.get(0));
            if (swapped >= 0) {
                return swapped;
            }
            if (isMatrix(n.type()) && freeTranspose(r, g, n.input(0), in.get(0), uses, 0)) {
                return transposed(r, g, n.input(0), in.get(0), ((Type.Real) n.type()).shape(), n);
            }
        }
        if (n.op() instanceof Transpose && r.node(in.get(0)).op() instanceof dev.gradc.ops.Outer
                && uses[n.input(0)] == 1) {
            Node o = r.node(in.get(0));
            return Rebuild.copy(r, n, o.op(), List.of(o.input(1), o.input(0)));
        }
        if (n.op() instanceof Matmul mm) {
            int read = transposedOperands(r, n, mm, in);
            if (read >= 0) {
                return read;
            }
        }
        if (n.op() instanceof Detach && ConstantFolding.constantValue(r, in.get(0)) != null) {
            return in.get(0);
        }
        if (n.op() instanceof Where && ConstantFolding.constantValue(r, in.get(0)) instanceof Boolean taken) {
            int chosen = taken ? in.get(1) : in.get(2);
            if (r.type(chosen).equals(n.type())) {
                return chosen;
            }
        }
        if (n.op() == dev.gradc.ops.Logic.OR || n.op() == dev.gradc.ops.Logic.AND) {
            int kept = logic(r, n, in.get(0), in.get(1));
            if (kept >= 0) {
                return kept;
            }
        }
        if (n.op() instanceof Where && r.node(in.get(1)).op() instanceof Where
                && r.node(in.get(1)).input(0) == in.get(0) && r.type(r.node(in.get(1)).input(1)).equals(n.type())) {
            // where(c, where(c, x, y), z) = where(c, x, z): a contribution guarded by the same path twice
            return Rebuild.copy(r, n, n.op(), List.of(in.get(0), r.node(in.get(1)).input(1), in.get(2)));
        }
        return Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
    }

    /**
     * {@code a || b} or {@code a && b} (node n, operands a and b, already simplified) as one of its operands, or -1:
     * with the same operand twice, it; with a constant operand, the other ({@code false || p}, {@code true && p}) or
     * the constant ({@code true || p}, {@code false && p}); with an operand that is the same op over the other ({@code (p || q) || q}), that operand.
     * Exact for bools, whose ops read nothing but their operands; only where the kept node has n's type (a scalar
     * constant does not stand for an array). The reachability flags of a reversal join so: {@code mReached ||
     * (false || UReached)} per reversed trip, {@code UReached && UReached3 || t || t}.
     */
    private static int logic(Rules r, Node n, int a, int b) {
        if (a == b) {
            return a; // p || p: paths joined from one flag
        }
        boolean or = n.op() == dev.gradc.ops.Logic.OR;
        for (int side = 0; side < 2; side++) {
            int c = side == 0 ? a : b;
            int other = side == 0 ? b : a;
            if (ConstantFolding.constantValue(r, c) instanceof Boolean v) {
                int kept = v == or ? c : other; // true || p = true, false || p = p; false && p = false, true && p = p
                if (r.type(kept).equals(n.type())) {
                    return kept;
                }
            }
            Node o = r.node(c);
            if (o.op() == n.op() && (o.input(0) == other || o.input(1) == other) && r.type(c).equals(n.type())) {
                return c; // (p || q) || q = p || q
            }
        }
        return -1;
    }

    /**
     * {@code transpose(op(A)·op(B))} as the product {@code op(B)ᵀ·op(A)ᵀ} of two matrices, reading its operands
     * with the other flags, when the transpose is the product's only reader; or -1. Exact: entry (j, i) is the
     * same sum over k in the same order of the same products ({@code a·b = b·a} in IEEE). The adjoint of C in
     * {@code X @ transpose(C)} has this form (k-means: {@code transpose(Xᵀ·ā)}, now {@code āᵀ·X}), which is then
     * written with no transpose, each of its rows as long as C's.
     */
    private static int transposedProduct(Rules r, Node n, int product) {
        Node p = r.node(product);
        if (!(p.op() instanceof Matmul mm) || !isMatrix(r.type(p.input(0))) || !isMatrix(r.type(p.input(1)))) {
            return -1;
        }
        return Rebuild.copy(r, n, new Matmul(!mm.transposeB(), !mm.transposeA()), List.of(p.input(1), p.input(0)));
    }

    /**
     * A product with an operand {@code transpose(M)} of a matrix as the product reading M with that operand's
     * flag flipped, or -1: {@code transpose(b) @ v} reads b in transposed order ({@code Aᵀv}) instead of a
     * transposed copy of it. Exact: every entry is the same sum over k in the same order of the same products.
     * The transpose stays for any other reader (returned, indexed, written into); when the products were its
     * only readers nothing is left to read it and no copy is made. The adjoints then need no transpose either:
     * the product's own rules read with flags ({@link Matmul#vjp}).
     */
    private static int transposedOperands(Rules r, Node n, Matmul mm, List<Integer> in) {
        boolean ta = mm.transposeA();
        boolean tb = mm.transposeB();
        int a = in.get(0);
        int b = in.get(1);
        boolean changed = false;
        if (isTransposedMatrix(r, a)) {
            a = r.node(a).input(0);
            ta = !ta;
            changed = true;
        }
        if (isTransposedMatrix(r, b)) {
            b = r.node(b).input(0);
            tb = !tb;
            changed = true;
        }
        return changed ? Rebuild.copy(r, n, new Matmul(ta, tb), List.of(a, b)) : -1;
    }

    /** How deep {@link #freeTranspose} looks into an elementwise expression. */
    private static final int ELEMENTWISE_DEPTH = 32;

    /**
     * Whether the transpose of matrix node {@code nw} (node {@code old} of the graph before) costs no copy: it is
     * {@code transpose(M)} (whose transpose is M), a broadcast (a broadcast along the other axes), or an
     * elementwise op — +, −, ·, /, powers, a unary function — read only by the transpose or the expression it is
     * in, whose operands are each a scalar, a vector (broadcast along the rows: along the columns once
     * transposed) or such a matrix. Then {@code transpose(e)} is the same expression of those operands
     * ({@link #transposed}), written with no transposed copy and fused into one loop: a program adds a column
     * vector v to a matrix M as {@code transpose(transpose(M) + v)}, which is M + (v along the columns). Exact:
     * each entry is the same operations on the same values. The old node walks beside the new one for its count
     * of uses; where an earlier rewrite changed the new node's op, nothing is done.
     */
    private static boolean freeTranspose(Rules r, Graph g, int old, int nw, int[] uses, int depth) {
        Node o = g.node(old);
        Node x = r.node(nw);
        if (x.op() instanceof Transpose && isMatrix(r.type(x.input(0)))) {
            return true;
        }
        if (x.op() instanceof Broadcast && isMatrix(x.type())) {
            return true;
        }
        boolean elementwise = x.op() instanceof Binary || x.op() instanceof Unary;
        if (!elementwise || !x.op().equals(o.op()) || x.inputs().size() != o.inputs().size() || uses[old] != 1
                || depth >= ELEMENTWISE_DEPTH || !isMatrix(x.type())) {
            return false;
        }
        for (int i = 0; i < x.inputs().size(); i++) {
            Type t = r.type(x.input(i));
            if (!(t instanceof Type.Real real)) {
                return false;
            }
            if (real.shape().rank() == 2
                    && !freeTranspose(r, g, o.input(i), x.input(i), uses, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The transpose of node {@code nw} (old node {@code old}), of shape {@code target}, when
     * {@link #freeTranspose} holds for it; node n, the transpose, gives the root its span and name.
     */
    private static int transposed(Rules r, Graph g, int old, int nw, dev.gradc.ir.Shape target, Node n) {
        Node x = r.node(nw);
        if (x.op() instanceof Transpose) {
            return x.input(0);
        }
        if (x.op() instanceof Broadcast bc) {
            return r.broadcast(x.input(0), target, bc.axes().stream().map(a -> 1 - a).toList());
        }
        Node o = g.node(old);
        List<Integer> operands = new java.util.ArrayList<>();
        for (int i = 0; i < x.inputs().size(); i++) {
            int in = x.input(i);
            int rank = ((Type.Real) r.type(in)).shape().rank();
            operands.add(rank == 0 ? in : rank == 1 ? r.broadcast(in, target, List.of(0))
                    : transposed(r, g, o.input(i), in, target, null));
        }
        if (n != null) {
            return Rebuild.copy(r, n, x.op(), operands);
        }
        return r.builder().add(x.op(), Type.real(target), operands, x.span(), null);
    }

    /** Whether node id is {@code transpose(M)} of a matrix M. */
    private static boolean isTransposedMatrix(Rules r, int id) {
        Node t = r.node(id);
        return t.op() instanceof Transpose && isMatrix(r.type(t.input(0)));
    }

    private static boolean isMatrix(Type t) {
        return t instanceof Type.Real real && real.shape().rank() == 2;
    }

    /**
     * A read of an array just written at the same indices (the same index nodes), {@code (x[i] = v)[i]}, is v,
     * or -1. The write stays for its own bounds check, which is the read's; a write whose array only such reads
     * use is then dead, so nothing keeps or copies that intermediate array (a trip writing one array twice reads
     * the first write back in its adjoint).
     */
    private static int readOfWrite(Rules r, Node n, List<Integer> in) {
        if (!(n.op() instanceof Index ix) || !(r.node(in.get(0)).op() instanceof Update u) || u.count() != ix.count()) {
            return -1;
        }
        Node w = r.node(in.get(0));
        for (int k = 0; k < ix.count(); k++) {
            if (w.input(2 + k) != in.get(1 + k)) {
                return -1;
            }
        }
        return r.type(w.input(1)).equals(n.type()) ? w.input(1) : -1;
    }

    /** x^p for a constant p as the lowering writes it ({@link Powers}): the exponent became constant by folding. */
    private static int power(Rules r, Node n, int x, double p) {
        dev.gradc.diag.Span saved = r.builder().span();
        r.builder().setSpan(n.span());
        int id = Powers.nodes(r, x, p);
        r.builder().setSpan(saved);
        r.builder().label(id, n.label());
        return id;
    }

    /**
     * A sum or difference with a negated operand as one operation without the negation, or -1:
     * {@code (−x) + y → y − x}, {@code x + (−y) → x − y}, {@code x − (−y) → x + y}. IEEE defines
     * {@code x − y} as {@code x + (−y)} and addition is commutative, so all three are exact, signed zeros
     * and NaN included. The adjoint of a difference is a negation, so reverse mode makes many of these.
     */
    private static int negationFree(Rules r, Node n, Binary b, int a, int c) {
        boolean negA = r.node(a).op() == Unary.NEG;
        boolean negC = r.node(c).op() == Unary.NEG;
        int out = -1;
        if (b == Binary.ADD && negC) {
            out = Rebuild.copy(r, n, Binary.SUB, List.of(a, r.node(c).input(0)));
        } else if (b == Binary.ADD && negA) {
            out = Rebuild.copy(r, n, Binary.SUB, List.of(c, r.node(a).input(0)));
        } else if (b == Binary.SUB && negC) {
            out = Rebuild.copy(r, n, Binary.ADD, List.of(a, r.node(c).input(0)));
        }
        return out >= 0 && r.type(out).equals(n.type()) ? out : -1;
    }

    /** The node {@code same}, which n equals, given n's name when it has none (a seed's 1 spread over xBar's shape, times xBar's value, stays xBar). */
    private static int named(Rules r, Node n, int same) {
        if (n.label() != null && r.node(same).label() == null) {
            r.builder().label(same, n.label());
        }
        return same;
    }

    /**
     * An adjoint whose entries at a place were zeroed and are then added back unchanged, as the adjoint of
     * {@code x[i] = x[i] + e} (or {@code U[i, :] = U[i, :] - m * U[k, :]}) builds them: the write's adjoint
     * zeroes x̄ at i, the read's adds x̄'s old entries back at i. With at most one add between the two that adds
     * each entry once (at i or elsewhere), the result equals x̄ with that one add: {@code (0 + a) + x̄ = x̄ + a}
     * in IEEE arithmetic up to the sign of a zero, which an adjoint gives no meaning. Gives that node, or -1.
     */
    private static int restored(Rules r, Node n, List<Integer> in) {
        boolean rows = n.op() instanceof RowsAddAt;
        Node read = r.node(in.get(1));
        boolean readsPlace = rows ? read.op() instanceof Rows : read.op() instanceof Index ix
                && n.op() instanceof AddAt a && ix.count() == a.count();
        if (!readsPlace || !sameIndices(read.inputs().subList(1, read.inputs().size()), in.subList(2, in.size()))) {
            return -1;
        }
        int base = read.input(0);
        Node mid = null;
        Node zeroed = r.node(in.get(0));
        if (zeroed.op() instanceof AddAt || zeroed.op() instanceof RowsAddAt || zeroed.op() instanceof ColumnAddAt) {
            mid = zeroed;
            zeroed = r.node(zeroed.input(0));
        }
        boolean zeroes = rows ? zeroed.op() instanceof RowsUpdate
                : zeroed.op() instanceof Update u && u.count() == ((AddAt) n.op()).count();
        if (!zeroes || zeroed.input(0) != base || !isZero(r, zeroed.input(1))
                || !r.type(zeroed.input(1)).equals(read.type())
                || !sameIndices(zeroed.inputs().subList(2, zeroed.inputs().size()), in.subList(2, in.size()))
                || !r.type(base).equals(n.type())) {
            return -1;
        }
        if (mid == null) {
            return base;
        }
        List<Integer> midIn = new java.util.ArrayList<>(mid.inputs());
        midIn.set(0, base);
        return Rebuild.copy(r, mid, midIn);
    }

    /**
     * The adjoint of a swap of two lines of an array ({@code row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row}) as a
     * swap of the adjoint's lines, or -1. Reverse mode builds it as the two writes' adjoints, each zeroing x̄ at the
     * line it wrote, then the reads' adjoints adding the saved lines back at the lines they read: with x̄ at k and p
     * zeroed (w, z), {@code z[p] += w[k]} and {@code z[k] += x̄[p]}, four passes over a line and two lines saved.
     * That is x̄ with line k set to x̄[p] and line p to x̄[k], the old line k read before either write, also when
     * k = p (x̄ itself): {@code 0 + a = a} in IEEE arithmetic up to the sign of a zero, which an adjoint gives no
     * meaning. Written as the program writes its swap, so the emitter moves the lines as it moves the program's
     * (one line saved, two copies within the array). Only in derivatives.
     */
    private static int swappedLines(Rules r, Node n, List<Integer> in, int[] liveUses) {
        int count = ((AddAt) n.op()).count();
        List<Integer> at = in.subList(2, in.size());
        Node y = r.node(in.get(0));
        if (!(y.op() instanceof AddAt inner) || inner.count() != count || y.role() == Node.Role.FORWARD) {
            return -1;
        }
        List<Integer> other = y.inputs().subList(2, y.inputs().size());
        Node z = r.node(y.input(0));
        if (!zeroedAt(r, z, count, at) || !zeroedAt(r, r.node(z.input(0)), count, other)) {
            return -1;
        }
        Node w = r.node(z.input(0));
        int x = w.input(0);
        Node savedAt = r.node(y.input(1));
        Node savedOther = r.node(in.get(1));
        if (!lineOf(savedAt, w.id(), count, at) || !lineOf(savedOther, x, count, other)
                || !r.type(x).equals(n.type()) || !r.type(savedAt.id()).equals(r.type(savedOther.id()))) {
            return -1;
        }
        // each statement of the swap names the line of the program's swap it is written as: the saved line
        // (`row = x[at]`, the line of n, the adjoint of that read), line `at` set to line `other` (`x[at] =
        // x[other]`: z zeroes line at for that write, y adds at other for its read, which also reads x̄[other]
        // here when nothing else does) and line `other` set to the saved line (`x[other] = row`: w zeroes it)
        List<Integer> lineIn = new java.util.ArrayList<>(List.of(x));
        lineIn.addAll(at);
        int line = r.builder().add(savedAt.op(), savedAt.type(), lineIn, n.span(), null);
        r.builder().label(line, savedAt.label());
        if (liveUses[n.input(1)] == 1) {
            r.builder().respan(savedOther.id(), y.span());
        }
        List<Integer> firstIn = new java.util.ArrayList<>(List.of(x, savedOther.id()));
        firstIn.addAll(at);
        int first = Rebuild.copy(r, z, z.op(), firstIn);
        List<Integer> secondIn = new java.util.ArrayList<>(List.of(first, line));
        secondIn.addAll(other);
        int second = Rebuild.copy(r, w, w.op(), secondIn); // where the program wrote line `other`
        if (n.label() != null) {
            r.builder().label(second, n.label());
        }
        return second;
    }

    /**
     * How many times each node of g is read by a node the results need (or as a result): reverse mode leaves the
     * contributions it turned into updates in place ({@link Adjoints#add}) unread.
     */
    private static int[] liveUses(Graph g) {
        boolean[] live = new boolean[g.size()];
        int[] uses = new int[g.size()];
        for (int res : g.results()) {
            live[res] = true;
            uses[res]++;
        }
        for (int i = g.size() - 1; i >= 0; i--) {
            if (live[i]) {
                for (int in : g.node(i).inputs()) {
                    live[in] = true;
                    uses[in]++;
                }
            }
        }
        return uses;
    }

    /** Whether u writes zeros into a line at the indices {@code at} ({@code count} of them), in a derivative. */
    private static boolean zeroedAt(Rules r, Node u, int count, List<Integer> at) {
        return u.op() instanceof Update w && w.count() == count && u.role() != Node.Role.FORWARD
                && isZero(r, u.input(1)) && sameIndices(u.inputs().subList(2, u.inputs().size()), at);
    }

    /** Whether v reads array x at the indices {@code at} ({@code count} of them). */
    private static boolean lineOf(Node v, int x, int count, List<Integer> at) {
        return v.op() instanceof Index ix && ix.count() == count && v.input(0) == x
                && sameIndices(v.inputs().subList(1, v.inputs().size()), at);
    }

    private static boolean sameIndices(List<Integer> a, List<Integer> b) {
        return a.equals(b);
    }

    /** Whether node id is zeros: a zeros_like, a fill with 0, or the scalar constant 0. */
    private static boolean isZero(Rules r, int id) {
        Node z = r.node(id);
        return z.op() instanceof ZerosLike || z.op() instanceof Fill f && f.value() == 0.0
                || ConstantFolding.isScalarConstant(r, id, 0.0) || ConstantFolding.isScalarConstant(r, id, -0.0);
    }

    /** Whether node id is the constant 1, or 1 broadcast to a shape (a seed of ones, spread by a sum's adjoint). */
    private static boolean isOne(Rules r, int id) {
        Node n = r.node(id);
        if (n.op() instanceof Broadcast) {
            n = r.node(n.input(0));
        }
        return ConstantFolding.isScalarConstant(r, n.id(), 1.0);
    }

    /** Whether node id is the int constant v (a counter's start, a trip count's step, a size's factor). */
    private static boolean isInt(Rules r, int id, int v) {
        return r.node(id).op() instanceof IntConstant k && k.value() == v;
    }

    /** The operand the node equals, or -1. */
    private static int identity(Rules r, Node n, Binary b, int a, int c) {
        boolean derivative = n.role() != Node.Role.FORWARD;
        // an int 0 added is the identity only in int arithmetic (a real -0.0 + 0 is +0.0)
        boolean ints = n.type() instanceof Type.Int;
        int keep = switch (b) {
            // an int times 0 is 0, overflow included (a real times 0 is NaN for an infinite one)
            case MUL -> isOne(r, c) || isInt(r, c, 1) ? a : isOne(r, a) || isInt(r, a, 1) ? c
                    : ints && isInt(r, c, 0) ? c : ints && isInt(r, a, 0) ? a : -1;
            case DIV, POW -> ConstantFolding.isScalarConstant(r, c, 1.0) ? a : -1;
            case SUB -> ConstantFolding.isScalarConstant(r, c, 0.0) || isInt(r, c, 0) ? a : -1;
            case ADD -> {
                if (ints && isInt(r, c, 0)) {
                    yield a;
                }
                if (ints && isInt(r, a, 0)) {
                    yield c;
                }
                if (ConstantFolding.isScalarConstant(r, c, -0.0)) {
                    yield a;
                }
                if (ConstantFolding.isScalarConstant(r, a, -0.0)) {
                    yield c;
                }
                // zeros_like only ever stands for a missing derivative, made by the passes
                if (r.node(c).op() instanceof ZerosLike || derivative && ConstantFolding.isScalarConstant(r, c, 0.0)) {
                    yield a;
                }
                if (r.node(a).op() instanceof ZerosLike || derivative && ConstantFolding.isScalarConstant(r, a, 0.0)) {
                    yield c;
                }
                yield -1;
            }
            default -> -1;
        };
        return keep >= 0 && r.type(keep).equals(n.type()) ? keep : -1;
    }
}
