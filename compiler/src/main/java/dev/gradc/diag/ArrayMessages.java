package dev.gradc.diag;

import java.util.List;

/** The wording of diagnostics about int arrays, gathers and the array-building functions. */
public final class ArrayMessages {

    private ArrayMessages() {
    }

    public static String intArrayOperand(String symbol, Object a, Object b) {
        return "'" + symbol + "' of " + a + " and " + b + ": an int array goes only with ints"
                + " (int arrays hold indices; they are never promoted to reals)";
    }

    public static String intLiteralElements(List<?> types) {
        return "the elements of an int array literal must all be ints, or int vectors of one length; got " + types;
    }

    public static String gatherTarget(Object type) {
        return "only an array can be gathered from, got " + type;
    }

    public static String gatherIndices(Object type) {
        return "a gather takes its rows from an int vector (int[K]), got " + type;
    }

    public static String scatterShapes(Object shape, Object values, Object indices) {
        return "scatter_add into " + shape + " needs values of shape [K" + ",...] whose rows fit it and int[K]"
                + " indices, got " + values + " and " + indices;
    }

    public static String intArrayWhereRealNeeded(String what, Object type) {
        return what + " expects a real, got " + type + " (an int array holds indices: gather with it, x[idx],"
                + " it is never promoted to reals)";
    }

    public static String realWhereIntArrayNeeded(String what, Object type) {
        return what + " must be an int array, got " + type;
    }

    public static String gatherForm(String form) {
        return "this gather is not supported: " + form + "; use x[idx], x[idx, j], x[i, idx], x[idx, :] or x[:, idx]"
                + " with idx an int vector";
    }

    public static String floatIndex(String what, Object type) {
        return what + " must be an int, got " + type + " (a real is never rounded to an int)";
    }

    public static String intArraySlice() {
        return "this slice of an int array is not supported: an int array is sliced along its first axis"
                + " (idx[a:b], m[a:b], m[a:b, :]) or by whole columns (m[:, j])";
    }

    public static String intArrayUpdateForm() {
        return "this update of an int array is not supported: write idx[k], m[i, j], a row m[i] (or m[i, :]),"
                + " rows idx[a:b] (m[a:b], m[a:b, :]) or a column m[:, j]";
    }

    public static String intUpdateValue(String name, Object region, Object given) {
        return "the value assigned into the int array '" + name + "' is " + given + " but the entries it replaces are "
                + region + " (an int fills them all; reals are never rounded to ints)";
    }

    public static String intJoin(String function, List<?> types) {
        return function + " of int arrays needs " + (function.equals("stack") ? "arrays of one shape"
                : "arrays whose dimensions after the first agree") + ", got " + types;
    }

    public static String intFormArgument(String function, Object type) {
        return function + " of an int array takes only int arrays, got " + type + " (int arrays are never promoted"
                + " to reals)";
    }

    public static String intReductionAxis(String function) {
        return function + " of an int array reduces the whole array: it takes no axis";
    }

    public static String concatOperand(Object type) {
        return "concat joins real arrays along their first axis, got " + type;
    }

    public static String concatShapes(List<?> types) {
        return "concat needs arrays whose dimensions after the first agree, got " + types;
    }

    public static String reshapeOperand(Object type) {
        return "reshape and flatten take a real array, got " + type;
    }

    public static String reshapeCount(Object from, Object fromCount, Object to, Object toCount) {
        return "cannot reshape " + from + " (" + fromCount + " entries) to " + to + " (" + toCount
                + " entries): the number of entries must stay the same";
    }

    public static String flattenLength(Object shape) {
        return "cannot flatten " + shape + ": its number of entries is a product of size names, and a size is"
                + " affine (size names times literals, plus a literal); give one of its dimensions as a literal, or"
                + " pass the entries as one vector";
    }

    public static String realIndexArray(Object type) {
        return "an index must be an int, or an int array for a gather, got " + type
                + " (reals are never rounded to indices)";
    }

    public static String intArrayIndexHere(Object type) {
        return "an index must be an int here, got " + type + ": an int array subscript gathers, which only reading a"
                + " real array does (to add at several indices, use scatter_add(x, idx, v))";
    }

    public static String gatherIndexOutOfRange(int index, int entry, Object dim, Object shape) {
        return "index " + index + " (entry " + entry + " of the index array) is out of range for axis 0 of length "
                + dim + " (shape " + shape + ")";
    }

    public static String rangeArgument() {
        return "range takes one size: a positive integer literal, a size name, or an affine expression of them";
    }

    public static String intArrayElementwise(String op) {
        return "'" + op + "' does not apply to int arrays; only + - * and comparisons do";
    }
}
