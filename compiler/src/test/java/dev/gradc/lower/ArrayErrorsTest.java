package dev.gradc.lower;

import static dev.gradc.diag.BadInput.assertErrors;

import org.junit.jupiter.api.Test;

/**
 * Bad uses of arrays, int arrays, gathers and the array-building functions: each is one positioned
 * diagnostic that says what was expected, never a cascade of follow-on errors.
 */
class ArrayErrorsTest {

    @Test
    void reportsAnUpdateOfAnIndexOfAScalar() {
        assertErrors("fn f(x: real) -> real {\n  s = x;\n  s[0] = 1;\n  return s;\n}",
                "3:3: cannot assign to an index of 's': it is real, not an array");
    }

    @Test
    void reportsAPartRowUpdateOfAnIntArray() {
        assertErrors("fn f(x: real[3], m: int[3, 2]) -> real {\n  n = m;\n  n[1, 0:1] = 1;\n  return x[n[0, 0]];\n}",
                "3:8: this update of an int array is not supported: write idx[k], m[i, j], a row m[i] (or m[i, :]),"
                        + " rows idx[a:b] (m[a:b], m[a:b, :]) or a column m[:, j]");
    }

    @Test
    void reportsAPartColumnSliceOfAnIntArray() {
        assertErrors("fn f(x: real[3], m: int[3, 2]) -> real {\n  k = m[0:2, 1];\n  return x[k[0]];\n}",
                "2:9: this slice of an int array is not supported: an int array is sliced along its first axis"
                        + " (idx[a:b], m[a:b], m[a:b, :]) or by whole columns (m[:, j])");
    }

