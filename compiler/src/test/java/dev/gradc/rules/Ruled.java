package dev.gradc.rules;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One program with custom rules or extern calls, run in every engine on scalar arguments: the value of a function,
 * and the gradient of a scalar function (interpreter on the gradient graph, the tape, and the compiled class).
 */
final class Ruled {

    final SourceFile source;
    final ModuleIr module;

    Ruled(String text) {
        source = new SourceFile("rules.grad", text);
        module = Programs.compile(source);
    }

    double value(String fn, double... args) {
        return ((NDArray) Programs.run(module.function(fn).graph(), scalars(args))[0]).item();
    }

    /** ∂fn/∂(each real parameter) by the interpreter on the gradient graph. */
    double[] interpreterGradient(String fn, double... args) {
        FunctionIr f = module.function(fn);
        Graph g = Derivatives.gradient(f, f.realParams());
        Object[] r = Programs.run(g, scalars(args));
        double[] out = new double[r.length - 1];
        for (int i = 1; i < r.length; i++) {
            out[i - 1] = ((NDArray) r[i]).item();
        }
        return out;
    }

    /** A tape engine for this program. */
    TapeEngine tape() {
        return new TapeEngine(Parser.parse(source, new Diagnostics()), "rules.grad", 1_000_000, module);
    }

    /** ∂fn/∂(each parameter) on the tape. */
    double[] tapeGradient(String fn, double... args) {
        TapeEngine tape = new TapeEngine(Parser.parse(source, new Diagnostics()), "rules.grad", 1_000_000, module);
        List<Object> in = new ArrayList<>();
        for (double a : args) {
            in.add(Tensor.scalar(a).requiresGrad());
        }
        ((Tensor) tape.call(fn, Map.of(), in)).backward();
        double[] out = new double[args.length];
        for (int i = 0; i < out.length; i++) {
            Tensor g = ((Tensor) in.get(i)).grad();
            out[i] = g == null ? 0 : g.item();
        }
        return out;
    }

    /** ∂fn/∂(each real parameter) by the generated Java class. */
    double[] compiledGradient(String fn, double... args) {
        FunctionIr f = module.function(fn);
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(module, fn,
                new Request(Request.Kind.GRAD, f.realParams())));
        Object[] boxed = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            boxed[i] = args[i];
        }
        CompiledModule.Result r = c.grad(fn, boxed);
        double[] out = new double[f.realParams().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) r.parts().get(f.realParams().get(i));
        }
        return out;
    }

    static Object[] scalars(double... args) {
        Object[] in = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = NDArray.scalar(args[i]);
        }
        return in;
    }
}
