package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.linalg.Cholesky;
import dev.gradc.runtime.linalg.Lu;
import dev.gradc.runtime.linalg.LuRules;
import dev.gradc.runtime.linalg.Triangular;
import java.util.List;

/**
 * The matrix functions computed by the runtime's kernels ({@code dev.gradc.runtime.linalg}), one constant
 * each, with their type rules and their derivative rules written as graphs of other ops (Giles 2008; Murray
 * 2016 for the Cholesky factor, whose adjoint and tangent are kernels of their own):
 *
 * <pre>
 *   L = cholesky(A)       dL = CHOLESKY_TANGENT(L, dA)          Ā = CHOLESKY_ADJOINT(L, L̄)
 *   X = trisolve(L, B)    dX = trisolve(L, dB − tril(dL)·X)      B̄ = trisolve_t(L, X̄), L̄ = −tril(B̄·Xᵀ)
 *   X = trisolve_t(L, B)  dX = trisolve_t(L, dB − tril(dL)ᵀ·X)   B̄ = trisolve(L, X̄),   L̄ = −tril(X·B̄ᵀ)
 *   C = solve(A, B)       dC = solve(A, dB − dA·C)               B̄ = solve(Aᵀ, C̄),     Ā = −B̄·Cᵀ
 *   Y = inv(A)            dY = −Y·dA·Y                           Ā = −Yᵀ·Ȳ·Yᵀ
 *   d = det(A)            dd = Σ ADJUGATE_T(A)·dA                Ā = d̄·ADJUGATE_T(A)
 *   ℓ = logdet(A)         dℓ = Σ inv(A)ᵀ·dA                      Ā = ℓ̄·inv(A)ᵀ
 * </pre>
 * The internal kernels (tangent, adjoint, adjugate) have rules of their own ({@link KernelRules}), so a
 * program differentiates to any order through every factorisation.
 */
public enum Factorisation implements Primitive {
    CHOLESKY("cholesky", 1),
    TRISOLVE("trisolve", 2),
    TRISOLVE_T("trisolve_t", 2),
    SOLVE("solve", 2),
    INV("inv", 1),
    DET("det", 1),
    LOGDET("logdet", 1),
    CHOLESKY_TANGENT("cholesky_tangent", 2),
    CHOLESKY_ADJOINT("cholesky_adjoint", 2),
    ADJUGATE_T("adjugate_t", 1);

    private final String mnemonic;
    private final int arity;

    Factorisation(String mnemonic, int arity) {
        this.mnemonic = mnemonic;
        this.arity = arity;
    }

    @Override
    public String mnemonic() {
        return mnemonic;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (inputs.size() != arity) {
            throw new OpError(mnemonic + " takes " + arity + " arguments, got " + inputs.size());
        }
        Shape a = square(inputs.get(0));
        return switch (this) {
            case DET, LOGDET -> Type.real(Shape.SCALAR);
            case TRISOLVE, TRISOLVE_T, SOLVE -> {
                Shape b = inputs.get(1) instanceof Type.Real r ? r.shape() : null;
                if (b == null || b.rank() < 1 || b.rank() > 2 || !b.dim(0).equals(a.dim(0))) {
                    throw new OpError(name(this) + " of a " + a + " matrix needs a right-hand side of shape ["
                            + a.dim(0) + "] or [" + a.dim(0) + ",M], got " + inputs.get(1));
                }
                yield Type.real(b);
            }
            case CHOLESKY_TANGENT, CHOLESKY_ADJOINT -> {
                square(inputs.get(1));
                yield Type.real(a);
            }
            default -> Type.real(a);
        };
    }

    private static String name(Factorisation f) {
        return f == TRISOLVE_T ? "trisolve" : f.mnemonic;
    }

