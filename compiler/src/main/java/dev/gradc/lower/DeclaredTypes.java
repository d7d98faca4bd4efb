package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.syntax.Ast;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types that declarations name — parameters, results, the parameters of inlined callees — for the size
 * bindings of one {@link Lowering.Frame}, with the bound every array must respect.
 */
final class DeclaredTypes {

    /** The most elements a Java array holds (what the generated code and the engines allocate). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Diagnostics diagnostics;
    /** The types of declarations in functions without size names, by declaration (see {@link #of}). */
    private final Map<Ast.TypeRef, Type> fixed = new IdentityHashMap<>();

    DeclaredTypes(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * The type a declaration names for {@code frame}'s sizes; null after reporting why it is none. A function without
     * size names declares the same types at every call: those are made once (calls are inlined, so a callee's
     * parameter and return types are asked for at each of its calls).
     */
    Type of(Ast.TypeRef t, Lowering.Frame frame) {
        if (!frame.sizes().isEmpty()) {
            return typeFor(t, frame);
        }
        Type known = fixed.get(t);
        if (known == null) {
            known = typeFor(t, frame);
            if (known != null) {
                fixed.put(t, known);
            }
        }
        return known;
    }

    private Type typeFor(Ast.TypeRef t, Lowering.Frame frame) {
        switch (t.base()) {
            case "real" -> {
                Shape shape = shape(t, frame);
                return shape == null ? null : Type.real(shape);
            }
            case "int", "bool" -> {
                if (t.base().equals("int") && !t.dims().isEmpty()) {
                    Shape shape = shape(t, frame);
                    return shape == null ? null : new Type.IntArray(shape);
                }
                if (!t.dims().isEmpty()) {
                    diagnostics.error(t.span(), Messages.dimsOnScalarType(t.base()));
                    return null;
                }
                return t.base().equals("int") ? Type.INT : Type.BOOL;
            }
            default -> {
                diagnostics.error(t.span(), Messages.unknownType(t.base()));
                return null;
            }
        }
    }

    /** The shape of an array declaration for {@code frame}'s sizes; null after reporting why it is none. */
    private Shape shape(Ast.TypeRef t, Lowering.Frame frame) {
        List<Dim> dims = new ArrayList<>();
        for (Ast.Dim d : t.dims()) {
            Dim v = Dims.of(d, frame.sizes(), diagnostics);
            if (v == null) {
                return null;
            }
            dims.add(v);
        }
        Shape shape = new Shape(dims);
        return fitsInArray(shape, t.span(), diagnostics) ? shape : null;
    }

    /**
     * Whether the fixed dimensions of {@code shape} fit in one Java array; else reports it. Without this
     * bound, {@code real[65536, 65536]} would lower and only fail when an engine allocates it.
     */
    static boolean fitsInArray(Shape shape, Span at, Diagnostics diagnostics) {
        long n = 1;
        for (Dim d : shape.dims()) {
            if (d instanceof Dim.Fixed f) {
                n *= f.value(); // each factor is at most Integer.MAX_VALUE and n at most MAX_ELEMENTS: no overflow
                if (n > MAX_ELEMENTS) {
                    break;
                }
            }
        }
        if (n > MAX_ELEMENTS) {
            BigInteger all = BigInteger.ONE;
            for (Dim d : shape.dims()) {
                if (d instanceof Dim.Fixed f) {
                    all = all.multiply(BigInteger.valueOf(f.value()));
                }
            }
            diagnostics.error(at, Messages.arrayTooLarge(shape.toString(), all.toString()));
            return false;
        }
        return true;
    }
}
