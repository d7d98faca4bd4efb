package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradc.Gradc;
import dev.gradc.Specialisation;
import dev.gradc.diag.DiagnosticPrinter;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.CompiledCases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A class specialised to some sizes ({@link Specialisation}) computes what the generic class of the same program
 * computes, for the value and every derivative method, in the allocating and the workspace forms; its
 * derivatives are the central differences of its value; and a call with another value for a bound size throws
 * {@link IllegalArgumentException} naming the size and both values. The programs: the benchmarks' LSTM (affine
 * {@code 2*L}, slices of {@code 4*H}), determinant (nested counted loops with data-dependent pivots), MLP and
 * checkpointed loops (counted and {@code while} on data), and one of affine sizes with a size left unbound and
 * every kind of derivative.
 */
class SpecialisedClassesTest {

    private static final Path BENCH = Path.of("../benchmarks/src/main/grad/bench");

    /** Every kind of derivative, affine sizes ({@code 2*N+1}, {@code N-1}) and a size {@code M} left unbound. */
    static final String AFFINE = """
            module demo.Affine;
            @grad(x, w, y)
            @jvp(x, w)
            @hessian(x, w)
            @hvp(w)
            fn smooth<N, M>(x: real[2*N+1], w: real[N-1], y: real[M]) -> real {
              s = 0;
              for i in 0..N-1 {
                s = s + w[i] * sin(x[2*i] * x[2*i+1]) + x[i+2]^2;
              }
              return s + sum(x[N:2*N+1]) * sum(w * w) + sum(y) * s;
            }
            @vjp(x)
            @jacobian(x)
            fn field<N>(x: real[N], A: real[2*N, N]) -> real[2*N] {
              return concat(sin(x), x * x) + A @ x;
            }
            """;

    /** One program compiled twice: generic and specialised (class name ending in {@code Spec}). */
    record Pair(ModuleIr generic, CompiledModule plain, CompiledModule specialised, Map<String, Integer> bound) {
    }

    static Pair compile(SourceFile source, Map<String, Integer> bound) {
        Diagnostics d = new Diagnostics();
        ModuleIr generic = Gradc.frontEnd(source, null, d, Gradc.class.getClassLoader());
        ModuleIr specialised = Gradc.frontEnd(source, null, d, Gradc.class.getClassLoader(),
                new Specialisation(bound, "Spec"));
        assertFalse(d.hasErrors(), () -> new DiagnosticPrinter(Map.of(source.name(), source)).formatAll(d));
        assertEquals(generic.className() + "Spec", specialised.className());
        assertEquals(bound, specialised.boundSizes());
        return new Pair(generic, CompiledModule.load(generic), CompiledModule.load(specialised), bound);
    }

    /** The function's sizes: the bound ones as bound, the others {@code free}. */
    static Map<String, Integer> sizes(FunctionIr f, Map<String, Integer> bound, int free) {
        Map<String, Integer> out = new LinkedHashMap<>();
        f.sizes().forEach(s -> out.put(s, bound.getOrDefault(s, free)));
        return out;
    }

    static Object[] args(FunctionIr f, Map<String, Integer> sizes, Map<String, Object> ints, long seed) {
        Random r = new Random(seed);
        List<Object> out = new ArrayList<>(sizes.values());
        for (FunctionIr.ParamInfo p : f.params()) {
            out.add(ints.containsKey(p.name()) ? ints.get(p.name()) : Fixtures.random(p.type(), sizes, r));
        }
        return out.toArray();
    }

    /** Values of the types of {@code names} (parameters of f), random: tangents, directions, seeds. */
    static List<Object> extra(FunctionIr f, List<Type> types, Map<String, Integer> sizes, long seed) {
        Random r = new Random(seed);
        List<Object> out = new ArrayList<>();
        types.forEach(t -> out.add(Fixtures.random(t, sizes, r)));
        return out;
    }

    static List<Type> typesOf(FunctionIr f, List<String> names) {
        return names.stream().map(n -> f.params().get(f.paramIndex(n)).type()).toList();
    }

    static Object[] concat(Object[] a, List<Object> b) {
        List<Object> out = new ArrayList<>(List.of(a));
        out.addAll(b);
        return out.toArray();
    }

    /** Counts of compared entries and of those equal bit for bit. */
    static final class Tally {
        int entries;
        int sameBits;
        /** Calls that failed alike in both classes. */
        int errors;

