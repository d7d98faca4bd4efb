package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a gradient passes the kept-values budget and nothing checkpoints (a journaled loop whose inner loop's trip
 * count is a guess: {@link UnboundedInnerKeptBudgetTest}'s first three programs, at budgets of 50 and 100), the
 * interpreter and the compiled code stop with the same error: {@link KeptStateLimitException}, the same message,
 * naming the same loop ({@code where}). Before, where a push passed the budget (50), the interpreter named the push
 * (its statement's line and column inside the inner loop: {@code kept.grad:6:25}, {@code :5:25}, {@code :7:27})
 * and the compiled code the loop whose stack it was ({@code kept.grad:4}); where the journal's check of its stacks
 * together stopped it (100), both named loop 4. Now a stack is made naming the loop that fills it in both engines
 * ({@code ops.StackNew.filling}). The tape engine, which checkpoints any loop past half the budget as it runs, never
 * stops with that error (docs/language.md): at the same budgets it gives the interpreter's unbudgeted gradient.
 */
class KeptStateErrorsAgreeTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theInterpreterAndTheCompiledCodeNameTheSameLoopAndTheTapeCheckpoints(int program) {
        SourceFile source = new SourceFile("kept.grad", UnboundedInnerKeptBudgetTest.PROGRAMS[program]);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Graph grad = Derivatives.gradient(f, f.realParams());
        CompiledModule c = CompiledModule.load(m);
        for (int n : new int[] {1, 40}) {
            Object[] args = {new NDArray(Engines.X16.clone(), new int[] {16}), NDArray.scalar(0.7), n};
            Object[] roomy = new Interpreter(new EvalContext(Map.of()), 1_000_000).run(grad, args.clone());
            for (long budget : new long[] {50, 100}) {
                String at = "program " + program + ", n = " + n + ", budget " + budget;
                Interpreter small = new Interpreter(new EvalContext(Map.of(), budget), 1_000_000);
                KeptStateLimitException in = assertThrows(KeptStateLimitException.class,
                        () -> small.run(grad, args.clone()), at);
                c.setMaxKeptValues(budget);
                RuntimeException thrown = assertThrows(RuntimeException.class,
                        () -> c.grad("f", Engines.X16.clone(), 0.7, n), at);
                Throwable compiled = thrown;
                while (compiled.getCause() != null && !(compiled instanceof KeptStateLimitException)) {
                    compiled = compiled.getCause();
                }
                assertTrue(compiled instanceof KeptStateLimitException, at + ": " + thrown);
                assertEquals(compiled.getMessage(), in.getMessage(), at);
                assertEquals(((KeptStateLimitException) compiled).where(), in.where(), at);
                assertEquals("kept.grad:4", in.where(), at);
                TapeEngine tape = new TapeEngine(Parser.parse(source, new Diagnostics()), source.baseName(), 1_000_000,
                        m, budget);
                Runs.Result t = Runs.tape(tape, f, Map.of(), args.clone());
                double value = ((NDArray) roomy[0]).item();
                assertEquals(value, t.value().item(), 1e-12 * (1 + Math.abs(value)), at);
                double[] gx = ((NDArray) roomy[1]).data();
                double[] tx = t.derivatives().get("x").data();
                for (int i = 0; i < gx.length; i++) {
                    assertEquals(gx[i], tx[i], 1e-12 * (1 + Math.abs(gx[i])), at + ", d/dx[" + i + "]");
                }
            }
        }
    }
}