    private Shape square(Type t) {
        if (!(t instanceof Type.Real r) || r.shape().rank() != 2 || !r.shape().dim(0).equals(r.shape().dim(1))) {
            throw new OpError(name(this) + " expects a square matrix, got " + t);
        }
        return r.shape();
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        int n = a.shape()[0];
        double[] x = a.data();
        double[] y = inputs.length > 1 ? ((NDArray) inputs[1]).data() : null;
        int[] square = {n, n};
        return switch (this) {
            case CHOLESKY -> new NDArray(Cholesky.factor(x, n), square);
            case TRISOLVE -> new NDArray(Triangular.solveLower(x, n, y), ((NDArray) inputs[1]).shape());
            case TRISOLVE_T -> new NDArray(Triangular.solveLowerTransposed(x, n, y), ((NDArray) inputs[1]).shape());
            case SOLVE -> new NDArray(Lu.factor(x, n).solve(y, "solve"), ((NDArray) inputs[1]).shape());
            case INV -> new NDArray(Lu.factor(x, n).solve(identity(n), "inv"), square);
            case DET -> NDArray.scalar(Lu.factor(x, n).det());
            case LOGDET -> NDArray.scalar(Lu.factor(x, n).logAbsDet());
            case CHOLESKY_TANGENT -> new NDArray(Cholesky.jvp(x, y, n), square);
            case CHOLESKY_ADJOINT -> new NDArray(Cholesky.vjp(x, y, n), square);
            case ADJUGATE_T -> new NDArray(Lu.factor(x, n).adjugateTransposed("det"), square);
        };
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return switch (this) {
            case CHOLESKY -> new int[] {g.apply(CHOLESKY_ADJOINT, out, bar)};
            case TRISOLVE, TRISOLVE_T -> {
                int bBar = g.apply(this == TRISOLVE ? TRISOLVE_T : TRISOLVE, in[0], bar);
                int lBar = NONE;
                if (need[0]) {
                    int p = this == TRISOLVE ? times(g, bBar, out) : times(g, out, bBar);
                    lBar = g.neg(g.apply(new Triangle(true), p));
                }
                yield new int[] {lBar, bBar};
            }
            case SOLVE -> {
                int bBar = g.apply(SOLVE, g.transpose(in[0]), bar);
                yield new int[] {need[0] ? g.neg(times(g, bBar, out)) : NONE, bBar};
            }
            case INV -> {
                int yt = g.transpose(out);
                yield new int[] {g.neg(g.matmul(Matmul.PLAIN, g.matmul(Matmul.PLAIN, yt, bar), yt))};
            }
            case DET -> new int[] {g.mul(bar, g.apply(ADJUGATE_T, in[0]))};
            case LOGDET -> new int[] {g.mul(bar, g.transpose(g.apply(INV, in[0])))};
            case CHOLESKY_TANGENT, CHOLESKY_ADJOINT, ADJUGATE_T -> KernelRules.vjp(this, g, in, out, bar, need);
        };
    }

    /** P·Qᵀ for P, Q of the same shape: an outer product of vectors, a product with the transpose of matrices. */
    private static int times(Rules g, int p, int q) {
        Shape s = ((Type.Real) g.type(p)).shape();
        return s.rank() == 1 ? g.outer(p, q) : g.matmul(Matmul.PLAIN, p, g.transpose(q));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return switch (this) {
            case CHOLESKY -> t[0] == NONE ? NONE : g.apply(CHOLESKY_TANGENT, out, t[0]);
            case TRISOLVE, TRISOLVE_T -> {
                int r = t[1];
                if (t[0] != NONE) {
                    int dl = g.apply(new Triangle(true), t[0]);
                    int p = g.matmul(Matmul.PLAIN, this == TRISOLVE ? dl : g.transpose(dl), out);
                    r = r == NONE ? g.neg(p) : g.sub(r, p);
                }
                yield r == NONE ? NONE : g.apply(this, in[0], r);
            }
            case SOLVE -> {
                int r = t[1];
                if (t[0] != NONE) {
                    int p = g.matmul(Matmul.PLAIN, t[0], out);
                    r = r == NONE ? g.neg(p) : g.sub(r, p);
                }
                yield r == NONE ? NONE : g.apply(SOLVE, in[0], r);
            }
            case INV -> t[0] == NONE ? NONE
                    : g.neg(g.matmul(Matmul.PLAIN, g.matmul(Matmul.PLAIN, out, t[0]), out));
            case DET -> t[0] == NONE ? NONE : g.sumAll(g.mul(g.apply(ADJUGATE_T, in[0]), t[0]));
            case LOGDET -> t[0] == NONE ? NONE : g.sumAll(g.mul(g.transpose(g.apply(INV, in[0])), t[0]));
            case CHOLESKY_TANGENT, CHOLESKY_ADJOINT, ADJUGATE_T -> KernelRules.jvp(this, g, in, out, t);
        };
    }
}
