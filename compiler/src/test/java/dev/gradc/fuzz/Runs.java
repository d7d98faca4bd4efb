package dev.gradc.fuzz;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one function in each engine on the same arguments and gives its value and the derivative with respect
 * to every real parameter: the gradient for a scalar output, else the vector-Jacobian product with a seed of
 * ones. Arguments are as the interpreter holds them: {@link NDArray}, {@link Integer}, {@link Boolean}.
 */
public final class Runs {

    private Runs() {
    }

    /** A value and one derivative per real parameter, in declaration order (null when the output is not real). */
    public record Result(NDArray value, Map<String, NDArray> derivatives) {
    }

    /** The static gradient (or vjp) graph of the gradient pass, run by the reference interpreter. */
    public static Result interpreter(FunctionIr f, Map<String, Integer> sizes, Object[] args, long maxIterations) {
        return interpreter(f, sizes, args, maxIterations, new EvalContext(sizes).maxKeptValues());
    }

    /** As {@link #interpreter(FunctionIr, Map, Object[], long)}, its loops keeping at most {@code maxKeptValues}. */
    public static Result interpreter(FunctionIr f, Map<String, Integer> sizes, Object[] args, long maxIterations,
                                     long maxKeptValues) {
        Interpreter in = new Interpreter(new EvalContext(sizes, maxKeptValues), maxIterations);
        if (!(f.output() instanceof Type.Real out)) {
            Object v = in.run(f.graph(), args)[0];
            return new Result(v instanceof NDArray a ? a : null, Map.of());
        }
        List<String> wrt = f.realParams();
        Object[] results;
        if (out.isScalar()) {
            results = in.run(Derivatives.gradient(f, wrt), args);
        } else {
            Graph g = Derivatives.vjp(f, wrt);
            Object[] withSeed = Arrays.copyOf(args, args.length + 1);
            withSeed[args.length] = NDArray.filled(1.0, out.shape().resolve(sizes));
            results = in.run(g, withSeed);
        }
        Map<String, NDArray> d = new LinkedHashMap<>();
        for (int i = 0; i < wrt.size(); i++) {
            NDArray param = (NDArray) args[f.paramIndex(wrt.get(i))];
            NDArray a = (NDArray) results[1 + i];
            d.put(wrt.get(i), a.isScalar() && !param.isScalar() ? NDArray.filled(a.item(), param.shape()) : a);
        }
        return new Result((NDArray) results[0], d);
    }

    /** The define-by-run tape: the program's AST walked on the runtime's tape, then backward. */
    public static Result tape(SourceFile source, FunctionIr f, Map<String, Integer> sizes, Object[] args,
                              long maxIterations) {
        return tape(source, null, f, sizes, args, maxIterations);
    }

    /** As above, with the lowered module, which derivatives inside the program ({@code hvp(f, x)(...)}) need. */
    public static Result tape(SourceFile source, dev.gradc.lower.ModuleIr lowered, FunctionIr f, Map<String, Integer> sizes,
                              Object[] args, long maxIterations) {
        Ast.Module module = Parser.parse(source, new Diagnostics());
        return tape(new TapeEngine(module, source.baseName(), maxIterations, lowered), f, sizes, args);
    }

    /** As {@link #tape(SourceFile, FunctionIr, Map, Object[], long)} on an engine made once (for many calls). */
    public static Result tape(TapeEngine engine, FunctionIr f, Map<String, Integer> sizes, Object[] args) {
        List<Object> in = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof NDArray n) {
                in.add(Tensor.of(n.data().clone(), n.shape().clone()).requiresGrad());
            } else {
                in.add(a);
            }
        }
        Object out = engine.call(f.name(), sizes, in);
        if (out instanceof Integer i && f.output() instanceof Type.Real) {
            out = Tensor.scalar(i); // a real result that is an int literal no input reached, read as the command line does
        }
        if (!(out instanceof Tensor t)) {
            return new Result(out instanceof Integer i ? NDArray.scalar(i) : null, Map.of());
        }
        if (t.needsGrad()) {
            if (t.rank() == 0) {
                t.backward();
            } else {
                t.backward(Tensor.ones(t.shape()));
            }
        }
        Map<String, NDArray> d = new LinkedHashMap<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            if (p.isReal()) {
                Tensor leaf = (Tensor) in.get(f.paramIndex(p.name()));
                NDArray arg = (NDArray) args[f.paramIndex(p.name())];
                d.put(p.name(), leaf.grad() == null ? NDArray.filled(0.0, arg.shape())
                        : new NDArray(leaf.grad().data().clone(), leaf.grad().shape().clone()));
            }
        }
        return new Result(new NDArray(t.data().clone(), t.shape().clone()), d);
    }
}
