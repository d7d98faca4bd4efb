package dev.gradc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DimTest {

    private static final Dim N = new Dim.Named("N");
    private static final Dim M = new Dim.Named("M");

    @Test
    void addingAndSubtractingTheSameLiteralGivesTheName() {
        Dim d = Dim.plus(Dim.plus(N, 1, Dim.of(1)), -1, Dim.of(1));
        assertEquals(N, d);
    }

    @Test
    void equalAffineFormsAreEqualWhateverTheirText() {
        Dim a = Dim.affine(2, Map.of("N", 2L), "2*(N+1)");
        Dim b = Dim.affine(2, Map.of("N", 2L), "2*N+2");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("2*(N+1)", a.toString());
        assertNotEquals(Dim.affine(1, Map.of("N", 2L), null), a);
    }

    @Test
    void namesThatCancelLeaveANumber() {
        assertEquals(Dim.of(3), Dim.plus(Dim.plus(N, 1, Dim.of(3)), -1, N));
    }

    @Test
    void canonicalTextOrdersNamesAndShowsSigns() {
        assertEquals("-M+2*N-1", Dim.affine(-1, Map.of("N", 2L, "M", -1L), null).toString());
    }

    @Test
    void substitutionReplacesNamesByDimensions() {
        Dim d = Dim.affine(1, Map.of("N", 2L), null);
        assertEquals(Dim.affine(-1, Map.of("M", 2L), null), Dim.substitute(d, Map.of("N", Dim.plus(M, -1, Dim.of(1)))));
    }

    @Test
    void resolvingANegativeDimensionNamesItAndItsSizes() {
        Dim d = Dim.affine(-1, Map.of("N", 1L), "N-1");
        assertEquals(4, d.resolve(Map.of("N", 5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.resolve(Map.of("N", 0)));
        assertEquals("dimension 'N-1' is -1 with N=0; it must be >= 0", e.getMessage());
    }

    @Test
    void solverFindsASizeFromAnAffineDimension() {
        Dim twoNPlusOne = Dim.affine(1, Map.of("N", 2L), null);
        Map<String, Dim> s = SizeSolver.solve(List.of(new SizeSolver.Equation(twoNPlusOne, Dim.of(7))), Set.of("N"),
                Map.of());
        assertEquals(Map.of("N", Dim.of(3)), s);
    }

    @Test
    void solverLeavesASizeUnboundWhenTheDivisionIsNotExact() {
        Dim twoN = Dim.affine(0, Map.of("N", 2L), null);
        assertEquals(Map.of(), SizeSolver.solve(List.of(new SizeSolver.Equation(twoN, Dim.of(7))), Set.of("N"),
                Map.of()));
    }

    @Test
    void solverChainsBindingsAcrossEquationsInAnyOrder() {
        Dim nPlusM = Dim.affine(0, Map.of("N", 1L, "M", 1L), null);
        Map<String, Dim> s = SizeSolver.solve(List.of(new SizeSolver.Equation(nPlusM, Dim.of(5)),
                new SizeSolver.Equation(M, Dim.of(2))), Set.of("N", "M"), Map.of());
        assertEquals(Map.of("M", Dim.of(2), "N", Dim.of(3)), s);
    }

    @Test
    void solverBindsACalleeSizeToAnAffineFormOfTheCallersSizes() {
        Dim nPlusOne = Dim.affine(1, Map.of("N", 1L), null);
        Map<String, Dim> s = SizeSolver.solve(List.of(new SizeSolver.Equation(nPlusOne, new Dim.Named("K"))),
                Set.of("N"), Map.of());
        assertEquals(Map.of("N", Dim.affine(-1, Map.of("K", 1L), null)), s);
    }
}
