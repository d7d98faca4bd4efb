package dev.gradc.nested;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.TapeEngine;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gradient with respect to {@code v} of a random program's function {@code (x, y, v: real[3], M: real[2,3])}
 * in the other engines, and central differences of its value: the arguments are the interpreter's (NDArrays).
 */
final class VectorEngines {

    private VectorEngines() {
    }

    /** ∂fn/∂v on the tape. */
    static double[] tape(String source, ModuleIr m, String fn, Object[] args) {
        SourceFile file = new SourceFile("random.grad", source);
        TapeEngine tape = new TapeEngine(Parser.parse(file, new Diagnostics()), file.name(), 1_000_000, m);
        List<Object> in = new ArrayList<>();
        for (Object a : args) {
            NDArray n = (NDArray) a;
            in.add(Tensor.of(n.data().clone(), n.shape()));
        }
        in.set(2, ((Tensor) in.get(2)).requiresGrad());
        ((Tensor) tape.call(fn, Map.of(), in)).backward();
        return ((Tensor) in.get(2)).grad().data();
    }

    /** ∂fn/∂v by the generated Java class. */
    static double[] compiled(ModuleIr m, String fn, Object[] args) {
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, fn,
                new Request(Request.Kind.GRAD, m.function(fn).realParams())));
        Object[] java = {((NDArray) args[0]).item(), ((NDArray) args[1]).item(), ((NDArray) args[2]).data().clone(),
            ((NDArray) args[3]).data().clone()};
        return (double[]) c.grad(fn, java).parts().get("v");
    }

    /** Central differences of fn's value along each entry of v, step h. */
    static double[] central(ModuleIr m, String fn, Object[] args, double h) {
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            out[k] = (value(m, fn, args, k, h) - value(m, fn, args, k, -h)) / (2 * h);
        }
        return out;
    }

    private static double value(ModuleIr m, String fn, Object[] args, int k, double step) {
        Object[] moved = args.clone();
        double[] v = ((NDArray) args[2]).data().clone();
        v[k] += step;
        moved[2] = new NDArray(v, new int[] {3});
        return ((NDArray) Programs.run(m.function(fn).graph(), moved)[0]).item();
    }
}
