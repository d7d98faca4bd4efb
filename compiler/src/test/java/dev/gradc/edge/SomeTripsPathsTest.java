package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Graph;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A carried value that reaches the result on some trips only ({@code if (i == 0) { s = s + a; }}) has no
 * adjoint on the other trips, in every engine: where its partials are NaN or infinite on a trip without a
 * path ({@code a = a * sqrt(x - 2)} with x &lt; 2), the zero adjoint must not turn them into a NaN gradient, as
 * on the tape, which never reaches those values. Truth: analytic derivatives, the tape, and for the generated
 * family central differences of the value wherever the gradient is finite.
 */
class SomeTripsPathsTest {

    private static final String FIRST_TRIP = """
            fn f(x: real) -> real {
              s = 0;
              a = x;
              i = 0;
              %s
              while (i < 3) {
                if (i == 0) { s = s + a; }
                a = a * sqrt(x - 2);
                i = i + 1;
              }
              return s;
            }
            """;

    @Test
    void aValueReadOnTheFirstTripOnlyHasNoAdjointOnTheLaterOnesInEveryLoopForm() {
        // s = x whatever a becomes later: ds/dx = 1 (a goes NaN at x = 1.5 from the second trip on)
        for (String annotation : List.of("", "@checkpoint(1)", "@checkpoint(2)")) {
            Engines.run(FIRST_TRIP.formatted(annotation), 1.5).forEach((engine, a) -> {
                assertArrayEquals(new double[] {1.5}, a.value(), 0, engine + " " + annotation);
                assertArrayEquals(new double[] {1.0}, a.gradient().get("x"), 0, engine + " " + annotation);
            });
            // every loop form of the gradient pass, the kept one too (store everything, no budget)
            for (GradientPass.Loops loops : GradientPass.Loops.values()) {
                Graph grad = Derivatives.gradient(Programs.compile(FIRST_TRIP.formatted(annotation)).function("f"),
                        List.of("x"), loops);
                double[][] r = Programs.runScalars(grad, 1.5);
                assertArrayEquals(new double[] {1.5}, r[0], 0, loops + " " + annotation);
                assertArrayEquals(new double[] {1.0}, r[1], 0, loops + " " + annotation);
            }
        }
    }

    /**
     * Second derivatives go through the flags too (forward over reverse of the flagged adjoint loop): s = x²y
     * on the first trip, a NaN from the second on; Hessian [[2y, 2x], [2x, 0]], in every loop form.
     */
    @Test
    void theHessianThroughAPathOnTheFirstTripOnly() {
        for (String annotation : List.of("", "@checkpoint(1)")) {
            String text = """
                    @hessian(x, y)
                    fn f(x: real, y: real) -> real {
                      s = 0;
                      a = x * y;
                      i = 0;
                      %s
                      while (i < 3) {
                        if (i == 0) { s = s + a * x; }
                        a = a * sqrt(x - 2);
                        i = i + 1;
                      }
                      return s;
                    }
                    """.formatted(annotation);
            double x = 1.5;
            double y = 0.7;
            CompiledModule.Result h = CompiledModule.load(Programs.compile(text)).hessian("f", x, y);
            double[][] hessian = (double[][]) h.parts().get("hessian");
            assertArrayEquals(new double[] {2 * y, 2 * x}, hessian[0], 1e-12, annotation);
            assertArrayEquals(new double[] {2 * x, 0}, hessian[1], 1e-12, annotation);
            assertEquals(2 * x * y, (double) h.parts().get("x"), 1e-12, annotation);
        }
    }

    @Test
    void aPathOnTheLastTripsOnlyAndInAnInnerLoop() {
        String text = """
                fn f(x: real, y: real) -> real {
                  s = 0;
                  a = y;
                  i = 0;
                  while (i < 4) {
                    j = 0;
                    while (j < 2) {
                      if (i >= 2) { s = s + a * x; }
                      j = j + 1;
                    }
                    a = log(x - i);
                    i = i + 1;
                  }
                  return s;
                }
                """;
        // s reads a = log(x - 1) at i = 2 and log(x - 2) at i = 3, twice each: at x = 1.5 a real NaN path
        Engines.run(text, 1.5, 0.3).forEach((engine, a) ->
                assertTrue(Double.isNaN(a.value()[0]) && Double.isNaN(a.gradient().get("x")[0]), engine));
        // x = 2.5: the last a = log(x - 3) is NaN and read by nothing; s = 2x(log(x - 1) + log(x - 2))
        double x = 2.5;
        double value = 2 * x * (Math.log(x - 1) + Math.log(x - 2));
        double dx = 2 * (Math.log(x - 1) + Math.log(x - 2)) + 2 * x * (1 / (x - 1) + 1 / (x - 2));
        Engines.run(text, x, 0.3).forEach((engine, a) -> {
            assertArrayEquals(new double[] {value}, a.value(), 1e-12, engine);
            assertArrayEquals(new double[] {dx}, a.gradient().get("x"), 1e-12, engine);
            assertArrayEquals(new double[] {0}, a.gradient().get("y"), 0, engine);
        });
    }

