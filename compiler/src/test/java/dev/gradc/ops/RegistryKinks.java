package dev.gradc.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.TapeEngine;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A registry entry's documented derivative at a kink, in the interpreter, the compiled class and the tape. */
final class RegistryKinks {

    private RegistryKinks() {
    }

    static void check(Builtin entry, Builtin.Kink kink) {
        int n = kink.at().length;
        List<String> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            params.add("p" + k + ": real");
            names.add("p" + k);
        }
        String call = entry.kind() == Builtin.Kind.OPERATOR ? "p0 " + entry.name() + " p1"
                : entry.name() + "(" + String.join(", ", names) + ")";
        SourceFile source = new SourceFile("kink.grad", "module reg.Kink;\n@grad\nfn k(" + String.join(", ", params)
                + ") -> real {\n  return " + call + ";\n}\n");
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("k");
        Object[] nd = new Object[n];
        Object[] plain = new Object[n];
        List<Object> tapeArgs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            nd[k] = NDArray.scalar(kink.at()[k]);
            plain[k] = kink.at()[k];
            tapeArgs.add(Tensor.scalar(kink.at()[k]).requiresGrad());
        }
        Object[] interpreted = RegistryTest.interpreter().run(Derivatives.gradient(f, f.realParams()), nd);
        CompiledModule.Result compiled = CompiledModule.load(m).grad("k", plain);
        Tensor out = (Tensor) new TapeEngine(Parser.parse(source, new Diagnostics()), "kink", 1000)
                .call("k", Map.of(), tapeArgs);
        out.backward();
        for (int k = 0; k < n; k++) {
            String where = "registry entry '" + entry.name() + "' at " + java.util.Arrays.toString(kink.at())
                    + ": derivative in p" + k;
            double expected = kink.derivatives()[k];
            assertEquals(expected, ((NDArray) interpreted[1 + k]).item(), 0.0, where + " (interpreter)");
            assertEquals(expected, ((Number) compiled.parts().get("p" + k)).doubleValue(), 0.0, where + " (compiled)");
            Tensor g = ((Tensor) tapeArgs.get(k)).grad();
            assertEquals(expected, g == null ? 0.0 : g.item(), 0.0, where + " (tape)");
        }
    }
}
