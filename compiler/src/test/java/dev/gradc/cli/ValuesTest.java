package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradc.ops.NDArray;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static NDArray array(String text) throws Values.Malformed {
        return (NDArray) Values.parse(text);
    }

    private static String why(String text) {
        return assertThrows(Values.Malformed.class, () -> Values.parse(text)).getMessage();
    }

    @Test
    void readsScalars() throws Values.Malformed {
        assertEquals(NDArray.scalar(2), array("2"));
        assertEquals(NDArray.scalar(-1500), array("-1.5e3"));
        assertEquals(NDArray.scalar(0.5), array(" .5 "));
    }

    @Test
    void readsVectorsAndMatrices() throws Values.Malformed {
        assertEquals(new NDArray(new double[] {1, 2, 3}, new int[] {3}), array("[1,2,3]"));
        NDArray m = array("[[1, 2], [3, 4], [5, 6]]");
        assertArrayEquals(new int[] {3, 2}, m.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.data());
    }

    @Test
    void readsHigherRanks() throws Values.Malformed {
        assertArrayEquals(new int[] {2, 1, 2}, array("[[[1,2]],[[3,4]]]").shape());
    }

    @Test
    void readsBools() throws Values.Malformed {
        assertEquals(Boolean.TRUE, Values.parse("true"));
    }

    @Test
    void rejectsRaggedRows() {
        assertEquals("rows of different lengths (2 and 1)", why("[[1,2],[3]]"));
    }

    @Test
    void rejectsMixedNesting() {
        assertEquals("elements nested to different depths", why("[1,[2]]"));
        assertEquals("elements nested to different depths", why("[[1],2]"));
    }

    @Test
    void rejectsEmptyArrays() {
        assertEquals("an array needs at least one element", why("[]"));
    }

    @Test
    void rejectsUnclosedArrays() {
        assertEquals("missing ']'", why("[1,2"));
    }

    @Test
    void rejectsTrailingText() {
        assertEquals("unexpected ']' after the value", why("[1]]"));
        assertEquals("unexpected 'x' after the value", why("1x"));
    }

    @Test
    void rejectsNonNumbers() {
        assertEquals("expected a number at 'abc'", why("abc"));
        assertEquals("expected a number or an array", why(""));
    }

    @Test
    void rejectsNumbersTooLarge() {
        assertEquals("number '1e999' is too large for a 64-bit real", why("1e999"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        assertEquals("nested more than 32 deep", why("[".repeat(10_000) + "1" + "]".repeat(10_000)));
    }
}
