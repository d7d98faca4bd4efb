package dev.gradc.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import dev.gradc.testing.TapeHessians;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The tape's second derivatives of every {@link Registry} entry, so that an op added later without one fails
 * here by name: each entry called on a spread of its argument shapes, inside {@code sum(sin(...))} so that both
 * its first and second derivatives count, is differentiated twice on the tape (reverse over forward, one
 * Hessian-vector product per basis vector, as {@code --hessian} does) and checked against the compiled engine's
 * {@code fHessian} to 1e-11 and against central differences of the compiled gradient. All entries are one module,
 * compiled once.
 */
class RegistrySecondDerivativesTest {

    private static final int CASES_PER_ENTRY = 3;
    private static final double H = 1e-5;

    private record Sample(Builtin entry, RegistryCases.Case c, String fn) {
    }

    @TestFactory
    Stream<DynamicTest> everyEntryHasASecondDerivativeOnTheTape() {
        List<Sample> samples = new ArrayList<>();
        StringBuilder text = new StringBuilder("module reg.Second;\n");
        for (Builtin entry : Registry.all()) {
            if (entry.kind() == Builtin.Kind.FORM || entry.takesSizes()) {
                continue; // special forms and eye(N) take no real argument: the construct tests cover them
            }
            List<RegistryCases.Case> cases = RegistryCases.of(entry);
            assertFalse(cases.isEmpty(), entry.name());
            for (int i = 0; i < Math.min(CASES_PER_ENTRY, cases.size()); i++) {
                RegistryCases.Case c = cases.get(i * cases.size() / Math.min(CASES_PER_ENTRY, cases.size()));
                String fn = "s" + samples.size();
                samples.add(new Sample(entry, c, fn));
                text.append(function(c, fn));
            }
        }
        SourceFile source = new SourceFile("second.grad", text.toString());
        CompiledModule compiled = CompiledModule.load(Programs.compile(source));
        TapeEngine tape = new TapeEngine(Parser.parse(source, new Diagnostics()), source.baseName(), 1000);
        return samples.stream().map(s -> DynamicTest.dynamicTest(s.entry().name() + ": " + s.c(),
                () -> check(s, compiled, tape)));
    }

    /** {@code @hessian fn NAME(p0: ..., p1: ...) -> real { return sum(sin(CALL)); }}, an update as a statement. */
    private static String function(RegistryCases.Case c, String name) {
        List<String> params = new ArrayList<>();
        for (int k = 0; k < c.shapes().size(); k++) {
            params.add("p" + k + ": " + Type.real(c.shapes().get(k)));
        }
        String body = c.entry().kind() == Builtin.Kind.SUBSCRIPT
                ? "  x = p0;\n  " + c.call() + ";\n  return sum(sin(x));\n"
                : "  return sum(sin(" + c.call() + "));\n";
        return "@hessian\nfn " + name + "(" + String.join(", ", params) + ") -> real {\n" + body + "}\n";
    }

    private static void check(Sample s, CompiledModule compiled, TapeEngine tape) {
        Random random = new Random(s.fn().hashCode() * 31L + s.entry().name().hashCode());
        List<double[]> x = new ArrayList<>();
        for (Shape shape : s.c().shapes()) {
            x.add(RegistryCases.sample(s.entry().domain(), shape, random));
        }
        String where = "registry entry '" + s.entry().name() + "', " + s.c();
        double[][] want = (double[][]) compiled.hessian(s.fn(), javaArgs(s, x)).parts().get("hessian");
        double[][] got;
        try {
            got = TapeHessians.of(tape, s.fn(), x, s.c().shapes());
        } catch (RuntimeException e) {
            fail(where + ": the tape's second derivative failed: " + e, e);
            return;
        }
        TapeHessians.close(where + ": tape Hessian against the compiled engine's", want, got, 1e-11);
        TapeHessians.close(where + ": tape Hessian against central differences of the compiled gradient",
                differences(s, compiled, x), got, 1e-5);
    }

    /** Column j: (∇f(x + h e_j) − ∇f(x − h e_j)) / 2h, the gradient from the compiled fHessian's gradient parts. */
    private static double[][] differences(Sample s, CompiledModule compiled, List<double[]> x) {
        int n = x.stream().mapToInt(a -> a.length).sum();
        double[][] h = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] up = gradient(s, compiled, TapeHessians.moved(x, j, H));
            double[] down = gradient(s, compiled, TapeHessians.moved(x, j, -H));
            for (int i = 0; i < n; i++) {
                h[i][j] = (up[i] - down[i]) / (2 * H);
            }
        }
        return h;
    }

    private static double[] gradient(Sample s, CompiledModule compiled, List<double[]> x) {
        CompiledModule.Result r = compiled.hessian(s.fn(), javaArgs(s, x));
        List<Double> g = new ArrayList<>();
        for (int k = 0; k < x.size(); k++) {
            for (double v : RegistryTest.spread(RegistryTest.flat(r.parts().get("p" + k)), x.get(k).length)) {
                g.add(v);
            }
        }
        return g.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Object[] javaArgs(Sample s, List<double[]> x) {
        Object[] args = new Object[x.size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = s.c().shapes().get(k).isScalar() ? (Object) x.get(k)[0] : x.get(k).clone();
        }
        return args;
    }
}
