package tour;

import java.io.PrintStream;
import seed.Polynomial;

/**
 * Section 1 of the talk: three ways to get f'(2) for f(x) = x³ + 2x² − 5x + 1 — by hand (symbolic), by a
 * forward difference with h = 0.01 (numerical), and by the code gradc generated from
 * {@code polynomial.grad} (automatic, in reverse and in forward mode).
 */
public final class Differentiation {

    private Differentiation() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Prints the three derivatives of the polynomial at x = 2 and how far each is from the exact 15. */
    public static void run(PrintStream out) {
        double x = 2.0;
        double h = 0.01;
        double symbolic = 3 * x * x + 4 * x - 5;                        // f'(x) = 3x² + 4x − 5, derived by hand
        double forwardDifference = (Polynomial.f(x + h) - Polynomial.f(x)) / h;
        double central = (Polynomial.f(x + 1e-5) - Polynomial.f(x - 1e-5)) / 2e-5;
        double reverse = Polynomial.fGrad(x).x();                       // generated adjoint code
        double forward = Polynomial.fJvp(x, 1.0).tangent();             // generated tangent code, seed xDot = 1

        out.println("== 1. Symbolic vs numerical vs automatic differentiation ==");
        out.println("f(x) = x^3 + 2x^2 - 5x + 1,  f(2) = " + Polynomial.f(x));
        out.printf("symbolic   f'(x) = 3x^2 + 4x - 5       f'(2) = %.4f   error %.1e%n", symbolic, symbolic - 15);
        out.printf("numerical  (f(2.01) - f(2)) / 0.01     f'(2) = %.4f   error %.1e%n", forwardDifference,
                forwardDifference - 15);
        out.printf("numerical  central, h = 1e-5           f'(2) = %.4f   error %.1e%n", central, central - 15);
        out.printf("AD reverse Polynomial.fGrad(2).x()     f'(2) = %.4f   error %.1e%n", reverse, reverse - 15);
        out.printf("AD forward Polynomial.fJvp(2, 1)       f'(2) = %.4f   error %.1e%n", forward, forward - 15);
        out.println("The forward difference is off by h(3x + 2) + h^2 = 0.0801: truncation error, as the talk shows.");
        out.println();
    }
}
