package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compiled values and derivatives equal the interpreter's (on the same graphs) within 1e-12 relative. */
class CompiledModuleTest {

    static Stream<Arguments> functions() throws Exception {
        List<ModuleIr> modules = new ArrayList<>();
        for (String file : Fixtures.seedFiles()) {
            modules.add(Fixtures.seed(file));
        }
        modules.add(Fixtures.extra());
        Path bench = Programs.examples().resolve("../../../../benchmarks/src/main/grad/bench").normalize();
        if (Files.isDirectory(bench)) {
            try (Stream<Path> s = Files.list(bench)) {
                for (Path p : s.sorted().toList()) {
                    if (!SIZES_THE_FIXTURE_CANNOT_BIND.contains(p.getFileName().toString())) {
                        modules.add(Programs.compile(SourceFile.read(p)));
                    }
                }
            }
        }
        List<Arguments> out = new ArrayList<>();
        for (ModuleIr m : modules) {
            ModuleIr all = m;
            for (FunctionIr f : m.functions()) {
                if (!f.realParams().isEmpty()) {
                    all = CompiledModule.requesting(all, f.name(), new Request(Request.Kind.JVP, f.realParams()),
                            new Request(Request.Kind.JACOBIAN, f.realParams()));
                    if (((Type.Real) f.output()).isScalar() && entries(f) <= MAX_HESSIAN_ENTRIES) {
                        all = CompiledModule.requesting(all, f.name(), new Request(Request.Kind.HESSIAN, f.realParams()));
                    }
                }
            }
            CompiledModule compiled = CompiledModule.load(all);
            for (FunctionIr f : all.functions()) {
                out.add(Arguments.of(m.className() + "." + f.name(), compiled, f));
            }
        }
        return out.stream();
    }

    /**
     * Benchmark programs whose size names are related by more than their types say, so that the fixture's
     * sizes (2, then 3 for each further name) fail their bounds checks in every engine: the LSTM's gate rows G
     * must be 4·H·L, the GMM's rows KD of ls must be K·D. They run in all engines at valid sizes in the
     * examples' ArrayProgramsTest and LinearAlgebraProgramsTest and against hand-written code in the
     * benchmarks' tests.
     */
    private static final java.util.Set<String> SIZES_THE_FIXTURE_CANNOT_BIND = java.util.Set.of("Lstm.grad", "Gmm.grad");

    /** Hessians are tested on functions with at most this many real parameter entries (one HVP per entry). */
    private static final int MAX_HESSIAN_ENTRIES = 60;

    private static int entries(FunctionIr f) {
        int n = 0;
        for (String p : f.realParams()) {
            n += size(f.params().get(f.paramIndex(p)).type(), Fixtures.sizes(f));
        }
        return n;
    }

    private static int size(Type t, Map<String, Integer> sizes) {
        int n = 1;
        for (int d : ((Type.Real) t).shape().resolve(sizes)) {
            n *= d;
        }
        return n;
    }

    private static Object[] interpret(FunctionIr f, Graph g, Object[] args) {
        return new Interpreter(new EvalContext(Fixtures.sizes(f)), Interpreter.DEFAULT_MAX_ITERATIONS).run(g, args);
    }

