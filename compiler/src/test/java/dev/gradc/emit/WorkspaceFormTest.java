package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.CompiledCases;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workspace forms ({@code f(F.Workspace, args…)}) give what the allocating forms give, bit for bit, on
 * random programs with loops (trip counts that change from call to call), branches and array values, for
 * the value, gradient, JVP and HVP: called with one workspace on alternating arguments, so that each call
 * reuses memory the previous one wrote. Sizes are fixed by the workspace and arguments checked against them.
 */
class WorkspaceFormTest {

    private static final int PROGRAMS = 20;
    private static final long SEED = 20261203L;
    private static CompiledModule compiled;

    @BeforeAll
    static void compileAll() {
        StringBuilder src = new StringBuilder("module random.Workspaces;\n");
        for (int i = 0; i < PROGRAMS; i++) {
            String program = RandomPrograms.generate(SEED + i, vector(i), i % 3 == 0);
            src.append(program.replaceFirst("fn f\\(", "fn f" + i + "(")).append('\n');
        }
        ModuleIr m = Programs.compile(src.toString());
        for (int i = 0; i < PROGRAMS; i++) {
            FunctionIr f = m.function("f" + i);
            Request jvp = new Request(Request.Kind.JVP, List.of("x", "v"));
            m = vector(i)
                    ? CompiledModule.requesting(m, f.name(), new Request(Request.Kind.VJP, f.realParams()), jvp,
                            new Request(Request.Kind.JACOBIAN, List.of("y", "v")))
                    : CompiledModule.requesting(m, f.name(), new Request(Request.Kind.GRAD, f.realParams()), jvp,
                            new Request(Request.Kind.HVP, List.of("y", "M")),
                            new Request(Request.Kind.HESSIAN, List.of("x", "v")));
        }
        compiled = CompiledModule.load(m);
    }

    /** Odd programs return a real[3] (value, VJP, JVP, Jacobian), even ones a real (value, gradient, JVP, HVP, Hessian). */
    private static boolean vector(int i) {
        return i % 2 == 1;
    }

    /** The public static methods of the generated class named {@code name}: [allocating form, workspace form]. */
    private static Method[] forms(String name) {
        Method plain = null;
        Method ws = null;
        for (Method m : compiled.type().getDeclaredMethods()) {
            if (m.getName().equals(name) && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                if (m.getParameterCount() > 0 && m.getParameterTypes()[0].getSimpleName().equals("Workspace")) {
                    ws = m;
                } else {
                    plain = m;
                }
            }
        }
        assertTrue(plain != null && ws != null, name + ": both forms");
        return new Method[] {plain, ws};
    }

