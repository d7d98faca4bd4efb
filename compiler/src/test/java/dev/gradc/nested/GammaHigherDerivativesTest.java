package dev.gradc.nested;

import dev.gradc.lower.ModuleIr;
import dev.gradc.runtime.SpecialFunctions;
import org.junit.jupiter.api.Test;

/**
 * Derivatives of lgamma and digamma of every order (polygamma of the next order each time) in every engine: the
 * fourth to sixth derivatives of lgamma and the third to fifth of digamma, by hessians of hessians and their
 * gradients, against {@link SpecialFunctions#polygamma(int, double)}, central differences, the tape and the
 * compiled class; at negative points too (where polygamma reflects).
 */
class GammaHigherDerivativesTest {

    /**
     * f'' = ψ₁(x) + ψ₂(x/2)/4 per entry, so d2 = Σ of those, its Hessian's diagonal d4 = ψ₃(x) + ψ₄(x/2)/16, and
     * d4's gradient ψ₄(x) + ψ₅(x/2)/32: lgamma's sixth derivative and digamma's fifth.
     */
    private static final String SOURCE = """
            fn f(x: real[3]) -> real { return sum(lgamma(x) + digamma(x * 0.5)); }
            fn d2(x: real[3]) -> real { return sum(hessian(f, x)(x) * [[1, 0, 0], [0, 1, 0], [0, 0, 1]]); }
            fn d4(x: real[3]) -> real { return sum(hessian(d2, x)(x) * [[1, 0, 0], [0, 1, 0], [0, 0, 1]]); }
            """;

    private static final double[][] POINTS = {{0.7, 1.3, 2.5}, {-0.4, 1.9, 3.2}};

    private static double psi(int n, double x) {
        return SpecialFunctions.polygamma(n, x);
    }

    @Test
    void theValuesArePolygammasOfTheNextOrders() {
        ModuleIr m = XEngines.module(SOURCE);
        for (double[] x : POINTS) {
            double want2 = 0;
            double want4 = 0;
            for (double v : x) {
                want2 += psi(1, v) + psi(2, v / 2) / 4;
                want4 += psi(3, v) + psi(4, v / 2) / 16;
            }
            XEngines.close(new double[] {want2}, XEngines.value(m, "d2", x), 1e-12, "second derivatives");
            XEngines.close(new double[] {want4}, XEngines.value(m, "d4", x), 1e-12, "fourth derivatives");
        }
    }

    /** The gradient of d4 (fifth and sixth derivatives) in every engine: polygamma and central differences. */
    @Test
    void theGradientOfTheFourthDerivativeIsTheNextPolygammaInEveryEngine() {
        XEngines.gradientAgreesEverywhere(SOURCE, "d4", 1e-3, POINTS);
        ModuleIr m = XEngines.module(SOURCE);
        for (double[] x : POINTS) {
            double[] want = new double[3];
            for (int i = 0; i < 3; i++) {
                want[i] = psi(4, x[i]) + psi(5, x[i] / 2) / 32;
            }
            XEngines.close(want, XEngines.interpreterGradient(m, "d4", x), 1e-11, "interpreter");
            XEngines.close(want, XEngines.compiledGradient(m, "d4", x), 1e-11, "compiled");
            XEngines.close(want, XEngines.tapeGradient(m, SOURCE, "d4", x), 1e-11, "tape");
        }
    }
}
