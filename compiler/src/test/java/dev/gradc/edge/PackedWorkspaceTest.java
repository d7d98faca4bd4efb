package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.CompiledCases;
import dev.gradc.testing.Programs;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A function with too many parameters for a Java method (130 scalars and a vector: 261 of the JVM's 255 slots)
 * has workspace forms too, taking the same {@code F.Args}: the value, gradient, JVP, HVP, VJP, Jacobian (by rows
 * and by columns) and Hessian in a workspace give the allocating forms' bits on alternating arguments (and the
 * interpreter's gradient), the view owns the {@code F.Args} it returns while {@code toRecord()} copies it, and warm
 * calls allocate nothing.
 */
class PackedWorkspaceTest {

    private static final int N = 130;
    private static CompiledModule compiled;

    /**
     * f = Σ (i+1)/2 · p_i² + Σ w² + sin(p0 · p129), w: v after three trips of w = tanh(w · p0 + p1); g a vector of
     * 2 (its Jacobian by rows, VJPs), h one of 200 (by columns, JVPs).
     */
    private static String program() {
        String params = IntStream.range(0, N).mapToObj(i -> "p" + i + ": real").collect(Collectors.joining(", "))
                + ", v: real[3]";
        String sum = IntStream.range(0, N).mapToObj(i -> (i + 1) * 0.5 + " * p" + i + " * p" + i)
                .collect(Collectors.joining(" + "));
        String loop = "  w = v;\n  k = 0;\n  while (k < 3) {\n    w = tanh(w * p0 + p1);\n    k = k + 1;\n  }\n";
        return "@grad\n@jvp\n@hvp\n@jacobian\n@hessian\nfn f(" + params + ") -> real {\n" + loop + "  return " + sum
                + " + sum(w * w) + sin(p0 * p" + (N - 1) + ");\n}\n@vjp\n@jacobian\nfn g(" + params + ") -> real[2] {\n" + loop
                + "  return [p0 * p1, sum(w) * p2];\n}\n@jacobian\nfn h(" + params + ") -> real[200] {\n" + loop
                + "  return ones(200) * sin(p0 * p1) + sum(w) * p2 * p" + (N - 1) + ";\n}\n";
    }

    @BeforeAll
    static void compile() {
        compiled = CompiledModule.load(Programs.compile(program()));
    }

    /** [allocating form, workspace form] of method {@code name}. */
    private static Method[] forms(String name) {
        Method plain = null;
        Method ws = null;
        for (Method m : compiled.type().getDeclaredMethods()) {
            if (m.getName().equals(name) && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                if (m.getParameterTypes()[0].getSimpleName().equals("Workspace")) {
                    ws = m;
                } else {
                    plain = m;
                }
            }
        }
        assertTrue(plain != null && ws != null, name + ": both forms");
        return new Method[] {plain, ws};
    }

    /** An {@code F.Args} of class {@code type}: p_i = scale · (i % 7 - 3) / 10, v = scale · (0.2, -0.5, 0.9). */
    private static Object pack(Class<?> type, double scale) throws ReflectiveOperationException {
        Object a = type.getConstructor().newInstance();
        for (int i = 0; i < N; i++) {
            type.getField("p" + i).setDouble(a, scale * (i % 7 - 3) / 10);
        }
        type.getField("v").set(a, new double[] {0.2 * scale, -0.5 * scale, 0.9 * scale});
        return a;
    }

    /** The arguments of method {@code kind} ("", "Grad", "Jvp", "Hvp", "Vjp") after the workspace, if any. */
    private static Object[] arguments(Method plain, String kind, double scale) throws ReflectiveOperationException {
        Class<?> args = plain.getParameterTypes()[0];
        List<Object> out = new ArrayList<>(List.of(pack(args, scale)));
        switch (kind) {
            case "Jvp", "Hvp" -> out.add(pack(args, 0.7 - scale));
            case "Vjp" -> out.add(new double[] {0.3, -1.1});
            default -> { }
        }
        return out.toArray();
    }

    private static Object call(Method m, Object ws, Object[] args) throws ReflectiveOperationException {
        Object[] all = new Object[args.length + (ws == null ? 0 : 1)];
        if (ws != null) {
            all[0] = ws;
        }
        System.arraycopy(args, 0, all, ws == null ? 0 : 1, args.length);
        try {
            return m.invoke(null, all);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Asserts two results (a number, an array, an {@code F.Args}) have the same bits, field by field. */
    private static void sameBits(Object want, Object got, String what) throws ReflectiveOperationException {
        if (want != null && want.getClass().getSimpleName().equals("Args")) {
            for (Field f : want.getClass().getFields()) {
                sameBits(f.get(want), f.get(got), what + "." + f.getName());
            }
            return;
        }
        if (want == null) {
            assertEquals(null, got, what);
            return;
        }
        if (want instanceof double[][] rows) {
            assertEquals(rows.length, ((double[][]) got).length, what + " rows");
            for (int i = 0; i < rows.length; i++) {
                sameBits(rows[i], ((double[][]) got)[i], what + "[" + i + "]");
            }
            return;
        }
        CompiledCases.assertSameBits(CompiledCases.flat(want), CompiledCases.flat(got), what);
    }

    /** Every component of the allocating form's record, read from the workspace form's view (or the value itself). */
    private static void sameResults(Object record, Object view, String what) throws ReflectiveOperationException {
        if (!record.getClass().isRecord()) {
            sameBits(record, view, what);
            return;
        }
        for (var c : record.getClass().getRecordComponents()) {
            sameBits(c.getAccessor().invoke(record), view.getClass().getMethod(c.getName()).invoke(view),
                    what + "." + c.getName());
        }
    }

    @Test
    void workspaceFormsGiveTheAllocatingFormsBitsOnAlternatingArguments() throws ReflectiveOperationException {
        Map<String, List<String>> kinds = Map.of("f", List.of("", "Grad", "Jvp", "Hvp", "Jacobian", "Hessian"),
                "g", List.of("", "Vjp", "Jacobian"), "h", List.of("", "Jacobian"));
        for (String fn : List.of("f", "g", "h")) {
            Object ws = forms(fn)[1].getParameterTypes()[0].getConstructor().newInstance();
            for (int round = 0; round < 4; round++) {
                double scale = round % 2 == 0 ? 1.0 : -0.6;
                for (String kind : kinds.get(fn)) {
                    Method[] m = forms(fn + kind);
                    Object[] args = arguments(m[0], kind, scale);
                    sameResults(call(m[0], null, args), call(m[1], ws, args), fn + kind + " round " + round);
                }
            }
        }
    }

    @Test
    void theWorkspaceGradientIsTheInterpretersAndItsRecordOutlivesTheNextCall() throws ReflectiveOperationException {
        ModuleIr m = Programs.compile(program());
        FunctionIr f = m.function("f");
        Method[] grad = forms("fGrad");
        Object ws = grad[1].getParameterTypes()[0].getConstructor().newInstance();
        Object[] args = arguments(grad[0], "Grad", 1.0);
        Object view = call(grad[1], ws, args);
        Object adjoints = view.getClass().getMethod("adjoints").invoke(view);
        Object[] nd = new Object[N + 1];
        for (int i = 0; i < N; i++) {
            nd[i] = NDArray.scalar((i % 7 - 3) / 10.0);
        }
        nd[N] = new NDArray(new double[] {0.2, -0.5, 0.9}, new int[] {3});
        Runs.Result in = Runs.interpreter(f, Map.of(), nd, 1_000);
        for (int i = 0; i < N; i++) {
            double want = in.derivatives().get("p" + i).item();
            assertEquals(want, adjoints.getClass().getField("p" + i).getDouble(adjoints), 1e-12 * Math.max(1, Math.abs(want)),
                    "d/dp" + i);
        }
        double[] dv = (double[]) adjoints.getClass().getField("v").get(adjoints);
        for (int e = 0; e < 3; e++) {
            assertEquals(in.derivatives().get("v").data()[e], dv[e], 1e-12, "d/dv" + e);
        }
        Object record = view.getClass().getMethod("toRecord").invoke(view);
        Object copied = record.getClass().getMethod("adjoints").invoke(record);
        assertNotSame(adjoints, copied, "toRecord copies the F.Args the view owns");
        double p3 = copied.getClass().getField("p3").getDouble(copied);
        assertSame(view, call(grad[1], ws, arguments(grad[0], "Grad", -0.6)), "the view is the workspace's");
        assertSame(adjoints, view.getClass().getMethod("adjoints").invoke(view), "and so is its F.Args");
        assertEquals(p3, copied.getClass().getField("p3").getDouble(copied), "the copy outlives the next call");
    }

    /** The Hessian's view owns the {@code F.Args} of its gradient, as a gradient's does; toRecord copies it. */
    @Test
    void theHessiansGradientIsTheViewsOwnAndItsRecordOutlivesTheNextCall() throws ReflectiveOperationException {
        Method[] hessian = forms("fHessian");
        Object ws = hessian[1].getParameterTypes()[0].getConstructor().newInstance();
        Object view = call(hessian[1], ws, arguments(hessian[0], "Hessian", 1.0));
        Object gradient = view.getClass().getMethod("gradient").invoke(view);
        Object record = view.getClass().getMethod("toRecord").invoke(view);
        Object copied = record.getClass().getMethod("gradient").invoke(record);
        assertNotSame(gradient, copied, "toRecord copies the F.Args the view owns");
        double p5 = copied.getClass().getField("p5").getDouble(copied);
        Object again = call(hessian[1], ws, arguments(hessian[0], "Hessian", -0.6));
        assertSame(view, again, "the view is the workspace's");
        assertSame(gradient, view.getClass().getMethod("gradient").invoke(view), "and so is its F.Args");
        assertTrue(p5 != gradient.getClass().getField("p5").getDouble(gradient), "the next call set its fields");
        assertEquals(p5, copied.getClass().getField("p5").getDouble(copied), "the copy outlives the next call");
    }

    @Test
    void warmWorkspaceCallsAllocateNothing() throws ReflectiveOperationException {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // (not the value method: reflection boxes the double it returns)
        for (String name : List.of("fGrad", "fJvp", "fHvp", "gVjp", "g", "fJacobian", "fHessian", "gJacobian",
                "hJacobian")) {
            Method[] m = forms(name);
            Object ws = m[1].getParameterTypes()[0].getConstructor().newInstance();
            Object[] all = new Object[m[1].getParameterCount()];
            all[0] = ws;
            Object[] args = arguments(m[0], name.substring(1), 1.0);
            System.arraycopy(args, 0, all, 1, args.length);
            for (int i = 0; i < 40; i++) {
                m[1].invoke(null, all);
            }
            long fewest = Long.MAX_VALUE;
            for (int round = 0; round < 4 && fewest > 0; round++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 8; i++) {
                    m[1].invoke(null, all);
                }
                fewest = Math.min(fewest, bean.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, fewest, name + ": bytes in 8 warm calls");
        }
    }
}