    private static Object call(Method m, Object... args) throws ReflectiveOperationException {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static Object[] extra(Object[] args, Object... more) {
        Object[] out = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }

    /** Every accessor of the record the allocating form gave, read from the view the workspace form gave. */
    private static void sameResults(Object record, Object view, String what) throws ReflectiveOperationException {
        if (!record.getClass().isRecord()) {
            CompiledCases.assertSameBits(CompiledCases.flat(record), CompiledCases.flat(view), what);
            return;
        }
        for (var c : record.getClass().getRecordComponents()) {
            Object want = c.getAccessor().invoke(record);
            Object got = view.getClass().getMethod(c.getName()).invoke(view);
            if (want instanceof double[][] rows) {
                double[][] gotRows = (double[][]) got;
                assertEquals(rows.length, gotRows.length, what + "." + c.getName());
                for (int r = 0; r < rows.length; r++) {
                    CompiledCases.assertSameBits(rows[r], gotRows[r], what + "." + c.getName() + "[" + r + "]");
                }
            } else {
                CompiledCases.assertSameBits(CompiledCases.flat(want), CompiledCases.flat(got), what + "." + c.getName());
            }
        }
        Object copy = view.getClass().getMethod("toRecord").invoke(view);
        assertEquals(record.getClass(), copy.getClass(), what);
    }

    @Test
    void workspaceFormsGiveTheAllocatingFormsBitsOnAlternatingArguments() throws ReflectiveOperationException {
        for (int i = 0; i < PROGRAMS; i++) {
            String fn = "f" + i;
            Class<?> holder = forms(fn + "Jvp")[1].getParameterTypes()[0];
            Object ws = holder.getConstructor().newInstance();
            Object[][] inputs = {CompiledCases.args(SEED + i), CompiledCases.args(SEED + 1000 + i)};
            for (int round = 0; round < 4; round++) {
                Object[] a = inputs[round % 2];
                for (String kind : vector(i) ? List.of("", "Vjp", "Jvp", "Jacobian")
                        : List.of("", "Grad", "Jvp", "Hvp", "Hessian")) {
                    Method[] m = forms(fn + kind);
                    Object[] args = switch (kind) {
                        case "Jvp" -> extra(a, 0.7, new double[] {0.1, -0.4, 0.9});
                        case "Hvp" -> extra(a, -0.3, new double[] {0.5, 0.2, -0.1, 0.8, -0.6, 0.4});
                        case "Vjp" -> extra(a, new double[] {0.3, -1.1, 0.6});
                        default -> a;
                    };
                    Object want;
                    try {
                        want = call(m[0], args);
                    } catch (RuntimeException e) {
                        // an error (an iteration limit, an index out of range) is the same error in both forms
                        RuntimeException got = assertThrows(RuntimeException.class, () -> call(m[1], prepend(ws, args)));
                        assertEquals(e.getMessage(), got.getMessage(), fn + kind);
                        continue;
                    }
                    sameResults(want, call(m[1], prepend(ws, args)), fn + kind + " round " + round);
                }
            }
        }
    }

    private static final String SIZED = """
            module demo.Sized;
            @grad(C)
            fn loss<N, K>(C: real[K, 2], X: real[N, 2], w: real[N]) -> real {
              d = X @ transpose(C);
              return sum(w * sum(d * d, 1));
            }
            """;

    @Test
    void sizesAreFixedByTheWorkspaceAndArgumentsCheckedAgainstThem() throws ReflectiveOperationException {
        CompiledModule sized = CompiledModule.load(Programs.compile(SIZED));
        Method ws = null;
        for (Method m : sized.type().getDeclaredMethods()) {
            if (m.getName().equals("lossGrad") && m.getParameterTypes()[0].getSimpleName().equals("Workspace")) {
                ws = m;
            }
        }
        Class<?> type = ws.getParameterTypes()[0];
        var ctor = type.getConstructor(int.class, int.class);
        Object w = ctor.newInstance(3, 2);
        assertEquals("Loss.Workspace(N=3, K=2)", w.toString());
        double[] c = {0.1, 0.2, 0.3, 0.4};
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] weights = {1, 0.5, 0.25};
        Object view = call(ws, w, c, x, weights);
        Object record = sized.type().getMethod("lossGrad", int.class, int.class, double[].class, double[].class,
                double[].class).invoke(null, 3, 2, c, x, weights);
        sameResults(record, view, "lossGrad");
        assertSame(view, call(ws, w, c, x, weights), "the view is the workspace's, the same on every call");
        Method m = ws;
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> call(m, w, c, new double[] {1, 2, 3, 4}, weights));
        assertEquals("parameter 'X' has length 4, expected 6 (shape [N,2] with the sizes of Loss.Workspace(N=3, K=2))",
                wrong.getMessage());
        InvocationTargetException negative = assertThrows(InvocationTargetException.class, () -> ctor.newInstance(-1, 2));
        assertEquals("size 'N' must be >= 0, got -1", negative.getCause().getMessage());
    }

    @Test
    void jacobianAndHessianWorkspaceFormsAllocateNothingOnceWarm() throws ReflectiveOperationException {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String name : List.of("f0Hessian", "f1Jacobian", "f2Hessian", "f3Jacobian")) {
            Method ws = forms(name)[1];
            Object w = ws.getParameterTypes()[0].getConstructor().newInstance();
            Object[] args = prepend(w, CompiledCases.args(SEED));
            long fewest = Long.MAX_VALUE;
            for (int i = 0; i < 40; i++) {
                ws.invoke(null, args);
            }
            for (int round = 0; round < 4 && fewest > 0; round++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 8; i++) {
                    ws.invoke(null, args);
                }
                fewest = Math.min(fewest, bean.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, fewest, name + ": bytes in 8 warm calls");
        }
    }
}
