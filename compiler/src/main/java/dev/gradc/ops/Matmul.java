package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code a @ b}: matrix-matrix, matrix-vector, vector-matrix, or vector-vector (a dot product).
 * {@code transposeA}/{@code transposeB} read a matrix operand transposed, so adjoint rules need no
 * transpose node. Bilinear: Ā = Ȳ·op(B)ᵀ, B̄ = op(A)ᵀ·Ȳ; ẏ = op(Ȧ)·op(B) + op(A)·op(Ḃ).
 */
public record Matmul(boolean transposeA, boolean transposeB) implements Primitive {

    public static final Matmul PLAIN = new Matmul(false, false);

    @Override
    public String mnemonic() {
        return "matmul";
    }

    @Override
    public String attributes() {
        return transposeA || transposeB ? (transposeA ? "Aᵀ" : "A") + (transposeB ? "Bᵀ" : "B") : "";
    }

    private static Shape op(Shape s, boolean t) {
        return t && s.rank() == 2 ? Shape.of(s.dim(1), s.dim(0)) : s;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real ra) || !(inputs.get(1) instanceof Type.Real rb)) {
            throw new OpError("'@' multiplies reals, got " + inputs.get(0) + " and " + inputs.get(1));
        }
        Shape a = op(ra.shape(), transposeA);
        Shape b = op(rb.shape(), transposeB);
        if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2) {
            throw new OpError("'@' needs vectors or matrices, got " + a + " and " + b);
        }
        Dim k1 = a.dim(a.rank() - 1);
        Dim k2 = b.dim(0);
        if (!k1.equals(k2)) {
            throw new OpError("'@' of " + a + " and " + b + ": inner dimensions " + k1 + " and " + k2 + " differ");
        }
        if (a.rank() == 2 && b.rank() == 2) {
            return Type.real(Shape.of(a.dim(0), b.dim(1)));
        }
        if (a.rank() == 2) {
            return Type.real(Shape.of(a.dim(0)));
        }
        if (b.rank() == 2) {
            return Type.real(Shape.of(b.dim(1)));
        }
        return Type.SCALAR;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        NDArray b = (NDArray) inputs[1];
        int[] as = a.rank() == 2 ? a.shape() : new int[] {1, a.shape()[0]};
        int[] bs = b.rank() == 2 ? b.shape() : new int[] {b.shape()[0], 1};
        boolean ta = transposeA && a.rank() == 2;
        boolean tb = transposeB && b.rank() == 2;
        int m = ta ? as[1] : as[0];
        int k = ta ? as[0] : as[1];
        int n = tb ? bs[0] : bs[1];
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a.data()[p * as[1] + i] : a.data()[i * as[1] + p];
                    double y = tb ? b.data()[j * bs[1] + p] : b.data()[p * bs[1] + j];
                    s += x * y;
                }
                out[i * n + j] = s;
            }
        }
        int[] shape;
        if (a.rank() == 2 && b.rank() == 2) {
            shape = new int[] {m, n};
        } else if (a.rank() == 2) {
            shape = new int[] {m};
        } else if (b.rank() == 2) {
            shape = new int[] {n};
        } else {
            shape = new int[0];
        }
        return new NDArray(out, shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int ra = ((Type.Real) g.type(in[0])).shape().rank();
        int rb = ((Type.Real) g.type(in[1])).shape().rank();
        int a = in[0];
        int b = in[1];
        int da = NONE;
        int db = NONE;
        if (ra == 2 && rb == 2) {
            if (need[0]) {
                da = transposeA ? g.matmul(new Matmul(transposeB, true), b, bar)
                        : g.matmul(new Matmul(false, !transposeB), bar, b);
            }
            if (need[1]) {
                db = transposeB ? g.matmul(new Matmul(true, transposeA), bar, a)
                        : g.matmul(new Matmul(!transposeA, false), a, bar);
            }
        } else if (ra == 2) {
            if (need[0]) {
                da = transposeA ? g.outer(b, bar) : g.outer(bar, b);
            }
            if (need[1]) {
                db = g.matmul(new Matmul(!transposeA, false), a, bar);
            }
        } else if (rb == 2) {
            if (need[0]) {
                da = g.matmul(new Matmul(transposeB, false), b, bar);
            }
            if (need[1]) {
                db = transposeB ? g.outer(bar, a) : g.outer(a, bar);
            }
        } else {
            da = need[0] ? g.mul(bar, b) : NONE;
            db = need[1] ? g.mul(bar, a) : NONE;
        }
        return new int[] {da, db};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        int sum = NONE;
        if (t[0] != NONE) {
            sum = g.matmul(this, t[0], in[1]);
        }
        if (t[1] != NONE) {
            int term = g.matmul(this, in[0], t[1]);
            sum = sum == NONE ? term : g.add(sum, term);
        }
        return sum;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.READS_ONLY);
    }
}
