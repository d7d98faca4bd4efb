package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradc.runtime.Rows;

/**
 * How generated code takes memory: in the allocating form of a method with {@code new}, in its workspace form
 * from the workspace's arena ({@code dev.gradc.runtime.workspace.Arena}), which gives every request of a call an
 * object of its own and the same objects again on the next call. Every emitter asks here instead of writing
 * {@code new double[…]}, so that both forms come from the same code.
 */
final class WorkspaceCode {

    private WorkspaceCode() {
    }

    /** {@code new double[size]}: an array of zeros. */
    static CodeBlock zeros(MethodContext m, Object size) {
        return m.arena == null ? CodeBlock.of("new double[$L]", size) : CodeBlock.of("$L.zeros($L)", m.arena, size);
    }

    /** {@code new double[] {x}}: a scalar as an array of one. */
    static CodeBlock single(MethodContext m, CodeBlock x) {
        return m.arena == null ? CodeBlock.of("new double[] {$L}", x) : CodeBlock.of("$L.single($L)", m.arena, x);
    }

    /** {@code return new double[][] {a, b, …}}. */
    static void returnRows(MethodContext m, java.util.List<CodeBlock> rows) {
        if (m.arena == null) {
            m.code.addStatement("return new double[][] {$L}", CodeBlock.join(rows, ", "));
            return;
        }
        String out = m.names.newName("rows");
        m.code.addStatement("double[][] $L = $L.rows($L)", out, m.arena, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            m.code.addStatement("$L[$L] = $L", out, i, rows.get(i));
        }
        m.code.addStatement("return $L", out);
    }

    /** {@code new boolean[size]}: an array of falses. */
    static CodeBlock booleans(MethodContext m, Object size) {
        return m.arena == null ? CodeBlock.of("new boolean[$L]", size) : CodeBlock.of("$L.booleans($L)", m.arena, size);
    }

    /** An array of {@code size} doubles that the code after it writes completely before reading any. */
    static CodeBlock scratch(MethodContext m, Object size) {
        return m.arena == null ? CodeBlock.of("new double[$L]", size) : CodeBlock.of("$L.scratch($L)", m.arena, size);
    }

    /** {@code x.clone()} of a {@code double[]}. */
    static CodeBlock copy(MethodContext m, Object x) {
        return m.arena == null ? CodeBlock.of("$L.clone()", x) : CodeBlock.of("$L.copy($L)", m.arena, x);
    }

    /** {@code Arrays.copyOfRange(x, from, to)}. */
    static CodeBlock copyOfRange(MethodContext m, Object x, Object from, Object to) {
        return m.arena == null
                ? CodeBlock.of("$T.copyOfRange($L, $L, $L)", java.util.Arrays.class, x, from, to)
                : CodeBlock.of("$L.copyOfRange($L, $L, $L)", m.arena, x, from, to);
    }

    /**
     * Declares {@code double[] name = {a, b, …}}; in the workspace form, an array of the arena written entry by
     * entry (a literal would be a new array on every call).
     */
    static void literal(MethodContext m, String name, java.util.List<CodeBlock> items) {
        if (m.arena == null) {
            m.code.addStatement("double[] $L = {$L}", name, CodeBlock.join(items, ", "));
            return;
        }
        m.code.addStatement("double[] $L = $L.scratch($L)", name, m.arena, items.size());
        if (items.size() > 1 && items.stream().map(CodeBlock::toString).distinct().count() == 1) {
            m.code.addStatement("$T.fill($L, $L)", java.util.Arrays.class, name, items.get(0));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            m.code.addStatement("$L[$L] = $L", name, i, items.get(i));
        }
    }

    /** {@code new double[n][]}: row references, all null. */
    static CodeBlock rows(MethodContext m, Object n) {
        return m.arena == null ? CodeBlock.of("new double[$L][]", n) : CodeBlock.of("$L.rows($L)", m.arena, n);
    }

    /** {@code new double[r][c]}: a matrix of zeros, one array per row. */
    static CodeBlock matrix(MethodContext m, Object r, Object c) {
        return m.arena == null ? CodeBlock.of("new double[$L][$L]", r, c) : CodeBlock.of("$L.matrix($L, $L)", m.arena, r, c);
    }

    /** {@code Rows.split(flat, r, c)}: a copy of a row-major matrix, one array per row. */
    static CodeBlock split(MethodContext m, Object flat, Object r, Object c) {
        return m.arena == null ? CodeBlock.of("$T.split($L, $L, $L)", Rows.class, flat, r, c)
                : CodeBlock.of("$L.split($L, $L, $L)", m.arena, flat, r, c);
    }

    /** {@code new Object[n]}. */
    static CodeBlock objects(MethodContext m, Object n) {
        return m.arena == null ? CodeBlock.of("new Object[$L]", n) : CodeBlock.of("$L.objects($L)", m.arena, n);
    }

    /** The block of {@code size} values pushed last on a {@code DoubleStack}, popped into a new array. */
    static CodeBlock popArray(MethodContext m, Object stack, Object size) {
        return m.arena == null ? CodeBlock.of("$L.popArray($L)", stack, size) : CodeBlock.of("$L.pop($L, $L)", m.arena, stack, size);
    }

    /** A new, empty stack of type t for the loop at {@code where} (or none when null). */
    static CodeBlock stack(MethodContext m, TypeName t, String where) {
        if (m.arena == null) {
            return where == null ? CodeBlock.of("new $T(maxKeptValues)", t) : CodeBlock.of("new $T(maxKeptValues, $S)", t, where);
        }
        String raw = (t instanceof com.palantir.javapoet.ParameterizedTypeName p ? p.rawType() : t).toString();
        String kind = raw.substring(raw.lastIndexOf('.') + 1);
        String method = Character.toLowerCase(kind.charAt(0)) + kind.substring(1);
        return CodeBlock.of("$L.$L(maxKeptValues, $S)", m.arena, method, where);
    }
}
