package dev.gradc.emit;

import dev.gradc.ir.Dim;
import java.util.ArrayList;
import java.util.List;

/**
 * The product of some dimensions as a value: the product of the known ones and, in order, the others. Two
 * widths are equal when their Java products ({@link JavaTypes#product}) are the same expression, so the
 * element code compares widths, not the text of generated code.
 *
 * @param literal the product of the fixed dimensions
 * @param symbolic the dimensions that are size names or affine in them, in order
 */
record Width(long literal, List<Dim> symbolic) {

    Width {
        symbolic = List.copyOf(symbolic);
    }

    static Width of(List<Dim> dims) {
        long literal = 1;
        List<Dim> symbolic = new ArrayList<>();
        for (Dim d : dims) {
            if (d instanceof Dim.Fixed f) {
                literal *= f.value();
            } else {
                symbolic.add(d);
            }
        }
        return new Width(literal, symbolic);
    }
}
