package demo;

/**
 * Not part of the README's project: run by the integration test after the build, it checks the classes the
 * README's set-up generated against independent truth, and fails the test with a thrown error if they differ.
 */
public final class Check {

    private static double f(double x) {
        return x * x * x + 2 * x * x - 5 * x + 1;
    }

    public static void main(String[] args) {
        for (double x : new double[] {-3.0, -0.5, 0.0, 2.0, 7.25}) {
            Poly.F.Grad g = Poly.fGrad(x);
            double exact = 3 * x * x + 4 * x - 5;
            double h = 1e-5;
            double central = (f(x + h) - f(x - h)) / (2 * h);
            expect(f(x), Poly.f(x), 1e-12, "value at " + x);
            expect(f(x), g.value(), 1e-12, "fGrad value at " + x);
            expect(exact, g.x(), 1e-12, "fGrad at " + x);
            expect(central, g.x(), 1e-6, "fGrad against central differences at " + x);
            expect(exact, Poly.fJvp(x, 1.0).tangent(), 1e-12, "fJvp at " + x);
        }
        Main.main(args);
    }

    private static void expect(double want, double got, double tolerance, String what) {
        if (!(Math.abs(want - got) <= tolerance * Math.max(1, Math.abs(want)))) {
            throw new AssertionError(what + ": expected " + want + ", got " + got);
        }
    }
}
