package dev.gradc.ir;

import java.util.List;
import java.util.stream.Collectors;

/** The static type of an IR value. */
public sealed interface Type permits Type.Real, Type.Int, Type.IntArray, Type.Bool, Type.Stack, Type.Tuple {

    Type INT = new Int();
    Bool BOOL = new Bool(Shape.SCALAR);
    Real SCALAR = new Real(Shape.SCALAR);

    static Real real(Shape shape) {
        return new Real(shape);
    }

    /** 64-bit floating point, scalar or array. */
    record Real(Shape shape) implements Type {
        public boolean isScalar() {
            return shape.isScalar();
        }

        @Override
        public String toString() {
            return shape.isScalar() ? "real" : "real" + shape;
        }
    }

    /** An integer scalar, never differentiated. */
    record Int() implements Type {
        @Override
        public String toString() {
            return "int";
        }
    }

    /** An array of ints (indices for a gather, say), rank 1 or more; never differentiated. */
    record IntArray(Shape shape) implements Type {
        public IntArray {
            if (shape.isScalar()) {
                throw new IllegalArgumentException("an int array has rank 1 or more; a scalar is Type.INT");
            }
        }

        @Override
        public String toString() {
            return "int" + shape;
        }
    }

    /** A truth value (scalar) or a mask of them, shaped like an array. */
    record Bool(Shape shape) implements Type {
        public boolean isScalar() {
            return shape.isScalar();
        }

        @Override
        public String toString() {
            return shape.isScalar() ? "bool" : "bool" + shape;
        }
    }

    /** A stack of values kept by a forward loop for its adjoint loop. */
    record Stack(Type element) implements Type {
        @Override
        public String toString() {
            return "stack<" + element + ">";
        }
    }

    /** The several results of a region node, taken apart by {@code proj}. */
    record Tuple(List<Type> parts) implements Type {
        public Tuple {
            parts = List.copyOf(parts);
        }

        @Override
        public String toString() {
            return parts.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
        }
    }
}
