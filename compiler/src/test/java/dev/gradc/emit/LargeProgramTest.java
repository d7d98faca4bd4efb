package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A program of 50,000 nodes as written (35,000 once equal nodes are shared while lowering) compiles to Java
 * that javac accepts (split under the 64 KB method limit) and runs.
 */
class LargeProgramTest {

    /** About 8 nodes a statement, mixing scalars, a vector and a branch-free chain, each value used later. */
    static String program(int statements) {
        StringBuilder s = new StringBuilder("module demo.Large;\n@grad(x)\nfn f(x: real, v: real[4]) -> real {\n");
        s.append("  a0 = x;\n  w0 = v;\n");
        for (int i = 1; i <= statements; i++) {
            if (i % 50 == 0) {
                s.append("  w").append(i).append(" = tanh(w").append(i - 50).append(" * a").append(i - 1)
                        .append(") + 0.5;\n");
                s.append("  a").append(i).append(" = a").append(i - 1).append(" * 0.5 + sum(w").append(i)
                        .append(") * 0.001;\n");
            } else {
                s.append("  a").append(i).append(" = sin(a").append(i - 1).append(") * 0.5 + a")
                        .append(Math.max(0, i - 7)).append(" * 0.25 + ").append(i % 13).append(";\n");
            }
        }
        s.append("  return a").append(statements).append(" + sum(w").append(statements - statements % 50)
                .append(");\n}\n");
        return s.toString();
    }

    @Test
    void fiftyThousandNodesCompileAndRun() {
        ModuleIr m = Programs.compile(program(7000));
        FunctionIr f = m.function("f");
        assertTrue(f.graph().totalSize() >= 35_000, "only " + f.graph().totalSize() + " nodes");
        EmittedModule e = JavaEmitter.emit(m);
        assertTrue(e.source().contains("private static void fPart0("), "not split into parts");
        CompiledModule c = CompiledModule.load(e);
        double[] v = {0.1, -0.2, 0.3, 0.4};
        Object want = new Interpreter(new EvalContext(Map.of()), Interpreter.DEFAULT_MAX_ITERATIONS)
                .run(f.graph(), new Object[] {NDArray.scalar(0.7), new NDArray(v, new int[] {4})})[0];
        Fixtures.assertClose(want, c.value("f", 0.7, v), "value");
        Object wantGrad = new Interpreter(new EvalContext(Map.of()), Interpreter.DEFAULT_MAX_ITERATIONS)
                .run(dev.gradc.passes.Derivatives.gradient(f, java.util.List.of("x")),
                        new Object[] {NDArray.scalar(0.7), new NDArray(v, new int[] {4})})[1];
        Fixtures.assertClose(wantGrad, c.grad("f", 0.7, v).parts().get("x"), "gradient");
    }
}
