package dev.gradc.testing;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scalar program run in every engine: the value of a function, and the gradient of a scalar function
 * (interpreter on the gradient graph, the tape, and the compiled class). Used by the tests of derivatives inside
 * programs and of custom rules and extern calls.
 */
public final class ScalarProgram {

    public final SourceFile source;
    public final ModuleIr module;

    /** The module in {@code text}, named {@code fileName} in its diagnostics. */
    public ScalarProgram(String fileName, String text) {
        source = new SourceFile(fileName, text);
        module = Programs.compile(source);
    }

    public double value(String fn, double... args) {
        return ((NDArray) Programs.run(module.function(fn).graph(), scalars(args))[0]).item();
    }

    /** ∂fn/∂(each real parameter) by the interpreter on the gradient graph. */
    public double[] interpreterGradient(String fn, double... args) {
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
    public TapeEngine tape() {
        return new TapeEngine(Parser.parse(source, new Diagnostics()), source.name(), 1_000_000, module);
    }

    /** ∂fn/∂(each parameter) on the tape. */
    public double[] tapeGradient(String fn, double... args) {
        TapeEngine tape = tape();
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
    public double[] compiledGradient(String fn, double... args) {
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

    public static Object[] scalars(double... args) {
        Object[] in = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = NDArray.scalar(args[i]);
        }
        return in;
    }
}
