package dev.gradc.bench.handwritten;

/**
 * The Runge–Kutta 4 program of {@code bench/Rk4.grad}: y' = f(x, y) with {@code f[0] = x[0]},
 * {@code f[i] = x[i] y[i-1]}, from y(0) = 0 in {@code steps} steps of h = tf/steps; the value is the last
 * component of y(tf), the gradient is with respect to x.
 *
 * <p>The forward pass keeps the state at the start of every step (steps × n doubles, owned by the
 * instance). The reverse pass recomputes one step's stage inputs from its kept state (four O(n) loops,
 * cheaper than keeping them) and runs the step's adjoint: with ā the adjoint of the step's result,
 * k̄₁ = h/6 ā, k̄₂ = k̄₃ = h/3 ā, k̄₄ = h/6 ā; each stage k = f(x, u) sends x̄ᵢ += k̄ᵢ u[i-1] (x̄₀ += k̄₀)
 * and ū[i-1] = k̄ᵢ x[i] to its input u = y + c·h·k_prev, which passes ū to ā and c·h·ū to the previous
 * stage's k̄. An instance is for one thread at a time; it allocates nothing per call but the result.
 */
public final class Rk4ByHand {

    /** State size. */
    public static final int N = 64;
    /** Steps. */
    public static final int STEPS = 1000;
    /** End time. */
    public static final double TF = 2.0;

    /** The value and the adjoint of {@code x}. */
    public record Grad(double value, double[] x) {
    }

    private final int n;
    private final int steps;
    private final double[] states;
    private final double[] k1;
    private final double[] k2;
    private final double[] k3;
    private final double[] u2;
    private final double[] u3;
    private final double[] u4;
    private final double[] abar;
    private final double[] kbar;

    /** Scratch for n components and up to {@code steps} steps. */
    public Rk4ByHand(int n, int steps) {
        this.n = n;
        this.steps = steps;
        states = new double[(steps + 1) * n];
        k1 = new double[n];
        k2 = new double[n];
        k3 = new double[n];
        u2 = new double[n];
        u3 = new double[n];
        u4 = new double[n];
        abar = new double[n];
        kbar = new double[n];
    }

    /** The benchmark's size. */
    public Rk4ByHand() {
        this(N, STEPS);
    }

    /** y_{N-1}(tf). */
    public double last(double[] x, int trips, double tf) {
        check(x, trips);
        double[] y = states;
        java.util.Arrays.fill(y, 0, n, 0.0);
        double h = tf / trips;
        for (int s = 0; s < trips; s++) {
            step(x, h, y, 0, y, 0);
        }
        return y[n - 1];
    }

    /** The value and d y_{N-1}(tf) / dx. */
    public Grad lastGrad(double[] x, int trips, double tf) {
        check(x, trips);
        double[] y = states;
        java.util.Arrays.fill(y, 0, n, 0.0);
        double h = tf / trips;
        for (int s = 0; s < trips; s++) {
            step(x, h, y, s * n, y, (s + 1) * n);
        }
        double value = y[trips * n + n - 1];
        double[] xbar = new double[n];
        java.util.Arrays.fill(abar, 0.0);
        abar[n - 1] = 1;
        for (int s = trips - 1; s >= 0; s--) {
            stepAdjoint(x, h, s * n, xbar);
        }
        return new Grad(value, xbar);
    }

