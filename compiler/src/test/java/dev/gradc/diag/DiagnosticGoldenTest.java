package dev.gradc.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full printed form of diagnostics (javac style: position, message, source line, caret) for each
 * {@code src/test/resources/diagnostics/*.grad}, against its {@code .err.golden}. Regenerate with
 * {@code -Dgolden.update=true} and review the difference like code.
 */
class DiagnosticGoldenTest {

    private static final Path DIR = Path.of("src/test/resources/diagnostics");

    static List<String> programs() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".grad")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("programs")
    void printedDiagnosticsMatchGolden(String name) throws IOException {
        SourceFile source = new SourceFile(name, Files.readString(DIR.resolve(name), StandardCharsets.UTF_8));
        Diagnostics d = BadInput.diagnostics(source.text());
        Diagnostics renamed = new Diagnostics();
        d.sorted().forEach(x -> renamed.add(new Diagnostic(x.severity(), x.message(),
                new Span(name, x.span().line(), x.span().column(), x.span().endLine(), x.span().endColumn()))));
        String actual = new DiagnosticPrinter(Map.of(name, source)).formatAll(renamed);
        assertFalse(actual.isEmpty(), name + " has no errors");
        Path golden = DIR.resolve(name.replace(".grad", ".err.golden"));
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
    }
}
