package dev.gradc.lower;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Type;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dimensions written as affine expressions of size names: simplified when compared, shown as written. */
class AffineSizesTest {

    @Test
    void shapesAreComparedAfterSimplification() {
        FunctionIr g = Programs.compile("fn g<N>(x: real[N + 1 - 1], y: real[N]) -> real[2*(N+1)-N-2] { return x + y; }")
                .function("g");
        assertEquals(Type.real(new dev.gradc.ir.Shape(java.util.List.of(new Dim.Named("N")))), g.output());
    }

    @Test
    void aParameterKeepsItsAffineDimension() {
        FunctionIr f = Programs.compile("fn f<N>(x: real[2*N+1]) -> real { return sum(x); }").function("f");
        assertEquals(Dim.affine(1, Map.of("N", 2L), null), ((Type.Real) f.params().get(0).type()).shape().dim(0));
    }

    @Test
    void mismatchedAffineShapesAreShownAsWritten() {
        assertErrors("fn h<N>(x: real[2 * N]) -> real[N] { return x; }",
                "1:28: function 'h' is declared to return real[N] but returns real[2*N]");
    }

    @Test
    void reportsAProductOfTwoSizeNames() {
        assertErrors("fn f<N, M>(x: real[N*M]) -> real { return sum(x); }",
                "1:20: dimension 'N*M' is not affine in the size names: a size may be multiplied only by an integer"
                        + " literal (like 2*N+1)");
    }

    @Test
    void reportsADivisionInADimension() {
        assertErrors("fn f<N>(x: real[N/2]) -> real { return sum(x); }",
                "1:17: dimension 'N/2' must be built of integer literals and size names with '+', '-' and '*' by a"
                        + " literal");
    }

    @Test
    void reportsAnUnknownSizeInsideAnAffineDimension() {
        assertErrors("fn f<N>(x: real[N+Q]) -> real { return sum(x); }",
                "1:19: unknown size name 'Q'; declare it as fn f<Q>(...)");
    }

    @Test
    void reportsADimensionThatSimplifiesToZero() {
        assertErrors("fn f<N>(x: real[N-N]) -> real { return sum(x); }",
                "1:17: dimension 'N-N' must be a positive integer or a size name");
    }

    @Test
    void aCallBindsTheCalleesSizeToAnAffineFormOfTheCallers() {
        FunctionIr f = Programs.compile("fn g<N>(a: real[N+1]) -> real[N] { return zeros(N) + sum(a); }\n"
                + "fn f<M>(x: real[M]) -> real[M-1] { return g(x); }").function("f");
        assertEquals(Dim.affine(-1, Map.of("M", 1L), null), ((Type.Real) f.output()).shape().dim(0));
    }

    @Test
    void aCallWhoseShapesFitNoSizeIsReported() {
        assertErrors("fn g<N>(a: real[2*N]) -> real { return sum(a); }\n"
                + "fn f(x: real[3]) -> real { return g(x); }",
                "2:37: argument 'a' of 'g' is real[3]; no size 'N' makes it real[2*N]");
    }
}