    /** One step from {@code from[fo..]} into {@code to[to..]} (they may be the same), keeping the stages. */
    private void step(double[] x, double h, double[] from, int fo, double[] to, int oo) {
        double half = 0.5 * h;
        k1[0] = x[0];
        for (int i = 1; i < n; i++) {
            k1[i] = x[i] * from[fo + i - 1];
        }
        for (int i = 0; i < n; i++) {
            u2[i] = from[fo + i] + half * k1[i];
        }
        rhs(x, u2, k2);
        for (int i = 0; i < n; i++) {
            u3[i] = from[fo + i] + half * k2[i];
        }
        rhs(x, u3, k3);
        for (int i = 0; i < n; i++) {
            u4[i] = from[fo + i] + h * k3[i];
        }
        double sixth = h / 6;
        // k4 = f(x, u4) fused into the update; the update reads from[fo + i - 1] before it is overwritten
        double k4 = x[0];
        to[oo] = from[fo] + sixth * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4);
        for (int i = 1; i < n; i++) {
            double yi = from[fo + i];
            k4 = x[i] * u4[i - 1];
            to[oo + i] = yi + sixth * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4);
        }
    }

    private void rhs(double[] x, double[] u, double[] k) {
        k[0] = x[0];
        for (int i = 1; i < n; i++) {
            k[i] = x[i] * u[i - 1];
        }
    }

    /** The adjoint of the step that starts at {@code states[fo..]}: {@code abar} in, {@code abar} out. */
    private void stepAdjoint(double[] x, double h, int fo, double[] xbar) {
        double[] y = states;
        double half = 0.5 * h;
        // the stage inputs u2, u3, u4 of this step, recomputed from its kept state
        rhs(x, y, fo, k1);
        for (int i = 0; i < n; i++) {
            u2[i] = y[fo + i] + half * k1[i];
        }
        rhs(x, u2, k2);
        for (int i = 0; i < n; i++) {
            u3[i] = y[fo + i] + half * k2[i];
        }
        rhs(x, u3, k3);
        for (int i = 0; i < n; i++) {
            u4[i] = y[fo + i] + h * k3[i];
        }
        double[] a = abar;
        double[] kb = kbar;
        double sixth = h / 6;
        double third = h / 3;
        // stage 4: k̄4 = h/6 ā; ū4 goes to ā and to k̄3 (times h)
        xbar[0] += sixth * a[0];
        for (int i = 1; i < n; i++) {
            xbar[i] += sixth * a[i] * u4[i - 1];
        }
        // k̄3 = h/3 ā + h ū4, ū4[i-1] = k̄4[i] x[i]; the ā's own contribution from ū4 is added after use
        double[] u4bar = u4;
        for (int i = 0; i < n - 1; i++) {
            u4bar[i] = sixth * a[i + 1] * x[i + 1];
        }
        u4bar[n - 1] = 0;
        for (int i = 0; i < n; i++) {
            kb[i] = third * a[i] + h * u4bar[i];
        }
        // stage 3: x̄ from k̄3 and u3; ū3 = shifted k̄3 x; then k̄2 = h/3 ā + h/2 ū3
        stageAdjoint(x, kb, u3, xbar);
        double[] u3bar = u3;
        shiftedTimesX(x, kb, u3bar);
        for (int i = 0; i < n; i++) {
            kb[i] = third * a[i] + half * u3bar[i];
        }
        // stage 2
        stageAdjoint(x, kb, u2, xbar);
        double[] u2bar = u2;
        shiftedTimesX(x, kb, u2bar);
        for (int i = 0; i < n; i++) {
            kb[i] = sixth * a[i] + half * u2bar[i];
        }
        // stage 1: u1 = y itself
        xbar[0] += kb[0];
        for (int i = 1; i < n; i++) {
            xbar[i] += kb[i] * y[fo + i - 1];
        }
        // ā of the step's start: ā (through y directly) + ū4 + ū3 + ū2 + ū1
        for (int i = 0; i < n - 1; i++) {
            a[i] += u4bar[i] + u3bar[i] + u2bar[i] + kb[i + 1] * x[i + 1];
        }
        a[n - 1] += u4bar[n - 1] + u3bar[n - 1] + u2bar[n - 1];
    }

    private void rhs(double[] x, double[] y, int fo, double[] k) {
        k[0] = x[0];
        for (int i = 1; i < n; i++) {
            k[i] = x[i] * y[fo + i - 1];
        }
    }

    /** x̄ of a stage k = f(x, u) with adjoint k̄. */
    private void stageAdjoint(double[] x, double[] kb, double[] u, double[] xbar) {
        xbar[0] += kb[0];
        for (int i = 1; i < n; i++) {
            xbar[i] += kb[i] * u[i - 1];
        }
    }

    /** ū[i] = k̄[i+1] x[i+1], ū[n-1] = 0: the adjoint of a stage's input. */
    private void shiftedTimesX(double[] x, double[] kb, double[] ubar) {
        for (int i = 0; i < n - 1; i++) {
            ubar[i] = kb[i + 1] * x[i + 1];
        }
        ubar[n - 1] = 0;
    }

    private void check(double[] x, int trips) {
        if (x.length != n || trips < 0 || trips > steps) {
            throw new IllegalArgumentException("x has " + x.length + " entries, " + trips + " steps; this instance: "
                    + n + " entries, up to " + steps + " steps");
        }
    }
}
