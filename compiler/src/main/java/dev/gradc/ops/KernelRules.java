package dev.gradc.ops;

import dev.gradc.ir.Shape;

/**
 * The derivatives of {@link Factorisation}'s derivative kernels, so that a program can be differentiated
 * twice (or more) through {@code cholesky} and {@code det}: forward over reverse (Hessians, {@code hvp}),
 * reverse over reverse and reverse over forward. Each rule is written with ops that have rules of their own
 * (triangular solves, products, {@link Triangle}), so derivatives of any order follow. With Φ(X) the lower
 * triangle of X with its diagonal halved, sym(X) = (X + Xᵀ)/2 and L lower triangular:
 *
 * <pre>
 *   Z = CHOLESKY_ADJOINT(L, L̄) = sym(L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹)
 *       dZ = CHOLESKY_ADJOINT(L, dL̄) + sym(L⁻ᵀ·Φ(dLᵀ·L̄)·L⁻¹ − 2·L⁻ᵀ·dLᵀ·Z)
 *       with G = sym(Z̄):  adjoint of L̄ = CHOLESKY_TANGENT(L, Z̄),
 *                          adjoint of L = tril(L̄·Φ(L⁻¹·G·L⁻ᵀ)ᵀ − 2·Z·G·L⁻ᵀ)
 *   T = CHOLESKY_TANGENT(L, dA) = L·Φ(Q), Q = L⁻¹·sym(dA)·L⁻ᵀ = F + Fᵀ with F = Φ(Q) = L⁻¹·T
 *       δT = CHOLESKY_TANGENT(L, δA) + δL·F − L·Φ(W + Wᵀ), W = L⁻¹·δL·Q
 *       adjoint of dA = CHOLESKY_ADJOINT(L, T̄),  adjoint of L = tril(T̄·Fᵀ − L⁻ᵀ·(R + Rᵀ)·Q), R = Φ(Lᵀ·T̄)
 *   Z = ADJUGATE_T(A) = det(A)·A⁻ᵀ
 *       dZ = A⁻ᵀ·(⟨Z, dA⟩·I − dAᵀ·Z)
 *       Ā = tr(W)·Z − Z·Wᵀ with W = A⁻¹·Z̄
 * </pre>
 * Only L's lower triangle is read (as the kernels read it), so its tangent is masked by {@code tril} and its
 * adjoint is lower triangular. The adjugate's rules solve with A: at an exactly singular A (where the first
 * derivative of {@code det} is still defined) a second derivative stops with the singular-matrix error.
 */
final class KernelRules {

    private final Rules g;

    private KernelRules(Rules g) {
        this.g = g;
    }

    static int[] vjp(Factorisation op, Rules g, int[] in, int out, int bar, boolean[] need) {
        KernelRules r = new KernelRules(g);
        return switch (op) {
            case CHOLESKY_ADJOINT -> r.choleskyAdjointVjp(in[0], in[1], out, bar, need);
            case CHOLESKY_TANGENT -> r.choleskyTangentVjp(in[0], out, bar, need);
            case ADJUGATE_T -> new int[] {r.adjugateVjp(in[0], out, bar)};
            default -> throw new IllegalArgumentException(op.mnemonic() + " is not a derivative kernel");
        };
    }

    static int jvp(Factorisation op, Rules g, int[] in, int out, int[] t) {
        KernelRules r = new KernelRules(g);
        return switch (op) {
            case CHOLESKY_ADJOINT -> r.choleskyAdjointJvp(in[0], in[1], out, t);
            case CHOLESKY_TANGENT -> r.choleskyTangentJvp(in[0], out, t);
            case ADJUGATE_T -> t[0] == Primitive.NONE ? Primitive.NONE : r.adjugateJvp(in[0], out, t[0]);
            default -> throw new IllegalArgumentException(op.mnemonic() + " is not a derivative kernel");
        };
    }

