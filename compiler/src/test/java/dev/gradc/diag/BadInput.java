package dev.gradc.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.Gradc;
import dev.gradc.lower.ModuleIr;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test helper for programs with errors: compiles text as {@code bad.grad} and gives its diagnostics as
 * {@code "LINE:COL: message"} lines, checking that nothing (ANTLR included) printed to the console.
 */
public final class BadInput {

    private BadInput() {
    }

    /** The diagnostics of a program, in source order, as {@code "LINE:COL: message"}. */
    public static List<String> errors(String program) {
        return diagnostics(program).sorted().stream()
                .map(d -> d.span().line() + ":" + d.span().column() + ": " + d.message())
                .toList();
    }

    /** Compiles, failing the test if anything reached System.out or System.err. */
    public static Diagnostics diagnostics(String program) {
        Diagnostics d = new Diagnostics();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        ModuleIr module;
        try {
            module = Gradc.frontEnd(new SourceFile("bad.grad", program), null, d);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", console.toString(StandardCharsets.UTF_8), "the compiler printed to the console");
        assertEquals(module == null, d.hasErrors(), "a module comes back exactly when there are no errors");
        return d;
    }

    /** Asserts that the program has exactly these diagnostics, each {@code "LINE:COL: message"}. */
    public static void assertErrors(String program, String... expected) {
        assertEquals(List.of(expected), errors(program), () -> "diagnostics of:\n" + program);
    }
}
