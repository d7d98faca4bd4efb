package dev.gradc.engine;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledModule#requesting}: a derivative asked of a function that already requests one of the same kind,
 * with the same, other or implicit parameters, replaces it; the generated source compiles (javac runs) and the
 * method computes the derivative with respect to the parameters asked, for every kind. Truth: the closed form of
 * f(x, a, b) = Σx²·a + a·b².
 */
class CompiledModuleRequestingTest {

    private static final String BODY = "fn f(x: real[2], a: real, b: real) -> real { return sum(x * x) * a + a * b * b; }\n";

    /** The parameters as flat coordinates (x0, x1, a, b), and where each parameter's entries start. */
    private static final double[] X = {0.7, -1.3};
    private static final double A = 1.9;
    private static final double B = -0.6;

    private static final List<String> ALL = List.of("x", "a", "b");

    /** The annotations a function may carry: none (implicit @grad over every real parameter), implicit, explicit. */
    private static List<String> annotations(Request.Kind kind) {
        String k = "@" + kind.annotation();
        return List.of("", k + "\n", k + "(x)\n", k + "(b, a)\n");
    }

    /** The wrt lists asked by {@code requesting}: one parameter, reordered, all (equal to the implicit list). */
    private static final List<List<String>> ASKED = List.of(List.of("a"), List.of("b", "x"), ALL);

    @Test
    void aRequestReplacesTheFunctionsOwnOfItsKindAndTheSourceCompiles() {
        for (Request.Kind kind : Request.Kind.values()) {
            // one module per kind, one function per annotation and list asked: javac runs once per kind
            StringBuilder src = new StringBuilder();
            List<String> annotations = annotations(kind);
            for (int i = 0; i < annotations.size(); i++) {
                for (int j = 0; j < ASKED.size(); j++) {
                    src.append(annotations.get(i)).append(BODY.replace("fn f(", "fn " + name(i, j) + "("));
                }
            }
            ModuleIr m = Programs.compile(src.toString());
            for (int i = 0; i < annotations.size(); i++) {
                for (int j = 0; j < ASKED.size(); j++) {
                    m = CompiledModule.requesting(m, name(i, j), new Request(kind, ASKED.get(j)));
                    List<Request> requests = m.function(name(i, j)).requests();
                    assertEquals(1, requests.stream().filter(r -> r.kind() == kind).count(), kind + " " + i);
                }
            }
            CompiledModule c = CompiledModule.load(m); // javac compiles the generated source
            for (int i = 0; i < annotations.size(); i++) {
                for (int j = 0; j < ASKED.size(); j++) {
                    check(c, name(i, j), kind, ASKED.get(j),
                            kind + " asked " + ASKED.get(j) + " of '" + annotations.get(i).strip() + "'");
                }
            }
        }
    }

    private static String name(int annotation, int asked) {
        return "f" + annotation + "_" + asked;
    }

    private static void check(CompiledModule c, String f, Request.Kind kind, List<String> wrt, String what) {
        double[] dir = {0.3, -0.8, 0.5, 1.1}; // a direction over (x0, x1, a, b)
        switch (kind) {
            case GRAD -> gradient(c.grad(f, args()), wrt, 1, what);
            case VJP -> gradient(c.vjp(f, args(0.5)), wrt, 0.5, what);
            case JVP -> assertEquals(dot(gradient(), restrict(dir, wrt)), (double) c.jvp(f, args(tangents(dir, wrt)))
                    .parts().get("tangent"), 1e-12, what);
            case JACOBIAN -> {
                CompiledModule.Result r = c.jacobian(f, args());
                for (String p : wrt) {
                    double[] row = ((double[][]) r.parts().get(p))[0];
                    assertArray(part(gradient(), p), row, what + " " + p);
                }
            }
            case HESSIAN -> {
                double[][] h = (double[][]) c.hessian(f, args()).parts().get("hessian");
                List<Integer> at = coordinates(wrt);
                for (int i = 0; i < at.size(); i++) {
                    for (int j = 0; j < at.size(); j++) {
                        assertEquals(hessian()[at.get(i)][at.get(j)], h[i][j], 1e-12, what + " " + i + "," + j);
                    }
                }
            }
            case HVP -> {
                CompiledModule.Result r = c.hvp(f, args(tangents(dir, wrt)));
                double[] hv = new double[4];
                for (int i : coordinates(wrt)) {
                    for (int j : coordinates(wrt)) {
                        hv[i] += hessian()[i][j] * dir[j];
                    }
                }
                for (String p : wrt) {
                    assertArray(part(hv, p), flat(r.parts().get(p + "Hvp")), what + " " + p);
                }
                gradient(r, wrt, 1, what);
            }
        }
    }

