package dev.gradc.lower;

import static dev.gradc.diag.BadInput.assertErrors;

import org.junit.jupiter.api.Test;

/** Bad subscripts and indexed updates: one positioned error each, never a cascade. */
class SubscriptErrorsTest {

    @Test
    void reportsAnUpdateOfAScalar() {
        assertErrors("fn f(a: real) -> real {\n  a[0] = 1;\n  return a * 2;\n}",
                "2:3: cannot assign to an index of 'a': it is real, not an array");
    }

    @Test
    void reportsAnUpdateOfAnUndefinedName() {
        assertErrors("fn f(a: real) -> real {\n  b[0] = 1;\n  return a;\n}",
                "2:3: undefined name 'b'; did you mean 'a'?");
    }

    @Test
    void reportsARealIndexWhereItIsWritten() {
        assertErrors("fn f(x: real[3]) -> real { return x[1.5]; }",
                "1:37: an index must be an int, got real (a real is never rounded to an int)");
    }

    @Test
    void reportsARealIndexInAnUpdate() {
        assertErrors("fn f(x: real[3], t: real) -> real[3] {\n  x[t] = 1;\n  return x;\n}",
                "2:5: an index must be an int, got real (a real is never rounded to an int)");
    }

    @Test
    void reportsAConstantIndexPastAFixedDimension() {
        assertErrors("fn f(x: real[3]) -> real { return x[3]; }",
                "1:37: index 3 is out of range for axis 0 of length 3 (shape [3])");
    }

    @Test
    void reportsAConstantIndexPastTheSecondAxisInAnUpdate() {
        assertErrors("fn f(x: real[2,3]) -> real[2,3] {\n  x[1, 5] = 0;\n  return x;\n}",
                "2:8: index 5 is out of range for axis 1 of length 3 (shape [2,3])");
    }

    @Test
    void reportsMoreSubscriptsThanAxes() {
        assertErrors("fn f(x: real[3]) -> real { return x[0, 1]; }",
                "1:35: 2 subscripts for a value of shape [3]");
    }

    @Test
    void reportsAnUpdateWhoseValueDoesNotFitTheEntries() {
        assertErrors("fn f(x: real[2,3], y: real[2]) -> real[2,3] {\n  x[0, :] = y;\n  return x;\n}",
                "2:13: the value assigned into 'x' has shape [2] but the entries it replaces have shape [3] (a scalar"
                        + " fills them all)");
    }

    @Test
    void reportsACompoundUpdateWhoseValueDoesNotBroadcast() {
        assertErrors("fn f(x: real[2,3], y: real[2]) -> real[2,3] {\n  x[:, 1] += x;\n  return x;\n}",
                "2:3: shapes [2] and [2,3] do not broadcast in 'add' (a scalar goes with anything; [B,N] with [N])");
    }

    @Test
    void aBadUpdateDoesNotCascadeIntoLaterUses() {
        assertErrors("fn f(x: real[3]) -> real {\n  x[0] = [1, 2];\n  y = x * 2;\n  return sum(y) + sum(x);\n}",
                "2:10: the value assigned into 'x' has shape [2] but the entries it replaces have shape [] (a scalar"
                        + " fills them all)");
    }

    @Test
    void reportsAnIndexAfterAWholeAxisThatIsNotAColumn() {
        assertErrors("fn f(x: real[2,3,4]) -> real { return sum(x[:, 1, 2]); }",
                "1:48: an index after ':' is only supported as x[:, j] (a column of a matrix)");
    }

    @Test
    void reportsASliceWhoseBoundsDependOnTwoUnknownInts() {
        assertErrors("fn f(x: real[5], i: int, j: int) -> real { return sum(x[i:j]); }",
                "1:57: the length of slice 'i:j' is not known at compile time: its bounds depend on 'i', 'j', which is"
                        + " no size name; write the end as the start plus a literal or an affine expression of size"
                        + " names (x[i:i+3], x[1:N])");
    }

    @Test
    void reportsASliceWithAnUnknownStartAndNoEnd() {
        assertErrors("fn f(x: real[5], i: int) -> real { return sum(x[i:]); }",
                "1:49: the length of slice 'i:' is not known at compile time: its start depends on 'i', which is no"
                        + " size name; write the end as the start plus a literal or an affine expression of size names"
                        + " (x[i:i+3], x[1:N])");
    }

    @Test
    void reportsAnEmptySlice() {
        assertErrors("fn f(x: real[5], i: int) -> real { return sum(x[i+2:i+2]); }",
                "1:49: slice 'i+2:i+2' has length 0; a slice must have at least one entry");
    }

    @Test
    void reportsAConstantSlicePastTheEnd() {
        assertErrors("fn f(x: real[4]) -> real { return sum(x[1:5]); }",
                "1:41: slice '1:5' is out of range for axis 0 of length 4 (shape [4])");
    }

    @Test
    void reportsARealSliceStart() {
        assertErrors("fn f(x: real[4], t: real) -> real { return sum(x[t:t+2]); }",
                "1:50: the start of a slice must be an int, got real (a real is never rounded to an int)");
    }

    @Test
    void reportsAnUpdateOfABoundedSliceOfOneRowWhoseValueDoesNotFit() {
        assertErrors("fn f(x: real[3,4]) -> real[3,4] {\n  x[0, 1:3] = [1, 2, 3];\n  return x;\n}",
                "2:15: the value assigned into 'x' has shape [3] but the entries it replaces have shape [2] (a scalar"
                        + " fills them all)");
    }

    @Test
    void reportsASliceUpdateWhoseValueDoesNotFit() {
        assertErrors("fn f(x: real[5], y: real[3]) -> real[5] {\n  x[1:3] = y;\n  return x;\n}",
                "2:12: the value assigned into 'x' has shape [3] but the entries it replaces have shape [2] (a scalar"
                        + " fills them all)");
    }

    @Test
    void reportsMoreSlicesThanAxes() {
        assertErrors("fn f(x: real[3]) -> real { return sum(x[0:2, 0:1]); }",
                "1:39: 2 subscripts for a value of shape [3]");
    }
}
