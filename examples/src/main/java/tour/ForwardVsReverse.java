package tour;

import java.io.PrintStream;
import seed.LogSin;

/**
 * Section 6 of the talk, forward vs reverse mode on f(x) = log(x²)·sin x + x⁻¹. Forward mode
 * ({@code fJvp}) carries a tangent v̇ beside every value v from x to f; reverse mode ({@code fGrad}) runs
 * forward, then carries adjoints v̄ from f back to x. Both are generated from {@code log_sin.grad} and both
 * equal the talk's f'(x) = 2/x·sin x + log(x²)·cos x − 1/x².
 */
public final class ForwardVsReverse {

    private ForwardVsReverse() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** The talk's closed form. */
    static double formula(double x) {
        return 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
    }

    /** Prints both modes against the formula at a few points, and the talk's adjoints at x = 2. */
    public static void run(PrintStream out) {
        out.println("== 6. Forward vs reverse mode on f(x) = log(x^2) sin x + 1/x ==");
        out.printf("%6s %22s %22s %22s %10s%n", "x", "forward (fJvp)", "reverse (fGrad)", "formula", "max diff");
        for (double x : new double[] {0.5, 1.0, 2.0, 3.0, -1.5}) {
            double forward = LogSin.fJvp(x, 1.0).tangent();
            double reverse = LogSin.fGrad(x).x();
            double want = formula(x);
            double diff = Math.max(Math.abs(forward - want), Math.abs(reverse - want));
            out.printf("%6.2f %22s %22s %22s %10.1e%n", x, forward, reverse, want, diff);
        }
        double x = 2.0;
        double v1 = x * x;
        double v2 = Math.log(v1);
        double v3 = Math.sin(x);
        out.println("the talk's reverse sweep at x = 2: fBar = v4Bar = v5Bar = 1, v2Bar = v3 = " + fmt(v3)
                + ", v3Bar = v2 = " + fmt(v2) + ", v1Bar = v3/v1 = " + fmt(v3 / v1));
        out.println("  xBar = v1Bar*2x + v3Bar*cos x + v5Bar*(-1/x^2) = " + fmt(v3 / v1 * 2 * x)
                + signed(v2 * Math.cos(x)) + signed(-1 / (x * x)) + " = "
                + fmt(v3 / v1 * 2 * x + v2 * Math.cos(x) - 1 / (x * x)));
        out.println("One input, one output: both modes cost about one extra sweep. Forward mode wins with few inputs,");
        out.println("reverse mode with few outputs (a loss over many weights; see spiral.TrainSpiral).");
        out.println();
    }

    private static String fmt(double v) {
        return String.format("%.6f", v);
    }

    private static String signed(double v) {
        return (v < 0 ? " - " : " + ") + fmt(Math.abs(v));
    }
}
