package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.runtime.checkpoint.Binomial;
import dev.gradc.runtime.checkpoint.Schedule;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Checkpointed loops ({@code @checkpoint(n)}) give the same bits as storing every state — gradients and
 * forward-over-reverse Hessians, on random programs and in both loop modes — keep at most n snapshots, and
 * run exactly the forward steps their schedule counts.
 */
class CheckpointedLoopsTest {

    static final List<String> WRT = List.of("x", "y", "v", "M");

    /** The program with {@code @checkpoint(1..3)} before every loop, chosen by the seed. */
    static String annotated(String src, long seed) {
        Random r = new Random(seed);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i = src.indexOf("while ("); i >= 0; i = src.indexOf("while (", i + 1)) {
            out.append(src, at, i).append("@checkpoint(").append(1 + r.nextInt(3)).append(") ");
            at = i;
        }
        return out.append(src.substring(at)).toString();
    }

    static void assertSameBits(Object[] want, Object[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            double[] a = ((NDArray) want[i]).data();
            double[] b = ((NDArray) got[i]).data();
            assertEquals(a.length, b.length, what);
            for (int e = 0; e < a.length; e++) {
                assertEquals(Double.doubleToLongBits(a[e]), Double.doubleToLongBits(b[e]),
                        "result " + i + "[" + e + "]: " + a[e] + " vs " + b[e] + " in " + what);
            }
        }
    }

    @Property(tries = 80, seed = "20261203")
    void checkpointedGradientsAreBitIdenticalOnRandomPrograms(@ForAll long seed) {
        String src = RandomPrograms.generate(seed);
        String ck = annotated(src, seed);
        FunctionIr plain = Programs.compile(src).function("f");
        FunctionIr checked = Programs.compile(ck).function("f");
        Object[] in = GradientPropertyTest.inputs(seed);
        for (GradientPass.Loops mode : GradientPass.Loops.values()) {
            assertSameBits(Programs.run(Derivatives.gradient(plain, WRT, mode), in),
                    Programs.run(Derivatives.gradient(checked, WRT, mode), in), mode + "\n" + ck);
        }
    }

    @Property(tries = 40, seed = "20261203")
    void checkpointedHessiansAreBitIdenticalOnRandomPrograms(@ForAll long seed) {
        String src = RandomPrograms.generate(seed);
        String ck = annotated(src, seed);
        Object[] in = GradientPropertyTest.inputs(seed);
        Object[] dir = GradientPropertyTest.inputs(seed + 7);
        Object[] args = new Object[8];
        System.arraycopy(in, 0, args, 0, 4);
        System.arraycopy(dir, 0, args, 4, 4);
        Graph plain = Derivatives.hvp(Programs.compile(src).function("f"), WRT);
        Graph checked = Derivatives.hvp(Programs.compile(ck).function("f"), WRT);
        assertSameBits(Programs.run(plain, args), Programs.run(checked, args), ck);
    }

    private static final String RNN = "fn f(x: real[3], a: real, n: int) -> real {\n"
            + "  h = x;\n"
            + "  i = 0;\n"
            + "  @checkpoint(4)\n"
            + "  while (i < n) { h = tanh(h * a + x); i = i + 1; }\n"
            + "  return sum(h * h);\n"
            + "}\n";

    private static final String DATA = "fn f(x: real[3], a: real, n: int) -> real {\n"
            + "  h = x;\n"
            + "  s = 0.0;\n"
            + "  @checkpoint(4)\n"
            + "  while (s < n) { h = sin(h) * a + x; s = s + 0.5 + 0.1 * tanh(sum(h)); }\n"
            + "  return sum(h * h);\n"
            + "}\n";

    private static Object[] args(int n) {
        return new Object[] {new NDArray(new double[] {0.3, -0.2, 0.5}, new int[] {3}), NDArray.scalar(0.9), n};
    }

    private static Object[] run(Graph g, long maxKept, Map<While, long[]> trips, Object... args) {
        return new Interpreter(new EvalContext(Map.of(), maxKept), 10_000_000, trips).run(g, args);
    }

    @Test
    void aCheckpointedLoopFitsABudgetThatStoringEverythingPasses() {
        for (String src : List.of(RNN, DATA)) {
            Graph plain = Derivatives.gradient(Programs.compile(src.replace("@checkpoint(4)", ""))
                    .function("f"), List.of("x", "a"), GradientPass.Loops.REVERSE_KEEP_ALL);
            Graph checked = Derivatives.gradient(Programs.compile(src).function("f"), List.of("x", "a"));
            Object[] want = run(plain, Long.MAX_VALUE, null, args(300));
            // 300 trips of 3 reals is 900 kept values; 4 snapshots are 12
            assertThrows(KeptStateLimitException.class, () -> run(plain, 100, null, args(300)));
            assertSameBits(want, run(checked, 12, null, args(300)), src);
        }
    }

    /** The trips of the loops a checkpointed loop became, by what their notes say they do. */
    private static Map<String, Long> steps(Graph g, Object[] args) {
        Map<While, long[]> trips = new IdentityHashMap<>();
        run(g, Long.MAX_VALUE, trips, args);
        Map<String, Long> byPart = new java.util.TreeMap<>();
        trips.forEach((w, n) -> {
            if (w.checkpoint() != null && w.checkpoint().note() != null) {
                String note = w.checkpoint().note();
                byPart.merge(note.substring(note.indexOf(':') + 1).trim(), n[0], Long::sum);
            }
        });
        return byPart;
    }

    @Test
    void theGraphRunsTheForwardStepsItsScheduleCounts() {
        Graph counted = Derivatives.gradient(Programs.compile(RNN).function("f"), List.of("x", "a"));
        Graph online = Derivatives.gradient(Programs.compile(DATA).function("f"), List.of("x", "a"));
        for (int n : new int[] {0, 1, 3, 4, 5, 17, 200}) {
            Map<String, Long> c = steps(counted, args(n));
            long advances = c.getOrDefault("runs on to the next snapshot", 0L)
                    + c.getOrDefault("recomputes up to the next snapshot", 0L);
            assertEquals(Schedule.binomial(n, 4).count().advances(), advances, "counted, n = " + n + ": " + c);
            assertEquals(n, c.getOrDefault("adjoint sweep", 0L), "counted, n = " + n);
            Map<String, Long> o = steps(online, args(n));
            long trips = o.getOrDefault("adjoint sweep", 0L);
            long onlineAdvances = o.getOrDefault("keeps the state of the first trips", 0L)
                    + o.getOrDefault("counts the other trips", 0L)
                    + o.getOrDefault("recomputes up to the next snapshot", 0L);
            assertEquals(Schedule.online(trips, 4).count().advances(), onlineAdvances, "online, n = " + n + ": " + o);
            assertTrue(trips <= 4 || onlineAdvances <= 2 * (Binomial.optimalAdvances(trips, 4) + 1));
        }
    }

    @Test
    void loopsInCheckpointedLoopsAndCheckpointedLoopsInCondsKeepWorking() {
        String src = "fn f(x: real[3], a: real) -> real {\n"
                + "  h = x;\n"
                + "  i = 0;\n"
                + "  @checkpoint(2)\n"
                + "  while (i < 9) {\n"
                + "    j = 0;\n"
                + "    @checkpoint(1)\n"
                + "    while (j < 3) { h = sin(h) * a + x; j = j + 1; }\n"
                + "    if (sum(h) > 0) { h = h * 0.5; } else { h = tanh(h) + a; }\n"
                + "    i = i + 1;\n"
                + "  }\n"
                + "  if (a > 0) { k = 0; @checkpoint(2) while (norm(h) < 40) { h = h * 1.3 + a; k = k + 1; } }\n"
                + "  return sum(h * h);\n"
                + "}\n";
        Object[] in = {new NDArray(new double[] {0.3, -0.2, 0.5}, new int[] {3}), NDArray.scalar(0.9)};
        for (GradientPass.Loops mode : GradientPass.Loops.values()) {
            Graph plain = Derivatives.gradient(Programs.compile(src.replaceAll("@checkpoint\\(\\d\\)", ""))
                    .function("f"), List.of("x", "a"), mode);
            Graph checked = Derivatives.gradient(Programs.compile(src).function("f"), List.of("x", "a"), mode);
            assertSameBits(Programs.run(plain, in), Programs.run(checked, in), mode.toString());
        }
        // and the gradient is right: central differences in a
        FunctionIr f = Programs.compile(src).function("f");
        double h = 1e-6;
        double up = ((NDArray) Programs.run(f.graph(), in[0], NDArray.scalar(0.9 + h))[0]).item();
        double down = ((NDArray) Programs.run(f.graph(), in[0], NDArray.scalar(0.9 - h))[0]).item();
        double da = ((NDArray) Programs.run(Derivatives.gradient(f, List.of("x", "a")), in)[2]).item();
        assertEquals((up - down) / (2 * h), da, 1e-6 * Math.max(1, Math.abs(da)));
    }

    @Test
    void theLoopsABuiltLoopBecomesSayWhatTheyAre() {
        Graph g = Derivatives.gradient(Programs.compile(RNN).function("f"), List.of("x", "a"));
        List<String> notes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof While w && w.checkpoint() != null) {
                notes.add(w.checkpoint().note());
            }
        }
        assertEquals(List.of("binomial schedule, at most 4 snapshots: first sweep",
                "binomial schedule, at most 4 snapshots: adjoint sweep"), notes);
    }
}