    private static List<Type> paramTypes(FunctionIr f) {
        return f.params().stream().map(FunctionIr.ParamInfo::type).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void valueEqualsInterpreter(String name, CompiledModule compiled, FunctionIr f) {
        for (long seed = 1; seed <= 5; seed++) {
            Object[] args = Fixtures.javaArgs(f, seed);
            Object want = interpret(f, f.graph(), Fixtures.interpreterArgs(f, args, paramTypes(f)))[0];
            Fixtures.assertClose(want, compiled.value(f.name(), args), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void derivativesEqualInterpreter(String name, CompiledModule compiled, FunctionIr f) {
        for (Request r : f.requests()) {
            for (long seed = 1; seed <= 3; seed++) {
                check(name + " @" + r.kind().annotation(), compiled, f, r, seed);
            }
        }
    }

    private void check(String what, CompiledModule compiled, FunctionIr f, Request r, long seed) {
        Object[] args = Fixtures.javaArgs(f, seed);
        Map<String, Integer> sizes = Fixtures.sizes(f);
        Random random = new Random(seed + 100);
        List<Type> types = new ArrayList<>(paramTypes(f));
        List<Object> extra = new ArrayList<>();
        Graph g;
        switch (r.kind()) {
            case GRAD -> g = Derivatives.gradient(f, r.wrt());
            case VJP -> {
                g = Derivatives.vjp(f, r.wrt());
                types.add(f.output());
                extra.add(Fixtures.random(f.output(), sizes, random));
            }
            case JVP -> {
                g = Derivatives.jvp(f, r.wrt());
                for (String p : r.wrt()) {
                    Type t = f.params().get(f.paramIndex(p)).type();
                    types.add(t);
                    extra.add(Fixtures.random(t, sizes, random));
                }
            }
            case JACOBIAN -> {
                jacobian(what, compiled, f, r, args);
                return;
            }
            case HESSIAN -> {
                hessian(what, compiled, f, r, args);
                return;
            }
            default -> {
                return;
            }
        }
        List<Object> all = new ArrayList<>(List.of(args));
        all.addAll(extra);
        Object[] javaArgs = all.toArray();
        Object[] want = interpret(f, g, Fixtures.interpreterArgs(f, javaArgs, types));
        CompiledModule.Result got = switch (r.kind()) {
            case GRAD -> compiled.grad(f.name(), javaArgs);
            case VJP -> compiled.vjp(f.name(), javaArgs);
            default -> compiled.jvp(f.name(), javaArgs);
        };
        Fixtures.assertClose(want[0], got.value(), what + " value");
        List<Object> parts = new ArrayList<>(got.parts().values());
        assertEquals(want.length - 1, parts.size(), what);
        for (int i = 1; i < want.length; i++) {
            Fixtures.assertClose(want[i], parts.get(i - 1), what + " part " + i);
        }
    }

    /** Row i of each Jacobian is the interpreted VJP with seed e_i. */
    private void jacobian(String what, CompiledModule compiled, FunctionIr f, Request r, Object[] args) {
        CompiledModule.Result got = compiled.jacobian(f.name(), args);
        Graph vjp = Derivatives.vjp(f, r.wrt());
        Map<String, Integer> sizes = Fixtures.sizes(f);
        int rows = 1;
        for (int d : ((Type.Real) f.output()).shape().resolve(sizes)) {
            rows *= d;
        }
        List<Type> types = new ArrayList<>(paramTypes(f));
        types.add(f.output());
        for (int i = 0; i < rows; i++) {
            double[] e = new double[rows];
            e[i] = 1;
            List<Object> all = new ArrayList<>(List.of(args));
            all.add(rows == 1 && ((Type.Real) f.output()).isScalar() ? (Object) 1.0 : e);
            Object[] want = interpret(f, vjp, Fixtures.interpreterArgs(f, all.toArray(), types));
            int k = 1;
            for (Object jac : got.parts().values()) {
                Fixtures.assertClose(want[k++], ((double[][]) jac)[i], what + " row " + i);
            }
        }
    }

    /** Column j of the Hessian is the interpreted HVP with direction e_j; value and gradient come along. */
    private void hessian(String what, CompiledModule compiled, FunctionIr f, Request r, Object[] args) {
        CompiledModule.Result got = compiled.hessian(f.name(), args);
        double[][] h = (double[][]) got.parts().get("hessian");
        Graph hvp = Derivatives.hvp(f, r.wrt());
        Map<String, Integer> sizes = Fixtures.sizes(f);
        List<Type> types = new ArrayList<>(paramTypes(f));
        int n = 0;
        for (String p : r.wrt()) {
            Type t = f.params().get(f.paramIndex(p)).type();
            types.add(t);
            n += size(t, sizes);
        }
        assertEquals(n, h.length, what + " rows");
        int column = 0;
        for (int k = 0; k < r.wrt().size(); k++) {
            int len = size(types.get(f.params().size() + k), sizes);
            for (int j = 0; j < len; j++, column++) {
                List<Object> all = new ArrayList<>(List.of(args));
                for (int q = 0; q < r.wrt().size(); q++) {
                    Type t = types.get(f.params().size() + q);
                    double[] dot = new double[size(t, sizes)];
                    if (q == k) {
                        dot[j] = 1;
                    }
                    all.add(((Type.Real) t).isScalar() ? (Object) dot[0] : dot);
                }
                Object[] want = interpret(f, hvp, Fixtures.interpreterArgs(f, all.toArray(), types));
                Fixtures.assertClose(want[0], got.value(), what + " value");
                double[] col = new double[n];
                int row = 0;
                for (int q = 0; q < r.wrt().size(); q++) {
                    Fixtures.assertClose(want[1 + q], got.parts().get(r.wrt().get(q)), what + " gradient " + q);
                    Object part = want[1 + r.wrt().size() + q];
                    double[] values = part instanceof dev.gradc.ops.NDArray a ? a.data()
                            : new double[] {((Number) part).doubleValue()};
                    for (double v : values) {
                        col[row++] = v;
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertTrue(Fixtures.close(col[i], h[i][column]), what + " H[" + i + "][" + column
                            + "]: interpreter " + col[i] + ", compiled " + h[i][column]);
                }
            }
        }
    }

    @Test
    void polynomialHessianIsSixteenAtTwo() {
        ModuleIr m = CompiledModule.requesting(Fixtures.seed("polynomial.grad"), "f",
                new Request(Request.Kind.HESSIAN, List.of("x")));
        CompiledModule.Result r = CompiledModule.load(m).hessian("f", 2.0);
        assertEquals(7.0, (Double) r.value(), 0.0);
        assertEquals(15.0, (Double) r.parts().get("x"), 0.0);
        assertEquals(16.0, ((double[][]) r.parts().get("hessian"))[0][0], 0.0);
    }

    @Test
    void iterationLimitNamesTheLoop() {
        CompiledModule m = CompiledModule.load(Programs.compile(
                "fn f(x: real) -> real {\n while (x > 0) { x = x + 1; }\n return x; }"));
        m.setMaxIterations(1000);
        IterationLimitException e = assertThrows(IterationLimitException.class, () -> m.value("f", 1.0));
        assertEquals("test.grad:2", e.where());
        assertEquals(1000, e.limit());
        assertEquals(-1.0, (Double) m.value("f", -1.0), 0.0);
    }

    @Test
    void wrongArrayLengthNamesTheParameter() {
        CompiledModule m = CompiledModule.load(Fixtures.seed("vector_square.grad"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.value("square", (Object) new double[] {1, 2}));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void wrongSizeNamesTheSizeAndShape() {
        CompiledModule m = CompiledModule.load(Fixtures.extra());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.value("mlp", 2, new double[5], new double[6], new double[2]));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("B=2"), e.getMessage());
    }

    @Test
    void gradcCompileGivesACallableModule() {
        CompiledModule m = dev.gradc.Gradc.compile("fn f(x: real) -> real { return x^3 + 2*x^2 - 5*x + 1; }");
        assertEquals(15.0, (Double) m.grad("f", 2.0).parts().get("x"), 0.0);
        assertEquals(7.0, (Double) m.value("f", 2), 0.0);
    }

    @Test
    void gradcCompileReportsDiagnosticsWithPositions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dev.gradc.Gradc.compile("fn f(x: real) -> real {\n  return sine(x);\n}"));
        assertTrue(e.getMessage().contains("input.grad:2:"), e.getMessage());
    }
}
