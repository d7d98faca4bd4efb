package dev.gradc.lower;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A module's own function named like a builtin replaces the builtin in that module, in every engine; a call
 * before the function's definition is a positioned error (never silently the builtin).
 */
class BuiltinShadowingTest {

    /** For every builtin b: {@code fn b(x) = 3x + 1} and {@code fn f_b(x) = b(x) * x}, so f_b(2) = 14, f_b' = 13. */
    private static String everyBuiltinRedefined() {
        StringBuilder s = new StringBuilder("module edge.Shadow;\n");
        for (String b : dev.gradc.ops.Registry.functionNames()) {
            s.append("fn ").append(b).append("(x: real) -> real { return 3 * x + 1; }\n");
            s.append("@grad\nfn f_").append(b).append("(x: real) -> real { return ").append(b).append("(x) * x; }\n");
        }
        return s.toString();
    }

    @Test
    void everyBuiltinNameCanBeRedefinedAndTheUsersFunctionWinsInEveryEngine() {
        SourceFile source = new SourceFile("shadow.grad", everyBuiltinRedefined());
        ModuleIr m = Programs.compile(source);
        CompiledModule compiled = CompiledModule.load(m);
        for (String b : dev.gradc.ops.Registry.functionNames()) {
            FunctionIr f = m.function("f_" + b);
            Object[] args = {NDArray.scalar(2.0)};
            Runs.Result interpreted = Runs.interpreter(f, Map.of(), args, 1_000);
            Runs.Result taped = Runs.tape(source, f, Map.of(), args, 1_000);
            CompiledModule.Result c = compiled.grad("f_" + b, 2.0);
            assertEquals(14.0, interpreted.value().item(), b);
            assertEquals(13.0, interpreted.derivatives().get("x").item(), b);
            assertEquals(14.0, taped.value().item(), b);
            assertEquals(13.0, taped.derivatives().get("x").item(), b);
            assertEquals(14.0, (Double) c.value(), b);
            assertEquals(13.0, (Double) c.parts().get("x"), b);
        }
    }

    @Test
    void reluRedefinedAsLeakyReluIsWhatCallersGet() {
        SourceFile source = new SourceFile("leaky.grad", "fn relu(x: real) -> real { return max(x, 0.01 * x); }\n"
                + "fn f(x: real) -> real { return relu(x); }\n");
        ModuleIr m = Programs.compile(source);
        Object[] args = {NDArray.scalar(-1.0)};
        assertEquals(-0.01, Runs.interpreter(m.function("f"), Map.of(), args, 1_000).value().item());
        assertEquals(-0.01, Runs.tape(source, m.function("f"), Map.of(), args, 1_000).value().item());
        assertEquals(-0.01, (Double) CompiledModule.load(m).value("f", -1.0));
    }

    @Test
    void aBuiltinNameCalledBeforeTheFunctionThatTakesItIsAnError() {
        assertErrors("fn g(x: real) -> real { return relu(x); }\nfn relu(x: real) -> real { return x; }",
                "1:32: " + dev.gradc.diag.Messages.calledBeforeDefinition("relu"));
    }
}