    private int choleskyAdjointJvp(int l, int lBar, int z, int[] t) {
        int r = t[1] == Primitive.NONE ? Primitive.NONE : g.apply(Factorisation.CHOLESKY_ADJOINT, l, t[1]);
        if (t[0] == Primitive.NONE) {
            return r;
        }
        int dlT = g.transpose(tril(t[0]));
        int first = sandwich(l, phi(mm(dlT, lBar)));
        int second = g.mul(g.constant(2), g.apply(Factorisation.TRISOLVE_T, l, mm(dlT, z)));
        int term = sym(g.sub(first, second));
        return r == Primitive.NONE ? term : g.add(r, term);
    }

    private int[] choleskyAdjointVjp(int l, int lBar, int z, int zBar, boolean[] need) {
        int f = g.apply(Factorisation.CHOLESKY_TANGENT, l, zBar);
        int lAdj = Primitive.NONE;
        if (need[0]) {
            int phiH = g.apply(Factorisation.TRISOLVE, l, f);
            int zgl = g.transpose(g.apply(Factorisation.TRISOLVE, l, mm(sym(zBar), z))); // Z·G·L⁻ᵀ
            lAdj = tril(g.sub(mm(lBar, g.transpose(phiH)), g.mul(g.constant(2), zgl)));
        }
        return new int[] {lAdj, need[1] ? f : Primitive.NONE};
    }

    private int choleskyTangentJvp(int l, int tOut, int[] t) {
        int r = t[1] == Primitive.NONE ? Primitive.NONE : g.apply(Factorisation.CHOLESKY_TANGENT, l, t[1]);
        if (t[0] == Primitive.NONE) {
            return r;
        }
        int dl = tril(t[0]);
        int f = g.apply(Factorisation.TRISOLVE, l, tOut);
        int q = g.add(f, g.transpose(f));
        int w = g.apply(Factorisation.TRISOLVE, l, mm(dl, q));
        int term = g.sub(mm(dl, f), mm(l, phi(g.add(w, g.transpose(w)))));
        return r == Primitive.NONE ? term : g.add(r, term);
    }

    private int[] choleskyTangentVjp(int l, int tOut, int tBar, boolean[] need) {
        int lAdj = Primitive.NONE;
        if (need[0]) {
            int f = g.apply(Factorisation.TRISOLVE, l, tOut);
            int q = g.add(f, g.transpose(f));
            int rr = phi(mm(g.transpose(l), tBar));
            int back = g.apply(Factorisation.TRISOLVE_T, l, mm(g.add(rr, g.transpose(rr)), q));
            lAdj = tril(g.sub(mm(tBar, g.transpose(f)), back));
        }
        return new int[] {lAdj, need[1] ? g.apply(Factorisation.CHOLESKY_ADJOINT, l, tBar) : Primitive.NONE};
    }

    private int adjugateJvp(int a, int z, int da) {
        Shape s = g.shape(a);
        int eye = g.apply(Diag.square(), g.apply(new Fill(1, Shape.of(s.dim(0)))));
        int c = g.sumAll(g.mul(z, da));
        return g.apply(Factorisation.SOLVE, g.transpose(a), g.sub(g.mul(c, eye), mm(g.transpose(da), z)));
    }

    private int adjugateVjp(int a, int z, int zBar) {
        int w = g.apply(Factorisation.SOLVE, a, zBar);
        int trace = g.sumAll(g.apply(new Diagonal(), w));
        return g.sub(g.mul(trace, z), mm(z, g.transpose(w)));
    }

    /** L⁻ᵀ·X·L⁻¹, by two upper solves with L's transpose (never formed). */
    private int sandwich(int l, int x) {
        return g.transpose(g.apply(Factorisation.TRISOLVE_T, l, g.transpose(g.apply(Factorisation.TRISOLVE_T, l, x))));
    }

    /** Φ(X): the lower triangle with the diagonal halved. */
    private int phi(int x) {
        int half = g.mul(g.constant(0.5), g.apply(Diag.square(), g.apply(new Diagonal(), x)));
        return g.sub(tril(x), half);
    }

    private int sym(int x) {
        return g.mul(g.constant(0.5), g.add(x, g.transpose(x)));
    }

    private int tril(int x) {
        return g.apply(new Triangle(true), x);
    }

    private int mm(int x, int y) {
        return g.matmul(Matmul.PLAIN, x, y);
    }
}
