package tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each section of the tour prints the talk's numbers: checked from the printed text, against independent truth. */
class TourTest {

    static List<String> printed(Consumer<PrintStream> program) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        program.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static String line(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in\n" + lines));
    }

    static double[] numbers(String line) {
        Matcher m = Pattern.compile("-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?").matcher(line);
        return m.results().mapToDouble(r -> Double.parseDouble(r.group())).toArray();
    }

    @Test
    void differentiationPrintsFifteenExactlyAndTheForwardDifference() {
        List<String> out = printed(Differentiation::run);
        assertTrue(line(out, "symbolic").contains("f'(2) = 15.0000   error 0.0e+00"), out.toString());
        assertTrue(line(out, "numerical  (f(2.01)").contains("f'(2) = 15.0801"), out.toString());
        assertTrue(line(out, "AD reverse").contains("f'(2) = 15.0000   error 0.0e+00"), out.toString());
        assertTrue(line(out, "AD forward").contains("f'(2) = 15.0000   error 0.0e+00"), out.toString());
    }

    @Test
    void chainRulePathProductsSumToTheGeneratedGradient() {
        List<String> out = printed(MultiPathChainRule::run);
        for (String input : new String[] {"w", "x", "y", "z"}) {
            double[] n = numbers(line(out, "df/d" + input));
            assertEquals(6, n.length, line(out, "df/d" + input));
            assertEquals(n[0] + n[1] + n[2] + n[3], n[4], 4e-6, "paths of " + input);
            assertEquals(n[4], n[5], 0.0, "sum of paths vs fGrad for " + input);
        }
    }

    @Test
    void chainRulePathProductsMatchTheGeneratedGradientAtRandomPoints() {
        Random random = new Random(3);
        for (int k = 0; k < 100; k++) {
            double[] p = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            seed.ChainRule.F.Grad g = seed.ChainRule.fGrad(p[0], p[1], p[2], p[3]);
            double[] want = {g.w(), g.x(), g.y(), g.z()};
            for (int i = 0; i < 4; i++) {
                double[] c = MultiPathChainRule.pathContributions(p[0], p[1], p[2], p[3], i);
                double sum = c[0] + c[1] + c[2] + c[3];
                assertEquals(want[i], sum, 1e-12 * Math.max(1, Math.abs(want[i])), "input " + i + " at point " + k);
            }
        }
    }

    @Test
    void nonScalarOutputPrintsVjpJacobianAndBothErrors() {
        List<String> out = printed(NonScalarOutput::run);
        assertTrue(line(out, "VJP with v = [1,1,1]").endsWith("[2.0, 4.0, 6.0]"), out.toString());
        assertTrue(out.contains("    [2.0, 0.0, 0.0]") && out.contains("    [0.0, 4.0, 0.0]")
                && out.contains("    [0.0, 0.0, 6.0]"), out.toString());
        assertTrue(line(out, "tape: y.backward() ").contains("the output is not a scalar"), out.toString());
        assertTrue(line(out, "tape: y.backward(ones(3))").endsWith("[2.0, 4.0, 6.0]"), out.toString());
        assertTrue(line(out, "compiler:").contains("error: @grad needs a scalar output"), out.toString());
    }

    @Test
    void detachingPrintsFourAgainstTwelve() {
        List<String> out = printed(Detaching::run);
        assertEquals(List.of(8.0, 4.0, 4.0), boxed(numbers(line(out, "z = x * detach(x * x)"))));
        assertEquals(List.of(8.0, 12.0, 12.0), boxed(numbers(line(out, "z = x * (x * x)"))));
    }

    @Test
    void controlFlowGradientIsValueOverAInBothFormsForRandomA() {
        for (long seed = 0; seed < 10; seed++) {
            long s = seed;
            List<String> out = printed(p -> ControlFlowSideBySide.run(p, s, 20));
            List<String> rows = out.stream().filter(l -> l.endsWith("true") || l.endsWith("false")).toList();
            assertEquals(20, rows.size(), out.toString());
            for (String row : rows) {
                String[] f = row.trim().split("\\s+");
                double a = Double.parseDouble(f[0]);
                double value = Double.parseDouble(f[1]);
                double staticGrad = Double.parseDouble(f[2]);
                double dynamicGrad = Double.parseDouble(f[3]);
                assertEquals(staticGrad, dynamicGrad, 0.0, row);
                assertEquals(value / a, staticGrad, 1e-15 * Math.abs(value / a), row);
                assertEquals("true", f[5], row);
            }
        }
    }

    @Test
    void forwardAndReverseEqualTheTalksFormula() {
        List<String> out = printed(ForwardVsReverse::run);
        List<String> rows = out.stream().filter(l -> l.matches("\\s*-?\\d+\\.\\d\\d\\s.*")).toList();
        assertEquals(5, rows.size(), out.toString());
        for (String row : rows) {
            String[] f = row.trim().split("\\s+");
            double x = Double.parseDouble(f[0]);
            double want = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
            assertEquals(want, Double.parseDouble(f[1]), 1e-12 * Math.max(1, Math.abs(want)), "forward: " + row);
            assertEquals(want, Double.parseDouble(f[2]), 1e-12 * Math.max(1, Math.abs(want)), "reverse: " + row);
        }
        assertTrue(line(out, "  xBar =").endsWith(String.format("= %.6f", ForwardVsReverse.formula(2))),
                out.toString());
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
