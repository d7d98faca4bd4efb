package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.SizeSolver;
import dev.gradc.ir.Type;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds the size names of an inlined function from the shapes of the arguments of one call. */
final class CallSizes {

    private CallSizes() {
    }

    /**
     * Binds the callee's size names from the shapes of the arguments (solving affine dimensions such as
     * {@code N+1}); reports a name bound to two different sizes. Null after an error.
     */
    static Map<String, Dim> bind(Ast.Function callee, List<Integer> args, Scope s, Ast.Call c, Expressions x) {
        if (callee.sizes().isEmpty()) {
            return Map.of(); // no name to bind: the arguments' types are compared with the parameters' after this
        }
        Map<String, Dim> own = new LinkedHashMap<>();
        callee.sizes().forEach(sp -> own.put(sp.name(), new Dim.Named(sp.name())));
        List<SizeSolver.Equation> equations = new ArrayList<>();
        List<Integer> argOf = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            List<Ast.Dim> dims = callee.params().get(k).type().dims();
            Type t = s.g.type(args.get(k));
            Shape actual = shape(t);
            if (actual == null || dims.size() != actual.rank()) {
                continue; // reported by the type comparison that follows
            }
            for (int i = 0; i < dims.size(); i++) {
                Dim declared = Dims.of(dims.get(i), own, new Diagnostics());
                if (declared != null) {
                    equations.add(new SizeSolver.Equation(declared, actual.dim(i)));
                    argOf.add(k);
                }
            }
        }
        Map<String, Dim> sizes = SizeSolver.solve(equations, own.keySet(), Map.of());
        for (int e = 0; e < equations.size(); e++) {
            SizeSolver.Equation eq = equations.get(e);
            if (eq.declared() instanceof Dim.Named n && sizes.containsKey(n.name())
                    && !sizes.get(n.name()).equals(eq.actual())) {
                x.error(c.args().get(argOf.get(e)).span(), Messages.sizeMismatch(n.name(), sizes.get(n.name()),
                        eq.actual()));
                return null;
            }
        }
        for (int e = 0; e < equations.size(); e++) {
            Dim d = equations.get(e).declared();
            for (String n : d.terms().keySet()) {
                if (!sizes.containsKey(n)) {
                    int k = argOf.get(e);
                    Ast.Param p = callee.params().get(k);
                    x.error(c.args().get(k).span(), Messages.noSizeFits(callee.name(), p.name(),
                            x.lowering.types.of(p.type(), new Lowering.Frame(callee, own)), s.g.type(args.get(k)), n));
                    return null;
                }
            }
        }
        for (Ast.SizeParam sp : callee.sizes()) {
            sizes.putIfAbsent(sp.name(), new Dim.Named(sp.name()));
        }
        return sizes;
    }

    /** The shape of an argument that carries sizes (a real, int or bool array; a scalar has rank 0); else null. */
    private static Shape shape(Type t) {
        if (t instanceof Type.Real r) {
            return r.shape();
        }
        if (t instanceof Type.IntArray a) {
            return a.shape();
        }
        return t instanceof Type.Bool b ? b.shape() : null;
    }
}
