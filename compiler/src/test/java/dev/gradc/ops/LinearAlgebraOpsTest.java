package dev.gradc.ops;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * The structural linear-algebra builtins beyond the registry test's random cases: their shapes with size
 * names, the interpreter's values of a composite (the derivatives in every engine are the registry test's),
 * and the positioned compile-time errors for wrong shapes.
 */
class LinearAlgebraOpsTest {

    @Test
    void traceOfAnOuterProductIsTheDotProduct() {
        ModuleIr m = Programs.compile("fn f<N>(a: real[N], b: real[N]) -> real { return trace(outer(a, b)); }");
        Object[] out = Programs.run(m.function("f").graph(),
                new NDArray(new double[] {1, 2, 3}, new int[] {3}), new NDArray(new double[] {4, -5, 6}, new int[] {3}));
        assertEquals(1 * 4 - 2 * 5 + 3 * 6, ((NDArray) out[0]).item(), 0);
    }

    @Test
    void diagOfTheDiagonalKeepsOnlyTheDiagonal() {
        ModuleIr m = Programs.compile("fn f<N>(a: real[N,N]) -> real[N,N] { return diag(diagonal(a)) + tril(a) - triu(a); }");
        Object[] out = Programs.run(m.function("f").graph(), new NDArray(new double[] {1, 2, 3, 4}, new int[] {2, 2}));
        // diag(diagonal) = [[1,0],[0,4]]; tril − triu = [[0,−2],[3,0]]
        assertArrayEquals(new double[] {1, -2, 3, 4}, ((NDArray) out[0]).data());
    }

    @Test
    void reportsWrongShapesWithTheirPosition() {
        assertErrors("fn f(a: real[2,3]) -> real { return sum(diag(a)); }",
                "1:41: diag expects a vector, got real[2,3]");
        assertErrors("fn f(a: real[3]) -> real[3] { return tril(a); }",
                "1:38: tril expects a matrix, got real[3]");
        assertErrors("fn f<N, M>(a: real[N,M]) -> real { return trace(a); }",
                "1:43: diagonal of a [N,M] matrix: its length min(N, M) is not known at compile time;"
                        + " make the matrix square or its sizes numbers");
        assertErrors("fn f(a: real[2,2], b: real[2]) -> real[2,2] { return outer(a, b); }",
                "1:54: outer expects two vectors, got [2,2] and [2]");
    }

    @Test
    void reportsNonSquareMatricesAndMismatchedRightHandSides() {
        assertErrors("fn f(a: real[2,3]) -> real[2,3] { return cholesky(a); }",
                "1:42: cholesky expects a square matrix, got real[2,3]");
        assertErrors("fn f<N, M>(a: real[N,M]) -> real { return logdet(a); }",
                "1:43: logdet expects a square matrix, got real[N,M]");
        assertErrors("fn f(a: real[3,3], b: real[2]) -> real[2] { return solve(a, b); }",
                "1:52: solve of a [3,3] matrix needs a right-hand side of shape [3] or [3,M], got real[2]");
        assertErrors("fn f(l: real[3,3], b: real[4,2]) -> real[4,2] { return trisolve(transpose(l), b); }",
                "1:56: trisolve of a [3,3] matrix needs a right-hand side of shape [3] or [3,M], got real[4,2]");
    }
}
