package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.diag.Diagnostics;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The iteration limit and the bound on kept reverse-mode state, in every engine: clear errors naming the loop. */
class LimitsTest {

    /** A loop that never ends on line 4 (x stays >= 0 for x >= 0; the tape and the graph alike). */
    private static final String FOREVER = "module edge.Forever;\n"
            + "fn f(x: real) -> real {\n"
            + "  y = x;\n"
            + "  while (y >= 0) {\n"
            + "    y = y + 1;\n"
            + "  }\n"
            + "  return y;\n"
            + "}\n";

    /**
     * A loop of a million iterations on line 4 whose gradient, with an adjoint loop, keeps one value per
     * iteration (by default its two scalar inputs make it a forward-mode loop that keeps nothing).
     */
    private static final String LONG = "fn f(x: real) -> real {\n"
            + "  y = x;\n"
            + "  i = 0;\n"
            + "  while (i < 1000000) {\n"
            + "    y = sin(y) * x;\n"
            + "    i = i + 1;\n"
            + "  }\n"
            + "  return y;\n"
            + "}\n";

    private static final SourceFile FOREVER_FILE = new SourceFile("forever.grad", FOREVER);

    private static void namesTheLoop(RuntimeException e, long limit) {
        assertTrue(e.getMessage().contains("forever.grad:4"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(limit)), e.getMessage());
    }

    @Test
    void interpreterStopsAnEndlessLoopAtTheLimitNamingItsLine() {
        FunctionIr f = Programs.compile(FOREVER_FILE).function("f");
        IterationLimitException e = assertThrows(IterationLimitException.class,
                () -> new Interpreter(new EvalContext(Map.of()), 5_000).run(f.graph(), new Object[] {NDArray.scalar(1)}));
        namesTheLoop(e, 5_000);
        assertEquals("forever.grad:4", e.where());
    }

    @Test
    void interpreterStopsTheGradientOfAnEndlessLoop() {
        FunctionIr f = Programs.compile(FOREVER_FILE).function("f");
        IterationLimitException e = assertThrows(IterationLimitException.class,
                () -> Runs.interpreter(f, Map.of(), new Object[] {NDArray.scalar(1)}, 5_000));
        namesTheLoop(e, 5_000);
    }

    @Test
    void tapeStopsAnEndlessLoopAtTheLimitNamingItsLine() {
        TapeEngine tape = new TapeEngine(Parser.parse(FOREVER_FILE, new Diagnostics()), "forever.grad", 5_000);
        IterationLimitException e = assertThrows(IterationLimitException.class,
                () -> tape.call("f", Map.of(), List.of(Tensor.scalar(1).requiresGrad())));
        namesTheLoop(e, 5_000);
    }

    @Test
    void compiledCodeStopsAnEndlessLoopAtTheLimitNamingItsLine() {
        ModuleIr m = Programs.compile(FOREVER_FILE);
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new Request(Request.Kind.GRAD, List.of("x"))));
        c.setMaxIterations(5_000);
        namesTheLoop(assertThrows(IterationLimitException.class, () -> c.value("f", 1.0)), 5_000);
        namesTheLoop(assertThrows(IterationLimitException.class, () -> c.grad("f", 1.0)), 5_000);
    }

    @Test
    void aLimitOfZeroStopsTheFirstIterationInEveryEngine() {
        FunctionIr f = Programs.compile(FOREVER_FILE).function("f");
        assertThrows(IterationLimitException.class,
                () -> new Interpreter(new EvalContext(Map.of()), 0).run(f.graph(), new Object[] {NDArray.scalar(1)}));
        TapeEngine tape = new TapeEngine(Parser.parse(FOREVER_FILE, new Diagnostics()), "forever.grad", 0);
        assertThrows(IterationLimitException.class, () -> tape.call("f", Map.of(), List.of(Tensor.scalar(1))));
    }

    @Test
    void aLoopThatStopsInTimeIsNotCutShort() {
        FunctionIr f = Programs.compile(LONG).function("f");
        double v = ((NDArray) new Interpreter(new EvalContext(Map.of()), 1_000_000)
                .run(f.graph(), new Object[] {NDArray.scalar(0.5)})[0]).item();
        assertTrue(Double.isFinite(v));
    }

    @Test
    void interpreterReportsKeptStateBeyondItsBoundInsteadOfRunningOutOfMemory() {
        FunctionIr f = Programs.compile(LONG).function("f");
        Interpreter small = new Interpreter(new EvalContext(Map.of(), 10_000), Interpreter.DEFAULT_MAX_ITERATIONS);
        KeptStateLimitException e = assertThrows(KeptStateLimitException.class,
                () -> small.run(Derivatives.gradient(f, List.of("x"), GradientPass.Loops.REVERSE_KEEP_ALL),
                        new Object[] {NDArray.scalar(0.5)}));
        assertTrue(e.getMessage().contains("10000"), e.getMessage());
        assertEquals(10_000, e.limit());
    }

    @Test
    void interpreterKeepsStateWithinItsBound() {
        FunctionIr f = Programs.compile(LONG.replace("1000000", "1000")).function("f");
        Interpreter enough = new Interpreter(new EvalContext(Map.of(), 10_000), Interpreter.DEFAULT_MAX_ITERATIONS);
        Object[] r = enough.run(Derivatives.gradient(f, List.of("x"), GradientPass.Loops.REVERSE),
                new Object[] {NDArray.scalar(0.5)});
        assertTrue(Double.isFinite(((NDArray) r[1]).item()));
    }
}
