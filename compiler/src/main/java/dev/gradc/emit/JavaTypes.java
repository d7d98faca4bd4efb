package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.BooleanStack;
import dev.gradc.runtime.DoubleStack;
import dev.gradc.runtime.IntStack;
import dev.gradc.runtime.ObjectStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How IR types, shapes and constants are written in Java: {@code double}, flat {@code double[]}, sizes, literals. */
final class JavaTypes {

    static final TypeName DOUBLE_ARRAY = ArrayTypeName.of(TypeName.DOUBLE);
    static final TypeName DOUBLE_ARRAY_2D = ArrayTypeName.of(DOUBLE_ARRAY);
    static final TypeName BOOLEAN_ARRAY = ArrayTypeName.of(TypeName.BOOLEAN);
    static final TypeName INT_ARRAY = ArrayTypeName.of(TypeName.INT);

    private JavaTypes() {
    }

    /** The Java type of a value of IR type {@code t}. */
    static TypeName of(Type t) {
        if (t instanceof Type.Real r) {
            return r.isScalar() ? TypeName.DOUBLE : DOUBLE_ARRAY;
        }
        if (t instanceof Type.Int) {
            return TypeName.INT;
        }
        if (t instanceof Type.IntArray) {
            return INT_ARRAY;
        }
        if (t instanceof Type.Bool b) {
            return b.isScalar() ? TypeName.BOOLEAN : BOOLEAN_ARRAY;
        }
        if (t instanceof Type.Stack s) {
            return stack(s.element());
        }
        throw new IllegalStateException("no Java type for " + t);
    }

    /** The runtime stack that keeps values of type {@code element}: primitive stacks, no boxing. */
    static TypeName stack(Type element) {
        if (element instanceof Type.Real) {
            return ClassName.get(DoubleStack.class);
        }
        if (element instanceof Type.Int) {
            return ClassName.get(IntStack.class);
        }
        if (element instanceof Type.Bool b && b.isScalar()) {
            return ClassName.get(BooleanStack.class);
        }
        return ParameterizedTypeName.get(ClassName.get(ObjectStack.class), of(element));
    }

    /** True for real or bool values held as Java arrays (rank at least 1). */
    static boolean isArray(Type t) {
        return t instanceof Type.Real r && !r.isScalar() || t instanceof Type.Bool b && !b.isScalar();
    }

    static boolean isScalarReal(Type t) {
        return t instanceof Type.Real r && r.isScalar();
    }

    /** The shape of a real or bool value (scalar for anything else). */
    static Shape shape(Type t) {
        if (t instanceof Type.Real r) {
            return r.shape();
        }
        if (t instanceof Type.Bool b) {
            return b.shape();
        }
        return Shape.SCALAR;
    }

    /** The number of elements of {@code s} as a Java int expression: a literal when static. */
    static Expr size(Shape s, Map<String, String> sizeVars) {
        return product(s.dims(), sizeVars);
    }

    /** The product of some dimensions: known factors folded into one literal, size names as their variables. */
    /** Whether the product of dims is 1 whatever the sizes: every dimension is the number 1 (or there is none). */
    static boolean isOne(List<Dim> dims) {
        for (Dim d : dims) {
            if (!(d instanceof Dim.Fixed f) || f.value() != 1) {
                return false;
            }
        }
        return true;
    }

    static Expr product(List<Dim> dims, Map<String, String> sizeVars) {
        long literal = 1;
        List<Expr> factors = new ArrayList<>();
        for (Dim d : dims) {
            if (d instanceof Dim.Fixed f) {
                literal *= f.value();
            } else if (d instanceof Dim.Named n) {
                factors.add(Expr.atom(sizeVar(n.name(), sizeVars)));
            } else {
                factors.add(affine(d, sizeVars));
            }
        }
        if (factors.isEmpty()) {
            return Expr.atom(Long.toString(literal));
        }
        if (literal != 1) {
            factors.add(Expr.atom(Long.toString(literal)));
        }
        if (factors.size() == 1) {
            // callers splice a size into index arithmetic as text: an affine one goes in parentheses
            Expr f = factors.get(0);
            return f.prec() == Expr.ATOM ? f : Expr.atom("(" + f.text() + ")");
        }
        List<String> parts = new ArrayList<>();
        factors.forEach(f -> parts.add(f.textAt(Expr.MULTIPLICATIVE)));
        return new Expr(String.join(" * ", parts), Expr.MULTIPLICATIVE);
    }

    /** An affine dimension as Java int arithmetic: {@code 2 * N + M - 1}. */
    static Expr affine(Dim d, Map<String, String> sizeVars) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> t : d.terms().entrySet()) {
            long k = t.getValue();
            if (b.length() > 0 || k < 0) {
                b.append(k < 0 ? (b.length() > 0 ? " - " : "-") : " + ");
            }
            long m = Math.abs(k);
            b.append(m == 1 ? "" : m + " * ").append(sizeVar(t.getKey(), sizeVars));
        }
        if (d.constant() != 0) {
            b.append(d.constant() < 0 ? " - " : " + ").append(Math.abs(d.constant()));
        }
        return new Expr(b.toString(), d.terms().size() == 1 && d.constant() == 0 ? Expr.MULTIPLICATIVE : Expr.ADDITIVE);
    }

    static String sizeVar(String name, Map<String, String> sizeVars) {
        String v = sizeVars.get(name);
        if (v == null) {
            throw new IllegalStateException("size '" + name + "' is not bound");
        }
        return v;
    }

    /** A Java double literal that denotes exactly {@code v}. */
    static Expr literal(double v) {
        if (Double.isNaN(v)) {
            return Expr.atom(CodeBlock.of("$T.NaN", Double.class));
        }
        if (Double.isInfinite(v)) {
            return Expr.atom(CodeBlock.of(v > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class));
        }
        String s = Double.toString(v);
        return s.startsWith("-") ? new Expr(s, Expr.UNARY) : Expr.atom(s);
    }

    static Expr literal(int v) {
        String s = Integer.toString(v);
        return v < 0 ? new Expr(s, Expr.UNARY) : Expr.atom(s);
    }

    /** The declared shape for messages, like {@code [B,4]}. */
    static String shapeText(Shape s) {
        return s.toString();
    }
}