        void close(Object want, Object got, String what) {
            double[] w = flat(want);
            double[] g = flat(got);
            assertEquals(w.length, g.length, what + ": length");
            for (int i = 0; i < w.length; i++) {
                entries++;
                sameBits += Double.doubleToLongBits(w[i]) == Double.doubleToLongBits(g[i]) ? 1 : 0;
                assertTrue(Fixtures.close(w[i], g[i]), what + "[" + i + "]: generic " + w[i] + ", specialised " + g[i]);
            }
        }
    }

    static double[] flat(Object o) {
        if (o instanceof double[][] rows) {
            return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
        }
        return CompiledCases.flat(o);
    }

    /**
     * The value and every derivative method of every function: specialised as generic to 1e-12 relative.
     *
     * @return the tally
     */
    static Tally agree(Pair p, int free, Map<String, Object> ints, long seed) {
        Tally t = new Tally();
        for (FunctionIr f : p.generic().functions()) {
            Map<String, Integer> sizes = sizes(f, p.bound(), free);
            Object[] a = args(f, sizes, ints, seed);
            String fn = f.name();
            t.close(p.plain().value(fn, a), p.specialised().value(fn, a), fn);
            for (Request r : f.requests()) {
                List<Object> more = switch (r.kind()) {
                    case JVP, HVP -> extra(f, typesOf(f, r.wrt()), sizes, seed + 1);
                    case VJP -> extra(f, List.of(f.output()), sizes, seed + 2);
                    default -> List.of();
                };
                Object[] all = concat(a, more);
                CompiledModule.Result want;
                try {
                    want = derivative(p.plain(), r.kind(), fn, all);
                } catch (RuntimeException e) { // a limit (kept values, iterations) is the same error in both
                    RuntimeException other = assertThrows(RuntimeException.class,
                            () -> derivative(p.specialised(), r.kind(), fn, all));
                    assertEquals(e.getClass(), other.getClass(), fn + r.kind());
                    assertEquals(e.getMessage(), other.getMessage(), fn + r.kind());
                    t.errors++;
                    continue;
                }
                CompiledModule.Result got = derivative(p.specialised(), r.kind(), fn, all);
                t.close(want.value(), got.value(), fn + r.kind() + " value");
                assertEquals(want.parts().keySet(), got.parts().keySet(), fn + r.kind());
                want.parts().forEach((k, v) -> t.close(v, got.parts().get(k), fn + r.kind() + "." + k));
            }
        }
        assertTrue(t.entries > 0);
        return t;
    }

    static CompiledModule.Result derivative(CompiledModule c, Request.Kind kind, String fn, Object[] args) {
        return switch (kind) {
            case GRAD -> c.grad(fn, args);
            case VJP -> c.vjp(fn, args);
            case JVP -> c.jvp(fn, args);
            case JACOBIAN -> c.jacobian(fn, args);
            case HESSIAN -> c.hessian(fn, args);
            case HVP -> c.hvp(fn, args);
        };
    }

    /**
     * The specialised gradient of f (its {@code GRAD} request) against central differences of the specialised
     * value, at up to {@code probes} entries of each parameter.
     */
    static void gradientIsCentralDifferences(Pair p, String fn, Map<String, Object> ints, long seed, int probes) {
        FunctionIr f = p.generic().function(fn);
        Object[] a = args(f, sizes(f, p.bound(), 3), ints, seed);
        CompiledModule.Result g = p.specialised().grad(fn, a);
        int lead = f.sizes().size();
        for (String name : f.request(Request.Kind.GRAD).wrt()) {
            int k = lead + f.paramIndex(name);
            double[] adjoint = CompiledCases.flat(g.parts().get(name));
            for (int j = 0; j < Math.min(probes, adjoint.length); j++) {
                int e = j * Math.max(1, adjoint.length / probes);
                double h = 1e-6;
                double up = shifted(p.specialised(), fn, a, k, e, h);
                double down = shifted(p.specialised(), fn, a, k, e, -h);
                double fd = (up - down) / (2 * h);
                assertEquals(fd, adjoint[e], 1e-6 * Math.max(1, Math.abs(fd)), fn + " d/d" + name + "[" + e + "]");
            }
        }
    }

    private static double shifted(CompiledModule c, String fn, Object[] args, int k, int e, double h) {
        Object[] a = args.clone();
        if (a[k] instanceof double[] v) {
            double[] w = v.clone();
            w[e] += h;
            a[k] = w;
        } else {
            a[k] = (Double) a[k] + h;
        }
        return ((Number) c.value(fn, a)).doubleValue();
    }