    @Test
    void reportsARealWrittenIntoAnIntArrayAndAWrongLength() {
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  j = idx;\n  j[0] += x[0];\n  return x[j[0]];\n}",
                "3:11: the value assigned into the int array 'j' is real but the entries it replaces are int (an int"
                        + " fills them all; reals are never rounded to ints)");
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  j = idx;\n  j[0:2] = [1, 2, 3];\n  return x[j[0]];\n}",
                "3:12: the value assigned into the int array 'j' is int[3] but the entries it replaces are int[2] (an"
                        + " int fills them all; reals are never rounded to ints)");
    }

    @Test
    void reportsAnIntArrayConcatenatedWithRealsAndAnIntReductionWithAnAxis() {
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  k = concat(idx, x);\n  return sum(x[k]);\n}",
                "2:19: concat of an int array takes only int arrays, got real[3] (int arrays are never promoted to"
                        + " reals)");
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  return sum(idx, 0) * x[0];\n}",
                "2:10: sum of an int array reduces the whole array: it takes no axis");
    }

    @Test
    void reportsASliceWhoseLengthIsNotStaticNamingTheBound() {
        assertErrors("fn f(x: real[5], i: int, j: int) -> real {\n  return sum(x[i:j]);\n}",
                "2:16: the length of slice 'i:j' is not known at compile time: its bounds depend on 'i', 'j',"
                        + " which is no size name; write the end as the start plus a literal or an affine expression of"
                        + " size names (x[i:i+3], x[1:N])");
    }

    @Test
    void reportsAFloatIndex() {
        assertErrors("fn f(x: real[5]) -> real {\n  i = 2.0;\n  return x[i];\n}",
                "3:12: an index must be an int, got real (a real is never rounded to an int)");
    }

    @Test
    void reportsAnIntArrayWhereARealIsNeeded() {
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  return sum(x + idx);\n}",
                "2:16: '+' of real[3] and int[3]: an int array goes only with ints (int arrays hold indices;"
                        + " they are never promoted to reals)");
    }

    @Test
    void reportsAnIntArrayPassedToARealFunction() {
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  return sum(sin(idx));\n}",
                "2:18: sin expects a real, got int[3] (an int array holds indices: gather with it, x[idx], it"
                        + " is never promoted to reals)");
    }

    @Test
    void reportsARealArrayWhereAnIntArrayIsNeeded() {
        assertErrors("fn f(x: real[3], v: real[2]) -> real {\n  return sum(x[v]);\n}",
                "2:16: an index must be an int, or an int array for a gather, got real[2] (reals are never"
                        + " rounded to indices)");
    }

    @Test
    void reportsRealIndicesOfAScatterAdd() {
        assertErrors("fn f(x: real[3], v: real[2]) -> real {\n  return sum(scatter_add(x, v, v));\n}",
                "2:29: scatter_add's indices must be an int array, got real[2]");
    }

    @Test
    void reportsAConstantIndexOutOfRangeAtCompileTime() {
        assertErrors("fn f(x: real[3], idx: int[2]) -> real {\n  return x[3] + idx[2];\n}",
                "2:12: index 3 is out of range for axis 0 of length 3 (shape [3])",
                "2:21: index 2 is out of range for axis 0 of length 2 (shape [2])");
    }

    @Test
    void reportsAConstantGatherIndexOutOfRangeAtCompileTime() {
        assertErrors("fn f(x: real[3]) -> real {\n  return sum(x[[0, 5, 1]]);\n}",
                "2:16: index 5 (entry 1 of the index array) is out of range for axis 0 of length 3 (shape [3])");
    }

    @Test
    void reportsAnUpdateOfTheWrongShape() {
        assertErrors("fn f(x: real[4]) -> real {\n  z = x;\n  z[0:2] = x[0:3];\n  return sum(z);\n}",
                "3:12: the value assigned into 'z' has shape [3] but the entries it replaces have shape [2] (a"
                        + " scalar fills them all)");
    }

    @Test
    void reportsAReshapeWithADifferentEntryCount() {
        assertErrors("fn f(x: real[6]) -> real {\n  m = reshape(x, 4, 2);\n  return sum(m);\n}",
                "2:7: cannot reshape [6] (6 entries) to [4,2] (8 entries): the number of entries must stay the"
                        + " same");
    }

    @Test
    void reportsAReshapeOfSymbolicSizesThatDoNotMatch() {
        assertErrors("fn f<N>(x: real[N]) -> real {\n  m = reshape(x, N, 2);\n  return sum(m);\n}",
                "2:7: cannot reshape [N] (N entries) to [N,2] (2*N entries): the number of entries must stay"
                        + " the same");
    }

    @Test
    void reportsDivisionOfAnIntArray() {
        assertErrors("fn f(x: real[3], idx: int[3]) -> real {\n  return sum(x[idx / 2]);\n}",
                "2:20: '/' does not apply to int arrays; only + - * and comparisons do");
    }

    @Test
    void reportsConcatOfArraysWhoseRowsDiffer() {
        assertErrors("fn f(a: real[2, 3], b: real[2, 2]) -> real {\n  return sum(concat(a, b));\n}",
                "2:14: concat needs arrays whose dimensions after the first agree, got [real[2,3], real[2,2]]");
    }

    @Test
    void reportsAnUpdateAtAnIntArrayOfIndices() {
        assertErrors("fn f(x: real[3], idx: int[2]) -> real {\n  z = x;\n  z[idx] = 1;\n  return sum(z);\n}",
                "3:5: an index must be an int here, got int[2]: an int array subscript gathers, which only reading a"
                        + " real array does (to add at several indices, use scatter_add(x, idx, v))");
    }

    @Test
    void reportsAnUndefinedNameInAnIntArrayIndexOnce() {
        assertErrors("fn f(x: real[3], idx: int[2]) -> real {\n  return x[idx[k]];\n}",
                "2:16: undefined name 'k'; did you mean 'x'?");
    }

    @Test
    void reportsABlockUpdateOfTheWrongShapeInTheOrderItIsWritten() {
        assertErrors("fn f(x: real[3, 4]) -> real {\n  y = x;\n  y[0:2, 1:4] = [[1, 2], [3, 4]];\n  return sum(y);\n}",
                "3:17: the value assigned into 'y' has shape [2,2] but the entries it replaces have shape [2,3]"
                        + " (a scalar fills them all)");
    }

    @Test
    void reportsAPartRowUpdatePastTheRowAndAColumnIndexPastTheMatrix() {
        assertErrors("fn f(x: real[3, 4]) -> real {\n  y = x;\n  y[1, 2:6] = 1;\n  return sum(y);\n}",
                "3:8: slice '2:6' is out of range for axis 1 of length 4 (shape [3,4])");
        assertErrors("fn f(x: real[3, 4]) -> real {\n  y = x;\n  y[0:2, 7] += 1;\n  return sum(y);\n}",
                "3:10: index 7 is out of range for axis 1 of length 4 (shape [3,4])");
    }

    @Test
    void reportsASliceUpdateWithMoreSubscriptsThanAxes() {
        assertErrors("fn f(x: real[4]) -> real {\n  y = x;\n  y[0:2, 1] = 1;\n  return sum(y);\n}",
                "3:3: 2 subscripts for a value of shape [4]");
    }

    @Test
    void reportsAFlattenWhoseLengthIsAProductOfSizeNames() {
        assertErrors("fn f<N, M>(x: real[N, M]) -> real {\n  v = flatten(x);\n  return sum(v);\n}",
                "2:7: cannot flatten [N,M]: its number of entries is a product of size names, and a size is affine"
                        + " (size names times literals, plus a literal); give one of its dimensions as a literal, or"
                        + " pass the entries as one vector");
    }
}
