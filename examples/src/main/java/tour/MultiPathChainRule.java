package tour;

import java.io.PrintStream;
import seed.ChainRule;

/**
 * Sections 2 and 3 of the talk: the multi-path chain rule. With f = (u + v)², u = (a + b)², v = (a − b)²,
 * a = (w + x + y + z)², b = (w + x − y − z)², each input reaches f along four paths (through a or b, then u
 * or v). The talk's local derivatives give one product per path; their sum is the gradient, which the
 * reverse-mode code generated from {@code chain_rule.grad} computes by adding the adjoints that meet at a,
 * b, u and v.
 */
public final class MultiPathChainRule {

    private static final String[] INPUTS = {"w", "x", "y", "z"};

    private MultiPathChainRule() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** The four path products for one input, in the order a→u, a→v, b→u, b→v. */
    public static double[] pathContributions(double w, double x, double y, double z, int input) {
        double a = sq(w + x + y + z);
        double b = sq(w + x - y - z);
        double u = sq(a + b);
        double v = sq(a - b);
        // the talk's local derivatives
        double dfdu = 2 * (u + v);
        double dfdv = 2 * (u + v);
        double duda = 2 * (a + b);
        double dudb = 2 * (a + b);
        double dvda = 2 * (a - b);
        double dvdb = -2 * (a - b);
        double dadInput = 2 * (w + x + y + z);                             // the same for w, x, y and z
        double dbdInput = 2 * (w + x - y - z) * (input < 2 ? 1 : -1);     // y and z enter b with a minus sign
        return new double[] {
            dfdu * duda * dadInput,     // input → a → u → f
            dfdv * dvda * dadInput,     // input → a → v → f
            dfdu * dudb * dbdInput,     // input → b → u → f
            dfdv * dvdb * dbdInput,     // input → b → v → f
        };
    }

    /** Prints, per input, the four path products, their sum, and the generated gradient. */
    public static void run(PrintStream out) {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        ChainRule.F.Grad g = ChainRule.fGrad(p[0], p[1], p[2], p[3]);
        double[] generated = {g.w(), g.x(), g.y(), g.z()};

        out.println("== 2. The multi-path chain rule: adjoints from all paths add up ==");
        out.printf("at w=%.1f x=%.1f y=%.1f z=%.1f:  f = %.6f%n", p[0], p[1], p[2], p[3], g.value());
        out.printf("%-6s %12s %12s %12s %12s %12s %12s%n", "input", "via a,u", "via a,v", "via b,u", "via b,v",
                "sum of paths", "fGrad");
        for (int i = 0; i < 4; i++) {
            double[] c = pathContributions(p[0], p[1], p[2], p[3], i);
            double sum = c[0] + c[1] + c[2] + c[3];
            out.printf("df/d%-2s %12.6f %12.6f %12.6f %12.6f %12.6f %12.6f%n", INPUTS[i], c[0], c[1], c[2], c[3], sum,
                    generated[i]);
        }
        out.println("Each path is a product of local derivatives; the generated code never enumerates paths: it adds");
        out.println("the adjoints of u and v into aBar and bBar, so the work is one sweep, not one per path.");
        out.println();
    }

    private static double sq(double t) {
        return t * t;
    }
}