    /** A call of the specialised {@code fn} with size {@code size} one more than bound: the exception's message. */
    static String wrongSize(Pair p, String fn, String size, Function<Object[], Object> call, Map<String, Object> ints) {
        FunctionIr f = p.generic().function(fn);
        Map<String, Integer> sizes = sizes(f, p.bound(), 3);
        Object[] a = args(f, sizes, ints, 5);
        a[f.sizes().indexOf(size)] = sizes.get(size) + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.apply(a));
        return e.getMessage();
    }

    @Test
    void theLstmSpecialisedIsTheGenericLstm() throws java.io.IOException {
        Pair p = compile(SourceFile.read(BENCH.resolve("Lstm.grad")), Map.of("G", 24, "L", 2, "H", 3, "T", 7));
        Tally t = agree(p, 3, Map.of(), 1);
        agree(p, 3, Map.of(), 2);
        gradientIsCentralDifferences(p, "loss", Map.of(), 3, 5);
        // a kept-values budget of a few trips: the journal and checkpoints of the literal trip counts
        p.plain().setMaxKeptValues(120);
        p.specialised().setMaxKeptValues(120);
        assertEquals(0, agree(p, 3, Map.of(), 4).errors, "the gradients fit the budget by recomputing");
        assertEquals("size 'H' is 4, but this class is specialised to H=3",
                wrongSize(p, "loss", "H", a -> p.specialised().grad("loss", a), Map.of()));
        assertEquals("size 'T' is 8, but this class is specialised to T=7",
                wrongSize(p, "loss", "T", a -> p.specialised().value("loss", a), Map.of()));
        System.out.println("SpecialisedClassesTest: LSTM " + t.sameBits + " of " + t.entries + " entries bit for bit");
    }

    @Test
    void theDeterminantSpecialisedIsTheGenericDeterminant() throws java.io.IOException {
        Pair p = compile(SourceFile.read(BENCH.resolve("Determinant.grad")), Map.of("N", 6));
        for (long seed = 1; seed <= 3; seed++) {
            agree(p, 3, Map.of(), seed);
        }
        gradientIsCentralDifferences(p, "elimination", Map.of(), 4, 8);
        assertEquals("size 'N' is 7, but this class is specialised to N=6",
                wrongSize(p, "elimination", "N", a -> p.specialised().value("elimination", a), Map.of()));
    }

    @Test
    void theMlpSpecialisedIsTheGenericMlp() throws java.io.IOException {
        Pair p = compile(SourceFile.read(BENCH.resolve("Mlp.grad")), Map.of("B", 5));
        agree(p, 3, Map.of(), 1);
        gradientIsCentralDifferences(p, "loss", Map.of(), 2, 4);
    }

    @Test
    void checkpointedLoopsSpecialisedAreTheGenericLoops() throws java.io.IOException {
        // counted and while loops on the data (n), checkpointed every 8 or 32 trips: 37 trips cross both
        Map<String, Object> trips = Map.of("n", 37);
        Pair p = compile(SourceFile.read(BENCH.resolve("Checkpoint.grad")), Map.of("N", 4));
        agree(p, 3, trips, 1);
        for (FunctionIr f : p.generic().functions()) {
            gradientIsCentralDifferences(p, f.name(), trips, 2, 4);
        }
        // a tight kept-values budget: storeAll's 37 trips of 4 values recompute from snapshots, same gradients
        // (counted128's 128 snapshots of 4 values do not fit: the same error from both classes)
        p.plain().setMaxKeptValues(140);
        p.specialised().setMaxKeptValues(140);
        Tally t = agree(p, 3, trips, 3);
        assertTrue(t.errors > 0 && t.errors < p.generic().functions().size(), t.errors + " calls failed");
    }

    @Test
    void affineSizesAndEveryDerivativeSpecialisedAreTheGenericOnes() {
        Pair p = compile(new SourceFile("affine.grad", AFFINE), Map.of("N", 4));
        for (int free = 1; free <= 3; free++) { // M is not bound: any value is taken
            agree(p, free, Map.of(), free);
        }
        gradientIsCentralDifferences(p, "smooth", Map.of(), 4, 6);
        assertEquals("size 'N' is 5, but this class is specialised to N=4",
                wrongSize(p, "field", "N", a -> p.specialised().jacobian("field", a), Map.of()));
    }

    @Test
    void workspaceFormsOfASpecialisedClassCheckTheirSizesAndAgree() throws ReflectiveOperationException {
        Pair p = compile(new SourceFile("affine.grad", AFFINE), Map.of("N", 4));
        Class<?> type = p.specialised().type();
        Method ws = null;
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals("smoothGrad") && m.getParameterTypes()[0].getSimpleName().equals("Workspace")) {
                ws = m;
            }
        }
        assertTrue(ws != null, "smoothGrad(Smooth.Workspace, ...)");
        var ctor = ws.getParameterTypes()[0].getConstructor(int.class, int.class);
        InvocationTargetException wrong = assertThrows(InvocationTargetException.class, () -> ctor.newInstance(3, 2));
        assertEquals("size 'N' is 3, but this class is specialised to N=4", wrong.getCause().getMessage());
        FunctionIr f = p.generic().function("smooth");
        Object[] a = args(f, sizes(f, p.bound(), 2), Map.of(), 9);
        Object view = ws.invoke(null, ctor.newInstance(4, 2), a[2], a[3], a[4]);
        CompiledModule.Result want = p.plain().grad("smooth", a);
        Tally t = new Tally();
        t.close(want.value(), view.getClass().getMethod("value").invoke(view), "value");
        for (String name : List.of("x", "w", "y")) {
            t.close(want.parts().get(name), view.getClass().getMethod(name).invoke(view), name);
        }
    }

    @Test
    void theSpecialisedClassHasTheGenericClassesMethods() {
        Pair p = compile(new SourceFile("affine.grad", AFFINE), Map.of("N", 4));
        List<String> plain = signatures(p.plain().type());
        List<String> specialised = signatures(p.specialised().type());
        assertEquals(plain, specialised);
        String source = p.specialised().emitted().source();
        assertTrue(source.contains("Checks.specialised(N, 4, \"N\")"), source);
        assertTrue(source.contains("Checks.size(M, \"M\")"), "M is not bound: checked as in the generic class");
        assertTrue(source.contains("<p>Specialised to N=4"), "the class says what it was specialised to");
        // the dimensions are folded: x is real[2*N+1], w real[N-1], A real[2*N, N]
        assertTrue(source.contains("Checks.length(x, 9, \"x\")"), source);
        assertTrue(source.contains("Checks.length(w, 3, \"w\")"), source);
        assertTrue(source.contains("Checks.length(A, 32, \"A\")"), source);
        assertFalse(source.contains("Checks.dimension("), "no affine dimension is left to check at run time");
    }

    private static List<String> signatures(Class<?> c) {
        List<String> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                StringBuilder s = new StringBuilder(m.getName()).append('(');
                for (Class<?> t : m.getParameterTypes()) {
                    s.append(t.getSimpleName()).append(',');
                }
                out.add(s.append(')').toString());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void aBindingThatMakesADimensionLessThanOneIsReportedAtTheDimension() {
        SourceFile src = new SourceFile("short.grad", "fn f<N>(x: real[N-2]) -> real { return sum(x); }\n");
        Diagnostics d = new Diagnostics();
        assertEquals(null, Gradc.frontEnd(src, null, d, Gradc.class.getClassLoader(),
                new Specialisation(Map.of("N", 2), "")));
        String text = new DiagnosticPrinter(Map.of(src.name(), src)).formatAll(d);
        assertTrue(text.startsWith("short.grad:1:17: error: dimension 'N-2' is 0 with N=2; every dimension must be"
                + " at least 1\n"), text);
    }

    @Test
    void aBoundNameNoFunctionDeclaresIsAnError() {
        SourceFile src = new SourceFile("two.grad", "fn f<N>(x: real[N]) -> real { return sum(x); }\n"
                + "fn g<K, M>(x: real[K, M]) -> real { return sum(x); }\n");
        Diagnostics d = new Diagnostics();
        assertEquals(null, Gradc.frontEnd(src, null, d, Gradc.class.getClassLoader(),
                new Specialisation(Map.of("Q", 2, "K", 3), "")));
        String text = new DiagnosticPrinter(Map.of(src.name(), src)).formatAll(d);
        assertTrue(text.startsWith("two.grad: error: --size Q: no function of this file has a size named 'Q'; its"
                + " sizes are 'K', 'M', 'N'\n"), text);
    }

    @Test
    void specialisationsRejectBadBindings() {
        Map<String, Integer> into = new LinkedHashMap<>();
        Specialisation.parse("H=16", into);
        Specialisation.parse(" L = 2 ", into);
        assertEquals(Map.of("H", 16, "L", 2), into);
        for (String bad : List.of("H", "H=0", "H=-3", "H=1.5", "H=x", "=4", "2H=3", "H=99999999999", "H=17")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Specialisation.parse(bad, into), bad);
            assertTrue(e.getMessage().startsWith("--size"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Specialisation(Map.of("H", 0), ""));
        assertThrows(IllegalArgumentException.class, () -> new Specialisation(Map.of("H", 2), "a-b"));
        if (into.size() != 2) {
            fail("a rejected binding changed the map: " + into);
        }
    }
}