    /**
     * The generated family: loops whose branches are taken on some trips only ({@code i == K}, {@code i < K},
     * {@code i > K}), carried values going NaN or infinite on some trips (sqrt, log, division of a difference
     * that crosses zero), in the kept, checkpointed and online forms. The three engines give the same bits
     * (NaN equal to NaN), and where the gradient is finite it is central differences' number.
     */
    @Test
    void generatedLoopsWithPathsOnSomeTripsAgreeInEveryEngine() {
        Random random = new Random(14);
        int finite = 0;
        int fixedByPaths = 0;
        for (int c = 0; c < Integer.getInteger("someTrips.cases", 40); c++) {
            String text = program(random);
            double x = 0.25 + 3 * random.nextDouble();
            double y = -1 + 2 * random.nextDouble();
            Map<String, Engines.Answer> answers = Engines.run(text, x, y);
            Engines.Answer tape = answers.get("tape");
            for (Map.Entry<String, Engines.Answer> e : answers.entrySet()) {
                assertTrue(Engines.same(tape.value(), e.getValue().value()), e.getKey() + " value of\n" + text);
                for (String p : List.of("x", "y")) {
                    double[] want = tape.gradient().get(p);
                    double[] got = e.getValue().gradient().get(p);
                    assertTrue(Engines.same(want, got) || Math.abs(want[0] - got[0]) <= 1e-12 * (1 + Math.abs(want[0])),
                            e.getKey() + " d/d" + p + " " + got[0] + ", tape " + want[0] + ", of\n" + text);
                }
            }
            double[] d = {tape.gradient().get("x")[0], tape.gradient().get("y")[0]};
            if (Double.isFinite(d[0]) && Double.isFinite(d[1]) && Double.isFinite(tape.value()[0])) {
                finite++;
                fixedByPaths += text.contains("if (i") ? 1 : 0;
                assertEquals(difference(text, x, y, 0), d[0], 1e-5 * (1 + Math.abs(d[0])), "d/dx of\n" + text);
                assertEquals(difference(text, x, y, 1), d[1], 1e-5 * (1 + Math.abs(d[1])), "d/dy of\n" + text);
            }
        }
        assertTrue(finite >= 12, "enough cases with a finite gradient: " + finite);
        assertTrue(fixedByPaths >= 8, "enough of them with paths on some trips: " + fixedByPaths);
    }

    /** Central difference of the tape's value in parameter {@code which}. */
    private static double difference(String text, double x, double y, int which) {
        double h = 1e-6;
        double[] plus = which == 0 ? new double[] {x + h, y} : new double[] {x, y + h};
        double[] minus = which == 0 ? new double[] {x - h, y} : new double[] {x, y - h};
        double up = Engines.runOne("tape", text, plus[0], plus[1]).value()[0];
        double down = Engines.runOne("tape", text, minus[0], minus[1]).value()[0];
        return (up - down) / (2 * h);
    }

    /**
     * A random loop of 3–5 trips over carried a, b and a sum s that reads them on some trips only, sometimes with
     * an inner loop.
     */
    static String program(Random r) {
        int trips = 3 + r.nextInt(3);
        List<String> body = new ArrayList<>();
        int statements = 2 + r.nextInt(3);
        for (int k = 0; k < statements; k++) {
            body.add(statement(r, trips));
        }
        body.add("if (" + trip(r, trips) + ") { s = s + " + pick(r, "a", "b", "a * b", "a * x") + "; }");
        if (r.nextInt(3) == 0) { // an inner loop around one of them: its adjoint loop gets the flags as seeds' paths
            int at = r.nextInt(body.size());
            body.set(at, "j = 0; while (j < 2) { " + body.get(at) + " j = j + 1; }");
        }
        String annotation = pick(r, "", "", "@checkpoint(1)", "@checkpoint(2)");
        String condition = r.nextBoolean() ? "i < " + trips : "i < " + trips + " && s < 1e300";
        StringBuilder text = new StringBuilder("fn f(x: real, y: real) -> real {\n  s = y * 0.5;\n  a = x;\n"
                + "  b = y;\n  i = 0;\n  " + annotation + "\n  while (" + condition + ") {\n");
        java.util.Collections.shuffle(body, r);
        for (String s : body) {
            text.append("    ").append(s).append('\n');
        }
        return text.append("    i = i + 1;\n  }\n  return s;\n}\n").toString();
    }

    /** A statement of the loop's body: an update of a or b, NaN or infinite on some trips, maybe in a branch. */
    private static String statement(Random r, int trips) {
        String target = r.nextBoolean() ? "a" : "b";
        String hazard = pick(r, "sqrt(x - i)", "log(x - i * 0.75)", "1 / (x - i)", "sqrt(1 - b * b)",
                "log(a)", "tanh(a + b)", "sin(b) * a");
        String update = target + " = " + pick(r, target + " * " + hazard, hazard, target + " * 0.5 + " + hazard) + ";";
        return r.nextInt(3) == 0 ? "if (" + trip(r, trips) + ") { " + update + " }" : update;
    }

    private static String trip(Random r, int trips) {
        return "i " + pick(r, "==", "<", ">", "!=") + " " + r.nextInt(trips);
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}
