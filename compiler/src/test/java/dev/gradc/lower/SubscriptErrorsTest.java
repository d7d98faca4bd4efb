package dev.gradc.lower;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.BadInput;
import java.util.List;
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

    /**
     * Every form of subscript (a read, an update, a matrix row and column, an int array's entry and update, a
     * block's column, a gather's second subscript) reports an index written with literals and size names that is
     * out of range for every size, where it is written, as it does a literal; indices that may be in range pass.
     */
    @Test
    void reportsIndicesOfLiteralsAndSizesOutOfRangeInEveryForm() {
        String[] forms = {
            "return x[#];", "y = x;\n  y[#] = 0;\n  return sum(y);", "return A[#, 0];", "return A[0, #];",
            "return sum(A[:, #]);", "return k[#] * 1.0;", "j = k;\n  j[#] = 0;\n  return sum(j) * 1.0;",
            "return sum(A[0:1, #]);", "return sum(A[k, #]);"};
        for (String form : forms) {
            outOfRange("3", form, new String[] {"1+2", "2*2-1", "0-1", "-1", "7-2*2"}, new String[] {"1+1", "0", "3-1"});
            outOfRange("N", form, new String[] {"N", "N+1", "2*N-N", "0-1", "-2"}, new String[] {"N-1", "0", "N-N", "3"});
        }
    }

    /** With every dimension {@code dim}: each of {@code outside} is reported where it is written, none of {@code inside}. */
    private static void outOfRange(String dim, String form, String[] outside, String[] inside) {
        String marked = "fn f<N>(x: real[D], A: real[D,D], k: int[D]) -> real {\n  ".replace("D", dim) + form + "\n}";
        int at = marked.indexOf('#');
        int line = (int) marked.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        int column = at - marked.lastIndexOf('\n', at);
        for (String index : outside) {
            String program = marked.replace("#", index);
            List<String> errors = BadInput.errors(program);
            assertEquals(1, errors.size(), program + "\n" + errors);
            String prefix = line + ":" + column + ": index " + index + " ";
            assertTrue(errors.get(0).startsWith(prefix) && errors.get(0).contains(" is out of range for axis "),
                    program + "\n" + errors.get(0));
        }
        for (String index : inside) {
            String program = marked.replace("#", index);
            assertEquals(List.of(), BadInput.errors(program), program);
        }
    }

    @Test
    void namesTheValueOfAnIndexWrittenAsAnExpression() {
        assertErrors("fn f<N>(x: real[N]) -> real { return x[2*N-N+1]; }",
                "1:40: index 2*N-N+1 (that is N+1) is out of range for axis 0 of length N (shape [N])");
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
