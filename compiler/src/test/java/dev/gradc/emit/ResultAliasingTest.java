package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated methods never hand back the caller's arrays nor write into them: on random programs whose result
 * may be a parameter itself, a {@code cond} choosing one, or a loop that runs no trip, every returned array is
 * a different object from every argument and from every other returned array, and the arguments keep their
 * values. (Distinct objects are exactly what makes mutating one side never change the other.)
 */
class ResultAliasingTest {

    private static final int PROGRAMS = 60;
    private static final long SEED = 20261203L;
    private static CompiledModule compiled;

    /** A random way to return a vector that may well be an argument: v itself, a cond, a zero-trip loop. */
    private static String aliasingReturn(Random r, List<String> vectors) {
        String a = vectors.get(r.nextInt(vectors.size()));
        String b = vectors.get(r.nextInt(vectors.size()));
        return switch (r.nextInt(5)) {
            case 0 -> "  return " + a + ";\n";
            case 1 -> "  return cond(x > y, " + a + ", " + b + ");\n";
            case 2 -> "  z = " + a + ";\n  while (sum(z) > 1000) {\n    z = z * 0.5;\n  }\n  return z;\n";
            case 3 -> "  if (x > 0) {\n    z = " + a + ";\n  } else {\n    z = " + b + " * 2;\n  }\n  return z;\n";
            default -> "  return " + a + " * y + v;\n";
        };
    }

    private static String program(int i) {
        Random r = new Random(SEED + i);
        String text = RandomPrograms.generateVectorOutput(SEED + i);
        List<String> vectors = new ArrayList<>(List.of("v"));
        Matcher m = Pattern.compile("(?m)^  (w\\d+) = ").matcher(text);
        while (m.find()) {
            vectors.add(m.group(1));
        }
        String body = text.substring(0, text.lastIndexOf("  return "));
        return "@vjp\n@jacobian(v)\n" + body.replaceFirst("fn f\\(", "fn f" + i + "(") + aliasingReturn(r, vectors)
                + "}\n";
    }

    @BeforeAll
    static void compileAll() {
        StringBuilder src = new StringBuilder("module random.Aliasing;\n");
        for (int i = 0; i < PROGRAMS; i++) {
            src.append(program(i));
        }
        compiled = CompiledModule.load(Programs.compile(src.toString()));
    }

    private static void arrays(Object o, List<double[]> out) {
        if (o instanceof double[] a) {
            out.add(a);
        } else if (o instanceof double[][] rows) {
            for (double[] row : rows) {
                out.add(row);
            }
        }
    }

    private static void distinct(String what, Object[] args, Object... results) {
        List<double[]> returned = new ArrayList<>();
        for (Object res : results) {
            arrays(res, returned);
        }
        for (int k = 0; k < returned.size(); k++) {
            for (Object a : args) {
                assertNotSame(a, returned.get(k), what + ": result " + k + " is an argument");
            }
            for (int j = 0; j < k; j++) {
                assertNotSame(returned.get(j), returned.get(k), what + ": results " + j + " and " + k + " are one array");
            }
        }
    }

    private static Object[] arguments(Random r, boolean seed) {
        double[] v = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        double[] m = new double[6];
        for (int k = 0; k < 6; k++) {
            m[k] = r.nextDouble() - 0.5;
        }
        double x = r.nextBoolean() ? 0.3 : -0.3;
        return seed ? new Object[] {x, 0.1, v, m, new double[] {1, 2, 3}} : new Object[] {x, 0.1, v, m};
    }

    private static void unchanged(String what, Object[] before, Object[] after) {
        for (int k = 0; k < before.length; k++) {
            if (before[k] instanceof double[] a) {
                assertArrayEquals(a, (double[]) after[k], what + ": argument " + k + " was written");
            } else {
                assertEquals(before[k], after[k]);
            }
        }
    }

    private static Object[] copy(Object[] args) {
        Object[] c = args.clone();
        for (int k = 0; k < c.length; k++) {
            if (c[k] instanceof double[] a) {
                c[k] = a.clone();
            }
        }
        return c;
    }

    @Test
    void noReturnedArrayIsAnArgumentOrAnotherResultAndNoArgumentIsWritten() {
        for (int i = 0; i < PROGRAMS; i++) {
            String fn = "f" + i;
            Random r = new Random(SEED * 31 + i);
            for (int trial = 0; trial < 2; trial++) {
                Object[] args = arguments(r, false);
                Object[] before = copy(args);
                distinct(fn + " value", args, compiled.value(fn, args));
                CompiledModule.Result j = compiled.jacobian(fn, args);
                distinct(fn + " jacobian", args, j.value(), j.parts().get("v"));
                unchanged(fn, before, args);
                Object[] seeded = arguments(r, true);
                Object[] seededBefore = copy(seeded);
                CompiledModule.Result g = compiled.vjp(fn, seeded);
                distinct(fn + " vjp", seeded, g.value(), g.parts().get("x"), g.parts().get("y"), g.parts().get("v"),
                        g.parts().get("M"));
                unchanged(fn + " vjp", seededBefore, seeded);
            }
        }
    }

    @Test
    void theCasesOfTheReportReturnCopies() {
        CompiledModule m = CompiledModule.load(Programs.compile("module edge.Alias;\n"
                + "@vjp\nfn pick(p: real, x: real[3], y: real[3]) -> real[3] { return cond(p > 0, x, y); }\n"
                + "@vjp\nfn id(x: real[3]) -> real[3] { return x; }\n"
                + "fn halve(x: real[3]) -> real[3] {\n  z = x;\n  while (sum(z) > 100) { z = z * 0.5; }\n  return z;\n}\n"));
        double[] x = {1, 2, 3};
        double[] y = {4, 5, 6};
        double[] seed = {1, 1, 1};
        double[] picked = (double[]) m.value("pick", 1.0, x, y);
        assertNotSame(x, picked);
        picked[0] = 99;
        assertEquals(1.0, x[0]);
        CompiledModule.Result g = m.vjp("id", x, seed);
        assertNotSame(seed, g.parts().get("x"));
        assertNotSame(x, g.value());
        double[] halved = (double[]) m.value("halve", x);
        assertNotSame(x, halved);
        assertArrayEquals(x, halved);
    }
}
