package programs;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.IntND;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a program of {@code src/main/grad/programs} in the two engines besides the generated class: the
 * reference interpreter (the gradient pass's graph) and the define-by-run tape (the source walked on the
 * runtime's {@code Tensor}, then {@code backward()}). The generated class is the third engine; the tests compare
 * all three.
 */
final class OtherEngines {

    /** A value and the gradient with respect to every real parameter, flattened row-major. */
    record Answer(double value, Map<String, double[]> gradient) {
    }

    /** A real argument: its entries (row-major) and shape ({@code {}} for a scalar). */
    record Real(double[] data, int... shape) {
    }

    private final SourceFile source;
    private final ModuleIr module;

    OtherEngines(String file) {
        try {
            source = SourceFile.read(Path.of("src/main/grad/programs", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Diagnostics d = new Diagnostics();
        module = Gradc.frontEnd(source, null, d);
        if (module == null || d.hasErrors()) {
            throw new IllegalStateException(file + " does not compile: " + d);
        }
    }

    /**
     * Arguments are {@link Real}, {@link Integer} or {@code int[]} (an int vector), in parameter order;
     * {@code sizes} binds the size names.
     */
    Answer interpreter(String fn, Map<String, Integer> sizes, Object... args) {
        FunctionIr f = module.function(fn);
        List<String> wrt = f.realParams();
        Object[] in = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = args[i] instanceof Real r ? new NDArray(r.data().clone(), r.shape())
                    : args[i] instanceof int[] ints ? IntND.vector(ints.clone()) : args[i];
        }
        Object[] out = new Interpreter(new EvalContext(sizes), Interpreter.DEFAULT_MAX_ITERATIONS)
                .run(Derivatives.gradient(f, wrt), in);
        Map<String, double[]> g = new LinkedHashMap<>();
        for (int i = 0; i < wrt.size(); i++) {
            g.put(wrt.get(i), ((NDArray) out[1 + i]).data());
        }
        return new Answer(((NDArray) out[0]).item(), g);
    }

    /** The same on the tape: every real argument is a leaf that requires its gradient. */
    Answer tape(String fn, Map<String, Integer> sizes, Object... args) {
        FunctionIr f = module.function(fn);
        List<Object> in = new ArrayList<>();
        for (Object a : args) {
            in.add(a instanceof Real r ? Tensor.of(r.data().clone(), r.shape()).requiresGrad()
                    : a instanceof int[] ints ? IntND.vector(ints.clone()) : a);
        }
        TapeEngine tape = new TapeEngine(Parser.parse(source, new Diagnostics()), source.baseName(),
                Interpreter.DEFAULT_MAX_ITERATIONS);
        Tensor out = (Tensor) tape.call(fn, sizes, in);
        out.backward();
        Map<String, double[]> g = new LinkedHashMap<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            if (p.isReal()) {
                Tensor leaf = (Tensor) in.get(f.paramIndex(p.name()));
                Real arg = (Real) args[f.paramIndex(p.name())];
                g.put(p.name(), leaf.grad() == null ? new double[arg.data().length] : leaf.grad().data().clone());
            }
        }
        return new Answer(out.item(), g);
    }
}