    private static void gradient(CompiledModule.Result r, List<String> wrt, double seed, String what) {
        assertEquals(BODY_VALUE, (double) r.value(), 1e-12, what); // the value, never scaled by the seed
        List<String> names = new ArrayList<>(r.parts().keySet());
        names.removeIf(n -> n.endsWith("Hvp"));
        assertEquals(wrt, names, what);
        for (String p : wrt) {
            double[] want = part(gradient(), p);
            for (int i = 0; i < want.length; i++) {
                want[i] *= seed;
            }
            assertArray(want, flat(r.parts().get(p)), what + " " + p);
        }
    }

    private static final double BODY_VALUE = (X[0] * X[0] + X[1] * X[1]) * A + A * B * B;

    /** ∇f over (x0, x1, a, b). */
    private static double[] gradient() {
        return new double[] {2 * X[0] * A, 2 * X[1] * A, X[0] * X[0] + X[1] * X[1] + B * B, 2 * A * B};
    }

    /** ∇²f over (x0, x1, a, b). */
    private static double[][] hessian() {
        return new double[][] {
            {2 * A, 0, 2 * X[0], 0},
            {0, 2 * A, 2 * X[1], 0},
            {2 * X[0], 2 * X[1], 0, 2 * B},
            {0, 0, 2 * B, 2 * A}};
    }

    private static List<Integer> coordinates(List<String> wrt) {
        List<Integer> out = new ArrayList<>();
        for (String p : wrt) {
            switch (p) {
                case "x" -> out.addAll(List.of(0, 1));
                case "a" -> out.add(2);
                default -> out.add(3);
            }
        }
        return out;
    }

    private static double[] part(double[] v, String p) {
        return switch (p) {
            case "x" -> new double[] {v[0], v[1]};
            case "a" -> new double[] {v[2]};
            default -> new double[] {v[3]};
        };
    }

    /** The direction with zeros outside wrt. */
    private static double[] restrict(double[] dir, List<String> wrt) {
        double[] out = new double[4];
        for (int i : coordinates(wrt)) {
            out[i] = dir[i];
        }
        return out;
    }

    /** One tangent argument per parameter of wrt, in wrt's order (the generated method's order). */
    private static Object[] tangents(double[] dir, List<String> wrt) {
        List<Object> out = new ArrayList<>();
        for (String p : wrt) {
            double[] v = part(dir, p);
            out.add(p.equals("x") ? v : (Object) v[0]);
        }
        return out.toArray();
    }

    private static Object[] args(Object... extra) {
        List<Object> out = new ArrayList<>(List.of(X.clone(), A, B));
        out.addAll(List.of(extra));
        return out.toArray();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] flat(Object v) {
        return v instanceof double[] d ? d : new double[] {(double) v};
    }

    private static void assertArray(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12, what + "[" + i + "]");
        }
    }

    @Test
    void twoAnnotationsOfOneKindAreAPositionedError() {
        assertErrors("@grad(x)\n@grad(a)\n" + BODY,
                "2:1: @grad is given twice for 'f'; name every parameter in one annotation, @grad(x, y)");
        assertErrors("@jvp(x)\n@hvp\n@jvp(x)\n" + BODY,
                "3:1: @jvp is given twice for 'f'; name every parameter in one annotation, @jvp(x, y)");
    }
}
