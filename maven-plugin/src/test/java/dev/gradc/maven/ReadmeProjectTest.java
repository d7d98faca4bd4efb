package dev.gradc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Maven set-up is what the integration test {@code src/it/readme-project} builds: each file the
 * README shows (introduced by a line ending in {@code `PATH`:}, then a fenced block) equals that project's
 * file, so the text a user copies is the text the build tests.
 */
class ReadmeProjectTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path PROJECT = Path.of("src", "it", "readme-project");

    /** The fenced block after the first line of the README that ends with {@code `path`:}. */
    static String shownFile(String readme, String path) {
        String intro = "`" + path + "`:\n";
        int at = readme.indexOf(intro);
        assertTrue(at >= 0, "the README introduces no file as " + intro.strip());
        int fence = readme.indexOf("```", at + intro.length());
        assertTrue(fence >= 0 && readme.substring(at + intro.length(), fence).isBlank(),
                "no fenced block right after " + intro.strip());
        int body = readme.indexOf('\n', fence) + 1;
        int close = readme.indexOf("\n```", body - 1);
        return readme.substring(body, close + 1);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pom.xml", "src/main/grad/demo/poly.grad", "src/main/java/demo/Main.java"})
    void readmeShowsTheFileTheIntegrationTestBuilds(String path) throws IOException {
        assertEquals(read(PROJECT.resolve(path)), shownFile(read(README), path));
    }

    @Test
    void readmeProjectUsesThisBuildsVersion() throws IOException {
        String version = System.getProperty("gradc.version");
        assertTrue(version != null && !version.isBlank(), "surefire passes gradc.version");
        assertTrue(read(PROJECT.resolve("pom.xml")).contains("<gradc.version>" + version + "</gradc.version>"));
        assertTrue(read(README).contains("gradc-runtime-" + version + ".jar"));
    }

    @Test
    void findsTheBlockAfterItsIntroduction() {
        String text = "see `a.txt` below\nthen `a.txt`:\n\n```xml\n<a/>\n  b\n```\nafter\n";
        assertEquals("<a/>\n  b\n", shownFile(text, "a.txt"));
    }
}
